"""The second homework (the lessons' topics): solved it passes, released it fails with clear
messages, typical slips get their diagnoses; nbgrader generates and grades it."""

import csv
import shutil

import nbformat
import pytest

from backprop_widgets.homework import release_notebook
from tests.test_homework_notebook import (  # noqa: F401 (nbgrader_env is a fixture)
    HERE,
    cells,
    errors,
    nbgrader,
    nbgrader_env,
    nbgrader_meta,
    run,
    with_answers,
)

SOURCE = HERE / "homework_topics.ipynb"


def solutions(nb) -> dict[str, str]:
    return {
        nbgrader_meta(c)["grade_id"]: c.source.split("### BEGIN SOLUTION\n")[1].split(
            "### END SOLUTION"
        )[0]
        for c in cells(nb, "solution")
    }


def test_the_metadata_is_valid_and_every_topic_is_graded():
    nb = nbformat.read(SOURCE, as_version=4)
    ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c)]
    assert len(ids) == len(set(ids))
    graded = " ".join(c.source for c in cells(nb, "grade"))
    for topic in ("biases_shared", "biases_per_neuron", "hidden_updated", "cross_entropy",
                  "tanh", "relu", "momentum", "batch", "deep", "softmax"):  # fmt: skip
        assert f'"{topic}:' in graded, topic
    assert graded.count("check_formula(") == 5
    for cell in cells(nb, "grade"):
        assert nbgrader_meta(cell)["locked"] and "seed=SEED" in cell.source
    assert sum(nbgrader_meta(c)["points"] for c in cells(nb, "grade")) == 25


@pytest.fixture(scope="module")
def solved():
    return run(nbformat.read(SOURCE, as_version=4))


def test_the_solved_notebook_passes_every_cell(solved):
    for cell in solved.cells:
        if cell.cell_type == "code":
            assert not errors(cell), (cell.source, errors(cell))


def test_the_released_notebook_fails_every_test_with_a_clear_message():
    released = run(release_notebook(SOURCE))
    for cell in cells(released, "grade"):
        (error,) = errors(cell)
        assert error.startswith("AssertionError: ") and "(seed alice): " in error
        assert "no answer yet" in error or "the formula is empty" in error, error


WRONG = {
    "answer_q1": """
v = net.values
f = forward(v, v["i1"], v["i2"])
delta_o1, delta_o2 = output_deltas(f, v["t1"], v["t2"])
dE_db2 = delta_o1
b2_new = v["b2"]
f_db2 = "delta_o1"
""",
    "answer_q5": """
v = net.values
f = forward(v, v["i1"], v["i2"], hidden=math.tanh)
delta_o1, delta_o2 = output_deltas(f, v["t1"], v["t2"])
dout_h1_dnet_h1 = f["out_h1"] * (1 - f["out_h1"])
dE_dw1 = (delta_o1 * v["w5"] + delta_o2 * v["w7"]) * (1 - f["out_h1"] ** 2) * v["i1"]
f_slope = "1 - out_h1"
""",
    "answer_q7": """
v = net.values
f = forward(v, v["i1"], v["i2"])
delta_o1, _ = output_deltas(f, v["t1"], v["t2"])
v_w5_new = net.velocity["w5"] + delta_o1 * f["out_h1"]
w5_new = v["w5"] - v["lr"] * delta_o1 * f["out_h1"]
f_w5 = "w5 - lr * (mu * v_w5 + dE_total/dw5)"
""",
    "answer_q8": """
v = net.values
(i1, i2), (t1, t2) = net.samples[0]
f = forward(v, i1, i2)
dE_dw5 = output_deltas(f, t1, t2)[0] * f["out_h1"]
w5_new = v["w5"] - v["lr"] * dE_dw5
""",
}
EXPECTED = {
    "test_q1_db2": "o1's term alone",
    "test_q1_b2_new": "the post keeps its biases fixed, but here they learn",
    "test_q1_formula": "is missing",
    "test_q5_slope": "sigmoid",
    "test_q5_w1": None,
    "test_q5_formula": "square is missing",
    "test_q7_velocity": "mu is missing",
    "test_q7_w5": "plain gradient descent",
    "test_q7_formula": None,
    "test_q8_w5": "sample 1's value alone",
    "test_q8_w5_new": "sample 1's value alone",
}


def test_a_student_with_typical_slips_gets_each_diagnosed():
    source = nbformat.read(SOURCE, as_version=4)
    student = run(with_answers(release_notebook(SOURCE), solutions(source) | WRONG))
    for cell in cells(student, "grade"):
        grade_id = nbgrader_meta(cell)["grade_id"]
        found = errors(cell)
        expected = EXPECTED.get(grade_id)
        if expected is None:
            assert not found, (grade_id, found)
        else:
            assert len(found) == 1 and expected in found[0], (grade_id, found)


def test_nbgrader_grades_the_topics_solved_and_unsolved(tmp_path, nbgrader_env):  # noqa: F811
    (tmp_path / "source" / "ps2").mkdir(parents=True)
    shutil.copy(SOURCE, tmp_path / "source" / "ps2")
    nbgrader(["generate_assignment", "ps2", "--force"], tmp_path, nbgrader_env)
    release = tmp_path / "release" / "ps2" / SOURCE.name
    theirs = nbformat.read(release, as_version=4)
    assert [c.source for c in theirs.cells] == [c.source for c in release_notebook(SOURCE).cells]
    solved = nbformat.read(release, as_version=4)
    answers = solutions(nbformat.read(SOURCE, as_version=4))
    solved = with_answers(solved, answers)
    for student, nb in (("alice", solved), ("bob", theirs)):
        (tmp_path / "submitted" / student / "ps2").mkdir(parents=True)
        nbformat.write(nb, tmp_path / "submitted" / student / "ps2" / SOURCE.name)
        nbgrader(["db", "student", "add", student], tmp_path, nbgrader_env)
    nbgrader(["autograde", "ps2", "--force"], tmp_path, nbgrader_env)
    nbgrader(["export"], tmp_path, nbgrader_env)
    with open(tmp_path / "grades.csv", newline="") as grades:
        scores = {r["student_id"]: (r["score"], r["max_score"]) for r in csv.DictReader(grades)}
    assert scores == {"alice": ("25.0", "25.0"), "bob": ("0.0", "25.0")}
