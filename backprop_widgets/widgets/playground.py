"""The playground: points in the plane, a network learning to tell them apart, the decision
boundary and every hidden neuron's picture changing as it trains; click any weight and read
its chain rule for the next batch.

>>> from backprop_widgets import Playground
>>> playground = Playground(data="xor", hidden=(4,), lr=0.1)
>>> playground.step()                       # one update, as bw.train makes it
>>> playground.frame()                      # what Play does, over 10 times a second
>>> playground.state.steps
21

Play runs in the browser's own timer (views/ticker.py): it asks the kernel for a frame (20
updates by default) every 70 ms, never more than two ahead of the frames drawn, so the
kernel is neither blocked nor flooded and Pause takes effect at once.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from traitlets import link

from ..core import datasets
from ..core.errors import BackpropError
from ..core.network import Network
from ..core.numbers import fmt
from .bind import alert
from .flow import FlowDiagram
from .play_data import OPTIONS, Curves
from .play_state import PlayState
from .views.keys import KeyScope
from .views.panels import ErrorArea
from .views.play_chain import ChainView
from .views.play_controls import ControlsPanel
from .views.play_curves import LossCurves
from .views.play_pictures import DecisionView, NeuronPictures
from .views.play_style import PLAY_STYLE
from .views.style import STYLE
from .views.ticker import Ticker

__all__ = ["Playground"]


class PlayErrors(ErrorArea):
    """Unexpected errors, shown inside the playground."""

    def report(self, error: BaseException, where: str) -> None:
        super().report(error, where)
        self.value = self.value.replace("The explorer keeps", "The playground keeps")


def _section(title: str, children: list, css: str, flex: str = "0 0 auto") -> widgets.VBox:
    """A titled, bordered panel; flex: how it shares a row with others."""
    box = widgets.VBox([widgets.HTML(f"<h3>{title}</h3>"), *children], layout={"flex": flex})
    box.add_class("bw-section")
    box.add_class(css)
    return box


def _column(flex: str, *sections: widgets.Widget) -> widgets.VBox:
    """Sections one under the other, sharing a row with other columns as flex says."""
    return widgets.VBox(list(sections), layout={"flex": flex, "min_width": "0"})


def _row(*sections: widgets.Widget) -> widgets.Box:
    return widgets.Box(list(sections), layout={"flex_flow": "row wrap", "width": "100%"})


class Playground(widgets.VBox):
    """Points in the plane and a network learning them, live; every gradient traceable.

    data: "circle", "xor", "gauss" or "spiral" (TensorFlow Playground's four); points: your
    own samples instead (bw.datasets.from_rows or read_csv); options: any of noise,
    test_fraction, n, seed, hidden, activation, output, loss, lr, batch_size,
    regularization, lam, speed (see bw.Playground.OPTIONS).
    """

    def __init__(self, data: str | None = None, points=None, **options: Any):
        if data is not None:
            options["data"] = data
        self.state = state = PlayState(points if points is not None else (), **options)
        self.error = PlayErrors()
        guard = self.error.guard
        self.ticker = Ticker(self.frame, guard)
        self.ticker.add_class("bw-play-play")
        link((state, "playing"), (self.ticker, "playing"))
        self.step_button = widgets.Button(description="Step", tooltip="one update (one batch)")
        self.step_button.add_class("bw-play-step")
        self.step_button.on_click(guard(lambda _: self.step(), "Step"))
        self.reset_button = widgets.Button(
            description="Reset", tooltip="back to the starting weights, step 0"
        )
        self.reset_button.add_class("bw-play-reset")
        self.reset_button.on_click(guard(lambda _: self.reset(), "Reset"))
        self.status = widgets.HTML()
        self.status.add_class("bw-play-status")
        self.csv = widgets.Text(
            description="CSV file",
            placeholder="points.csv, then Enter",
            continuous_update=False,
            tooltip="a file of rows x,y,target (1 positive, 0 or -1 negative): your own points",
            style={"description_width": "8em"},
            layout={"width": "auto"},
        )
        self.csv.add_class("bw-play-csv")
        self.csv_message = widgets.HTML(layout={"display": "none"})
        self.csv_message.add_class("bw-message-csv")
        self.csv.observe(guard(self._read_csv, "the CSV file"), "value")
        self.panels = {
            "data": ControlsPanel(state, guard, "data", [self.csv, self.csv_message]),
            "network": ControlsPanel(state, guard, "network"),
            "training": ControlsPanel(state, guard, "training"),
        }
        self.decision = DecisionView(state, guard)
        self.neurons = NeuronPictures(state, guard)
        self.curve_view = LossCurves(state, guard)
        self.flow = FlowDiagram()
        self.flow.observe(guard(self._clicked, "the diagram"), "chosen")
        self.flow_note = widgets.HTML()
        self.chain = ChainView(state, guard, self.flow)
        self._drawn_at = 0  # the update the diagram shows
        self._show()
        state.observe(guard(self._show, "the status"), ["revision", "playing"])
        state.observe(self.error.settle, "revision")
        super().__init__(self._layout(), layout={"width": "100%"})
        self.add_class("bw-playground")

    def _layout(self) -> list[widgets.Widget]:
        bar = widgets.HBox([self.ticker, self.step_button, self.reset_button, self.status])
        bar.add_class("bw-play-bar")
        p = self.panels
        return [
            widgets.HTML(STYLE + PLAY_STYLE),
            KeyScope(scope=".bw-playground", layout={"display": "none"}),
            bar,
            self.error,
            _row(
                _column(
                    "1 1 270px",
                    _section("Data", [p["data"]], "bw-play-data-panel"),
                    _section("Training", [p["training"]], "bw-play-train-panel"),
                ),
                _column(
                    "1 1 330px",
                    _section("Network", [p["network"], self.neurons], "bw-play-net-panel"),
                    _section("Loss curves", [self.curve_view], "bw-play-curves-panel"),
                ),
                _column("1 1 330px", _section("Output", [self.decision], "bw-play-output-panel")),
            ),
            _row(
                _section(
                    "The network: click a weight",
                    [self.flow_note, self.flow],
                    "bw-play-flow-panel",
                    "3 1 540px",
                ),
                _section(
                    "Its chain rule for the next batch",
                    [self.chain],
                    "bw-play-chain-panel",
                    "2 1 400px",
                ),
            ),
        ]

    # ----------------------------------------------------------------- wiring
    def _clicked(self, change) -> None:
        """A weight, bias or neuron was chosen in the diagram."""
        if change["new"] and change["new"] != self.state.param:
            self.state.propose(param=change["new"])

    def _read_csv(self, change) -> None:
        """Your own points from a CSV file (rows x, y, target); what is wrong, beside it."""
        path, why = change["new"].strip(), ""
        if path:
            try:
                self.state.use_points(datasets.read_csv(path))
            except BackpropError as error:
                why = f"{error}; the points stay as they were"
        self.csv_message.value = alert(why)
        self.csv_message.layout.display = "" if why else "none"

    def _show(self, _change=None) -> None:
        """The status line: the update, the errors, how training stopped; locks."""
        state, shot = self.state, self.state.snapshot
        passes = state.steps * len(state.batch) / len(state.train)
        numbers = [
            ("update", f"{state.steps:,}", "bw-play-steps"),
            ("passes over the points", f"{passes:.1f}", "bw-play-epochs"),
            ("training E_total", fmt(shot.e_train, 4), "bw-play-status-train"),
            ("test E_total", fmt(shot.e_test, 4), "bw-play-status-test"),
        ]
        text = " &middot; ".join(
            f"{name} <span class='bw-num {css}'>{value}</span>" for name, value, css in numbers
        )
        if state.stopped:
            text += (
                f"<br><span class='bw-alert' role='alert'>&#9888; {state.stopped}; change a "
                "setting (a smaller learning rate) or press Reset.</span>"
            )
        self.status.value = text
        self.step_button.disabled = state.playing
        self.flow_note.value = (
            f"<p class='bw-note'>Playing: the diagram shows update {self._drawn_at:,}; it "
            "follows again when you pause.</p>"
            if state.playing
            else "<p class='bw-note'>One sample of the next batch (chosen beside): its forward "
            "pass; Backward shows its gradients.</p>"
        )
        if not state.playing:
            self._drawn_at = state.steps

    # ----------------------------------------------------------------- public
    OPTIONS = tuple(OPTIONS)  # what Playground(...) and propose(...) take

    def frame(self) -> None:
        """One frame of Play: `speed` updates (20 by default), every picture redrawn."""
        self.state.advance(self.state.options["speed"])

    def step(self) -> None:
        """One update: the batch the chain rule shows, applied (the Step button)."""
        self.state.advance(1)

    def train(self, steps: int) -> None:
        """steps more updates at once, here and now (as Play makes them, frame by frame)."""
        self.state.advance(steps)

    def play(self) -> None:
        """Start Play (the browser then asks for frames); pause() stops it."""
        self.state.playing = True

    def pause(self) -> None:
        """Stop Play at once."""
        self.state.playing = False

    def reset(self) -> None:
        """The starting weights again, step 0; the points and settings stay."""
        self.state.reset()

    def propose(self, **changes: Any) -> None:
        """Change options (data="spiral", lr=0.1, ...) or what is shown (param, pick), as
        the controls do; BackpropError says why a change is refused."""
        self.state.propose(**changes)

    @property
    def network(self) -> Network:
        """The network as trained so far (its samples: the training points)."""
        return self.state.net

    @property
    def curves(self) -> Curves:
        """E_total by step: .train after every update, .test at .test_steps."""
        return self.state.curves

    @property
    def accuracy(self) -> tuple[float, float]:
        """The shares (0 to 1) of the training and of the test points put in their class."""
        shot = self.state.snapshot
        return shot.train_accuracy, shot.test_accuracy

    def batch_network(self) -> Network:
        """The network with the next batch's points alone: its walkthrough's gradients are
        the ones the next Step applies."""
        return self.state.batch_net()

    def sample_network(self) -> Network:
        """The network with one point of the next batch alone (the one chosen beside the
        chain rule): its walkthrough is that point's own chain rule."""
        return self.state.sample_net()

    @property
    def controls(self) -> dict[str, widgets.Widget]:
        """Every control by option name, e.g. playground.controls["lr"].value = "0.1"."""
        return {n: w for panel in self.panels.values() for n, w in panel.widgets.items()}

    def __repr__(self) -> str:
        state, shot = self.state, self.state.snapshot
        return (
            f"Playground({state.options['data']}, {state.net.layout.label}, "
            f"{state.steps} updates: training E_total {fmt(shot.e_train, 4)}, "
            f"test {fmt(shot.e_test, 4)}, test accuracy {shot.test_accuracy:.0%})"
        )
