"""The chosen parameter up front: a chooser, its own slider and entry, and its three numbers.

It follows the state's param (chosen here, in the diagram or from Python) and its value
(moved here, in the list of every value, by Step or the replay).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from ...core.numbers import fmt, fmt_given
from ...text.sections import symbol_text
from ..bind import Field
from ..state import State
from .controls import ValueControl, label_for

__all__ = ["FocusPanel"]


class FocusPanel(widgets.VBox):
    """The parameter chooser, a slider for the chosen parameter and value, gradient, update."""

    def __init__(self, state: State, guard: Callable):
        self.state, self.guard = state, guard
        self.chooser = widgets.Dropdown(
            description="parameter",
            options=state.net.layout.params,
            value=state.param,
            tooltip="the parameter whose slider, derivation and loss slice are shown",
        )
        self.chooser.add_class("bw-setting-param")
        self.choice = Field(self.chooser, lambda v: state.propose(param=v), "parameter", guard)
        self.choice.message.add_class("bw-message-param")
        self.summary = widgets.HTML()
        self.summary.add_class("bw-focus-summary")
        self.control = ValueControl(state, state.param, guard, tag="focus")
        super().__init__([self.chooser, self.choice.message, self.control, self.summary])
        self.add_class("bw-focus")
        self._draw()
        state.observe(guard(self._follow, "the chosen parameter"), ["net", "param", "busy"])
        state.observe(guard(self._draw, "the chosen parameter"), ["step", "digits", "param"])

    def _follow(self, _change=None) -> None:
        """Offer the network's parameters, show the chosen one and its value."""
        state = self.state
        params = state.net.layout.params
        if tuple(self.chooser.options) != params:
            with self.choice.silenced():
                self.chooser.options = params
        self.choice.show(state.param)
        label = label_for(state.net.layout, state.param)
        if (self.control.name, self.control.slider.description) != (state.param, label):
            self.control.retarget(state.param)  # the same widgets, another value
        else:
            self.control.show(state.net[state.param])
        self.chooser.disabled = state.busy
        self.control.lock(state.busy)

    def _draw(self, _change=None) -> None:
        """name = value, its gradient and its update, in one line."""
        state, name = self.state, self.state.param
        values, digits = state.step, state.digits
        parts = (
            (name, fmt_given(state.net.params[name], digits), "bw-focus-value"),
            (
                symbol_text("gradients", name),
                fmt(values["gradients"][name], digits),
                "bw-focus-gradient",
            ),
            (
                symbol_text("updated", name),
                fmt(values["updated"][name], digits),
                "bw-focus-updated",
            ),
        )
        self.summary.value = (
            "<p class='bw-focus-line'>"
            + " &nbsp;&middot;&nbsp; ".join(
                f"<span class='bw-name'>{n}</span> = <span class='bw-num {c}'>{v}</span>"
                for n, v, c in parts
            )
            + "</p>"
        )
