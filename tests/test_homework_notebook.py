"""The nbgrader homework notebook: passes when solved, fails with the diagnosis when not.

Executed with nbclient: the stored (solved) version, the student version made by
release_notebook, and a student version with typical wrong answers. When nbgrader is
importable (pip install nbgrader), nbgrader itself also generates the assignment, validates
and autogrades it, and its release must equal ours.
"""

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from backprop_widgets.homework import HomeworkError, release_notebook

HERE = Path(__file__).resolve().parent.parent / "notebooks" / "homework"
SOURCE = HERE / "homework_backprop.ipynb"


def nbgrader_meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def cells(nb, kind):
    """Solution cells ('solution') or graded test cells ('grade')."""
    return [c for c in nb.cells if nbgrader_meta(c).get(kind)]


def run(nb):
    """Execute a copy of nb, errors kept in the outputs, as nbgrader's autograder does."""
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(HERE)}},
    )
    client.execute()
    return nb


def errors(cell) -> list[str]:
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


def test_the_notebook_carries_valid_nbgrader_metadata():
    nb = nbformat.read(SOURCE, as_version=4)
    ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids))
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if not meta:
            continue
        assert meta["schema_version"] == 3
        assert {"grade", "solution", "locked", "grade_id"} <= set(meta)
        if meta["solution"]:
            assert cell.cell_type == "code" and not meta["grade"] and not meta["locked"]
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        if meta["grade"]:
            assert meta["locked"] and meta["points"] > 0
            assert cell.source.startswith("check(") and "seed=SEED" in cell.source
    assert len(cells(nb, "solution")) == 7
    assert sum(nbgrader_meta(c)["points"] for c in cells(nb, "grade")) == 14


def test_the_stored_notebook_is_solved_and_deterministic():
    """Stored with outputs (for nbval): no errors, no timings, no memory addresses."""
    nb = nbformat.read(SOURCE, as_version=4)
    for cell in nb.cells:
        assert "execution" not in cell.metadata
        if cell.cell_type == "code":
            assert not errors(cell)
            assert "0x" not in str(cell.outputs)


@pytest.fixture(scope="module")
def solved():
    return run(nbformat.read(SOURCE, as_version=4))


def test_the_solved_notebook_passes_every_test_cell(solved):
    for cell in solved.cells:
        if cell.cell_type == "code":
            assert not errors(cell), (cell.source, errors(cell))


def test_the_released_notebook_has_stubs_locks_and_no_outputs():
    released = release_notebook(SOURCE)
    for cell in cells(released, "solution"):
        assert "### BEGIN SOLUTION" not in cell.source
        assert cell.source.endswith("# YOUR CODE HERE\nraise NotImplementedError()")
        assert re.match(r"\w+ = None  # ", cell.source)
        assert cell.metadata["deletable"] is False
    for cell in cells(released, "grade"):
        assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
    assert all(not c.outputs for c in released.cells if c.cell_type == "code")
    assert nbformat.read(SOURCE, as_version=4).cells[3].outputs  # the source is untouched


def test_the_released_notebook_fails_every_test_cell_with_a_clear_message():
    released = run(release_notebook(SOURCE))
    for cell in cells(released, "solution"):
        assert errors(cell) == ["NotImplementedError: "]
    for cell in cells(released, "grade"):
        (error,) = errors(cell)
        assert error.startswith("AssertionError: ") and "(seed alice): no answer yet" in error


WRONG = {
    "answer_forward": """
net_h2 = net["w3"] * net["i1"] + net["w4"] * net["i2"] + net["b1"]
out_h2 = 1 / (1 + math.exp(-net_h2))
net_o1 = net["w5"] * out_h1 + net["w6"] * out_h2 + net["b2"]
out_o1 = 1 / (1 + math.exp(-net_o1))
net_o2 = net["w7"] * out_h1 + net["w8"] * out_h2 + net["b2"]
out_o2 = 1 / (1 + math.exp(-net_o2))
E_total = (net["t1"] - out_o1) ** 2 + (net["t2"] - out_o2) ** 2
""",
    "answer_w5_new": 'w5_new = net["w5"] - dE_dw5',
    "answer_w3": """
delta_o1 = dE_dout_o1 * dout_o1_dnet_o1
delta_o2 = -(net["t2"] - out_o2) * out_o2 * (1 - out_o2)
dE_dout_h2 = delta_o1 * net["w6"] + delta_o2 * net["w8"]
dE_dw3 = (delta_o1 * net["w5"] + delta_o2 * net["w7"]) * out_h1 * (1 - out_h1) * net["i2"]
""",
    "answer_w1": """
w5_new_ = net["w5"] - net["lr"] * delta_o1 * out_h1
w7_new_ = net["w7"] - net["lr"] * delta_o2 * out_h1
dE_dout_h1 = delta_o1 * w5_new_ + delta_o2 * w7_new_
dE_dw1 = dE_dout_h1 * out_h1 * (1 - out_h1) * net["i1"]
""",
}
EXPECTED = {  # test cell: what its failure says (None: it passes)
    "test_out_h1": None,
    "test_out_o1": None,
    "test_E_total": "the 1/2 of E = 1/2 (t - out)^2 was dropped",
    "test_dE_dout_o1": None,
    "test_dE_dw5": None,
    "test_w5_new": "The learning rate is missing",
    "test_dE_dw3": "That is dE_total/dw2, the gradient of w2 (i2->h1)",
    "test_dE_dout_h1": "It uses the updated w5..w8",
    "test_dE_dw1": "It uses the updated w5..w8",
    "test_E_total_after": "is close to E_total+ but not right: it agrees to 6 decimals",
}


def with_answers(nb, answers: dict[str, str]):
    """A student's notebook: the released stubs replaced by their code."""
    for cell in nb.cells:
        code = answers.get(nbgrader_meta(cell).get("grade_id"))
        if code is not None:
            stub = "# YOUR CODE HERE\nraise NotImplementedError()"
            cell.source = cell.source.replace(stub, code.strip())
    return nb


def test_a_student_with_typical_slips_gets_each_diagnosed(solved):
    source = nbformat.read(SOURCE, as_version=4)
    solutions = {
        nbgrader_meta(c)["grade_id"]: c.source.split("### BEGIN SOLUTION\n")[1].split(
            "### END SOLUTION"
        )[0]
        for c in cells(source, "solution")
    }
    student = run(with_answers(release_notebook(SOURCE), solutions | WRONG))
    for cell in cells(student, "grade"):
        expected = EXPECTED[nbgrader_meta(cell)["grade_id"]]
        found = errors(cell)
        if expected is None:
            assert not found, found
        else:
            assert len(found) == 1 and expected in found[0], found


def test_a_solution_region_outside_a_solution_cell_is_refused():
    nb = nbformat.read(SOURCE, as_version=4)
    nb.cells[1].source += "\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    with pytest.raises(HomeworkError, match="cell 2 has a solution region but is not a solution"):
        release_notebook(nb)
    with pytest.raises(HomeworkError, match="give a notebook path or a notebook"):
        release_notebook(42)


# ---- nbgrader itself (when installed) --------------------------------------------------------


# nbgrader is installed beside the venv, not in it: in the venv it would switch on its server
# extensions in every JupyterLab started from there (the learner's and the browser tests').
NBGRADER = [
    "nbgrader==0.9.6",
    "Mako==1.4.3",
    "RapidFuzz==3.14.6",
    "SQLAlchemy==2.1.9",
    "alembic==1.20.1",
]
NBGRADER_SITE = Path(sys.prefix) / "nbgrader-site"


def _nbgrader_site() -> Path:
    """Where nbgrader can be imported from, installing it there the first time."""
    if not (NBGRADER_SITE / "nbgrader").is_dir():
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target"]
        subprocess.run([*pip, str(NBGRADER_SITE), *NBGRADER], check=True, timeout=900)
    return NBGRADER_SITE


@pytest.fixture(scope="module")
def nbgrader_env():
    site = _nbgrader_site()
    path = [str(Path(sys.executable).parent), str(site / "bin"), os.environ.get("PATH", "")]
    return os.environ | {
        "PATH": os.pathsep.join(path),
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
    }


def nbgrader(args: list[str], cwd: Path, env: dict) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout + out.stderr


def test_nbgrader_generates_the_same_release_and_grades_solved_and_unsolved(tmp_path, nbgrader_env):
    (tmp_path / "source" / "ps1").mkdir(parents=True)
    shutil.copy(SOURCE, tmp_path / "source" / "ps1")
    nbgrader(["generate_assignment", "ps1", "--force"], tmp_path, nbgrader_env)
    theirs = nbformat.read(tmp_path / "release" / "ps1" / SOURCE.name, as_version=4)
    ours = release_notebook(SOURCE)
    assert [c.source for c in theirs.cells] == [c.source for c in ours.cells]
    for a, b in zip(theirs.cells, ours.cells, strict=True):
        for flag in ("editable", "deletable"):
            assert a.metadata.get(flag) == b.metadata.get(flag), (a.source, flag)

    source = nbformat.read(SOURCE, as_version=4)
    by_id = {nbgrader_meta(c).get("grade_id"): c.source for c in source.cells}
    solved = nbformat.read(tmp_path / "release" / "ps1" / SOURCE.name, as_version=4)
    for cell in cells(solved, "solution"):
        cell.source = by_id[nbgrader_meta(cell)["grade_id"]]
    for student, nb in (("alice", solved), ("bob", theirs)):
        (tmp_path / "submitted" / student / "ps1").mkdir(parents=True)
        nbformat.write(nb, tmp_path / "submitted" / student / "ps1" / SOURCE.name)
        nbgrader(["db", "student", "add", student], tmp_path, nbgrader_env)
    ok = nbgrader(["validate", f"submitted/alice/ps1/{SOURCE.name}"], tmp_path, nbgrader_env)
    assert "Success! Your notebook passes all the tests." in ok
    bad = nbgrader(["validate", f"submitted/bob/ps1/{SOURCE.name}"], tmp_path, nbgrader_env)
    assert "VALIDATION FAILED" in bad and "no answer yet" in bad
    nbgrader(["autograde", "ps1", "--force"], tmp_path, nbgrader_env)
    nbgrader(["export"], tmp_path, nbgrader_env)
    with open(tmp_path / "grades.csv", newline="") as grades:
        scores = {r["student_id"]: (r["score"], r["max_score"]) for r in csv.DictReader(grades)}
    assert scores == {"alice": ("14.0", "14.0"), "bob": ("0.0", "14.0")}
