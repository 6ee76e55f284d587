"""`make lab` and `make notebook` as a normal user: a throwaway account (useradd) runs the
README's command in its own clean copy of the repository, through setpriv with a login's
environment. Jupyter must start without --allow-root, serve the explorer and run the package.

Creating the account needs root, or password-less sudo as `make chromium` does.
"""

import pwd
import secrets
import signal
import subprocess
import tempfile
from pathlib import Path

import psutil
import pytest

from .test_binder import clean_copy
from .test_setup_servers import SUDO, _check_jupyter, _free_port, _make_env, _signal, _start, _stop


def _as_user(user: pwd.struct_passwd) -> list[str]:
    """Run as `user` with a login's environment (HOME, PATH, no DISPLAY) and nothing else."""
    return [*SUDO, "setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
            "--init-groups", "--reset-env"]  # fmt: skip


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """A throwaway normal user owning a clean copy of the repository in a folder it can reach,
    with .venv built by `make` from the python3 on that user's PATH (as root, so that root's
    pip cache serves it)."""
    name = f"bw{secrets.token_hex(5)}"
    folder = Path(tempfile.mkdtemp(prefix="bw-learner-", dir="/tmp"))
    subprocess.run([*SUDO, "useradd", "--create-home", "--user-group", name], check=True)
    try:
        user = pwd.getpwnam(name)
        found = subprocess.run(
            [*_as_user(user), "sh", "-c", "command -v python3 && python3 -c "
             "'import sys, venv; assert sys.version_info >= (3, 11)'"],
            capture_output=True, text=True,
        )  # fmt: skip
        assert found.returncode == 0, f"{name} has no Python 3.11+ with venv: {found.stderr}"
        folder.chmod(0o755)
        repo = clean_copy(folder / "backprop_widgets")
        build = ["make", "--no-print-directory", ".venv/.installed-stamp",
                 f"PYTHON={found.stdout.splitlines()[0]}"]  # fmt: skip
        env = _make_env(tmp_path_factory.mktemp("build"))
        built = subprocess.run(
            build, cwd=repo, env=env, capture_output=True, text=True, timeout=1800
        )
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
        subprocess.run([*SUDO, "chown", "-R", f"{name}:{name}", str(folder)], check=True)
        yield user, repo
    finally:
        for process in psutil.process_iter(["username"]):
            if process.info["username"] == name:
                _signal(process.pid, signal.SIGKILL)
        subprocess.run([*SUDO, "userdel", "--remove", name], capture_output=True)
        subprocess.run([*SUDO, "rm", "-rf", str(folder)], check=True)


@pytest.mark.parametrize("target", ["lab", "notebook"])
def test_make_serves_the_explorer_for_a_normal_user(learner, target, tmp_path):
    user, repo = learner
    assert user.pw_uid != 0
    port = _free_port()
    command = [*_as_user(user), "make", "--no-print-directory", target, f"PORT={port}"]
    server = _start(command, repo, None, tmp_path / "server.log", port)
    try:
        make = next(p for p in server.processes() if p.name() == "make")
        assert make.uids().effective == user.pw_uid
        _check_jupyter(server, target, repo, as_root=False)
    finally:
        survivors = _stop(server)
    assert not survivors, f"Ctrl+C did not stop {survivors}:\n{server.text()[-3000:]}"
