"""The lesson notebooks: where the package keeps them, and copying them out for a learner.

The wheel carries them as backprop_widgets/notebooks; in a source checkout (or `pip install
-e .`) they are the repository's notebooks/ folder. A copy records what it wrote in LEDGER,
so a later copy refreshes the notebooks a learner left alone and never overwrites one they
edited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .core.errors import BackpropError

__all__ = ["LEDGER", "REPOSITORY", "Copy", "binder_url", "copy_lessons", "lesson_names"]

# Where the project is published, as GitHub's owner/name, and its branch. Not published yet:
# when it is, change these and the same address in README.md (tests/test_setup_links.py
# checks that they agree).
REPOSITORY = "backprop-widgets/backprop_widgets"
BRANCH = "main"

LEDGER = ".backprop_widgets-lessons.json"
HERE = Path(__file__).resolve().parent


def binder_url(urlpath: str = "lab/tree/notebooks/00_explorer.ipynb") -> str:
    """The Binder link that opens `urlpath` (JupyterLab on the explorer by default)."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath={urlpath}"


def lessons_folder() -> Path:
    """The folder of the lesson notebooks: in the installed package, else the checkout's."""
    for folder in (HERE / "notebooks", HERE.parent / "notebooks"):
        if (folder / "00_explorer.ipynb").is_file():
            return folder
    raise BackpropError(f"the lesson notebooks are missing from {HERE}; reinstall backprop_widgets")


def lesson_names(source: Path | None = None) -> list[str]:
    """The lessons and the homework, as paths inside the folder: '00_explorer.ipynb', ..."""
    source = source or lessons_folder()
    found = [*source.glob("*.ipynb"), *source.glob("homework/*.ipynb")]
    return sorted(path.relative_to(source).as_posix() for path in found)


@dataclass
class Copy:
    """What copy_lessons did with each notebook, by its path inside the folder."""

    target: Path
    copied: list[str] = field(default_factory=list)  # new in the folder
    refreshed: list[str] = field(default_factory=list)  # an untouched copy, now the new version
    kept: list[str] = field(default_factory=list)  # edited by the learner, nothing newer
    current: list[str] = field(default_factory=list)  # already the package's version

    def text(self) -> str:
        """What was copied and what was kept, one notebook a line."""
        lines = [f"Lessons in {self.target} (backprop_widgets {_version()}):"]
        for names, what in [
            (self.copied, "copied"),
            (self.refreshed, "refreshed (you had not changed it)"),
            (self.kept, "kept (your edited copy; the package has no newer version)"),
        ]:
            lines += [f"  {name}: {what}" for name in names]
        if self.current:
            lines.append(f"  {len(self.current)} already up to date")
        lines.append(f"Begin with {self.target / '00_explorer.ipynb'} in JupyterLab or Notebook 7.")
        lines.append(f"Without installing anything, they run on Binder: {binder_url()}")
        return "\n".join(lines)


def copy_lessons(target: str | Path, source: Path | None = None) -> Copy:
    """Copy the lessons and homework into `target`; refuse, changing nothing, to overwrite
    a copy the learner edited when the package has another version of it."""
    source = source or lessons_folder()
    target = Path(target).expanduser().absolute()
    if target.exists() and not target.is_dir():
        raise BackpropError(f"{target} is a file; give a folder to copy the lessons into")
    if target.is_dir() and target.samefile(source):
        raise BackpropError(f"{target} is where the package keeps the lessons; give another folder")
    ledger = _ledger(target)
    plan, refused = Copy(target), []
    packaged = {name: _digest(source / name) for name in lesson_names(source)}
    for name, new in packaged.items():
        old = _digest(target / name)
        if old is None:
            plan.copied.append(name)
        elif old == new:
            plan.current.append(name)
        elif old == ledger.get(name):
            plan.refreshed.append(name)
        elif ledger.get(name) == new:
            plan.kept.append(name)
        else:
            refused.append(name)  # edited, and the package has another version
    if refused:
        raise BackpropError(
            f"{', '.join(refused)} in {target} changed since this command copied them "
            "(or it never did) and the package has another version: nothing was copied. "
            "Move or rename them and run it again, or give a new folder"
        )
    for name in plan.copied + plan.refreshed:
        _write(target / name, (source / name).read_bytes())
    for name in plan.copied + plan.refreshed + plan.current:
        ledger[name] = packaged[name]
    _write(target / LEDGER, json.dumps({"files": ledger}, indent=1, sort_keys=True).encode())
    return plan


def _ledger(target: Path) -> dict[str, str]:
    """The digests of the notebooks an earlier copy wrote into `target` (none if unreadable)."""
    try:
        files = json.loads((target / LEDGER).read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _digest(path: Path) -> str | None:
    """The file's SHA-256, or None when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError as error:
        raise BackpropError(f"cannot read {path}: {error.strerror or error}") from None


def _write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, so a failed copy leaves no half file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        raise BackpropError(f"cannot write {path}: {error.strerror or error}") from None


def _version() -> str:
    try:
        return metadata.version("backprop_widgets")
    except metadata.PackageNotFoundError:
        return "from source"
