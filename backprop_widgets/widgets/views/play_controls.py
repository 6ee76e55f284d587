"""The playground's controls, described as a table: the data, the network, the training.
Each proposes its option to the state; a refusal stays beside the control that made it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ...core import datasets
from ...core.functions import ACTIVATIONS
from ...core.numbers import fmt_given, read_number, whole
from ...core.settings import setting
from ..bind import Field
from ..play_data import MAX_SPEED, OUTPUTS
from ..play_state import PlayState
from .range_input import RangeInput

__all__ = ["CONTROLS", "Control", "ControlsPanel"]

DATA_SETS = {"circle": "circle", "xor": "exclusive or (xor)", "gauss": "two gaussians",
             "spiral": "spiral", "own": "your points"}  # fmt: skip
RATES = ("0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
PENALTIES = (("none", "none"), ("L1: lam * sum of |w|", "L1"), ("L2: lam/2 * sum of w^2", "L2"))
LAMBDAS = ("0", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")


def _count(text: str) -> int:
    """A whole number typed as text."""
    return whole("it", read_number(str(text)))


@dataclass(frozen=True)
class Control:
    """One control: the option it sets, its label and help, and its kind of widget."""

    name: str
    label: str
    help: str
    kind: str  # choice, text, combo or range
    group: str  # data, network or training
    read: Callable[[Any], Any] = lambda v: v  # widget value -> option
    span: tuple[float, float, float] = (0, 1, 1)  # a range's low, high and step


CONTROLS = (
    Control("data", "data set", "the points to classify (TensorFlow Playground's four, or "
            "yours: Playground(points=...) or a CSV file below)", "choice", "data"),
    Control("noise", "noise", "0 to 0.5: how much the points stray across the border",
            "range", "data", float, (0, 0.5, 0.05)),
    Control("test_fraction", "test share", "the share of the points held back for testing",
            "range", "data", float, (0.1, 0.9, 0.05)),
    Control("n", "points", "how many points, 10 to 1,000 (not for your own points)", "text",
            "data", _count),
    Control("seed", "seed", "a whole number: picks the points, the split and the starting "
            "weights (the same on every machine)", "text", "data", _count),
    Control("hidden", "hidden layers", "neurons per hidden layer, e.g. 4,4 or 3 (up to 4 "
            "layers of up to 8; empty: none)", "text", "network", str),
    Control("activation", "activation", "the hidden layers' activation", "choice", "network"),
    Control("output", "output", "1 sigmoid output (targets 1 and 0), 1 tanh output (1 and "
            "-1) or 2 softmax outputs (one-hot targets)", "choice", "network"),
    Control("loss", "loss", setting("loss").help, "choice", "network"),
    Control("lr", "learning rate", "lr (eta), above 0; choose or type one", "combo",
            "training", str),
    Control("batch_size", "batch size", "training points per update, in order, cycling",
            "range", "training", round, (1, 140, 1)),
    Control("regularization", "regularisation", setting("regularization").help, "choice",
            "training"),
    Control("lam", "lam (lambda)", "the regularisation rate, 0 or more", "combo",
            "training", str),
    Control("speed", "speed", f"updates per frame: how many updates Play makes per frame (1 to "
            f"{MAX_SPEED})", "range", "training", round, (1, MAX_SPEED, 1)),
)  # fmt: skip


def _widget(c: Control) -> widgets.Widget:
    """The widget of one control."""
    common = {"description": c.label, "tooltip": c.help, "style": {"description_width": "8em"},
              "layout": {"width": "auto"}}  # fmt: skip
    if c.kind == "choice":
        return widgets.Dropdown(options=[""], **common)
    if c.kind == "combo":
        return widgets.Combobox(options=RATES if c.name == "lr" else LAMBDAS,
                                ensure_option=False, continuous_update=False, **common)  # fmt: skip
    if c.kind == "text":
        return widgets.Text(continuous_update=False, **common)
    low, high, step = c.span
    return RangeInput(min=low, max=high, step=step, description=c.label, tooltip=c.help,
                      layout={"width": "100%"})  # fmt: skip


def _choices(name: str, state: PlayState) -> list[tuple[str, str]]:
    """The options of a drop-down for the state as it is."""
    if name == "data":
        names = (*datasets.NAMES, "own") if state.own else datasets.NAMES
        return [(DATA_SETS[n], n) for n in names]
    if name == "activation":
        return [(a, a) for a in ACTIVATIONS if a != "softmax"]
    if name == "output":
        return [(o.label, key) for key, o in OUTPUTS.items()]
    if name == "loss":
        return [(loss, loss) for loss in OUTPUTS[state.output].losses]
    return list(PENALTIES)


def _shown(name: str, state: PlayState) -> Any:
    """What a control shows for the state as it is."""
    value = state.options[name]
    if name in ("n", "seed"):
        return str(value)
    if name == "hidden":
        return ",".join(map(str, value))
    if name in ("lr", "lam"):
        return fmt_given(value)
    return value


def _words(name: str, state: PlayState) -> str:
    """How a range control's value is shown and read out."""
    value = state.options[name]
    if name == "test_fraction":
        return f"{value:.0%}: {len(state.test)} test, {len(state.train)} training points"
    if name == "batch_size":
        return f"{value} ({math.ceil(len(state.train) / value)} updates per pass)"
    if name == "speed":
        return f"{value} updates per frame"
    return f"{value:.2f}"


class ControlsPanel(widgets.VBox):
    """The controls of one group (data, network or training), each with its message."""

    def __init__(self, state: PlayState, guard: Callable, group: str, extra=()):
        self.state = state
        self.widgets: dict[str, widgets.Widget] = {}
        self.fields: dict[str, Field] = {}
        self.readouts: dict[str, widgets.HTML] = {}
        rows = []
        for c in (c for c in CONTROLS if c.group == group):
            widget = self.widgets[c.name] = _widget(c)
            widget.add_class(f"bw-play-{c.name}")

            def propose(value, c=c) -> None:
                state.propose(**{c.name: c.read(value)})

            field = Field(widget, propose, c.label, guard, where=f"the {c.label} control")
            field.message.add_class(f"bw-message-{c.name}")
            self.fields[c.name] = field
            shown = widget
            if isinstance(widget, RangeInput):  # the value, in words, beside the slider
                self.readouts[c.name] = widgets.HTML(layout={"margin": "0 0 0 8.9em"})
                self.readouts[c.name].add_class(f"bw-play-readout-{c.name}")
                shown = widgets.VBox([widget, self.readouts[c.name]])
            rows.append(widgets.VBox([shown, field.message]))
        super().__init__([*rows, *extra])
        self.add_class(f"bw-play-{group}")
        self.show()
        state.observe(guard(lambda _: self.show(), f"the {group} controls"), "revision")

    def show(self) -> None:
        """Show the state's options (quietly: nothing is proposed again)."""
        state = self.state
        for name, field in self.fields.items():
            widget = self.widgets[name]
            with field.silenced():
                if isinstance(widget, widgets.Dropdown):
                    choices = _choices(name, state)
                    if list(widget.options) != choices:
                        widget.options = choices
                if name == "batch_size":
                    widget.max = len(state.train)
                if isinstance(widget, RangeInput):
                    widget.value_text = _words(name, state)
                    self.readouts[name].value = f"<small>{widget.value_text}</small>"
            field.show(_shown(name, state))
        if "lam" in self.widgets:
            self.widgets["lam"].disabled = state.options["regularization"] == "none"
        own = state.options["data"] == "own"
        for name in ("n", "noise"):
            if name in self.widgets:
                self.widgets[name].disabled = own
