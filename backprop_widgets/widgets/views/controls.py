"""One control per value (slider + exact entry + message), described by a table of sliders;
the panel of them all, rebuilt when the network's names change."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import ipywidgets as widgets
from traitlets import Float

from ...core.errors import BackpropError
from ...core.naming import Layout
from ...core.network import Network
from ...core.numbers import fmt_given, read_number
from ..bind import Field
from ..state import State
from .range_input import RangeInput

__all__ = [
    "SLIDERS",
    "ControlsPanel",
    "Slider",
    "ValueControl",
    "close_tree",
    "control_groups",
    "slider_for",
]


@dataclass(frozen=True)
class Slider:
    """How the values whose names match pattern are set: range, step, label, group."""

    pattern: str
    low: float
    high: float
    step: float
    label: str  # filled with name, source, target, neurons, output
    group: str


SLIDERS = (
    Slider(r"i\d+", -2.0, 2.0, 0.01, "{name}", "Inputs and targets"),
    Slider(r"t\d+", -2.0, 2.0, 0.01, "{name} for {output}", "Inputs and targets"),
    Slider(r"w\d+", -10.0, 10.0, 0.01, "{name} {source}->{target}", "Weights {source_layer}"),
    Slider(r"b\d+|b_\w+", -10.0, 10.0, 0.01, "{name} {neurons}", "Biases"),
    Slider(r"lr", 0.0, 20.0, 0.01, "lr (eta)", "Learning rate"),
    Slider(r"mu", 0.0, 0.99, 0.01, "mu (momentum)", "Learning rate"),
    Slider(r"lam", 0.0, 1.0, 0.001, "lam (lambda)", "Learning rate"),
)


def layer_title(layout: Layout, layer: int) -> str:
    """A layer as a learner names it: input, hidden, hidden 2, output."""
    last = len(layout.sizes) - 1
    if layer == 0:
        return "input"
    if layer == last:
        return "output"
    return "hidden" if last == 2 else f"hidden {layer}"


def slider_for(name: str) -> Slider:
    """The row of SLIDERS that describes name."""
    return next(s for s in SLIDERS if re.fullmatch(s.pattern, name))


def _fields(layout: Layout, name: str) -> dict[str, str]:
    """What a value joins, for its label: source, target, neurons, output, source_layer."""
    found = {"name": name}
    weight = layout.weight(name)
    if weight:
        before = layout.layer_of[weight.source]
        found |= {"source": weight.source, "target": weight.target}
        titles = (layer_title(layout, before), layer_title(layout, before + 1))
        found["source_layer"] = "{} -> {}".format(*titles)
    bias = layout.bias(name)
    if bias:
        found["neurons"] = ",".join(bias.neurons)
    if name in layout.targets:
        found["output"] = layout.outputs[layout.targets.index(name)]
    return found


@cache
def label_for(layout: Layout, name: str) -> str:
    """The label of a control, e.g. 'w5 h1->o1', 'b1 h1,h2', 't1 for o1'."""
    return slider_for(name).label.format(**_fields(layout, name))


def control_groups(net: Network) -> dict[str, list[str]]:
    """The names of net's values, grouped under the titles the panel shows."""
    groups: dict[str, list[str]] = {}
    for name in net.names:
        title = slider_for(name).group.format(**_fields(net.layout, name))
        groups.setdefault(title, []).append(name)
    return groups


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget, its children, its layout and its style (close() alone leaves them)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in ("layout", "style"):
        owned = getattr(widget, part, None)
        if isinstance(owned, widgets.Widget):
            owned.close()
    widget.close()


class ValueControl(widgets.HBox):
    """A slider and an exact entry for one value, with a message line for refused input.

    Setting .value (from Python, the slider or the entry) proposes it to the state; a value
    outside the slider's range, not finite, or refused by the core leaves the old one and
    says why beside the control. tag names its CSS classes (bw-control-TAG, bw-slider-TAG,
    bw-entry-TAG, bw-message-TAG): the value's name, unless another tag is given.
    """

    value = Float(help="the value this control sets")

    def __init__(self, state: State, name: str, guard: Callable, tag: str = ""):
        spec, value = slider_for(name), state.net[name]
        self.state, self.name = state, name
        label = label_for(state.net.layout, name)
        self.slider = RangeInput(
            value=min(max(value, spec.low), spec.high),
            min=spec.low,
            max=spec.high,
            step=spec.step,
            description=label,
            tooltip=f"{label}: arrow keys move it by {fmt_given(spec.step)}",
            layout={"width": "auto", "flex": "1 1 14em", "min_width": "12em"},
        )
        self.entry = widgets.Text(
            continuous_update=False,
            tooltip=f"{name}: type an exact value and press Enter",
            layout={"width": "8.5em", "flex": "0 0 8.5em"},
        )
        self.message = widgets.HTML(layout={"flex": "1 0 100%"})
        tag = tag or name
        for widget, kind in ((self, "control"), (self.slider, "slider"), (self.entry, "entry")):
            widget.add_class(f"bw-{kind}-{tag}")
        self.message.add_class(f"bw-message-{tag}")
        super().__init__(
            [self.slider, self.entry, self.message],
            layout={"flex_flow": "row wrap", "width": "100%"},
        )
        self.value = value
        stays = lambda old: fmt_given(self.value)  # noqa: E731 (what stays is the value)
        bound = {"name": name, "guard": guard, "message": self.message, "shown": stays}
        self.fields = (
            Field(self, self.offer, where=f"{name} changed", **bound),
            Field(self.slider, self._slid, where=f"the {name} slider", **bound),
            Field(self.entry, self._entered, where=f"the {name} entry", **bound),
        )
        self.show(value)

    def retarget(self, name: str) -> None:
        """The same control for another value (the focus slider follows the chosen
        parameter): its label, range, step and value change, no widget is made."""
        spec, label = slider_for(name), label_for(self.state.net.layout, name)
        self.name = name
        for field in self.fields:
            field.name = name
        with self.fields[1].silenced():
            self.slider.min, self.slider.max = (
                min(spec.low, self.slider.min),
                max(spec.high, self.slider.max),
            )
            self.slider.min, self.slider.max, self.slider.step = spec.low, spec.high, spec.step
            self.slider.description = label
            self.slider.tooltip = f"{label}: arrow keys move it by {fmt_given(spec.step)}"
        self.entry.tooltip = f"{name}: type an exact value and press Enter"
        self.show(self.state.net[name])

    def __repr__(self) -> str:
        return f"ValueControl({self.name}={fmt_given(self.value)})"

    @property
    def low(self) -> float:
        """The smallest value this control takes."""
        return self.slider.min

    @property
    def high(self) -> float:
        """The largest value this control takes."""
        return self.slider.max

    def offer(self, value: float) -> None:
        """A finite value within the range goes to the state; otherwise BackpropError."""
        if not math.isfinite(value):
            raise BackpropError(f"{value!r} is not a finite number")
        if not self.low <= value <= self.high:
            low, high = fmt_given(self.low), fmt_given(self.high)
            raise BackpropError(f"{fmt_given(value)} is outside {low} to {high}")
        self.state.propose(**{self.name: value})

    def _slid(self, new: float) -> None:
        """The slider moved (front end or Python).

        The front end snaps every value it shows to the slider's step and sends the snapped
        value back; such an echo (within half a step of the value) is not a move.
        """
        if abs(new - self.value) > self.slider.step / 2 + 1e-9:
            self.offer(round(new, 10))

    def _entered(self, text: str) -> None:
        """Text was entered: a number becomes the value, anything else is refused."""
        number = read_number(text)
        if number != self.value:
            self.offer(number)
        self.fields[2].show(fmt_given(self.value))

    def _fit(self, value: float) -> None:
        """The table's range, widened while the core puts a value beyond it (training)."""
        spec = slider_for(self.name)
        low, high = min(spec.low, math.floor(value)), max(spec.high, math.ceil(value))
        if (low, high) != (self.slider.min, self.slider.max):
            self.slider.min, self.slider.max = min(low, self.slider.min), max(high, self.slider.max)
            self.slider.min, self.slider.max = low, high

    def show(self, value: float) -> None:
        """Show a value the state holds (reset, step, training), without proposing it."""
        value_field, slider_field, entry_field = self.fields
        with self.slider.hold_sync():  # range, value and its text in one message
            self._fit(value)
            value_field.show(value)
            slider_field.show(value)
            self.slider.value_text = fmt_given(value)
        entry_field.show(fmt_given(value))
        value_field.say("")

    def shows(self, value: float) -> bool:
        """The slider and the entry show value already, and no message is beside them."""
        return (
            self.value == self.slider.value == value
            and self.entry.value == fmt_given(value)
            and not self.message.value
        )

    def lock(self, locked: bool) -> None:
        """Disable the slider and the entry while a run is in the background."""
        self.slider.disabled = self.entry.disabled = locked


class ControlsPanel(widgets.VBox):
    """Every value's control, grouped as the post groups them; follows the state's network."""

    def __init__(self, state: State, guard: Callable):
        self.state, self.guard = state, guard
        self.controls: dict[str, ValueControl] = {}
        self._built: tuple = ()
        super().__init__(layout={"flex_flow": "row wrap", "width": "100%"})
        self._build()
        state.observe(guard(lambda _: self._follow(), "the controls"), "net")
        state.observe(guard(lambda c: self.lock(c["new"]), "the controls"), "busy")

    def _signature(self) -> tuple:
        """What the controls depend on: every name and its label."""
        net = self.state.net
        return tuple((n, label_for(net.layout, n)) for n in net.names)

    def _build(self) -> None:
        """One control per value, grouped; the old ones are closed."""
        for child in self.children:
            close_tree(child)
        net = self.state.net
        self.controls = {n: ValueControl(self.state, n, self.guard) for n in net.names}
        groups = []
        for title, names in control_groups(net).items():
            heading = widgets.HTML(f"<h4>{title}</h4>")
            group = [heading, *(self.controls[n] for n in names)]
            groups.append(widgets.VBox(group, layout={"flex": "1 1 27em", "margin": "0 8px"}))
        self.children = groups
        self._built = self._signature()

    def _follow(self) -> None:
        """Show the state's values; new names (a new shape, momentum) get new controls."""
        if self._signature() != self._built:
            self._build()
            return
        net = self.state.net
        for name, control in self.controls.items():
            if not control.shows(net[name]):
                control.show(net[name])

    def lock(self, locked: bool) -> None:
        for control in self.controls.values():
            control.lock(locked)
