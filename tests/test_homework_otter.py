"""otter-grader, for real: the stored Otter Assign masters are the nbgrader sources converted;
a roster's otter autograder gives a solved notebook full marks, an unsolved one zero with the
diagnoses as feedback, and partial credit where a question has parts.

otter-grader is installed beside the venv, not in it, as nbgrader is: two of its dependencies
(ipylab, jupytext) ship JupyterLab extensions that, in the venv, would load in every JupyterLab
and Voila started from there (Voila's page then fails: "The getter for the shared module is
not a function"), breaking the learner's Voila app and the browser tests.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from backprop_widgets.homework.otter import otter_master
from tests.test_homework_notebook import HERE

NAMES = ("backprop", "topics")
OTTER_GRADER = [  # otter-grader and what it needs that the venv lacks, pinned
    "otter-grader==7.0.0",
    "annotated-types==0.8.0",
    "click==8.5.1",
    "dill==0.4.1",
    "fica==0.4.1",
    "ipylab==1.1.0",
    "jupytext==1.19.6",
    "markdown-it-py==4.3.0",
    "mdit-py-plugins==0.7.0",
    "mdurl==0.1.2",
    "pandas==3.1.1",
    "pydantic==2.14.4",
    "pydantic_core==2.50.5",
    "python-frontmatter==1.3.0",
    "python-on-whales==0.81.0",
    "typing-inspection==0.4.5",
    "wrapt==1.17.3",
]
OTTER_SITE = Path(sys.prefix) / "otter-site"


@pytest.fixture(scope="module")
def otter_env():
    """The environment in which `python -m otter` (and its kernels) find otter-grader."""
    if not (OTTER_SITE / "otter").is_dir():
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target"]
        subprocess.run([*pip, str(OTTER_SITE), *OTTER_GRADER], check=True, timeout=900)
    path = os.pathsep.join([str(OTTER_SITE), os.environ.get("PYTHONPATH", "")])
    return os.environ | {"PYTHONPATH": path}


@pytest.mark.parametrize("name", NAMES)
def test_the_stored_master_is_the_nbgrader_source_converted(name):
    stored = nbformat.read(HERE / f"homework_{name}_otter.ipynb", as_version=4)
    made = otter_master(HERE / f"homework_{name}.ipynb", f"homework_{name}")
    assert [(c.cell_type, c.source) for c in stored.cells] == [
        (c.cell_type, c.source) for c in made.cells
    ]


@pytest.mark.parametrize("name", NAMES)
def test_the_master_is_in_otters_format_with_nbgraders_points(name):
    master = nbformat.read(HERE / f"homework_{name}_otter.ipynb", as_version=4)
    first = master.cells[0]
    assert first.cell_type == "raw" and first.source.startswith("# ASSIGNMENT CONFIG")
    config = yaml.safe_load(first.source)
    assert config["name"] == f"homework_{name}" and config["tests"]["ok_format"] is False
    raw = [c.source.splitlines()[0] for c in master.cells if c.cell_type == "raw"][1:]
    questions = [c for c in master.cells if c.source.startswith("# BEGIN QUESTION")]
    assert raw.count("# BEGIN QUESTION") == raw.count("# END QUESTION") == len(questions)
    assert raw.count("# BEGIN TESTS") == raw.count("# BEGIN SOLUTION") == len(questions)
    source = nbformat.read(HERE / f"homework_{name}.ipynb", as_version=4)
    nbgrader_points = [
        c.metadata["nbgrader"]["points"]
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("grade")
    ]
    otter_points = [
        yaml.safe_load(c.source.split('"""')[1].split("\n", 1)[1])["points"]
        for c in master.cells
        if "# BEGIN TEST CONFIG" in c.source
    ]
    assert otter_points == nbgrader_points


@pytest.fixture(scope="module")
def assigned(tmp_path_factory, otter_env):
    base = tmp_path_factory.mktemp("otter")
    (base / "roster.csv").write_text("student_id\nalice\nbob\n")
    out = subprocess.run(
        [sys.executable, "-m", "backprop_widgets", "assign", "--roster", str(base / "roster.csv"),
         "--out", str(base / "hw"), "--grader", "otter"],
        capture_output=True, text=True, timeout=1800, env=otter_env,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return base / "hw", otter_env


def solved(student_nb: Path, master: Path):
    """A student's notebook with the master's solutions in place of the stubs."""
    nb = nbformat.read(student_nb, as_version=4)
    answers = {}
    for cell in nbformat.read(master, as_version=4).cells:
        if cell.cell_type == "code" and "# BEGIN SOLUTION" in cell.source:
            lines = [x for x in cell.source.splitlines() if not x.strip().endswith(" SOLUTION")]
            answers[cell.source.splitlines()[0]] = "\n".join(lines)
    filled = 0
    for cell in nb.cells:
        first = cell.source.splitlines()[0] if cell.source else ""
        if cell.cell_type == "code" and first in answers:
            cell.source, filled = answers[first], filled + 1
    assert filled == len(answers)
    return nb


def test_without_otter_grader_assign_says_how_to_get_it(tmp_path):
    (tmp_path / "roster.csv").write_text("student_id\nalice\n")
    env = os.environ | {"PYTHONPATH": ""}
    out = subprocess.run(
        [sys.executable, "-m", "backprop_widgets", "assign", "--grader", "otter",
         "--roster", str(tmp_path / "roster.csv"), "--out", str(tmp_path / "hw")],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert out.returncode == 2
    assert "otter-grader is not installed: pip install otter-grader" in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]


def otter_run(tmp_path: Path, autograder: Path, nb, name: str, env: dict) -> dict:
    """otter run on a submission; {question: (score, max, feedback)}."""
    submission = tmp_path / name
    nbformat.write(nb, submission)
    done = subprocess.run(
        [sys.executable, "-m", "otter", "run", "-a", str(autograder), "-o", str(tmp_path),
         str(submission)],
        capture_output=True, text=True, timeout=900, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    tests = json.loads((tmp_path / "results.json").read_text())["tests"]
    return {t["name"]: (t["score"], t["max_score"], t["output"]) for t in tests if "score" in t}


@pytest.mark.parametrize(("name", "total"), [("backprop", 14), ("topics", 25)])
def test_otter_gives_a_solved_notebook_full_marks(assigned, tmp_path, name, total):
    assigned, env = assigned
    nb = solved(
        assigned / "students" / "alice" / f"homework_{name}.ipynb",
        assigned / "grader" / name / f"homework_{name}.ipynb",
    )
    results = otter_run(
        tmp_path, assigned / "grader" / name / "autograder.zip", nb, f"homework_{name}.ipynb", env
    )
    assert sum(s for s, _, _ in results.values()) == sum(m for _, m, _ in results.values()) == total


def test_otter_gives_an_unsolved_notebook_zero_with_the_diagnoses(assigned, tmp_path):
    assigned, env = assigned
    nb = nbformat.read(assigned / "students" / "bob" / "homework_backprop.ipynb", as_version=4)
    results = otter_run(
        tmp_path,
        assigned / "grader" / "backprop" / "autograder.zip",
        nb,
        "homework_backprop.ipynb",
        env,
    )
    assert sum(s for s, _, _ in results.values()) == 0
    assert sum(m for _, m, _ in results.values()) == 14
    for _, _, feedback in results.values():
        assert "AssertionError:" in feedback and "(seed bob): no answer yet" in feedback


def test_otter_gives_partial_credit_and_the_diagnosis_as_feedback(assigned, tmp_path):
    assigned, env = assigned
    nb = solved(
        assigned / "students" / "bob" / "homework_backprop.ipynb",
        assigned / "grader" / "backprop" / "homework_backprop.ipynb",
    )
    for cell in nb.cells:  # question 2: out_o1 right, E_total without the 1/2
        if cell.source.startswith("out_o1 = None"):
            cell.source = cell.source.replace(") ** 2 / 2", ") ** 2")
    results = otter_run(
        tmp_path,
        assigned / "grader" / "backprop" / "autograder.zip",
        nb,
        "homework_backprop.ipynb",
        env,
    )
    score, most, feedback = results["q2"]
    assert (score, most) == (1, 2)
    assert "forward.E_total (seed bob):" in feedback and "the 1/2 of E" in feedback
    assert sum(s for s, _, _ in results.values()) == 13


def test_otter_counts_nothing_checked_with_another_students_seed(assigned, tmp_path):
    assigned, env = assigned
    nb = solved(
        assigned / "students" / "bob" / "homework_backprop.ipynb",
        assigned / "grader" / "backprop" / "homework_backprop.ipynb",
    )
    at = next(k for k, c in enumerate(nb.cells) if "pin_seed(" in c.source)
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell('SEED = "alice"\nnet = variant(SEED)'))
    results = otter_run(
        tmp_path,
        assigned / "grader" / "backprop" / "autograder.zip",
        nb,
        "homework_backprop.ipynb",
        env,
    )
    assert sum(s for s, _, _ in results.values()) == 0
    assert all("this notebook is for seed 'bob'" in f for _, _, f in results.values())
