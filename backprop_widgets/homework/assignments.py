"""The files a roster writes for each grader, and a student's own copy of a notebook."""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
from pathlib import Path

from ..core.numbers import fmt_given
from .notebook import release_notebook
from .otter import otter_assign, otter_master
from .variants import HomeworkError, variant

__all__ = ["grader_files", "student_notebook"]

_SEED_LINE = re.compile(r"^SEED = .*$", re.M)
LOCKED = {"editable": False, "deletable": False}


def grader_files(sources: dict[str, Path], dest: Path, grader: str) -> dict:
    """Write what the grader needs to dest; return each homework's student version."""
    import nbformat

    for path in sources.values():
        if not path.is_file():
            raise HomeworkError(
                f"the homework notebook {path.name} is not in {path.parent}: give the folder "
                "with the homework notebooks (--notebooks DIR)"
            )
    releases = {}
    for number, (name, path) in enumerate(sources.items(), start=1):
        if grader == "nbgrader":
            folder = dest / "source" / f"ps{number}"
            folder.mkdir(parents=True)
            shutil.copy(path, folder / path.name)
            releases[name] = release_notebook(path)
            continue
        folder = dest / name
        folder.mkdir(parents=True)
        master = folder / path.name
        nbformat.write(otter_master(path, path.stem), master)
        with tempfile.TemporaryDirectory() as scratch:
            dist = Path(scratch) / "dist"
            otter_assign(master, dist)
            (zipped,) = (dist / "autograder").glob("*.zip")
            shutil.copy(zipped, folder / "autograder.zip")
            releases[name] = nbformat.read(dist / "student" / path.name, as_version=4)
    return releases


def student_notebook(release, student: str, path: Path) -> None:
    """A student's copy: the seed fixed in a locked cell, their numbers written out."""
    import nbformat

    nb = copy.deepcopy(release)
    index = next(
        (
            k
            for k, c in enumerate(nb.cells)
            if c.cell_type == "code" and _SEED_LINE.search(c.source)
        ),
        None,
    )
    if index is None:
        raise HomeworkError(f"{path.name}: no cell sets SEED = ..., so no seed can be fixed")
    cell = nb.cells[index]
    pinned = (
        "from backprop_widgets.homework import pin_seed\n\n"
        f"SEED = pin_seed({json.dumps(student)})  # your own numbers: this cell is locked"
    )
    cell.source = _SEED_LINE.sub(lambda _: pinned, cell.source, count=1)
    cell.metadata.update(LOCKED)
    cell.outputs, cell.execution_count = [], None
    values = ", ".join(f"`{n} = {fmt_given(v)}`" for n, v in variant(student).values.items())
    numbers = nbformat.v4.new_markdown_cell(
        f"**Your numbers** (seed `{student}`): {values}. Every check uses them; the seed is "
        "fixed in the locked cell above.",
        metadata=dict(LOCKED),
    )
    nb.cells.insert(index + 1, numbers)
    nbformat.write(nb, path)
