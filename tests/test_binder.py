"""binder/ alone builds an environment that imports the package and runs the explorer
notebook, as repo2docker would: a fresh venv, `pip install -r binder/requirements.txt` from
a clean copy of the repository root."""

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_runtime_pins_the_python_the_tests_run():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A clean copy of the tracked files and a venv built from binder/ alone."""
    repo = tmp_path_factory.mktemp("repo")
    files = subprocess.check_output(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, text=True
    )
    for name in files.split():
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
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
