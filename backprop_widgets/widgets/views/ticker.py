"""Play and Pause with a browser-side timer (an anywidget): while playing, the browser asks
for a frame every `interval` ms, with at most two asked for and not yet done, so training
never floods or blocks the kernel and Pause takes effect at once.

>>> frames = []
>>> ticker = Ticker(on_frame=lambda: frames.append(1))
>>> ticker.playing = True
>>> ticker.tick = 1                     # what the browser sends while playing
>>> frames, ticker.done
([1], 1)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
from traitlets import Bool, Int

__all__ = ["Ticker"]


class Ticker(anywidget.AnyWidget):
    """A Play/Pause button; on_frame() runs for each tick while playing."""

    _esm = Path(__file__).with_name("ticker.js")

    playing = Bool(False, help="frames follow one another").tag(sync=True)
    tick = Int(0, help="the frame the browser asks for").tag(sync=True)
    done = Int(0, help="the last frame the kernel finished").tag(sync=True)
    interval = Int(70, help="milliseconds from one frame's request to the next, at least").tag(
        sync=True
    )
    disabled = Bool(False, help="the button takes no clicks").tag(sync=True)

    def __init__(self, on_frame: Callable[[], None], guard: Callable = lambda f, where: f, **kw):
        super().__init__(**kw)
        self.on_frame = guard(on_frame, "Play")
        self.observe(self._ticked, "tick")

    def _ticked(self, change) -> None:
        """A frame was asked for: make it (if still playing), then say it is done."""
        try:
            if self.playing:
                self.on_frame()
        finally:
            self.done = change["new"]

    def __repr__(self) -> str:
        return f"Ticker({'playing' if self.playing else 'paused'}, frame {self.done})"
