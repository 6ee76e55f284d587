"""The playground's loss curves: E_total on the training points after every update (solid)
and on the test points after every frame (dashed), drawn as SVG from the state's curves."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from ...core.numbers import fmt
from ..play_data import Curves
from ..play_state import PlayState
from .svgplot import Axes, linear_ticks, polylines

__all__ = ["POINTS", "LossCurves", "thinned"]

POINTS = 400  # at most this many points of a line are drawn
WIDTH, HEIGHT = 360, 200
TRAIN, TEST = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermillion; the test line is dashed


def thinned(steps: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most POINTS of a line, evenly spread, the first and the last kept."""
    if len(steps) <= POINTS:
        return steps, values
    keep = np.unique(np.linspace(0, len(steps) - 1, POINTS).astype(int))
    return steps[keep], values[keep]


def _text(value: float) -> str:
    return fmt(value, 4) if np.isfinite(value) else "not a finite number"


class LossCurves(widgets.VBox):
    """Training and test E_total by step, with their last values in words."""

    def __init__(self, state: PlayState, guard: Callable):
        self.state = state
        self.image = widgets.HTML(layout={"width": f"{WIDTH}px", "max_width": "100%"})
        self.image.add_class("bw-play-curves")
        self.caption = widgets.HTML()
        self.caption.add_class("bw-play-curves-caption")
        self.train_line = self.test_line = None
        self.axes: Axes | None = None
        super().__init__([self.image, self.caption])
        self.redraw()
        state.observe(guard(self.redraw, "the loss curves"), "curves")

    def redraw(self, _change=None) -> None:
        """Draw both curves (thinned to POINTS each) on one linear scale from 0."""
        curves: Curves = self.state.curves
        steps = np.arange(len(curves.train))
        self.train_line = thinned(steps, curves.train)
        self.test_line = thinned(curves.test_steps, curves.test)
        both = np.concatenate([curves.train, curves.test])
        finite = both[np.isfinite(both)]
        top = float(finite.max()) * 1.08 if finite.size and finite.max() > 0 else 1.0
        last = max(int(steps[-1]), 1)
        self.axes = axes = Axes(0, last, 0.0, top, width=WIDTH, height=HEIGHT)
        x_ticks = [t for t in linear_ticks(0, last, 5) if float(t).is_integer()]
        body = [axes.frame("updates", "E_total", x_ticks, linear_ticks(0.0, top, 5))]
        for (xs, ys), colour, dash, cls in (
            (self.train_line, TRAIN, "", "bw-play-train-line"),
            (self.test_line, TEST, ' stroke-dasharray="6 4"', "bw-play-test-line"),
        ):
            attributes = (
                f'fill="none" stroke="{colour}" stroke-width="2"{dash} '
                f'stroke-linejoin="round" class="{cls}"'
            )
            body.append(polylines(axes, xs, ys, attributes))
        e_train, e_test = float(curves.train[-1]), float(curves.test[-1])
        words = (
            f"Loss curves over {last if len(steps) > 1 else 0:,} updates: E_total on the training "
            f"points (solid blue) from {_text(curves.train[0])} to {_text(e_train)}, on the test "
            f"points (dashed orange) from {_text(curves.test[0])} to {_text(e_test)}"
        )
        self.image.value = (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{html.escape(words)}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" class="bw-plot" '
            f'style="max-width:100%;height:auto">{"".join(body)}</svg>'
        )
        penalty = (
            " (both with E_reg, the penalty)" if self.state.net.regularization != "none" else ""
        )
        self.caption.value = (
            "<p class='bw-note'><svg width='26' height='8' aria-hidden='true'><line x1='0' y1='4' "
            f"x2='26' y2='4' stroke='{TRAIN}' stroke-width='2'/></svg> training: "
            f"<span class='bw-num bw-play-e-train'>{_text(e_train)}</span> after every update; "
            "<svg width='26' height='8' aria-hidden='true'><line x1='0' y1='4' x2='26' y2='4' "
            f"stroke='{TEST}' stroke-width='2' stroke-dasharray='6 4'/></svg> test: "
            f"<span class='bw-num bw-play-e-test'>{_text(e_test)}</span> after every frame"
            f"{penalty}.</p>"
        )
