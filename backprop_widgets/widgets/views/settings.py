"""The switches: network shape, activations, loss, biases, hidden deltas, momentum, display."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ...core.errors import BackpropError
from ...core.functions import ACTIVATIONS, LOSSES
from ...core.network import Network
from ...core.numbers import DIGITS
from .diagram import EDGE_MODES
from .networks import SHAPES, activations_for, parse_sizes, resized
from .style import alert

__all__ = ["NETWORK_SETTINGS", "SettingsPanel"]


def _activations(net: Network, hidden: str, output: str) -> Network:
    """net with these hidden and output activations."""
    return net.with_settings(activation=activations_for(len(net.sizes) - 1, hidden, output))


def _sizes(net: Network, text: str) -> Network:
    """net with the shape typed or chosen (default values for a new shape)."""
    sizes = parse_sizes(text)
    return net if sizes == net.sizes else resized(net, sizes)


# name -> (the widget's value for a network, the network for a widget value)
NETWORK_SETTINGS: dict[str, tuple[Callable[[Network], Any], Callable[[Network, Any], Network]]] = {
    "sizes": (lambda n: n.layout.label, _sizes),
    "activation_hidden": (
        lambda n: n.activation[0],
        lambda n, v: _activations(n, v, n.activation[-1]),
    ),
    "activation_output": (
        lambda n: n.activation[-1],
        lambda n, v: _activations(n, n.activation[0], v),
    ),
    "loss": (lambda n: n.loss, lambda n, v: n.with_settings(loss=v)),
    "bias_mode": (lambda n: n.bias_mode, lambda n, v: n.with_settings(bias_mode=v)),
    "train_biases": (lambda n: n.train_biases, lambda n, v: n.with_settings(train_biases=v)),
    "hidden_uses": (lambda n: n.hidden_uses, lambda n, v: n.with_settings(hidden_uses=v)),
    "momentum": (
        lambda n: bool(n.momentum),
        lambda n, v: n.with_settings(momentum=0.9 if v else 0.0),
    ),
}

_WIDE = {"description_width": "9em"}


def _widgets(net: Network) -> dict[str, widgets.ValueWidget]:
    """One widget per setting, made once."""
    return {
        "sizes": widgets.Combobox(
            options=SHAPES,
            value=net.layout.label,
            ensure_option=False,
            continuous_update=False,
            description="network",
            placeholder="e.g. 2-3-2",
            style=_WIDE,
        ),
        "activation_hidden": widgets.Dropdown(
            options=list(ACTIVATIONS), description="hidden activation", style=_WIDE
        ),
        "activation_output": widgets.Dropdown(
            options=list(ACTIVATIONS), description="output activation", style=_WIDE
        ),
        "loss": widgets.Dropdown(options=list(LOSSES), description="loss", style=_WIDE),
        "bias_mode": widgets.Dropdown(
            options=[("shared per layer (the post)", "shared"), ("one per neuron", "per_neuron")],
            description="biases",
            style=_WIDE,
        ),
        "train_biases": widgets.Checkbox(description="train biases (the post: frozen)"),
        "hidden_uses": widgets.Dropdown(
            options=[
                ("original weights (the post's rule)", "original"),
                ("updated weights (the post's numbers)", "updated"),
            ],
            description="hidden deltas use",
            style=_WIDE,
        ),
        "momentum": widgets.Checkbox(description="momentum (mu)"),
        "digits": widgets.BoundedIntText(
            value=DIGITS, min=1, max=15, description="decimals shown", style=_WIDE
        ),
        "edges": widgets.Dropdown(options=list(EDGE_MODES), description="edges show", style=_WIDE),
    }


class SettingsPanel(widgets.VBox):
    """The switches; each change goes to apply(name, value), which raises to refuse it."""

    def __init__(self, net: Network, apply: Callable[[str, Any], None], guard: Callable):
        self.apply, self._quiet, self._no_hidden = apply, False, False
        self.widgets = _widgets(net)
        self.messages = {name: widgets.HTML(layout={"display": "none"}) for name in self.widgets}
        rows = []
        for name, widget in self.widgets.items():
            widget.add_class(f"bw-setting-{name}")
            self.messages[name].add_class(f"bw-message-{name}")
            widget.layout.width = "auto"
            rows.append(widgets.VBox([widget, self.messages[name]]))
            widget.observe(guard(self._changed, f"the {name} setting"), "value")
        super().__init__(rows, layout={"min_width": "18em"})
        self.show(net)

    def _changed(self, change) -> None:
        """A switch moved: apply it, or move it back and say why."""
        if self._quiet:
            return
        name = next(n for n, w in self.widgets.items() if w is change["owner"])
        try:
            self.apply(name, change["new"])
        except BackpropError as error:
            self._set(name, change["old"])
            self.say(name, f"{error}")
            return
        self.say(name, "")

    def _set(self, name: str, value: Any) -> None:
        """Set a switch without applying it."""
        quiet, self._quiet = self._quiet, True
        try:
            self.widgets[name].value = value
        finally:
            self._quiet = quiet

    def show(self, net: Network) -> None:
        """Show net's settings (after a reset or a change of shape)."""
        for name, (read, _) in NETWORK_SETTINGS.items():
            self._set(name, read(net))
        self._no_hidden = len(net.sizes) == 2
        self.widgets["activation_hidden"].disabled = self._no_hidden

    def say(self, name: str, text: str) -> None:
        """A message under one switch (empty: hide it)."""
        box = self.messages[name]
        box.value = alert(text)
        box.layout.display = "" if text else "none"

    def lock(self, locked: bool) -> None:
        """Disable every switch (while training runs) or enable them again."""
        for widget in self.widgets.values():
            widget.disabled = locked
        self.widgets["activation_hidden"].disabled = locked or self._no_hidden
