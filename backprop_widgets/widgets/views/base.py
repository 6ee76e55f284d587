"""What every drawing view shares: it draws the state, and again when what it shows changes."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ..state import State

__all__ = ["HtmlView"]


class HtmlView(widgets.HTML):
    """HTML drawn from the state by the subclass's html(), redrawn when any of `follows`
    changes."""

    follows: tuple[str, ...] = ("step", "digits")
    css = ""
    where = "a panel"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "html", None)):
            raise TypeError(f"{cls.__name__} must define html(), the HTML it draws")

    def __init__(self, state: State, guard: Callable):
        super().__init__()
        if self.css:
            self.add_class(self.css)
        self.state = state
        self.redraw()
        state.observe(guard(self.redraw, self.where), list(self.follows))

    def redraw(self, _change=None) -> None:
        self.value = self.html()
