"""Copy as code: the network shown as Python and as a command line, in a labelled read-only
box with a Copy button (anywidget)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets as widgets
from traitlets import Unicode

from ...text.code import code_text
from ..state import State

__all__ = ["CodePanel", "CopyText"]


class CopyText(anywidget.AnyWidget):
    """Read-only text with a label and a Copy button; nothing typed comes back."""

    _esm = Path(__file__).with_name("copy_text.js")

    value = Unicode("", help="the text shown and copied").tag(sync=True)
    description = Unicode("", help="the label of the text box").tag(sync=True)

    def __repr__(self) -> str:
        return f"CopyText({self.description}: {self.value.splitlines()[0] if self.value else ''})"


class CodePanel(widgets.VBox):
    """The Python line and the command line that rebuild the network shown (text.code)."""

    def __init__(self, state: State, guard: Callable):
        self.state = state
        self.text = CopyText(description="Python and the command line for the network shown")
        self.text.add_class("bw-code-text")
        note = widgets.HTML(
            "<p class='bw-note'>Paste the Python into a cell (or a homework write-up) to get "
            "this network back, and <code>bw.Explorer(net)</code> to explore it from here; the "
            "command prints the same step in a terminal (add <code>--format json</code> for "
            "every number). Only what differs from the post is written.</p>"
        )
        super().__init__([note, self.text])
        self.add_class("bw-code-panel")
        self.redraw()
        state.observe(guard(self.redraw, "copy as code"), "net")

    def redraw(self, _change=None) -> None:
        self.text.value = code_text(self.state.net)
