"""The explorer: move any value and watch every derivative and update of the step recompute.

>>> from backprop_widgets import Explorer
>>> explorer = Explorer()
>>> explorer.controls["w5"].value = 0.3      # from Python, exactly as the slider would
>>> explorer.step()                          # one update, applied to every control

The explorer is wiring: it reads the controls, calls the core (walkthrough,
finite_differences, loss_slice, train) and puts the numbers into the panels of views/.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..core.network import Network, tutorial
from ..core.numbers import DIGITS, fmt
from ..core.step import finite_differences, walkthrough
from ..core.summary import settings_text
from ..core.training import History
from .views.controls import ValueControl, close_tree, control_groups, label_for
from .views.diagram import diagram_svg, legend_html
from .views.networks import check_fits, reset_values
from .views.panels import DerivationPanel, ErrorArea, table_html, values_html
from .views.plots import LossSlice
from .views.settings import NETWORK_SETTINGS, SettingsPanel
from .views.style import STYLE
from .views.trainer import Trainer

__all__ = ["Explorer"]


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


class Explorer(widgets.VBox):
    """Matt Mazur's network, live: controls, diagram, derivation, table, loss slice, training.

    net: the network to start from (default: the post's 2-2-2 network). Every number shown
    is formatted with `digits` decimals (9, like the post; the "decimals shown" switch).
    """

    def __init__(self, net: Network | None = None):
        self._net = check_fits(net if net is not None else tutorial())
        self.values = walkthrough(self._net)
        self.digits = DIGITS
        self.error = ErrorArea()
        guard = self.error.guard
        self._controls: dict[str, ValueControl] = {}
        self._built: tuple = ()
        self.controls_box = widgets.VBox()
        self.reset_button = widgets.Button(
            description="Reset values", tooltip="the post's values (defaults for other shapes)"
        )
        self.reset_button.add_class("bw-reset")
        self.reset_button.on_click(guard(lambda _: self.reset(), "Reset values"))
        self.settings_panel = SettingsPanel(self._net, self._apply_setting, guard)
        self.param = widgets.Dropdown(description="parameter")
        self.param.add_class("bw-setting-param")
        self.derivation = DerivationPanel()
        self.slice = LossSlice()
        self.trainer = Trainer(lambda: self._net, self._show, self._lock, guard)
        self.header, self.diagram, self.values_panel, self.table = (
            widgets.HTML() for _ in range(4)
        )
        for widget, css in (
            (self.header, "bw-summary"),
            (self.diagram, "bw-diagram"),
            (self.values_panel, "bw-values-panel"),
            (self.table, "bw-table-panel"),
        ):
            widget.add_class(css)
        super().__init__(self._layout(), layout={"width": "100%"})
        self.add_class("bw-explorer")
        self._build_controls()
        self._use_params()
        self.param.observe(guard(lambda _: self._refresh_focus(), "the parameter"), "value")
        self.derivation.closed.observe(
            guard(lambda _: self._refresh_focus(), "closed form"), "value"
        )
        self._refresh()

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

    # ----------------------------------------------------------------- public
    @property
    def net(self) -> Network:
        """The network shown now."""
        return self._net

    @property
    def controls(self) -> dict[str, ValueControl]:
        """The control of every value by name, e.g. explorer.controls["w5"].value = 0.3."""
        return dict(self._controls)

    @property
    def settings(self) -> dict[str, widgets.ValueWidget]:
        """The switch of every setting by name, e.g. explorer.settings["train_biases"]."""
        return dict(self.settings_panel.widgets)

    @property
    def history(self) -> History | None:
        """What training did so far (None before the first step)."""
        return self.trainer.history

    def step(self) -> None:
        """One update of every parameter, applied to the controls (the Step button)."""
        self.trainer.step()

    def train(self, steps: int) -> None:
        """steps updates, here and now (the Train button runs them in the background)."""
        self.trainer.run(steps)

    def reset(self) -> None:
        """The post's values (the default values of other shapes); settings stay."""
        fresh = reset_values(self._net)
        self._commit(fresh)

    def __repr__(self) -> str:
        return (
            f"Explorer({settings_text(self._net)}: "
            f"E_total={fmt(self.values['forward']['E_total'], self.digits)})"
        )

    # ----------------------------------------------------------------- changes
    def _apply_value(self, name: str, value: float) -> None:
        """A control moved: take the value or raise BackpropError to refuse it."""
        self._commit(self._net.with_params(**{name: value}), controls=False)

    def _apply_setting(self, name: str, value: Any) -> None:
        """A switch moved: a network setting, the decimals shown, or what edges show."""
        if name == "digits":
            self.digits = self.trainer.digits = int(value)
            self._refresh()
            self.trainer.retell()
        elif name == "edges":
            self._refresh()
        else:
            self._commit(check_fits(NETWORK_SETTINGS[name][1](self._net, value)))

    def _commit(self, net: Network, controls: bool = True) -> None:
        """Show a network changed by hand (its walkthrough may refuse it); forget training."""
        values = walkthrough(net)
        self.trainer.forget()
        self._set(net, values, controls)

    def _show(self, net: Network) -> None:
        """Show a network training reached."""
        self._set(net, walkthrough(net), True)

    def _set(self, net: Network, values: dict, controls: bool) -> None:
        """Make net the shown network: controls, settings, every panel."""
        self._net, self.values = net, values
        if controls:  # a value typed or slid needs none of this: its control shows it
            if self._signature() != self._built:
                self._build_controls()
            else:
                for name, control in self._controls.items():
                    control.show(net[name])
            self.settings_panel.show(net)
            self._use_params()
        self._refresh()

    def _lock(self, locked: bool) -> None:
        """Disable every control but Stop while training runs in the background."""
        for control in self._controls.values():
            control.slider.disabled = control.entry.disabled = locked
        self.settings_panel.lock(locked)
        self.reset_button.disabled = self.param.disabled = self.derivation.closed.disabled = locked

    # ----------------------------------------------------------------- controls
    def _signature(self) -> tuple:
        """What the controls depend on: every name and its label."""
        return tuple((n, label_for(self._net.layout, n)) for n in self._net.names)

    def _build_controls(self) -> None:
        """One control per value, grouped; the old ones are closed."""
        for child in self.controls_box.children:
            close_tree(child)
        guard = self.error.guard
        self._controls = {
            n: ValueControl(self._net, n, self._apply_value, guard) for n in self._net.names
        }
        groups = []
        for title, names in control_groups(self._net).items():
            heading = widgets.HTML(f"<h4>{title}</h4>")
            groups.append(widgets.VBox([heading, *(self._controls[n] for n in names)]))
        self.controls_box.children = groups
        self._built = self._signature()

    def _use_params(self) -> None:
        """Offer the network's parameters in the parameter chooser, keeping the choice."""
        params = self._net.layout.params
        if tuple(self.param.options) != params:
            chosen = self.param.value
            self.param.options = params
            self.param.value = (
                chosen if chosen in params else ("w5" if "w5" in params else params[0])
            )

    # ----------------------------------------------------------------- drawing
    def _refresh(self) -> None:
        """Every panel from the current network and its walkthrough."""
        net, values, digits = self._net, self.values, self.digits
        edges = self.settings_panel.widgets["edges"].value
        self.header.value = (
            f"<b>Backpropagation explorer</b>: {settings_text(net)}. "
            f"E_total = {fmt(values['forward']['E_total'], digits)}"
        )
        # The table first: it holds the gradients and updates, the numbers a learner watches.
        self.table.value = table_html(net, values, finite_differences(net), digits)
        self.diagram.value = diagram_svg(net, values, digits, edges) + legend_html(net, edges)
        self.values_panel.value = values_html(values, digits)
        self._refresh_focus()
        self.error.clear()

    def _refresh_focus(self) -> None:
        """The derivation and the loss slice of the chosen parameter."""
        name = self.param.value
        if name is None:
            return
        self.derivation.update(self._net, self.values, name, self.digits)
        self.slice.update(self._net, self.values, name, self.digits)
