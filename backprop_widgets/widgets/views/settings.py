"""The switches, made from the settings table: each setting's `widget` says how it is shown
(a shape box, a choice, a switch, one choice per hidden and output layer); plus what the
view shows (decimals, what edges show)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ...core.checks import parse_sizes
from ...core.errors import BackpropError
from ...core.functions import ACTIVATIONS
from ...core.network import Network
from ...core.settings import SETTINGS, Setting
from ..bind import Field
from ..state import EDGE_MODES, State

__all__ = ["SHAPES", "SettingsPanel"]

SHAPES = ("2-2-2", "2-3-2", "2-2-2-2", "4-4-4-2", "3-4-2", "1-2-1")  # offered, others typed
_WIDE = {"description_width": "9em"}


def _sizes(text: str) -> dict:
    """The sizes typed or chosen, e.g. '2-3-2'."""
    try:
        return {"sizes": parse_sizes(str(text))}
    except BackpropError as error:
        raise BackpropError(f"{str(text)!r} is no network shape: sizes {error}") from None


def _per_layer(net: Network, layer: str, name: str) -> dict:
    """The activation argument with the hidden (or output) layers' activation changed."""
    hidden, output = net.activation[0], net.activation[-1]
    hidden, output = (name, output) if layer == "hidden" else (hidden, name)
    return {"activation": (output,) if len(net.sizes) == 2 else (hidden, output)}


# Each entry: name -> (widget, read(net, state), propose-arguments(value, net)).
def _entries(s: Setting) -> dict[str, tuple[widgets.ValueWidget, Callable, Callable]]:
    """The widget(s) of one setting, chosen by its kind (as ipywidgets' interact does)."""
    common = {"tooltip": s.help, "style": _WIDE}
    if s.widget == "shape":
        box = widgets.Combobox(
            options=SHAPES,
            ensure_option=False,
            continuous_update=False,
            description=s.label,
            placeholder="e.g. 2-3-2",
            **common,
        )
        return {s.name: (box, lambda n: n.layout.label, lambda v, n: _sizes(v))}
    if s.widget == "per_layer":
        found = {}
        for index, layer in ((0, "hidden"), (-1, "output")):
            box = widgets.Dropdown(options=list(ACTIVATIONS), description=f"{layer} {s.label}")
            box.tooltip, box.style = s.help, _WIDE

            def read(n, index=index):
                return n.activation[index]

            def propose(v, n, layer=layer):
                return _per_layer(n, layer, v)

            found[f"{s.name}_{layer}"] = (box, read, propose)
        return found
    if s.widget == "choice":
        options = [(label, value) for value, label in s.choices]
        box = widgets.Dropdown(options=options, description=s.label, **common)
        return {s.name: (box, lambda n: getattr(n, s.name), lambda v, n: {s.name: v})}
    if s.widget == "switch":
        box = widgets.Checkbox(description=s.label, tooltip=s.help)
        return {
            s.name: (
                box,
                lambda n: bool(getattr(n, s.name)),
                lambda v, n: {s.name: s.on if v else s.default},
            )
        }
    return {}


def _view_options() -> dict[str, tuple[widgets.ValueWidget, Callable, Callable]]:
    """What the view shows: decimals, and what the diagram's edges show."""
    digits = widgets.BoundedIntText(min=1, max=15, description="decimals shown", style=_WIDE)
    edges = widgets.Dropdown(options=list(EDGE_MODES), description="edges show", style=_WIDE)
    return {
        "digits": (digits, None, lambda v, n: {"digits": v}),
        "edges": (edges, None, lambda v, n: {"edges": v}),
    }


class SettingsPanel(widgets.VBox):
    """The switches of the settings table; each proposes its change to the state."""

    def __init__(self, state: State, guard: Callable):
        self.state = state
        entries: dict = {}
        for s in SETTINGS:
            entries |= _entries(s)
        entries |= _view_options()
        self.widgets = {name: widget for name, (widget, _, _) in entries.items()}
        self.reads = {name: read for name, (_, read, _) in entries.items()}
        self.fields: dict[str, Field] = {}
        rows = []
        for name, (widget, _, to_changes) in entries.items():
            widget.add_class(f"bw-setting-{name}")
            widget.layout.width = "auto"

            def propose(value: Any, to_changes=to_changes) -> None:
                self.state.propose(**to_changes(value, self.state.net))

            field = Field(widget, propose, name, guard, where=f"the {name} setting")
            field.message.add_class(f"bw-message-{name}")
            self.fields[name] = field
            rows.append(widgets.VBox([widget, field.message]))
        self.messages = {name: field.message for name, field in self.fields.items()}
        super().__init__(rows, layout={"min_width": "18em"})
        self.show()
        state.observe(guard(lambda _: self.show(), "the settings"), ["net", "digits", "edges"])
        state.observe(guard(lambda c: self.lock(c["new"]), "the settings"), "busy")

    def show(self) -> None:
        """Show the state's settings (after a reset, a change of shape, training)."""
        state = self.state
        for name, field in self.fields.items():
            read = self.reads[name]
            field.show(read(state.net) if read else getattr(state, name))
        self.lock(state.busy)

    def lock(self, locked: bool) -> None:
        """Disable every switch while training runs; the hidden one without a hidden layer."""
        for widget in self.widgets.values():
            widget.disabled = locked
        if "activation_hidden" in self.widgets:
            no_hidden = len(self.state.net.sizes) == 2
            self.widgets["activation_hidden"].disabled = locked or no_hidden
