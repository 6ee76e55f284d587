"""One control per value (slider + exact entry + message), described by a table of sliders."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import ipywidgets as widgets
from traitlets import Float, validate

from ...core.errors import BackpropError
from ...core.naming import Layout
from ...core.network import Network
from ...core.numbers import fmt_given
from .networks import layer_title
from .style import alert

__all__ = ["SLIDERS", "Slider", "ValueControl", "close_tree", "control_groups", "slider_for"]


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
)


def slider_for(name: str) -> Slider:
    """The row of SLIDERS that describes name."""
    return next(s for s in SLIDERS if re.fullmatch(s.pattern, name))


def _fields(layout: Layout, name: str) -> dict[str, str]:
    """What a value joins, for its label: source, target, neurons, output, source_layer."""
    found = {"name": name}
    weight = next((w for w in layout.weights if w.name == name), None)
    if weight:
        before = layout.layer_of[weight.source]
        found |= {"source": weight.source, "target": weight.target}
        titles = (layer_title(layout, before), layer_title(layout, before + 1))
        found["source_layer"] = "{} -> {}".format(*titles)
    bias = next((b for b in layout.biases if b.name == name), None)
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


def _number_text(value: float) -> str:
    """A value as the entry shows it: as short as it is, up to 9 decimals like the post."""
    return fmt_given(value)


class ValueControl(widgets.HBox):
    """A slider and an exact entry for one value, with a message line for refused input.

    Setting .value (from Python, the slider or the entry) calls apply(name, value), which
    raises BackpropError to refuse it; a refused value leaves the previous one in place.
    """

    value = Float(help="the value this control sets")

    def __init__(self, net: Network, name: str, apply: Callable, guard: Callable):
        spec, value = slider_for(name), net[name]
        self.name, self.apply, self._quiet = name, apply, False
        self.slider = widgets.FloatSlider(
            value=min(max(value, spec.low), spec.high),
            min=spec.low,
            max=spec.high,
            step=spec.step,
            description=label_for(net.layout, name),
            readout=False,
            continuous_update=True,
            style={"description_width": "8.5em"},
            layout={"width": "auto", "flex": "1 1 14em", "min_width": "12em"},
        )
        self.entry = widgets.Text(
            continuous_update=False,
            tooltip=f"{name}: type an exact value and press Enter",
            layout={"width": "8.5em", "flex": "0 0 8.5em"},
        )
        self.message = widgets.HTML(layout={"display": "none", "flex": "1 0 100%"})
        for widget, kind in ((self, "control"), (self.slider, "slider"), (self.entry, "entry")):
            widget.add_class(f"bw-{kind}-{name}")
        self.message.add_class(f"bw-message-{name}")
        super().__init__(
            [self.slider, self.entry, self.message],
            layout={"flex_flow": "row wrap", "width": "100%"},
        )
        self.show(value)
        self.observe(guard(self._changed, f"{name} changed"), "value")
        self.slider.observe(guard(self._slid, f"the {name} slider"), "value")
        self.entry.observe(guard(self._entered, f"the {name} entry"), "value")

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

    @validate("value")
    def _check(self, proposal) -> float:
        """A finite value within the range; otherwise say why and keep the old one."""
        value = proposal["value"]
        if self._quiet:
            return value
        problem = None
        if not math.isfinite(value):
            problem = f"{value!r} is not a finite number"
        elif not self.low <= value <= self.high:
            problem = (
                f"{fmt_given(value)} is outside {fmt_given(self.low)} to {fmt_given(self.high)}"
            )
        if problem:
            self.say(f"{problem}; {self.name} stays {fmt_given(self.value)}")
            self._sync(self.value)
            return self.value
        return value

    def _changed(self, change) -> None:
        """A new value: let the network take it, or put the old one back with the reason."""
        if self._quiet:
            return
        self._sync(change["new"])
        try:
            self.apply(self.name, change["new"])
        except BackpropError as error:
            self.show(change["old"])
            self.say(f"{error}; {self.name} stays {fmt_given(change['old'])}")
            return
        self.say("")

    def _slid(self, change) -> None:
        """The slider moved (front end or Python).

        The front end snaps every value it shows to the slider's step and sends the snapped
        value back; such an echo (within half a step of the value) is not a move.
        """
        new = change["new"]
        if not self._quiet and abs(new - self.value) > self.slider.step / 2 + 1e-9:
            self.value = round(new, 10)

    def _entered(self, change) -> None:
        """Text was entered: a number becomes the value, anything else is refused."""
        text = change["new"].strip()
        if self._quiet:
            return
        if text == _number_text(self.value):
            self.say("")  # the current value again: an old refusal no longer applies
            return
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not math.isfinite(number):
            what = "a number" if number is None else "a finite number"
            self.say(f"{text!r} is not {what}; {self.name} stays {fmt_given(self.value)}")
            self._sync(self.value)
            return
        if number == self.value:
            self.say("")  # no change follows to clear an old refusal
        self.value = number
        self._sync(self.value)

    def _sync(self, value: float) -> None:
        """Slider and entry show value, without calling back."""
        quiet, self._quiet = self._quiet, True
        try:
            self._fit(value)
            self.slider.value = value
            self.entry.value = _number_text(value)
        finally:
            self._quiet = quiet

    def _fit(self, value: float) -> None:
        """The table's range, widened while the core puts a value beyond it (training)."""
        spec = slider_for(self.name)
        low, high = min(spec.low, math.floor(value)), max(spec.high, math.ceil(value))
        if (low, high) != (self.slider.min, self.slider.max):
            self.slider.min, self.slider.max = min(low, self.slider.min), max(high, self.slider.max)
            self.slider.min, self.slider.max = low, high

    def show(self, value: float) -> None:
        """Show a value the core computed (reset, step, training), without applying it."""
        quiet, self._quiet = self._quiet, True
        try:
            self._fit(value)
            self.value = value
            self._sync(value)
        finally:
            self._quiet = quiet
        self.say("")

    def say(self, text: str) -> None:
        """Show a message under the control (empty: hide it)."""
        self.message.value = alert(text)
        self.message.layout.display = "" if text else "none"
