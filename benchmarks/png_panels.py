"""The baseline of benchmarks/bench_explorer.py: the explorer's previous loss slice and loss
curve, matplotlib figures drawn off screen (Agg) into PNG bytes for an ipywidgets Image.

Kept here, unchanged but for the imports, so the SVG panels that replaced them
(backprop_widgets/widgets/views/plots.py) are measured against them in the same run.

Each figure is made once; updates move its artists (set_data) and draw again. Words and
numbers go in an HTML caption beside the image, not into the figure: text is what costs
most to draw. pyplot is never used, so no figure is registered with it or left open.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullLocator

from backprop_widgets.core.network import Network
from backprop_widgets.core.numbers import fmt, fmt_given
from backprop_widgets.core.step import loss_slice
from backprop_widgets.text.sections import value_class
from backprop_widgets.widgets.state import State

__all__ = ["CURVE_POINTS", "LossCurve", "LossSlice", "PngFigure", "slice_span"]

BLUE, VERMILLION, BLACK = "#0072B2", "#D55E00", "#000000"  # Okabe-Ito, and black
SIZE = (420, 280)  # CSS pixels of a figure
SHARPNESS = 1.5  # PNG pixels per CSS pixel (sharper on high-density screens, slower to draw)
SLICE_POINTS = 201
CURVE_POINTS = 1500  # at most this many points of a long run are drawn


class PngFigure:
    """One small matplotlib figure, shown as a PNG in an ipywidgets Image, with a caption."""

    def __init__(self, css_class: str, xlabel: str, ylabel: str):
        self.figure = Figure(figsize=(SIZE[0] / 96, SIZE[1] / 96), dpi=96 * SHARPNESS)
        FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.17, right=0.97, bottom=0.16, top=0.96)
        self.axes = self.figure.add_subplot()
        for axis in (self.axes.xaxis, self.axes.yaxis):
            axis.set_major_locator(MaxNLocator(nbins=4))
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.4g}"))  # no offset text
        self.axes.tick_params(labelsize=8)
        self.axes.set_xlabel(xlabel, fontsize=8)
        self.axes.set_ylabel(ylabel, fontsize=8)
        self._drawn: tuple | None = None  # what the image shows now
        self.image = widgets.Image(
            format="png", layout={"width": f"{SIZE[0]}px", "max_width": "100%", "height": "auto"}
        )
        self.image.add_class(css_class)
        self.caption = widgets.HTML()
        self.caption.add_class(f"{css_class}-caption")
        self.view = widgets.VBox([self.image, self.caption])

    def draw(self, key: tuple | None = None) -> None:
        """Render the figure and send the PNG to the Image; key: what it shows."""
        buffer = io.BytesIO()
        self.figure.canvas.print_png(buffer, pil_kwargs={"compress_level": 1})
        self.image.value = buffer.getvalue()
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


class LossSlice(PngFigure):
    """E_total as one parameter varies, the tangent (slope = gradient) and the update step.

    With a state it follows the chosen parameter and every change of the step.
    """

    def __init__(self, state: State | None = None, guard=lambda f, where: f):
        super().__init__("bw-plot-slice", "parameter", "E_total")
        ax = self.axes
        (self.curve,) = ax.plot([], [], color=BLUE, lw=2)
        (self.tangent,) = ax.plot([], [], color=BLACK, lw=1.2, ls="--")
        arrow = {"arrowstyle": "-|>", "color": VERMILLION, "lw": 2, "shrinkA": 0, "shrinkB": 0}
        self.step = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=arrow)
        (self.here,) = ax.plot([], [], "o", color=BLACK, ms=6)
        (self.after,) = ax.plot([], [], "s", color=VERMILLION, ms=6)
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
        e_new, es = es[-1], es[:-1]
        half = (xs[-1] - xs[0]) / 4
        self.curve.set_data(xs, es)
        self.tangent.set_data([p - half, p + half], [e - g * half, e + g * half])
        self.here.set_data([p], [e])
        self.step.xy, self.step.xyann = (p_new, e), (p, e)
        self.after.set_data([p_new], [e_new])
        self.axes.set_xlabel(name, fontsize=8)
        self._limits(xs, es)
        self.caption.value = _caption(name, p, g, p_new, e_new, digits)
        self.draw((shows, net.samples))

    def _limits(self, xs: np.ndarray, es: np.ndarray) -> None:
        """Axes fitted to the finite part of the curve."""
        finite = es[np.isfinite(es)]
        low, high = (finite.min(), finite.max()) if len(finite) else (0.0, 1.0)
        pad = 0.08 * (high - low) or 0.05 * max(abs(high), 1e-9)
        self.axes.set_xlim(xs[0], xs[-1])
        self.axes.set_ylim(low - pad, high + pad)


def log_ticks(low: float, high: float) -> LogLocator | FixedLocator:
    """Ticks for a log axis shown from low to high: decades, or three values inside them."""
    if high / low >= 30:
        return LogLocator(base=10, numticks=6)
    return FixedLocator(sorted({float(f"{v:.2g}") for v in np.geomspace(low, high, 5)[1:4]}))


class LossCurve(PngFigure):
    """E_total over the training steps (log scale), the current step marked."""

    def __init__(self):
        super().__init__("bw-plot-curve", "step", "E_total (log scale)")
        ax = self.axes
        (self.curve,) = ax.plot([], [], color=BLUE, lw=1.8)
        (self.marker,) = ax.plot([], [], "o", color=VERMILLION, ms=7)
        self.line = ax.axvline(0, color=VERMILLION, lw=1, ls=":")
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))  # no mathtext: fast
        ax.yaxis.set_minor_locator(NullLocator())

    def update(self, e_total: np.ndarray, step: int) -> None:
        """Draw E_total per step (thinned to CURVE_POINTS) and mark step."""
        shows = (len(e_total), e_total[-1], step, e_total[step])
        self.image.layout.display = ""
        if shows == self._drawn:
            return
        steps = np.arange(len(e_total))
        if len(e_total) > CURVE_POINTS:
            steps = np.unique(np.linspace(0, len(e_total) - 1, CURVE_POINTS).astype(int))
        shown = e_total[steps]
        positive = np.where(shown > 0, shown, np.nan)
        self.curve.set_data(steps, positive)
        current = e_total[step]
        self.marker.set_data([step], [current if current > 0 else np.nan])
        self.line.set_xdata([step, step])
        last = max(len(e_total) - 1, 1)
        self.axes.set_xlim(-0.02 * last, 1.02 * last)
        finite = positive[np.isfinite(positive)]
        if len(finite):
            low, high = finite.min() / 1.5, finite.max() * 1.5
            self.axes.set_ylim(low, high)
            self.axes.yaxis.set_major_locator(log_ticks(low, high))
        self.draw(shows)

    def clear(self) -> None:
        """No run yet: no figure, a hint instead (drawn at the first run, not before)."""
        self.image.layout.display = "none"
        self.caption.value = "<small>Press Step or Train: E_total per step appears here.</small>"
