"""One input widget tied to the state: what the learner does is proposed; a refusal puts
the old value back and says why beside the control; what the state commits is shown
quietly (without being proposed again). Every input of the explorer and the lessons uses it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

from ..core.errors import BackpropError

__all__ = ["Field", "alert"]


def alert(text: str) -> str:
    """A message a learner must see (a refused value, a diverged run), as HTML."""
    return f"<span class='bw-alert' role='alert'>&#9888; {html.escape(text)}</span>" if text else ""


class Field:
    """widget's changes go to propose(value), which raises BackpropError to refuse them.

    name: how the message names what stays; shown(old): how it names the value that stays;
    message: the HTML widget beside the control (several fields of one control share one);
    guard(function, where): shows an unexpected error inside the widget (see ErrorArea).
    """

    def __init__(
        self,
        widget: widgets.ValueWidget,
        propose: Callable[[Any], None],
        name: str,
        guard: Callable = lambda f, where: f,
        message: widgets.HTML | None = None,
        shown: Callable[[Any], str] = str,
        trait: str = "value",
        where: str = "",
    ):
        self.widget, self.propose, self.name, self.shown, self.trait = (
            widget,
            propose,
            name,
            shown,
            trait,
        )
        self.message = message if message is not None else widgets.HTML()
        self.say("")
        self.quiet = False
        widget.observe(guard(self._changed, where or f"the {name} control"), trait)

    @contextmanager
    def silenced(self) -> Iterator[None]:
        """Changes made to the widget inside are not proposed (e.g. new options)."""
        quiet, self.quiet = self.quiet, True
        try:
            yield
        finally:
            self.quiet = quiet

    def show(self, value: Any) -> None:
        """Put value in the widget without proposing it."""
        if getattr(self.widget, self.trait) != value:
            with self.silenced():
                setattr(self.widget, self.trait, value)

    def _changed(self, change: dict) -> None:
        if self.quiet:
            return
        try:
            self.propose(change["new"])
        except BackpropError as error:
            self.refuse(change["old"], str(error))
            return
        self.say("")

    def refuse(self, old: Any, why: str) -> None:
        """Put old back and say why beside the control."""
        self.show(old)
        self.say(f"{why}; {self.name} stays {self.shown(old)}")

    def say(self, text: str) -> None:
        """A message beside the control (empty: hide it)."""
        self.message.value = alert(text)
        self.message.layout.display = "" if text else "none"
