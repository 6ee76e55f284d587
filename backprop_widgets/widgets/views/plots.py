"""The loss slice and the loss curve, drawn as SVG from the numbers (views/svgplot.py).

Each figure is an HTML widget holding one <svg role="img"> with a text alternative, and a
caption beside it in words and numbers. The numbers drawn stay on the figure (curve,
tangent, arrow, marker, axes) for tests to compare with the core.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ...core.network import Network
from ...core.numbers import fmt, fmt_given
from ...core.step import loss_slice
from ...text.sections import value_class
from ..state import State
from .svgplot import HEIGHT, WIDTH, Axes, clip_segment, linear_ticks, log_ticks, polylines

__all__ = ["CURVE_POINTS", "LossCurve", "LossSlice", "SvgFigure", "slice_span"]

BLUE, VERMILLION, BLACK = "#0072B2", "#D55E00", "#000000"  # Okabe-Ito, and black
SLICE_POINTS = 201
CURVE_POINTS = 1500  # at most this many points of a long run are drawn
CURVE = f'fill="none" stroke="{BLUE}" stroke-width="2" stroke-linejoin="round" class="bw-plot-line"'


class SvgFigure:
    """One small plot: an SVG in an HTML widget (class css_class), with a caption."""

    def __init__(self, css_class: str):
        self.image = widgets.HTML(layout={"width": f"{WIDTH}px", "max_width": "100%"})
        self.image.add_class(css_class)
        self.caption = widgets.HTML()
        self.caption.add_class(f"{css_class}-caption")
        self.view = widgets.VBox([self.image, self.caption])
        self.axes: Axes | None = None
        self._drawn: tuple | None = None  # what the image shows now

    def draw(self, label: str, body: str, key: tuple | None = None) -> None:
        """Put the SVG (its text alternative: label) into the widget; key: what it shows."""
        self.image.value = (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-label="{html.escape(label)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" class="bw-plot" '
            f'style="max-width:100%;height:auto">{body}</svg>'
        )
        self._drawn = key


def slice_span(value: float, step: float) -> tuple[float, float]:
    """The range of a loss slice: the value +-0.5, or wider to show the update step."""
    half = max(0.5, 3 * abs(step))
    return value - half, value + half


def _caption(name: str, p: float, g: float, p_new: float, e_new: float, digits: int) -> str:
    """What the slice shows, in words and numbers."""
    after = fmt(e_new, digits) if np.isfinite(e_new) else "not a finite number"
    return (
        f"<small>Solid blue: E_total as only {name} changes. Black dashes: the tangent at "
        f"{name} = {fmt_given(p, digits)}, slope dE_total/d{name} = "
        f"<span class='bw-num'>{fmt(g, digits)}</span>. Orange arrow: the update to "
        f"{name}+ = <span class='bw-num'>{fmt(p_new, digits)}</span>; square: E_total "
        f"there with every other value unchanged, <span class='bw-num "
        f"{value_class('slice', 'E_total')}'>{after}</span>.</small>"
    )


def _arrow(axes: Axes, start: tuple, end: tuple) -> str:
    """An orange arrow from start to end (data units), its head drawn in pixels; a step
    shorter than the head is the head alone, pointing the way the step goes."""
    (x0, y0), (x1, y1) = [(float(axes.px(x)), float(axes.py(y))) for x, y in (start, end)]
    length = np.hypot(x1 - x0, y1 - y0)
    if not np.isfinite(length) or start == end:
        return ""
    if length > 0:
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
    else:  # less than a float's worth of pixels: the sign of the step
        ux, uy = float(np.sign(end[0] - start[0])), 0.0
    head = 9.0
    bx, by = x1 - head * ux, y1 - head * uy
    wing = [(bx - 4 * uy, by + 4 * ux), (bx + 4 * uy, by - 4 * ux)]
    points = " ".join(f"{a:.2f},{b:.2f}" for a, b in [(x1, y1), *wing])
    shaft = (
        f'<line x1="{x0:.2f}" y1="{y0:.2f}" x2="{bx:.2f}" y2="{by:.2f}" stroke="{VERMILLION}" '
        f'stroke-width="2" class="bw-plot-arrow"/>'
        if length > head
        else ""
    )
    return shaft + f'<polygon points="{points}" fill="{VERMILLION}" class="bw-plot-arrowhead"/>'


def _dot(axes: Axes, x: float, y: float, cls: str, colour: str, square: bool = False) -> str:
    """A round (or square) marker at (x, y), if it is inside the axes."""
    px, py = float(axes.px(x)), float(axes.py(y))
    if not (np.isfinite(py) and axes.box[1] - 1 <= py <= axes.box[3] + 1):
        return ""
    if square:
        return (
            f'<rect x="{px - 4:.2f}" y="{py - 4:.2f}" width="8" height="8" fill="{colour}" '
            f'class="{cls}"/>'
        )
    return f'<circle cx="{px:.2f}" cy="{py:.2f}" r="4" fill="{colour}" class="{cls}"/>'


class LossSlice(SvgFigure):
    """E_total as one parameter varies, the tangent (slope = gradient) and the update step.

    With a state it follows the chosen parameter and every change of the step.
    """

    def __init__(self, state: State | None = None, guard=lambda f, where: f):
        super().__init__("bw-plot-slice")
        self.curve = self.tangent = self.arrow = self.here = self.after = None
        self.xlabel = ""
        self.state = state
        if state is not None:
            self.redraw()
            state.observe(guard(self.redraw, "the loss slice"), ["step", "digits", "param"])

    def redraw(self, _change=None) -> None:
        state = self.state
        self.update(state.net, state.step, state.param, state.digits)

    def update(self, net: Network, values: dict, name: str, digits: int) -> None:
        """Draw the slice through net along name with this step's gradient and update."""
        p, g = net.params[name], values["gradients"][name]
        p_new, e = values["updated"][name], values["forward"]["E_total"]
        shows = (net.shape, tuple(net.values.items()), tuple(net.velocity.items()), name, digits)
        if (shows, net.samples) == self._drawn:
            return
        xs = np.linspace(*slice_span(p, p_new - p), SLICE_POINTS)
        es = loss_slice(net, name, np.append(xs, p_new))
        e_new, es = float(es[-1]), es[:-1]
        half = (xs[-1] - xs[0]) / 4
        self.curve = (xs, es)
        self.tangent = ((p - half, p + half), (e - g * half, e + g * half))
        self.here, self.after = (p, e), (p_new, e_new)
        self.arrow = ((p, e), (p_new, e))
        self.xlabel = name
        self.axes = axes = _fitted(xs, es)
        body = [axes.frame(name, "E_total", linear_ticks(xs[0], xs[-1]), _y_ticks(axes))]
        body.append(polylines(axes, xs, es, CURVE))
        (tx0, tx1), (ty0, ty1) = self.tangent
        clipped = clip_segment(axes, tx0, ty0, tx1, ty1)
        if clipped:
            a, b, c, d = (
                float(v)
                for v in (
                    axes.px(clipped[0]),
                    axes.py(clipped[1]),
                    axes.px(clipped[2]),
                    axes.py(clipped[3]),
                )
            )
            body.append(
                f'<line x1="{a:.2f}" y1="{b:.2f}" x2="{c:.2f}" y2="{d:.2f}" stroke="{BLACK}" '
                'stroke-width="1.3" stroke-dasharray="6 4" class="bw-plot-tangent"/>'
            )
        body.append(_arrow(axes, *self.arrow))
        body.append(_dot(axes, p, e, "bw-plot-here", BLACK))
        body.append(_dot(axes, p_new, e_new, "bw-plot-after", VERMILLION, square=True))
        label = (
            f"Loss slice: E_total as {name} alone goes from {xs[0]:.4g} to {xs[-1]:.4g}; "
            f"at {name} = {fmt_given(p, digits)} the tangent's slope is dE_total/d{name} = "
            f"{fmt(g, digits)}; the update moves {name} to {fmt(p_new, digits)}"
        )
        self.caption.value = _caption(name, p, g, p_new, e_new, digits)
        self.draw(label, "".join(body), (shows, net.samples))


def _fitted(xs: np.ndarray, es: np.ndarray) -> Axes:
    """Axes fitted to the finite part of the curve, with a margin."""
    finite = es[np.isfinite(es)]
    low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    pad = 0.08 * (high - low) or 0.05 * max(abs(high), 1e-9)
    return Axes(float(xs[0]), float(xs[-1]), low - pad, high + pad)


def _y_ticks(axes: Axes) -> list[float]:
    return linear_ticks(axes.y_low, axes.y_high)


class LossCurve(SvgFigure):
    """E_total over the training steps (log scale), the current step marked."""

    def __init__(self):
        super().__init__("bw-plot-curve")
        self.curve = self.marker = None

    def update(self, e_total: np.ndarray, step: int) -> None:
        """Draw E_total per step (thinned to CURVE_POINTS) and mark step."""
        shows = (len(e_total), e_total[-1], step, e_total[step])
        self.image.layout.display = ""
        if shows == self._drawn:
            return
        steps = np.arange(len(e_total))
        if len(e_total) > CURVE_POINTS:
            steps = np.unique(np.linspace(0, len(e_total) - 1, CURVE_POINTS).astype(int))
        shown = np.asarray(e_total, float)[steps]
        with np.errstate(invalid="ignore"):
            positive = np.where(shown > 0, shown, np.nan)
        current = float(e_total[step])
        self.curve, self.marker = (steps, positive), (step, current if current > 0 else np.nan)
        last = max(len(e_total) - 1, 1)
        finite = positive[np.isfinite(positive)]
        low, high = (finite.min() / 1.5, finite.max() * 1.5) if len(finite) else (0.1, 1.0)
        self.axes = axes = Axes(-0.02 * last, 1.02 * last, float(low), float(high), log=True)
        body = [
            axes.frame(
                "step", "E_total (log scale)", _whole(linear_ticks(0, last)), log_ticks(low, high)
            ),
            polylines(axes, steps, positive, CURVE),
        ]
        x = float(axes.px(step))
        _, top, _, bottom = axes.box
        body.append(
            f'<line x1="{x:.2f}" y1="{top}" x2="{x:.2f}" y2="{bottom}" stroke="{VERMILLION}" '
            'stroke-width="1" stroke-dasharray="2 3" class="bw-plot-step-line"/>'
        )
        body.append(_dot(axes, *self.marker, "bw-plot-marker", VERMILLION))
        shown_now = fmt(current) if np.isfinite(current) else "not a finite number"
        label = (
            f"Loss curve: E_total over {len(e_total) - 1} training steps on a log scale, "
            f"from {fmt(float(e_total[0]))} to {fmt(float(e_total[-1]))}; marked: step "
            f"{step}, E_total = {shown_now}"
        )
        self.draw(label, "".join(body), shows)

    def clear(self) -> None:
        """No run yet: no figure, a hint instead (drawn at the first run, not before)."""
        self.image.layout.display = "none"
        self.caption.value = "<small>Press Step or Train: E_total per step appears here.</small>"


def _whole(ticks: list[float]) -> list[float]:
    """Only whole steps (a run of 1 step gets ticks 0 and 1)."""
    return [t for t in ticks if float(t).is_integer()]
