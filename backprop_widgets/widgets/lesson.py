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
from ..core.network import Network
from ..core.numbers import DIGITS, fmt, fmt_given
from ..core.settings import setting
from ..core.training import History, train
from ..text.sections import symbol_text
from .bind import Field
from .state import ShowsState, State
from .views.controls import ValueControl
from .views.diagram import DiagramView
from .views.keys import KeyScope
from .views.panels import DerivationPanel, ErrorArea, number, uses_updated
from .views.plots import LossCurve
from .views.style import STYLE

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


def _option_for(net: Network, name: str, options: Sequence) -> Any:
    """The option that is net's setting now (activation 'relu' is ('relu', 'relu')), or None."""
    current = getattr(net, name)
    for option in options:
        try:
            value = setting(name).check(option, {"sizes": net.sizes}) if option else option
        except BackpropError:
            continue
        if value == current or option == current:
            return option
    return None


class Lesson(ShowsState, widgets.VBox):
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
        self.show = [_split(item) for item in show]
        self.steps = int(train)
        self.state = state = State(net, rules=(self._has_shown,))
        self.run: History | None = None  # the lesson's own training run
        self.error = ErrorArea()
        guard = self.error.guard
        self.controls = {n: ValueControl(state, n, guard) for n in controls}
        self.fields: dict[str, Field] = {}
        self.choices = {name: self._switch(name, o, guard) for name, o in (choices or {}).items()}
        self.numbers = widgets.HTML()
        self.numbers.add_class("bw-lesson-values")
        self.derivation_name = derivation
        self.derivation = DerivationPanel(state, guard, derivation) if derivation else None
        self.diagram = DiagramView(state, guard) if diagram else None
        self.curve = LossCurve() if self.steps else None
        messages = [self.fields[name].message for name in self.choices]
        parts = [
            widgets.HTML(STYLE),
            KeyScope(scope=".bw-lesson", layout={"display": "none"}),  # keys stay with controls
            self.error,
            *self.controls.values(),
            *(w for pair in zip(self.choices.values(), messages, strict=True) for w in pair),
            self.numbers,
            *([self.diagram] if self.diagram else []),
            *([self.curve.view] if self.curve else []),
            *([self.derivation] if self.derivation else []),
        ]
        super().__init__(parts, layout={"width": "100%"})
        self.add_class("bw-lesson")
        self._redraw()
        state.observe(guard(self._redraw, "the lesson"), "step")
        state.observe(guard(self._follow, "the controls"), "net")
        state.observe(self.error.settle, "revision")

    @property
    def history(self) -> History | None:
        """The lesson's own run: `train` steps from the network shown (None without train)."""
        return self.run

    def __repr__(self) -> str:
        given = ", ".join(f"{n}={fmt_given(self.net[n])}" for n in self.controls)
        shown = ", ".join(self._texts())
        return f"Lesson({given}{': ' if given else ''}{shown})"

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """The widget, with the whole repr as its text (ipywidgets cuts it at 110 characters)."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle

    def _has_shown(self, net: Network, step: dict) -> None:
        """A network must have every value the lesson shows."""
        for section, key in self.show:
            if key not in step.get(section, {}):
                raise BackpropError(f"this network has no value {section}.{key} to show")

    def _switch(self, name: str, options: Sequence, guard) -> widgets.ToggleButtons:
        """Buttons choosing one option of a setting; the network starts at one of them."""
        option = _option_for(self.net, name, options)
        if option is None:
            option = options[0]
            self.state.propose(**{name: option})
        switch = widgets.ToggleButtons(
            options=[(_label(o), o) for o in options],
            value=option,
            description=name,
            tooltip=setting(name).help,
        )
        switch.style.button_width = "auto"
        switch.add_class(f"bw-setting-{name}")

        def propose(value: Any) -> None:
            self.state.propose(**{name: value})

        self.fields[name] = Field(switch, propose, name, guard, shown=_label)
        self.fields[name].message.add_class(f"bw-message-{name}")
        return switch

    def _follow(self, _change=None) -> None:
        """Every control shows the network's value, every switch its setting."""
        for name, control in self.controls.items():
            control.show(self.net[name])
        for name, switch in self.choices.items():
            option = _option_for(self.net, name, [v for _, v in switch.options])
            if option is not None:
                self.fields[name].show(option)

    def _name(self, section: str, key: str) -> str:
        """How a shown value is named; a dagger marks a gradient from updated later weights."""
        dagger = section == "gradients" and key in uses_updated(self.net)
        return symbol_text(section, key) + ("†" if dagger else "")

    def _texts(self) -> list[str]:
        """'name = value' for every value shown."""
        texts = [f"{self._name(s, k)} = {fmt(self.values[s][k], DIGITS)}" for s, k in self.show]
        return texts + ([self._trained()] if self.run else [])

    def _trained(self) -> str:
        """What training reached, with 10 decimals like the post's 0.0000351085."""
        h = self.run
        end = f"stopped: {h.stopped}" if h.stopped else f"E_total = {fmt(h.E_total[-1], 10)}"
        return f"after {h.steps} steps {end}"

    def _redraw(self, _change=None) -> None:
        """The values (and the training run) of the state's network."""
        net, values = self.net, self.values
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
            self.run = train(net, self.steps)
            self.curve.update(np.asarray(self.run.E_total), self.run.steps)
            rows.append(f"<div class='bw-lesson-trained'>{html.escape(self._trained())}</div>")
        self.numbers.value = f"<div class='bw-values'>{''.join(rows)}</div>"
