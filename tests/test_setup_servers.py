"""The README's server commands, run as a learner runs them: `make lab`, `make notebook` and
`make voila` start on a free port without a browser, print the URL with its token, serve the
explorer, run the package in a kernel, and stop on Ctrl+C. Here as the user running the tests
(root on CI machines and in containers); test_setup_normal_user.py runs them as a normal user.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
import websocket

ROOT = Path(__file__).parents[1]
EXPLORER = (ROOT / "notebooks" / "00_explorer.ipynb").read_text()
START_TIMEOUT = 120  # seconds until the URL is printed (a cold start on a busy 2-core box)
STOP_TIMEOUT = 30
PAGES = {"lab": "/lab/tree/00_explorer.ipynb", "notebook": "/notebooks/00_explorer.ipynb"}
# Run in the kernel the README's `make lab` starts: the post's dE_total/dw5 and which Python.
CODE = (
    "import sys, backprop_widgets as bw\n"
    "print(round(bw.walkthrough(bw.tutorial())['gradients']['w5'], 9), sys.prefix)"
)
SUDO = [] if os.geteuid() == 0 else ["sudo", "-n"]  # for another user's processes


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page) is an answer to check, not to follow


HTTP = urllib.request.build_opener(_Stay)


@dataclass
class Server:
    """A `make` target serving in its own process group, and what it printed."""

    proc: subprocess.Popen
    log: Path
    port: int
    terminal: int  # our end of its stdin
    url: str = ""
    token: str = ""

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def processes(self) -> list[psutil.Process]:
        """make and everything it started (kernels run in sessions of their own)."""
        with contextlib.suppress(psutil.NoSuchProcess):
            make = psutil.Process(self.proc.pid)
            return [make, *make.children(recursive=True)]
        return []

    def command_of(self, program: str) -> list[str]:
        """The command line of the server process: `program` is jupyter (it runs jupyter-lab or
        jupyter-notebook) or voila."""
        for process in self.processes():
            with contextlib.suppress(psutil.Error):
                line = process.cmdline()
                if any(Path(part).name.startswith(program) for part in line[:2]):
                    return line
        raise AssertionError(f"no {program} process under make:\n{self.text()[-3000:]}")

    def get(self, path: str, token: bool = True) -> tuple[int, bytes]:
        headers = {"Authorization": f"token {self.token}"} if token else {}
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers)
        try:
            with HTTP.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_env(home: Path) -> dict[str, str]:
    """This environment without a screen, the outer make's flags or any Jupyter settings of
    the user running the tests: Jupyter's state goes to a temporary home."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "MAKE", "MFLAGS"))
        and k not in {"DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "PORT", "IP", "NOTEBOOK"}
    }
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                     ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces")]:  # fmt: skip
        env[var] = str(home / sub)
    return env | {"JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}


def _start(command: list[str], cwd: Path, env: dict | None, log: Path, port: int) -> Server:
    """Start `command` (make ... PORT=port) in its own process group, reading a terminal as
    in a shell (Jupyter handles Ctrl+C only when its stdin is one); wait for its URL."""
    terminal, stdin = pty.openpty()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=stdin, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    os.close(stdin)
    server = Server(proc, log, port, terminal)
    pattern = re.compile(rf"(http://(?:localhost|127\.0\.0\.1):{port}/\S*)\?token=(\w+)")
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = pattern.search(server.text())
        if found:
            server.url, server.token = found[1], found[2]
            return server
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    _stop(server)
    raise AssertionError(f"{command} printed no URL with a token:\n{server.text()[-3000:]}")


def _signal(pid: int, sig: signal.Signals, group: bool = False) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        (os.killpg if group else os.kill)(pid, sig)
    if SUDO:  # another user's processes: through sudo
        target = f"-{pid}" if group else str(pid)
        subprocess.run([*SUDO, "kill", f"-{sig.value}", "--", target], capture_output=True)


def _stop(server: Server) -> list[str]:
    """Ctrl+C: SIGINT to the process group, as a terminal sends it; then SIGKILL to whatever
    is still alive (make, the server, its kernels). Returns what Ctrl+C did not stop."""
    started = server.processes()
    _signal(server.proc.pid, signal.SIGINT, group=True)
    _, alive = psutil.wait_procs(started, timeout=STOP_TIMEOUT)
    survivors = []
    for process in alive:
        with contextlib.suppress(psutil.Error):
            survivors.append(" ".join(process.cmdline()[:3]))
        _signal(process.pid, signal.SIGKILL)
    if server.proc.poll() is None:
        _signal(server.proc.pid, signal.SIGKILL)
    server.proc.wait(STOP_TIMEOUT)
    os.close(server.terminal)
    return survivors


def _run_in_kernel(server: Server, code: str) -> str:
    """Start a kernel for the explorer through the REST API, run `code`, return its stdout."""
    notebook = {"path": "00_explorer.ipynb", "type": "notebook", "name": ""}
    session = server.post("/api/sessions", {**notebook, "kernel": {"name": "python3"}})
    kernel, client = session["kernel"]["id"], uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id={client}",
        header=[f"Authorization: token {server.token}"],
        timeout=120,
    )
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": "execute_request", "session": client,
              "username": "test", "version": "5.3", "date": ""}  # fmt: skip
    content = {"code": code, "silent": False, "store_history": False, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True}  # fmt: skip
    ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                        "content": content, "channel": "shell", "buffers": []}))  # fmt: skip
    stdout, idle = [], False
    try:
        while not idle:
            msg = json.loads(ws.recv())
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "error":
                raise AssertionError("\n".join(msg["content"]["traceback"]))
            if kind == "stream" and msg["content"]["name"] == "stdout":
                stdout.append(msg["content"]["text"])
            idle = kind == "status" and msg["content"]["execution_state"] == "idle"
    finally:
        ws.close()
    return "".join(stdout)


def _check_jupyter(server: Server, target: str, repo: Path, as_root: bool) -> None:
    """What `make lab` and `make notebook` promise: the explorer's URL with its token, no
    browser, --allow-root only for root, the notebook served, a kernel running the package."""
    assert server.url.endswith(f":{server.port}{PAGES[target]}")
    assert "Ctrl+C stops the server" in server.text()
    command = server.command_of("jupyter")
    assert ("--allow-root" in command) == as_root
    assert "--no-browser" in command  # no DISPLAY: the URL is printed instead
    status, page = server.get(PAGES[target] + f"?token={server.token}", token=False)
    assert status == 200 and b"<html" in page.lower()
    assert server.get("/api/contents/00_explorer.ipynb", token=False)[0] == 403
    status, body = server.get("/api/contents/00_explorer.ipynb?type=file&format=text")
    assert status == 200
    assert json.loads(body)["content"] == EXPLORER  # the file, as stored
    w5, prefix = _run_in_kernel(server, CODE).split()
    assert w5 == "0.082167041"  # the post's dE_total/dw5
    assert Path(prefix).resolve() == (repo / ".venv").resolve()


@pytest.mark.parametrize("target", ["lab", "notebook"])
def test_make_serves_the_explorer_in_jupyter(target, tmp_path):
    port = _free_port()
    command = ["make", "--no-print-directory", target, f"PORT={port}"]
    server = _start(command, ROOT, _make_env(tmp_path), tmp_path / "server.log", port)
    try:
        _check_jupyter(server, target, ROOT, as_root=os.geteuid() == 0)
        assert server.proc.poll() is None  # still serving
    finally:
        survivors = _stop(server)
    assert not survivors, f"Ctrl+C did not stop {survivors}:\n{server.text()[-3000:]}"


def test_make_voila_serves_the_explorer_as_an_app(tmp_path):
    port = _free_port()
    command = ["make", "--no-print-directory", "voila", f"PORT={port}"]
    server = _start(command, ROOT, _make_env(tmp_path), tmp_path / "server.log", port)
    try:
        assert server.url == f"http://localhost:{port}/"
        assert "Ctrl+C stops the server" in server.text()
        assert "--no-browser" in server.command_of("voila")
        assert server.get("/", token=False)[0] == 302  # to the login page
        status, page = server.get(f"/?token={server.token}", token=False)  # runs the notebook
        assert status == 200, page[-2000:]
        html = page.decode()
        assert "application/vnd.jupyter.widget-view+json" in html
        assert "E_total=0.298371109" in html  # the post's E_total, in the explorer's text
        assert "Traceback" not in html
    finally:
        survivors = _stop(server)
    assert not survivors, f"Ctrl+C did not stop {survivors}:\n{server.text()[-3000:]}"
