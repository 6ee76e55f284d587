"""Binder, the way repo2docker reads the repository: the real repo2docker writes the
Dockerfile of a clean copy (Python from binder/runtime.txt, one environment for the server and
the kernel, binder/requirements.txt installed once the repository is in the image); and
binder/ alone builds an environment that runs the explorer notebook."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import escapism
import pytest

ROOT = Path(__file__).parents[1]
RUNTIME = (ROOT / "binder" / "runtime.txt").read_text().strip()


def clean_copy(dest: Path) -> Path:
    """The repository as a fresh clone of this work tree has it: tracked and new files,
    without anything git ignores (.venv, caches, test artifacts)."""
    files = subprocess.check_output(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, text=True
    )
    for name in filter(None, files.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def test_runtime_pins_the_python_the_tests_run():
    assert f"python-{sys.version_info.major}.{sys.version_info.minor}" == RUNTIME


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory) -> list[str]:
    """The Dockerfile repo2docker writes for a clean copy, without building it.

    A dry run needs no Docker daemon (repo2docker's build() asks for the container engine
    only when it builds, and find_image() answers False for dry runs): DOCKER_HOST points at
    a socket that does not exist, so the test would fail if it tried to reach one.
    """
    tmp = tmp_path_factory.mktemp("repo2docker")
    repo = clean_copy(tmp / "repo")
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp}/no-docker-here.sock"}
    run = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug",
         "--user-id", "1000", "--user-name", "jovyan", str(repo)],
        capture_output=True, text=True, env=env, cwd=tmp, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert f"Building conda environment for python={RUNTIME.removeprefix('python-')}" in run.stderr
    return run.stdout.splitlines()


def _copied_files(dockerfile: list[str]) -> dict[str, Path]:
    """Where each of repo2docker's own files lands in the image: {destination: source}."""
    copies = {}
    for line in dockerfile:
        found = re.fullmatch(r"COPY --chown=\S+ build_script_files/(\S+)-[0-9a-f]{6} (\S+)", line)
        if found:
            copies[found[2]] = Path(escapism.unescape(found[1], escape_char="-"))
    return copies


def test_repo2docker_uses_the_python_of_runtime_txt(dockerfile):
    version = RUNTIME.removeprefix("python-")
    lock = _copied_files(dockerfile)["/tmp/env/environment.lock"]
    assert lock.name == f"environment.py-{version}-linux-64.lock"
    package = Path(importlib.util.find_spec("repo2docker").origin).parent
    shipped = package / "buildpacks" / "conda" / lock.name
    pythons = re.findall(r"/python-(\d+\.\d+)\.\d+-", shipped.read_text())
    assert pythons == [version]  # the server environment's one Python


def test_repo2docker_puts_kernel_and_server_in_one_environment(dockerfile):
    # The widget front end (jupyterlab_widgets) and Voila come with the server; they match
    # the kernel's ipywidgets only when both are the same environment.
    assert "ENV KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in dockerfile
    assert not [line for line in dockerfile if "KERNEL_ENVIRONMENT_FILE" in line]
    assert "/tmp/env/kernel-environment.lock" not in _copied_files(dockerfile)
    path = next(line for line in dockerfile if line.startswith("ENV PATH=${NB_PYTHON_PREFIX}"))
    assert path.startswith("ENV PATH=${NB_PYTHON_PREFIX}/bin:")  # `jupyter` is the server's


def test_repo2docker_installs_the_requirements_after_copying_the_repository(dockerfile):
    # binder/requirements.txt installs `.[lab]` with `-c ../constraints.txt`: both need the
    # whole repository in place, and pip runs from its root.
    install = (
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"'
    )
    assert dockerfile.count(install) == 1
    copy_repo = next(i for i, line in enumerate(dockerfile) if line.endswith(" src/ ${REPO_DIR}/"))
    workdir = dockerfile.index("WORKDIR ${REPO_DIR}")
    assert workdir < copy_repo < dockerfile.index(install)


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A clean copy of the tracked files and a venv built from binder/ alone."""
    repo = clean_copy(tmp_path_factory.mktemp("repo"))
    env = tmp_path_factory.mktemp("env")
    venv.create(env, with_pip=True)
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "-r", "binder/requirements.txt"], cwd=repo, check=True, timeout=1200)
    return repo, env


def test_binder_env_runs_the_explorer_notebook(binder_env, tmp_path):
    repo, env = binder_env
    python = str(env / "bin" / "python")
    check = (
        "import backprop_widgets as bw; "
        "print(round(bw.walkthrough(bw.tutorial())['gradients']['w5'], 9))"
    )
    assert (
        subprocess.check_output([python, "-c", check], cwd=tmp_path, text=True).strip()
        == "0.082167041"
    )
    out = tmp_path / "explorer.ipynb"
    subprocess.run(
        [python, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         str(repo / "notebooks" / "00_explorer.ipynb"), "--output", str(out)],
        check=True, timeout=600, cwd=repo / "notebooks",
    )  # fmt: skip
    cells = json.loads(out.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "the explorer notebook displays a widget"
