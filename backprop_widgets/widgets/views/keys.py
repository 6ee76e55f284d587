"""Keys for the controls: inside the explorer, the keys that move a control (arrows, Page
Up/Down, Home, End, letters in a drop-down) go to the control, not to the notebook's
command-mode shortcuts, which Notebook 7 reads first (it moves between cells with them).
Shortcuts with Ctrl, Alt or Cmd (save, run) keep working. An anywidget without a view of
its own: it only tells the page, once."""

from __future__ import annotations

from pathlib import Path

import anywidget
from traitlets import Unicode

__all__ = ["KeyScope"]


class KeyScope(anywidget.AnyWidget):
    """Keys pressed inside the elements matching scope (a CSS selector) go to the controls."""

    _esm = Path(__file__).with_name("keys.js")

    scope = Unicode(".bw-explorer", help="CSS selector of the widgets whose keys are kept").tag(
        sync=True
    )
