"""The student ("release") version of an nbgrader homework notebook, without nbgrader.

Does what nbgrader's ClearSolutions, LockCells and ClearOutput do to a source notebook:
each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region of a solution cell becomes
``# YOUR CODE HERE`` / ``raise NotImplementedError()`` (a solution cell without markers is
replaced whole; Markdown ones by ``YOUR ANSWER HERE``), solution cells cannot be deleted,
graded test cells and read-only cells can be neither edited nor deleted, and every output
goes. (nbgrader's generate_assignment also adds checksums and a gradebook entry.)
"""

from __future__ import annotations

import copy
import os

from .variants import HomeworkError

__all__ = ["CODE_STUB", "TEXT_STUB", "release_notebook"]

CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = ("YOUR ANSWER HERE",)
BEGIN, END = "BEGIN SOLUTION", "END SOLUTION"


def release_notebook(source):
    """The student version of a source notebook (a path or a notebook; not modified)."""
    import nbformat  # Jupyter's own; imported here so the checks never need it

    if isinstance(source, str | os.PathLike):
        nb = nbformat.read(source, as_version=4)
    elif isinstance(source, dict):
        nb = nbformat.from_dict(copy.deepcopy(source))
    else:
        raise HomeworkError(f"give a notebook path or a notebook, got {type(source).__name__}")
    for index, cell in enumerate(nb.cells, start=1):
        meta = cell.metadata.get("nbgrader", {})
        stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        source_text, replaced = _strip(cell.source, stub, index)
        if replaced and not meta.get("solution"):
            raise HomeworkError(
                f"cell {index} has a solution region but is not a solution cell: mark it "
                '"solution": true in its nbgrader metadata'
            )
        if meta.get("solution") and not replaced:
            source_text = "\n".join(stub)
        cell.source = source_text
        _lock(cell, meta)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    return nb


def _strip(source: str, stub: tuple[str, ...], index: int) -> tuple[str, bool]:
    """Source with each solution region replaced by the stub, and whether any was."""
    lines, inside, replaced = [], False, False
    for line in source.split("\n"):
        if BEGIN in line:
            if inside:
                raise HomeworkError(f"cell {index}: a BEGIN SOLUTION inside another one")
            inside = replaced = True
            indent = line[: len(line) - len(line.lstrip())]
            lines += [indent + s for s in stub]
        elif END in line:
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise HomeworkError(f"cell {index}: BEGIN SOLUTION without END SOLUTION")
    return "\n".join(lines), replaced


def _lock(cell, meta: dict) -> None:
    """Solution cells cannot be deleted; graded and read-only cells cannot be changed."""
    if meta.get("solution"):
        cell.metadata["deletable"] = False
    elif meta.get("grade") or meta.get("locked"):
        cell.metadata["deletable"] = False
        cell.metadata["editable"] = False
