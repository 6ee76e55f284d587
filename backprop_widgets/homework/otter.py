"""The homework in otter-grader's format, made from the nbgrader source notebook.

otter_master turns a source notebook (nbgrader metadata, ``### BEGIN SOLUTION`` regions,
graded test cells) into an Otter Assign master notebook: a raw ``# ASSIGNMENT CONFIG`` cell,
then per question ``# BEGIN QUESTION`` (its name), the prompt, ``# BEGIN SOLUTION`` /
``# END SOLUTION`` around the solution cell, ``# BEGIN TESTS`` / ``# END TESTS`` around its
test cells (each a test case with the points nbgrader gave it: partial credit by parts), and
``# END QUESTION``. ``otter assign`` then writes the student and autograder versions, and
``otter run`` grades a submission; a failed test's feedback is the check's diagnosis.

otter_assign runs ``otter assign``: otter-grader must be importable (pip install otter-grader;
the tests install it beside the venv, as nbgrader, because its JupyterLab extensions break Voila).
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

from .variants import HomeworkError

__all__ = ["otter_assign", "otter_master"]

CONFIG = """# ASSIGNMENT CONFIG
name: {name}
init_cell: true
check_all_cell: false
export_cell: false
run_tests: true
solutions_pdf: false
template_pdf: false
strip_solutions_from_all_cells: true
generate:
  pdf: false
  filtering: false
  show_stdout: true
tests:
  files: false
  ok_format: false
"""


def _raw(text: str):
    import nbformat

    return nbformat.v4.new_raw_cell(text)


def otter_master(source, name: str):
    """The Otter Assign master notebook of an nbgrader source notebook (a path or notebook)."""
    import nbformat

    nb = (
        nbformat.read(source, as_version=4)
        if isinstance(source, str | Path)
        else copy.deepcopy(source)
    )
    cells = [_raw(CONFIG.format(name=name))]
    pending_prompt: list = []  # markdown and setup cells since the last question
    question = 0
    nb_cells = list(nb.cells)
    k = 0
    while k < len(nb_cells):
        cell = nb_cells[k]
        meta = cell.metadata.pop("nbgrader", {})
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if not meta.get("solution"):
            pending_prompt.append(cell)
            k += 1
            continue
        tests = []
        while k + 1 < len(nb_cells) and nb_cells[k + 1].metadata.get("nbgrader", {}).get("grade"):
            tests.append(nb_cells[k + 1])
            k += 1
        cell.source = cell.source.replace("### BEGIN SOLUTION", "# BEGIN SOLUTION").replace(
            "### END SOLUTION", "# END SOLUTION"
        )
        if not tests:  # a solution without tests (helpers): stripped, outside any question
            cells += [*pending_prompt, cell]
            pending_prompt = []
            k += 1
            continue
        question += 1
        prompt = _split_prompt(pending_prompt)
        cells += prompt[0]
        cells.append(_raw(f"# BEGIN QUESTION\nname: q{question}"))
        cells += prompt[1]
        cells += [_raw("# BEGIN SOLUTION"), cell, _raw("# END SOLUTION"), _raw("# BEGIN TESTS")]
        for part, test in enumerate(tests, start=1):
            points = test.metadata.pop("nbgrader", {}).get("points", 1)
            test.outputs, test.execution_count = [], None
            test.source = _test_case(test.source, f"test_q{question}_{part}", points)
            cells.append(test)
        cells += [_raw("# END TESTS"), _raw("# END QUESTION")]
        pending_prompt = []
        k += 1
    cells += pending_prompt
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def _test_case(source: str, name: str, points) -> str:
    """An exception-based otter test case: a function of the names the check reads, then
    its call (otter calls it with those names from the notebook; a failure's message, the
    check's diagnosis, is the feedback)."""
    names = sorted({n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)})
    args = ", ".join(names)
    body = textwrap.indent(source.strip(), "    ")
    config = f'""" # BEGIN TEST CONFIG\npoints: {points}\n"""  # END TEST CONFIG'
    return f"{config}\n\n\ndef {name}({args}):\n{body}\n\n\n{name}({args})"


def _split_prompt(pending: list) -> tuple[list, list]:
    """(cells before the question, its prompt): the prompt starts at the last Markdown cell."""
    starts = [j for j, c in enumerate(pending) if c.cell_type == "markdown"]
    cut = starts[-1] if starts else len(pending)
    return pending[:cut], pending[cut:]


def otter_assign(master: Path, out: Path) -> None:
    """Run ``otter assign`` on a master notebook: out/student and out/autograder."""
    if importlib.util.find_spec("otter") is None:
        raise HomeworkError(
            "otter-grader is not installed: pip install otter-grader (or choose --grader nbgrader)"
        )
    done = subprocess.run(
        [sys.executable, "-m", "otter", "assign", "--no-pdfs", str(master), str(out)],
        capture_output=True,
        text=True,
        cwd=master.parent,
        timeout=900,
    )
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no message)"]
        raise HomeworkError(f"otter assign failed on {master.name}: {last[0]}")
