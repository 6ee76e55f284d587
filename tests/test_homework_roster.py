"""The roster: per-student notebooks (seed pinned in a locked cell), keys, the expected
answers CSV; bad input refused in one line with nothing written; nbgrader grades the result."""

import csv
import json
import shutil
import subprocess
import sys

import nbformat
import pytest

from backprop_widgets.homework import check, pin_seed, variant
from backprop_widgets.homework.roster import assign
from tests.test_homework_notebook import (  # noqa: F401 (nbgrader_env is a fixture)
    cells,
    errors,
    nbgrader,
    nbgrader_env,
    nbgrader_meta,
    run,
)
from tests.test_homework_reference import step
from tests.test_homework_topics import expected

ROSTER = "student_id,name\nalice,Alice A\nbob,Bob B\n"


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "backprop_widgets", "assign", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("roster")
    (base / "roster.csv").write_text(ROSTER)
    out = cli("--roster", str(base / "roster.csv"), "--out", str(base / "hw"))
    assert out.returncode == 0, out.stderr
    assert "wrote the homework of 2 students" in out.stdout
    return base / "hw"


def test_the_output_has_every_students_notebooks_keys_and_answers(made):
    for student in ("alice", "bob"):
        for name in ("backprop", "topics"):
            assert (made / "students" / student / f"homework_{name}.ipynb").is_file()
        assert (made / "keys" / f"{student}.md").read_text().startswith("# Answer key: seed")
    assert sorted(p.name for p in made.iterdir()) == [
        "README.md",
        "expected_answers.csv",
        "grader",
        "keys",
        "students",
    ]
    assert (made / "grader" / "source" / "ps1" / "homework_backprop.ipynb").is_file()
    assert not [p for p in made.parent.iterdir() if p.name.startswith(".")]  # no temp folder


def test_the_expected_answers_are_the_references(made):
    with open(made / "expected_answers.csv", newline="") as file:
        rows = {r["student_id"]: r for r in csv.DictReader(file)}
    assert set(rows) == {"alice", "bob"}
    for student, row in rows.items():
        ref = step(variant(student).values)
        assert row["gradients.w5"] == f"{ref['gradients']['w5']:.9f}"
        assert row["after.E_total"] == f"{ref['E_total_after']:.9f}"
        assert row["relu:gradients.w1"] == f"{expected('relu', student, 'gradients.w1'):.9f}"
    key = json.loads((made / "keys" / "bob.json").read_text())
    assert key["backprop"]["answers"]["gradients.w5"]["shown"] == rows["bob"]["gradients.w5"]
    assert key["topics"]["answers"]["tanh:gradients.w1"]["value"] == pytest.approx(
        expected("tanh", "bob", "gradients.w1"), abs=1e-12
    )


def test_each_notebook_pins_its_students_seed_in_a_locked_cell(made):
    nb = nbformat.read(made / "students" / "bob" / "homework_backprop.ipynb", as_version=4)
    (cell,) = [c for c in nb.cells if "pin_seed(" in c.source]
    assert 'SEED = pin_seed("bob")' in cell.source
    assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
    numbers = nb.cells[nb.cells.index(cell) + 1]
    assert "**Your numbers** (seed `bob`)" in numbers.source and "`w5 = 0.5`" in numbers.source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_a_check_with_another_students_seed_says_so_instead_of_passing():
    alice = step(variant("alice").values)
    try:
        assert pin_seed("bob") == "bob"
        with pytest.raises(AssertionError, match=r"this notebook is for seed 'bob'.*'alice'"):
            check("gradients.w5", alice["gradients"]["w5"], seed="alice")  # right for alice
        with pytest.raises(AssertionError, match="no seed"):
            check("gradients.w5", 0.082167041)
        bob = step(variant("bob").values)
        assert check("gradients.w5", bob["gradients"]["w5"], seed="bob") is None
    finally:
        pin_seed(None)
    assert check("gradients.w5", alice["gradients"]["w5"], seed="alice") is None


def test_in_the_notebook_a_changed_seed_is_refused(made):
    nb = nbformat.read(made / "students" / "bob" / "homework_backprop.ipynb", as_version=4)
    source = nbformat.read(made / "grader" / "source" / "ps1" / "homework_backprop.ipynb", 4)
    by_id = {nbgrader_meta(c).get("grade_id"): c.source for c in source.cells}
    for cell in cells(nb, "solution"):
        cell.source = by_id[nbgrader_meta(cell)["grade_id"]]
    done = run(nb)
    assert not [e for c in done.cells if c.cell_type == "code" for e in errors(c)]
    nb.cells.insert(5, nbformat.v4.new_code_cell('SEED = "alice"\nnet = variant(SEED)'))
    done = run(nb)
    failed = [e for c in cells(done, "grade") for e in errors(c)]
    assert failed and all("this notebook is for seed 'bob'" in e for e in failed)


BAD = [
    ("name,email\nalice,a@x\n", "has no student_id column (its columns: name, email); add one"),
    ("student_id\nalice\n\n  \nbob\n,\n", None),  # blank rows are skipped: fine
    ("student_id,name\nalice,A\n,B\n", "row 3: the student_id is empty"),
    ("student_id\nalice\nbob\nAlice\n", "row 4: student_id 'Alice' is already on row 2"),
    ("student_id\n../etc\n", "cannot name a folder"),
    ("student_id\n", "lists no students"),
    ("", "is empty"),
    ('{"student_id": ["alice"]}', "is not a CSV file"),
    (b"PK\x03\x04\x14\x00\x06\x00binary", "is not a CSV file"),
    (b"\xff\xfe s\x00t\x00", "is not a CSV file"),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_rosters_get_one_line_exit_2_and_nothing_written(tmp_path, content, message):
    roster = tmp_path / "roster.csv"
    if isinstance(content, bytes):
        roster.write_bytes(content)
    else:
        roster.write_text(content)
    if message is None:  # blank rows only: accepted (checked in Python, no files needed)
        from backprop_widgets.homework.roster import read_roster

        assert read_roster(roster) == ["alice", "bob"]
        return
    out = cli("--roster", str(roster), "--out", str(tmp_path / "hw"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]


def test_an_output_folder_with_other_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "hw").mkdir()
    (tmp_path / "hw" / "notes.txt").write_text("mine")
    out = cli("--roster", str(tmp_path / "roster.csv"), "--out", str(tmp_path / "hw"))
    assert out.returncode == 2 and "already exists and holds other files" in out.stderr
    assert [p.name for p in (tmp_path / "hw").iterdir()] == ["notes.txt"]
    missing = cli("--roster", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "x"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    grader = cli("--roster", str(tmp_path / "roster.csv"), "--out", "x", "--grader", "gradescope")
    assert grader.returncode == 2 and "invalid choice: 'gradescope'" in grader.stderr


def test_a_failure_half_way_leaves_nothing(tmp_path, monkeypatch):
    """A write that fails after some files: the temp folder goes, the output never appears."""
    from backprop_widgets.homework import roster

    (tmp_path / "roster.csv").write_text(ROSTER)
    calls = []

    def broken(*args):
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(*args)

    real = roster.answer_data
    monkeypatch.setattr(roster, "answer_data", broken)
    with pytest.raises(Exception, match="No space left on device"):
        assign(tmp_path / "roster.csv", tmp_path / "hw")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]


def test_nbgrader_grades_the_roster_notebooks(made, tmp_path, nbgrader_env):  # noqa: F811
    shutil.copytree(made / "grader" / "source", tmp_path / "source")
    nbgrader(["generate_assignment", "ps1", "--force"], tmp_path, nbgrader_env)
    source = nbformat.read(tmp_path / "source" / "ps1" / "homework_backprop.ipynb", 4)
    by_id = {nbgrader_meta(c).get("grade_id"): c.source for c in source.cells}
    for student in ("alice", "bob"):
        nb = nbformat.read(made / "students" / student / "homework_backprop.ipynb", 4)
        if student == "alice":
            for cell in cells(nb, "solution"):
                cell.source = by_id[nbgrader_meta(cell)["grade_id"]]
        (tmp_path / "submitted" / student / "ps1").mkdir(parents=True)
        nbformat.write(nb, tmp_path / "submitted" / student / "ps1" / "homework_backprop.ipynb")
        nbgrader(["db", "student", "add", student], tmp_path, nbgrader_env)
    nbgrader(["autograde", "ps1", "--force"], tmp_path, nbgrader_env)
    nbgrader(["export"], tmp_path, nbgrader_env)
    with open(tmp_path / "grades.csv", newline="") as grades:
        scores = {r["student_id"]: (r["score"], r["max_score"]) for r in csv.DictReader(grades)}
    assert scores == {"alice": ("14.0", "14.0"), "bob": ("0.0", "14.0")}
    graded = nbformat.read(tmp_path / "autograded" / "alice" / "ps1" / "homework_backprop.ipynb", 4)
    assert any('pin_seed("alice")' in c.source for c in graded.cells)  # the pin survives
