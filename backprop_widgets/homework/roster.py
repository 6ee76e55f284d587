"""A roster: every student's own notebooks, their keys, and one CSV of expected answers.

    python -m backprop_widgets assign --roster roster.csv --out DIR [--grader nbgrader|otter]

reads a CSV with a student_id column (comma, semicolon or tab separated, UTF-8) and writes
DIR/students/<id>/ (the student's notebooks, their seed fixed in a locked cell and their
numbers written out), DIR/keys/<id>.md and <id>.json (the instructor's answer keys),
DIR/expected_answers.csv (one row per student, one column per exercise), DIR/grader/ (the
files the grader needs: nbgrader's source folder, or otter's master notebooks and autograder
zips) and DIR/README.md. Everything is written to a temporary folder beside DIR and moved into
place at the end: a refused or failed run leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

from .keys import HOMEWORKS, answer_data, answer_key
from .variants import HomeworkError, seed_text

__all__ = ["GRADERS", "assign", "read_roster", "run_assign"]

GRADERS = ("nbgrader", "otter")
_PACKAGE = Path(__file__).resolve().parent.parent
# the homework notebooks: in the wheel (backprop_widgets/notebooks), else the checkout's
NOTEBOOKS = next(
    (p / "homework" for p in (_PACKAGE / "notebooks", _PACKAGE.parent / "notebooks") if p.is_dir()),
    _PACKAGE.parent / "notebooks" / "homework",
)
_SAFE = re.compile(r"[\w.@+-]+( [\w.@+-]+)*")


def read_roster(path: str | Path) -> list[str]:
    """The student ids of a roster CSV, in order, or HomeworkError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise HomeworkError(f"{path}: no such file (give the roster CSV with a student_id column)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text or text.lstrip()[:1] in ("{", "["):
        raise HomeworkError(
            f"{path} is not a CSV file (is it a spreadsheet or JSON?): save it as CSV (UTF-8) "
            "with a student_id column"
        )
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", ",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise HomeworkError(f"{path} is empty: give a header row with a student_id column")
    header = [h.strip().lower() for h in rows[0]]
    if "student_id" not in header:
        columns = ", ".join(h for h in header if h) or "none"
        raise HomeworkError(f"{path} has no student_id column (its columns: {columns}); add one")
    column = header.index("student_id")
    ids: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        student = row[column].strip() if column < len(row) else ""
        if not student:
            raise HomeworkError(f"{path}, row {number}: the student_id is empty")
        if not _SAFE.fullmatch(student) or student.startswith("."):
            raise HomeworkError(
                f"{path}, row {number}: student_id {student!r} cannot name a folder: use "
                "letters, digits, spaces and . _ - + @"
            )
        if student.lower() in seen:
            raise HomeworkError(
                f"{path}, row {number}: student_id {student!r} is already on row "
                f"{seen[student.lower()]} (ids must be unique, even in case)"
            )
        seen[student.lower()] = number
        ids.append(seed_text(student))
    if not ids:
        raise HomeworkError(f"{path} lists no students under its student_id column")
    return ids


def assign(
    roster: str | Path,
    out: str | Path,
    grader: str = "nbgrader",
    notebooks: str | Path | None = None,
) -> Path:
    """Write every student's notebooks and keys to out (see the module's docstring);
    notebooks: the folder of the homework notebooks (default: the project's)."""
    if grader not in GRADERS:
        raise HomeworkError(f"unknown grader {grader!r}; choose one of: {', '.join(GRADERS)}")
    students = read_roster(roster)
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise HomeworkError(
            f"{out} already exists and holds other files: give a new folder (or an empty one)"
        )
    if not out.parent.is_dir():
        raise HomeworkError(f"{out.parent} is not a folder: create it first")
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        _write(work, students, grader, Path(notebooks) if notebooks else NOTEBOOKS)
        if out.exists():
            out.rmdir()
        work.rename(out)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise HomeworkError(f"cannot write {out}: {error.strerror or error}") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return out


def _write(work: Path, students: list[str], grader: str, notebooks: Path) -> None:
    """Everything assign writes, into the folder work."""
    from .assignments import grader_files, student_notebook

    sources = {name: notebooks / f"homework_{name}.ipynb" for name in HOMEWORKS}
    releases = grader_files(sources, work / "grader", grader)
    keys = work / "keys"
    keys.mkdir()
    rows = []
    for student in students:
        folder = work / "students" / student
        folder.mkdir(parents=True)
        for name, release in releases.items():
            student_notebook(release, student, folder / f"homework_{name}.ipynb")
        data = {name: answer_data(student, name) for name in HOMEWORKS}
        (keys / f"{student}.json").write_text(json.dumps(data, indent=2) + "\n")
        text = [answer_key(student, "markdown", name) for name in HOMEWORKS]
        (keys / f"{student}.md").write_text("\n\n".join(text) + "\n")
        answers = {i: a["shown"] for d in data.values() for i, a in d["answers"].items()}
        rows.append({"student_id": student, "seed": student} | answers)
    with open(work / "expected_answers.csv", "w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (work / "README.md").write_text(_readme(students, grader))


def _readme(students: list[str], grader: str) -> str:
    steps = {
        "nbgrader": (
            "Copy `grader/source/` into your nbgrader course folder and run `nbgrader "
            "generate_assignment ps1` and `ps2` once (it records the tests). Hand each student "
            "the notebooks of `students/<id>/` instead of nbgrader's release. Collect them into "
            "`submitted/<id>/ps1/` (and `ps2/`) and run `nbgrader autograde ps1`."
        ),
        "otter": (
            "`grader/<homework>/autograder.zip` grades every student's notebook of that "
            "homework: `otter run -a grader/backprop/autograder.zip submission.ipynb` (or "
            "`otter grade`). `grader/<homework>/master.ipynb` is the Otter Assign master."
        ),
    }[grader]
    return (
        "\n\n".join(
            [
                f"# Homework for {len(students)} students ({grader})",
                "- `students/<id>/`: hand these out; each notebook's seed is fixed in a locked "
                "cell, and a check run with another seed says so instead of passing.\n"
                "- `keys/<id>.md`, `keys/<id>.json`: each student's answer key.\n"
                "- `expected_answers.csv`: every student's expected answers, one column per "
                "exercise.\n- `grader/`: what the grader needs.",
                steps,
            ]
        )
        + "\n"
    )


def run_assign(args) -> str:
    """Run assign from parsed arguments; one line saying what was written."""
    out = assign(args.roster, args.out, args.grader, args.notebooks)
    count = len(list((out / "students").iterdir()))
    return (
        f"wrote the homework of {count} students to {out} ({args.grader}); see {out / 'README.md'}"
    )
