"""A small live widget for one idea of the tutorial: a few controls, the values that matter.

>>> from backprop_widgets import Lesson
>>> Lesson(controls=["w5"], show=["forward.out_o1", "gradients.w5", "updated.w5"])
Lesson(w5=0.4: out_o1 = 0.751365070, dE_total/dw5 = 0.082167041, w5+ = 0.358916480)

The notebooks put one beside each step of the post. Its repr lists the values it shows,
so a notebook that stores it is checked by nbval like any other output.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from ..core.errors import BackpropError
from ..core.network import Network, tutorial
from ..core.numbers import DIGITS, fmt, fmt_given
from ..core.step import walkthrough
from ..core.training import History, train
from ..text.sections import symbol_text
from .views.controls import ValueControl
from .views.diagram import diagram_svg, legend_html
from .views.panels import DerivationPanel, ErrorArea, number, uses_updated
from .views.style import STYLE, alert

__all__ = ["Lesson"]


def _split(item: str) -> tuple[str, str]:
    """'gradients.w5' -> ('gradients', 'w5')."""
    section, _, key = item.partition(".")
    if not key:
        raise BackpropError(
            f"show items look like 'gradients.w5' or 'forward.E_total'; got {item!r}"
        )
    return section, key


def _label(option: Any) -> str:
    """How a setting's option reads on its button."""
    if isinstance(option, bool):
        return "on" if option else "off"
    if option is None:
        return "all"  # batch_size=None: the full batch
    if isinstance(option, tuple | list):
        return ",".join(map(str, option))
    return str(option)


def _loss_curve():
    """The loss-curve figure (matplotlib is imported only by lessons that train)."""
    from .views.plots import LossCurve

    return LossCurve()


class Lesson(widgets.VBox):
    """A few controls, a few switches and the values they move, live.

    net: the network (the post's by default); controls: names of the values with a slider;
    show: walkthrough values as 'section.key'; choices: {setting: options} shown as buttons;
    derivation: a parameter whose chain rule is written out; diagram: draw the network;
    train: a number of steps whose loss curve follows every change.
    """

    def __init__(
        self,
        net: Network | None = None,
        controls: Iterable[str] = (),
        show: Iterable[str] = ("forward.E_total",),
        choices: Mapping[str, Sequence] | None = None,
        derivation: str | None = None,
        diagram: bool = False,
        train: int = 0,
    ):
        self._net = net if net is not None else tutorial()
        self.show = [_split(item) for item in show]
        self.steps = int(train)
        self.values = self._check(self._net)
        self.history: History | None = None
        self.error = ErrorArea()
        guard = self.error.guard
        self.controls = {n: ValueControl(self._net, n, self._apply, guard) for n in controls}
        self.choices = {
            name: self._switch(name, options, guard) for name, options in (choices or {}).items()
        }
        self.numbers = widgets.HTML()
        self.numbers.add_class("bw-lesson-values")
        self.derivation_name = derivation
        self.derivation = DerivationPanel() if derivation else None
        self.diagram = widgets.HTML() if diagram else None
        self.curve = _loss_curve() if self.steps else None
        parts = [
            widgets.HTML(STYLE),
            self.error,
            *self.controls.values(),
            *self.choices.values(),
            self.numbers,
            *([self.diagram] if self.diagram else []),
            *([self.curve.view] if self.curve else []),
            *([self.derivation] if self.derivation else []),
        ]
        super().__init__(parts, layout={"width": "100%"})
        self.add_class("bw-lesson")
        if self.derivation:
            self.derivation.closed.observe(guard(lambda _: self._refresh(), "closed form"), "value")
        self._refresh()

    @property
    def net(self) -> Network:
        """The network shown now."""
        return self._net

    def __repr__(self) -> str:
        given = ", ".join(f"{n}={fmt_given(self._net[n])}" for n in self.controls)
        shown = ", ".join(self._texts())
        return f"Lesson({given}{': ' if given else ''}{shown})"

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """The widget, with the whole repr as its text (ipywidgets cuts it at 110 characters)."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle

    def _check(self, net: Network) -> dict:
        """The walkthrough of net, which must hold every value to show."""
        values = walkthrough(net)
        for section, key in self.show:
            if key not in values.get(section, {}):
                raise BackpropError(f"this network has no value {section}.{key} to show")
        return values

    def _switch(self, name: str, options: Sequence, guard) -> widgets.ToggleButtons:
        """Buttons choosing one option of a setting."""
        current = self._net.activation if name == "activation" else getattr(self._net, name)
        pairs = [(_label(o), o) for o in options]
        value = current if current in options else options[0]
        switch = widgets.ToggleButtons(options=pairs, value=value, description=name)
        switch.style.button_width = "auto"
        switch.add_class(f"bw-setting-{name}")
        switch.observe(guard(lambda c: self._set(switch, name, c), name), "value")
        if value != current:
            self._net = self._net.with_settings(**{name: value})
            self.values = self._check(self._net)
        return switch

    def _apply(self, name: str, value: float) -> None:
        """A control moved: the network takes the value (or BackpropError refuses it)."""
        self._use(self._net.with_params(**{name: value}))

    def _set(self, switch: widgets.ToggleButtons, name: str, change: dict) -> None:
        """A switch moved: the network takes the setting, or the switch goes back and says why."""
        if change["new"] == change["old"] or getattr(switch, "_reverting", False):
            return
        try:
            self._use(self._net.with_settings(**{name: change["new"]}))
        except BackpropError as error:
            switch._reverting = True
            try:
                switch.value = change["old"]
            finally:
                switch._reverting = False
            self.error.value = alert(f"{error}; {name} stays {_label(change['old'])}")
            self.error.layout.display = ""

    def _use(self, net: Network) -> None:
        """Show net: its walkthrough first, so a refused value changes nothing."""
        self.values = self._check(net)
        self._net = net
        self._refresh()

    def _name(self, section: str, key: str) -> str:
        """How a shown value is named; a dagger marks a gradient from updated later weights."""
        dagger = section == "gradients" and key in uses_updated(self._net)
        return symbol_text(section, key) + ("†" if dagger else "")

    def _texts(self) -> list[str]:
        """'name = value' for every value shown."""
        texts = [f"{self._name(s, k)} = {fmt(self.values[s][k], DIGITS)}" for s, k in self.show]
        return texts + ([self._trained()] if self.history else [])

    def _trained(self) -> str:
        """What training reached, with 10 decimals like the post's 0.0000351085."""
        h = self.history
        end = f"stopped: {h.stopped}" if h.stopped else f"E_total = {fmt(h.E_total[-1], 10)}"
        return f"after {h.steps} steps {end}"

    def _refresh(self) -> None:
        """Every part from the current network."""
        net, values = self._net, self.values
        rows = [
            f"<div><span class='bw-name'>{html.escape(self._name(s, k))}</span> = "
            f"{number(s, k, fmt(values[s][k]))}</div>"
            for s, k in self.show
        ]
        if any(s == "gradients" and k in uses_updated(net) for s, k in self.show):
            rows.append(
                "<div><small>† from the already-updated later weights: not the gradient "
                "of E_total (finite differences disagree)</small></div>"
            )
        if self.curve:
            self.history = train(net, self.steps)
            self.curve.update(np.asarray(self.history.E_total), self.history.steps)
            rows.append(f"<div class='bw-lesson-trained'>{html.escape(self._trained())}</div>")
        self.numbers.value = f"<div class='bw-values'>{''.join(rows)}</div>"
        if self.diagram:
            self.diagram.value = diagram_svg(net, values) + legend_html(net)
        if self.derivation:
            self.derivation.update(net, values, self.derivation_name, DIGITS)
        self.error.clear()
        if self.error.last is None:
            self.error.layout.display = "none"
