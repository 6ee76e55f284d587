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
from .bind import Field
from .state import ShowsState, State
from .views.controls import ControlsPanel, ValueControl
from .views.diagram import DiagramView
from .views.panels import DerivationPanel, ErrorArea, Header, TablePanel, ValuesPanel
from .views.plots import LossSlice
from .views.settings import SettingsPanel
from .views.style import STYLE
from .views.trainer import Trainer

__all__ = ["MAX_PARAMS", "Explorer", "fits"]

MAX_PARAMS = 64  # more sliders than this no longer fit a screen; the core has no such limit


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
    """A titled, bordered panel; flex: how it shares a row (or a column) with others."""
    box = widgets.VBox([widgets.HTML(f"<h3>{title}</h3>"), *children], layout={"flex": flex})
    box.add_class("bw-section")
    box.add_class(css)
    return box


def _column(*sections: widgets.Widget, flex: str = "2 1 360px") -> widgets.VBox:
    """Sections one above the other, as one column of a row."""
    return widgets.VBox(list(sections), layout={"flex": flex, "min_width": "0"})


def _row(*sections: widgets.Widget) -> widgets.Box:
    """Sections side by side, wrapping onto new lines in a narrow column."""
    return widgets.Box(list(sections), layout={"flex_flow": "row wrap", "width": "100%"})


class Explorer(ShowsState, widgets.VBox):
    """Matt Mazur's network, live: controls, diagram, derivation, table, loss slice, training.

    net: the network to start from (default: the post's 2-2-2 network). Every number shown
    is formatted with the state's digits (9, like the post; the "decimals shown" switch).
    """

    def __init__(self, net: Network | None = None):
        if net is not None:
            fits(net)
        self.state = state = State(net, rules=(fits,))
        self.error = ErrorArea()
        guard = self.error.guard
        # The table first: it holds the gradients and updates, the numbers a learner watches.
        self.table = TablePanel(state, guard)
        self.header = Header(state, guard)
        self.diagram = DiagramView(state, guard)
        self.values_panel = ValuesPanel(state, guard)
        self.controls_box = ControlsPanel(state, guard)
        self.settings_panel = SettingsPanel(state, guard)
        self.param = widgets.Dropdown(
            description="parameter", options=state.net.layout.params, value=state.param
        )
        self.param.add_class("bw-setting-param")
        self.choice = Field(self.param, lambda v: state.propose(param=v), "parameter", guard)
        self.derivation = DerivationPanel(state, guard)
        self.slice = LossSlice(state, guard)
        self.trainer = Trainer(state, guard)
        self.reset_button = widgets.Button(
            description="Reset values", tooltip="the post's values (defaults for other shapes)"
        )
        self.reset_button.add_class("bw-reset")
        self.reset_button.on_click(guard(lambda _: state.reset(), "Reset values"))
        state.observe(guard(self._follow, "the parameter"), ["net", "param", "busy"])
        state.observe(self.error.settle, "revision")  # last: after every view drew
        super().__init__(self._layout(), layout={"width": "100%"})
        self.add_class("bw-explorer")

    def _layout(self) -> list[widgets.Widget]:
        """The sections, in reading order; columns wrap into one when the page is narrow."""
        stacked = "0 0 auto"  # in a column: as tall as its content
        controls = _section(
            "Values", [self.reset_button, self.controls_box], "bw-controls-panel", stacked
        )
        settings = _section("Settings", [self.settings_panel], "bw-settings-panel", stacked)
        table = _section("Every parameter", [self.table], "bw-params-panel", stacked)
        training = _section("Training", [self.trainer], "bw-training-panel", stacked)
        return [
            widgets.HTML(STYLE),
            self.header,
            self.error,
            _section("Network", [self.diagram], "bw-diagram-panel", stacked),
            _row(_column(controls, settings), _column(table, training, flex="3 1 520px")),
            _row(
                _section(
                    "Loss slice: E_total along one parameter", [self.slice.view], "bw-slice-panel"
                ),
                _section(
                    "Derivation",
                    [self.param, self.derivation],
                    "bw-derivation-section",
                    "3 1 520px",
                ),
            ),
            _section("Every value of the step", [self.values_panel], "bw-step-panel", stacked),
        ]

    def _follow(self, _change=None) -> None:
        """The parameter chooser offers the network's parameters and shows the chosen one."""
        params, state = self.state.net.layout.params, self.state
        if tuple(self.param.options) != params:
            with self.choice.silenced():
                self.param.options = params
        self.choice.show(state.param)
        self.param.disabled = self.reset_button.disabled = state.busy

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

    def propose(self, **changes: Any) -> None:
        """Change values, settings or what is shown, as the controls do (see State.propose)."""
        self.state.propose(**changes)

    def __repr__(self) -> str:
        e_total = fmt(self.state.step["forward"]["E_total"], self.state.digits)
        return f"Explorer({settings_text(self.state.net)}: E_total={e_total})"
