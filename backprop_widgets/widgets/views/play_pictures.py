"""The playground's pictures of the plane: the decision boundary with the points, and each
hidden neuron's own picture, drawn from the state's snapshot, each with its text in words."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from ...core.numbers import fmt
from ...core.plane import MIDDLE, positive, score
from ..play_state import PlayState
from .controls import close_tree
from .plane import PlaneView
from .svgplot import linear_ticks

SIDE = 300  # the decision picture's side in CSS pixels (and 30 for the ticks)

__all__ = ["SIDE", "DecisionView", "NeuronPictures", "neuron_scale", "point_rows"]

LEGEND = """<div class='bw-play-legend'>
<svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" fill="#0072B2"
 stroke="#1a1a1a"/></svg> positive &nbsp;
<svg width="14" height="14" aria-hidden="true"><rect x="2" y="2" width="10" height="10"
 fill="#E69F00" stroke="#1a1a1a"/></svg> negative &nbsp;
(filled: training points; <svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7"
 r="4.5" fill="#fff" stroke="#0072B2" stroke-width="2.5"/></svg> hollow: test points).
Shading: what the network says, orange (negative) to white to blue (positive); black line:
the boundary; dashed ring: the sample whose chain rule is shown.</div>"""


def point_rows(train: tuple, test: tuple) -> np.ndarray:
    """The points as rows x, y, positive (1/0), test (1/0): training points first."""
    rows = [
        (x, y, float(p), float(is_test))
        for samples, is_test in ((train, 0), (test, 1))
        for (x, y), p in zip((s[0] for s in samples), positive(samples), strict=True)
    ]
    return np.array(rows, dtype=float).reshape(-1, 4)


def neuron_scale(activation: str, values: np.ndarray) -> tuple[float, float, float]:
    """The values shown orange, white and blue: a sigmoid's 0, 0.5, 1, a tanh's -1, 0, 1,
    otherwise symmetric about 0 up to the largest size."""
    if activation in ("sigmoid", "softmax"):
        return 0.0, 0.5, 1.0
    if activation == "tanh":
        return -1.0, 0.0, 1.0
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    return -top, 0.0, top


def _layer_name(layout, k: int) -> str:
    """hidden layer, or hidden layer k of several."""
    return "hidden layer" if len(layout.sizes) == 3 else f"hidden layer {k}"


def _share(part: float) -> str:
    return f"{100 * part:.0f}%"


def decision_words(state: PlayState) -> str:
    """What the decision picture shows, in words (its text alternative)."""
    shot = state.snapshot
    right = (
        round(shot.train_accuracy * len(state.train)),
        round(shot.test_accuracy * len(state.test)),
    )
    e = [
        fmt(v, 4) if np.isfinite(v) else "not a finite number" for v in (shot.e_train, shot.e_test)
    ]
    return (
        f"After {state.steps:,} updates the network calls {_share(shot.positive_share)} of the "
        f"plane positive (blue) and {_share(1 - shot.positive_share)} negative (orange). "
        f"Accuracy: {_share(shot.train_accuracy)} of the training points ({right[0]} of "
        f"{len(state.train)}), {_share(shot.test_accuracy)} of the test points ({right[1]} of "
        f"{len(state.test)}). E_total: {e[0]} on the training points, {e[1]} on the test points."
    )


class DecisionView(widgets.VBox):
    """The output over the plane with the boundary line and every point."""

    def __init__(self, state: PlayState, guard: Callable):
        self.state = state
        self.picture = PlaneView(pixels=SIDE, ticks=True, radius=3.5)
        self.picture.add_class("bw-play-decision")
        self.caption = widgets.HTML()
        self.caption.add_class("bw-play-decision-caption")
        super().__init__([self.picture, widgets.HTML(LEGEND), self.caption])
        self.redraw()
        self.place_points()
        state.observe(guard(self.redraw, "the decision picture"), "snapshot")
        state.observe(guard(self.place_points, "the points"), ["train", "steps", "pick", "net"])

    def redraw(self, _change=None) -> None:
        """The output (out_o1, or out_o2 of two softmax outputs) over the plane."""
        state = self.state
        shot, output = state.snapshot, state.output
        middle = MIDDLE[output]
        scale = (-1.0, 0.0, 1.0) if output == "tanh" else (0.0, middle, 1.0)
        words = decision_words(state)
        name = "out_o2 (the positive class)" if output == "softmax" else "out_o1"
        label = f"Decision picture: {name} over the plane, x and y from {state.extent[0]:g} to "
        self.picture.tick_values = linear_ticks(*state.extent, 5)
        self.picture.draw(
            score(shot.neurons, output),
            state.extent,
            scale,
            label + f"{state.extent[1]:g}. " + words,
            line=True,
        )
        self.caption.value = f"<p class='bw-note'>{words}</p>"

    def place_points(self, _change=None) -> None:
        """Every point, and a ring around the sample whose chain rule is shown."""
        state = self.state
        chosen = state.train[state.batch[state.pick]][0]
        self.picture.show_points(point_rows(state.train, state.test), chosen)


class NeuronPictures(widgets.VBox):
    """Each hidden neuron's out over the plane, one row per hidden layer."""

    def __init__(self, state: PlayState, guard: Callable):
        self.state = state
        self.pictures: dict[str, PlaneView] = {}
        self.captions: dict[str, widgets.HTML] = {}
        self._names: tuple = ()
        super().__init__()
        self.add_class("bw-play-neurons")
        self.redraw()
        state.observe(guard(self.redraw, "the neurons' pictures"), "snapshot")

    def _build(self) -> None:
        """A picture per hidden neuron, grouped by layer (the old ones are closed)."""
        for child in self.children:
            close_tree(child)
        lay, net = self.state.net.layout, self.state.net
        self.pictures, self.captions, rows = {}, {}, []
        for k, layer in enumerate(lay.layers[1:-1], start=1):
            cells = []
            for name in layer:
                self.pictures[name] = PlaneView(pixels=72, radius=0)
                self.pictures[name].add_class(f"bw-play-neuron-{name}")
                self.captions[name] = widgets.HTML()
                cells.append(widgets.VBox([self.pictures[name], self.captions[name]]))
            title = f"{_layer_name(lay, k)} ({net.activation[k - 1]})"
            heading = widgets.HTML(f"<h4>{title}</h4>")
            rows.append(
                widgets.VBox([heading, widgets.Box(cells, layout={"flex_flow": "row wrap"})])
            )
        if not rows:
            rows = [
                widgets.HTML(
                    "<p class='bw-note'>No hidden layer: the output neuron is the "
                    "only neuron, and its picture is the decision picture.</p>"
                )
            ]
        self.children = rows
        self._names = tuple(self.pictures)

    def redraw(self, _change=None) -> None:
        """Every hidden neuron's out over the grid; rebuilt when the neurons change."""
        state, net = self.state, self.state.net
        hidden = tuple(n for layer in net.layout.layers[1:-1] for n in layer)
        if hidden != self._names:
            self._build()
        for name, picture in self.pictures.items():
            values = state.snapshot.neurons[name]
            activation = net.activation[net.layout.layer_of[name] - 1]
            scale = neuron_scale(activation, values)
            finite = values[np.isfinite(values)]
            low, high = (fmt(finite.min(), 2), fmt(finite.max(), 2)) if finite.size else ("?", "?")
            above = _share(float(np.mean(values > scale[1])))
            label = (
                f"{name}: out_{name} over the plane, from {low} (orange) to {high} (blue); "
                f"above {scale[1]:g} on {above} of the plane"
            )
            picture.draw(values, state.extent, scale, label)
            self.captions[
                name
            ].value = f"<div class='bw-play-neuron-caption'><b>{name}</b><br>{low} to {high}</div>"
