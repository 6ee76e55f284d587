"""A slider a screen reader can name: a native, labelled <input type="range"> (anywidget).

ipywidgets' sliders draw a handle with role="slider" and no accessible name (ipywidgets
issue 2650); this one is the browser's own range input with a <label>, so it has a name,
its value (value_text, e.g. the exact 0.123456789 the step grid cannot show) and the
browser's keyboard: arrows one step, Page Up/Down, Home and End.

>>> slider = RangeInput(value=0.4, min=-10, max=10, step=0.01, description="w5 h1->o1")
>>> slider.value = 0.5
>>> slider
RangeInput(w5 h1->o1 = 0.5 in [-10.0, 10.0])
"""

from __future__ import annotations

from pathlib import Path

import anywidget
from traitlets import Bool, Float, Int, Unicode

__all__ = ["RangeInput"]


class RangeInput(anywidget.AnyWidget):
    """A labelled range input; with play=True, a Play/Pause button steps it (the replay)."""

    _esm = Path(__file__).with_name("range_input.js")

    value = Float(0.0, help="the value shown").tag(sync=True)
    min = Float(0.0, help="the smallest value").tag(sync=True)
    max = Float(1.0, help="the largest value").tag(sync=True)
    step = Float(0.01, help="one arrow key press").tag(sync=True)
    description = Unicode("", help="the label, read by screen readers too").tag(sync=True)
    value_text = Unicode("", help="how the value is read out (default: the number)").tag(sync=True)
    tooltip = Unicode("", help="shown on hover").tag(sync=True)
    disabled = Bool(False, help="no input taken").tag(sync=True)
    play = Bool(False, help="show a Play/Pause button (fixed when the widget is made)").tag(
        sync=True
    )
    playing = Bool(False, help="the button is stepping the value").tag(sync=True)
    interval = Int(60, help="milliseconds between two steps while playing").tag(sync=True)
    play_step = Float(1.0, help="how far one step of Play moves").tag(sync=True)

    def __repr__(self) -> str:
        return f"RangeInput({self.description} = {self.value:g} in [{self.min}, {self.max}])"
