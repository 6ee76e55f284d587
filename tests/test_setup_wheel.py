"""The sdist and the wheel, built from a clean copy as `python -m build` builds them (the
wheel from the sdist): the sdist is the source, the wheel carries every module, lesson and
homework notebook. Installed in a fresh venv, the wheel copies the lessons out and one of them
passes strict nbval there, so learners without a clone get what the repository tests."""

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from .test_binder import clean_copy

ROOT = Path(__file__).parents[1]


def _tracked(*paths: str) -> set[str]:
    return set(subprocess.check_output(["git", "ls-files", *paths], cwd=ROOT, text=True).split())


def _env() -> dict[str, str]:
    """This environment without anything that would put the repository on sys.path."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("dist")
    source = clean_copy(tmp / "source")
    build = [sys.executable, "-m", "build", "--outdir", str(tmp / "dist"), str(source)]
    built = subprocess.run(build, capture_output=True, text=True, timeout=900, env=_env())
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = (tmp / "dist").glob("*.whl")
    (sdist,) = (tmp / "dist").glob("*.tar.gz")
    return wheel, sdist


def test_the_sdist_is_the_source(dist):
    with tarfile.open(dist[1]) as sdist:
        members = {name.partition("/")[2] for name in sdist.getnames()}
    wanted = _tracked("backprop_widgets", "notebooks", "tests", "binder", "benchmarks")
    wanted |= {"pyproject.toml", "README.md", "Makefile", "constraints.txt", "MANIFEST.in"}
    assert sorted(wanted - members) == []


def test_the_wheel_carries_every_module_and_notebook(dist):
    names = set(zipfile.ZipFile(dist[0]).namelist())
    modules = {name for name in _tracked("backprop_widgets") if name.endswith(".py")}
    missing = sorted(modules - names)
    assert not missing, (
        f"add their package to [tool.setuptools] packages in pyproject.toml: {missing}"
    )
    notebooks = _tracked("notebooks/*.ipynb", "notebooks/homework/*.ipynb")
    shipped = {name.replace("notebooks/", "backprop_widgets/notebooks/", 1) for name in notebooks}
    assert sorted(shipped - names) == []
    assert {name.split("/")[0] for name in names} == {
        "backprop_widgets",
        f"{dist[0].name.split('-py3')[0]}.dist-info",
    }  # nothing else at the top of site-packages


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel and strict nbval, at the pinned versions."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "-c", str(ROOT / "constraints.txt")]
    done = subprocess.run(
        [*pip, str(dist[0]), "nbval", "pytest"], capture_output=True, text=True, timeout=1200
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return python


def test_the_installed_wheel_copies_the_lessons_and_they_pass_nbval(installed, tmp_path):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(installed), *args], capture_output=True, text=True, cwd=tmp_path, env=_env(),
            timeout=600,
        )  # fmt: skip

    where = run("-c", "import backprop_widgets; print(backprop_widgets.__file__)").stdout
    assert Path(where.strip()).is_relative_to(installed.parents[1])  # the wheel, not the repo
    copied = run("-m", "backprop_widgets", "notebooks", "lessons")
    assert copied.returncode == 0, copied.stderr
    notebooks = _tracked("notebooks/*.ipynb", "notebooks/homework/*.ipynb")
    for name in notebooks:
        assert f"{name.removeprefix('notebooks/')}: copied" in copied.stdout
        assert (tmp_path / "lessons" / name.removeprefix("notebooks/")).read_bytes() == (
            ROOT / name
        ).read_bytes()
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not the repository's settings
    nbval = run(
        "-m", "pytest", "-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini"),
        "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(ROOT / "notebooks" / "sanitize.cfg"),
        "lessons/00_explorer.ipynb",
    )  # fmt: skip
    assert nbval.returncode == 0, nbval.stdout[-5000:]
    assert " passed" in nbval.stdout.splitlines()[-1]
