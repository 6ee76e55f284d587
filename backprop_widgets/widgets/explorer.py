"""The explorer: move any value and watch every derivative and update of the step recompute.

>>> from backprop_widgets import Explorer
>>> explorer = Explorer()
>>> explorer.controls["w5"].value = 0.3      # from Python, exactly as the slider would
>>> explorer.step()                          # one update, applied to every control

The explorer is wiring: one State (the network, its step, the run, the chosen parameter,
digits, edge mode) and views that observe it and propose changes to it.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..core.errors import BackpropError
from ..core.network import Network, settings_text
from ..core.numbers import fmt
from ..text.code import code_text
from .state import ShowsState, State
from .views.controls import ControlsPanel, ValueControl
from .views.copy_text import CodePanel
from .views.flow_view import flow_view
from .views.focus import FocusPanel
from .views.keys import KeyScope
from .views.panels import DerivationPanel, ErrorArea, Header, TablePanel, ValuesPanel
from .views.plots import LossSlice
from .views.settings import SettingsPanel
from .views.style import STYLE
from .views.trainer import Trainer

__all__ = ["MAX_PARAMS", "TABS", "Explorer", "fits"]

MAX_PARAMS = 64  # more sliders than this no longer fit a screen; the core has no such limit
# The tabs under the top of the explorer, in order (the first is open at the start).
TABS = ("Every parameter", "Values", "Settings", "Every value of the step", "Copy as code")


def fits(net: Network, step: dict | None = None) -> None:
    """Refuse a network the explorer cannot show (more than MAX_PARAMS weights and biases)."""
    count = len(net.layout.params)
    if count > MAX_PARAMS:
        raise BackpropError(
            f"the explorer shows networks of up to {MAX_PARAMS} weights and biases; "
            f"{net.layout.label} has {count}: choose fewer or smaller layers "
            "(bw.walkthrough(net) handles any size)"
        )


def _section(title: str, children: list, css: str, flex: str = "1 1 360px") -> widgets.VBox:
    """A titled, bordered panel; flex: how it shares a row with others."""
    box = widgets.VBox([widgets.HTML(f"<h3>{title}</h3>"), *children], layout={"flex": flex})
    box.add_class("bw-section")
    box.add_class(css)
    return box


def _row(*sections: widgets.Widget) -> widgets.Box:
    """Sections side by side, wrapping onto new lines in a narrow page."""
    return widgets.Box(list(sections), layout={"flex_flow": "row wrap", "width": "100%"})


def _page(*children: widgets.Widget, css: str) -> widgets.Box:
    """One tab's content; its parts wrap side by side."""
    box = widgets.Box(list(children), layout={"flex_flow": "row wrap", "width": "100%"})
    box.add_class(css)
    return box


class Explorer(ShowsState, widgets.VBox):
    """Matt Mazur's network, live: diagram, the chosen parameter's slider and derivation,
    loss slice, training, and in tabs every parameter, every value, settings, copy as code.

    net: the network to start from (default: the post's 2-2-2 network). Every number shown
    is formatted with the state's digits (9, like the post; the "decimals shown" switch).
    """

    def __init__(self, net: Network | None = None):
        if net is not None:
            fits(net)
        self.state = state = State(net, rules=(fits,))
        self.error = ErrorArea()
        guard = self.error.guard
        # The table and the chosen parameter first: the numbers a learner watches.
        self.table = TablePanel(state, guard)
        self.focus = FocusPanel(state, guard)
        self.header = Header(state, guard)
        self.diagram = flow_view(state, guard)
        self.derivation = DerivationPanel(state, guard)
        self.values_panel = ValuesPanel(state, guard)
        self.controls_box = ControlsPanel(state, guard)
        self.settings_panel = SettingsPanel(state, guard)
        self.slice = LossSlice(state, guard)
        self.trainer = Trainer(state, guard)
        self.code = CodePanel(state, guard)
        self.reset_button = widgets.Button(
            description="Reset values", tooltip="the post's values (defaults for other shapes)"
        )
        self.reset_button.add_class("bw-reset")
        self.reset_button.on_click(guard(lambda _: state.reset(), "Reset values"))
        state.observe(guard(self._lock, "Reset values"), "busy")
        state.observe(self.error.settle, "revision")  # last: after every view drew
        super().__init__(self._layout(), layout={"width": "100%"})
        self.add_class("bw-explorer")

    def _layout(self) -> list[widgets.Widget]:
        """The diagram at the top, the chosen parameter beside it (slider, numbers,
        derivation); the loss slice and training under them; the rest in tabs."""
        self.tabs = widgets.Tab(
            children=[
                _page(self.table, css="bw-params-panel"),
                _page(self.reset_button, self.controls_box, css="bw-controls-panel"),
                _page(self.settings_panel, css="bw-settings-panel"),
                _page(self.values_panel, css="bw-step-panel"),
                _page(self.code, css="bw-copy-panel"),
            ],
            titles=TABS,
        )
        self.tabs.add_class("bw-tabs")
        keys = KeyScope(scope=".bw-explorer", layout={"display": "none"})
        return [
            widgets.HTML(STYLE),
            keys,
            self.header,
            self.error,
            _row(
                _section(
                    "Network",
                    [self.diagram, *(field.message for field in self.diagram.fields)],
                    "bw-diagram-panel",
                    "3 1 540px",
                ),
                _section(
                    "The chosen parameter",
                    [self.focus, self.derivation],
                    "bw-derivation-section",
                    "2 1 400px",
                ),
            ),
            _row(
                _section(
                    "Loss slice: E_total along the chosen parameter",
                    [self.slice.view],
                    "bw-slice-panel",
                    "2 1 360px",
                ),
                _section("Training", [self.trainer], "bw-training-panel", "3 1 460px"),
            ),
            self.tabs,
        ]

    def _lock(self, change) -> None:
        self.reset_button.disabled = change["new"]

    @property
    def param(self) -> widgets.Dropdown:
        """The parameter chooser (its value is the chosen parameter)."""
        return self.focus.chooser

    # ----------------------------------------------------------------- public
    @property
    def digits(self) -> int:
        """Decimals shown."""
        return self.state.digits

    @property
    def controls(self) -> dict[str, ValueControl]:
        """The control of every value by name, e.g. explorer.controls["w5"].value = 0.3."""
        return dict(self.controls_box.controls)

    @property
    def settings(self) -> dict[str, widgets.ValueWidget]:
        """The switch of every setting by name, e.g. explorer.settings["train_biases"]."""
        return dict(self.settings_panel.widgets)

    def step(self) -> None:
        """One update of every parameter, applied to the controls (the Step button)."""
        self.trainer.step()

    def train(self, steps: int) -> None:
        """steps updates, here and now (the Train button runs them in the background)."""
        self.trainer.run(steps)

    def reset(self) -> None:
        """The post's values (the default values of other shapes); settings stay."""
        self.state.reset()

    def as_code(self) -> str:
        """The Python lines and the command line that rebuild the network shown."""
        return code_text(self.state.net)

    def propose(self, **changes: Any) -> None:
        """Change values, settings or what is shown, as the controls do (see State.propose)."""
        self.state.propose(**changes)

    def __repr__(self) -> str:
        e_total = fmt(self.state.step["forward"]["E_total"], self.state.digits)
        return f"Explorer({settings_text(self.state.net)}: E_total={e_total})"
