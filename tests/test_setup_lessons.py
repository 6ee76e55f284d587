"""Copying the lessons out for a learner (`python -m backprop_widgets notebooks DIR`): every
lesson and homework notebook arrives unchanged, a second copy refreshes only what the learner
left alone, and an edited copy is never overwritten."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_widgets import BackpropError
from backprop_widgets.lessons import LEDGER, copy_lessons, lesson_names, lessons_folder

ROOT = Path(__file__).parents[1]


def _tracked_notebooks() -> list[str]:
    """The notebooks git tracks in notebooks/ and notebooks/homework/, by another route."""
    listed = subprocess.check_output(
        ["git", "ls-files", "notebooks/*.ipynb", "notebooks/homework/*.ipynb"], cwd=ROOT, text=True
    )
    return sorted(name.removeprefix("notebooks/") for name in listed.split())


def _package(tmp_path: Path) -> Path:
    """A copy of the lessons folder, to play a newer version of the package."""
    return Path(shutil.copytree(lessons_folder(), tmp_path / "package"))


def _edit(path: Path, text: str) -> None:
    """Change one cell's source, as a learner or a new release would."""
    notebook = json.loads(path.read_text())
    notebook["cells"][0]["source"] = text
    path.write_text(json.dumps(notebook))


def test_the_lessons_are_every_tracked_notebook():
    assert lessons_folder() == ROOT / "notebooks"  # a source checkout (pip install -e .)
    assert lesson_names() == _tracked_notebooks()
    assert "00_explorer.ipynb" in lesson_names()
    assert "homework/homework_backprop.ipynb" in lesson_names()


def test_a_first_copy_brings_every_notebook_unchanged(tmp_path):
    copied = copy_lessons(tmp_path / "lessons")
    assert copied.copied == _tracked_notebooks()
    for name in copied.copied:
        assert (tmp_path / "lessons" / name).read_bytes() == (
            ROOT / "notebooks" / name
        ).read_bytes()
    assert all(f"  {name}: copied\n" in copied.text() for name in copied.copied)
    again = copy_lessons(tmp_path / "lessons")
    assert (again.copied, again.refreshed, again.kept) == ([], [], [])
    assert again.current == _tracked_notebooks()


def test_an_edited_copy_is_kept_when_the_package_has_nothing_newer(tmp_path):
    target = tmp_path / "lessons"
    copy_lessons(target)
    _edit(target / "05_training.ipynb", "my notes")
    again = copy_lessons(target)
    assert again.kept == ["05_training.ipynb"]
    assert "05_training.ipynb: kept (your edited copy" in again.text()
    assert json.loads((target / "05_training.ipynb").read_text())["cells"][0]["source"] == (
        "my notes"
    )


def test_a_new_version_refreshes_untouched_copies_only(tmp_path):
    target, package = tmp_path / "lessons", _package(tmp_path)
    copy_lessons(target, package)
    _edit(package / "03_output_layer.ipynb", "release 2")
    refreshed = copy_lessons(target, package)
    assert refreshed.refreshed == ["03_output_layer.ipynb"]
    assert (target / "03_output_layer.ipynb").read_bytes() == (
        package / "03_output_layer.ipynb"
    ).read_bytes()


def test_an_edited_copy_with_a_new_version_is_refused_and_nothing_changes(tmp_path):
    target, package = tmp_path / "lessons", _package(tmp_path)
    copy_lessons(target, package)
    _edit(target / "05_training.ipynb", "my notes")
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    _edit(package / "05_training.ipynb", "release 2")
    _edit(package / "03_output_layer.ipynb", "release 2")
    (package / "16_new_lesson.ipynb").write_bytes((package / "01_forward_pass.ipynb").read_bytes())
    with pytest.raises(BackpropError, match=r"^05_training\.ipynb in .*nothing was copied"):
        copy_lessons(target, package)
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_a_file_the_command_did_not_copy_is_never_overwritten(tmp_path):
    target = tmp_path / "lessons"
    (target / "homework").mkdir(parents=True)
    (target / "homework" / "homework_backprop.ipynb").write_text("{}")  # not ours, no ledger
    with pytest.raises(BackpropError, match=r"^homework/homework_backprop\.ipynb in "):
        copy_lessons(target)
    assert (target / "homework" / "homework_backprop.ipynb").read_text() == "{}"
    assert not (target / LEDGER).exists()


def test_bad_folders_are_refused(tmp_path):
    (tmp_path / "file.txt").write_text("")
    with pytest.raises(BackpropError, match="is a file; give a folder"):
        copy_lessons(tmp_path / "file.txt")
    with pytest.raises(BackpropError, match="where the package keeps the lessons"):
        copy_lessons(ROOT / "notebooks")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backprop_widgets", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd,
    )  # fmt: skip


def test_the_command_says_what_it_copied_and_refuses_in_one_line(tmp_path):
    out = _cli("notebooks", "lessons", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "00_explorer.ipynb: copied" in out.stdout
    assert "homework/practice_answer_boxes.ipynb: copied" in out.stdout
    assert f"Lessons in {tmp_path / 'lessons'}" in out.stdout
    _edit(tmp_path / "lessons" / "01_forward_pass.ipynb", "mine")
    (tmp_path / "lessons" / LEDGER).unlink()  # no record of what was copied: refuse
    out = _cli("notebooks", "lessons", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("backprop_widgets: error: 01_forward_pass.ipynb in ")
