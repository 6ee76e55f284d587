"""Small plots drawn as SVG text straight from the numbers: axes, ticks, labels, lines, marks.

A plot is an Axes (data limits, linear or log y, the box it is drawn in) and shapes placed
with it. Drawing is string formatting, so a plot costs well under a millisecond; the numbers
stay on the Python side for tests to read.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Axes", "clip_segment", "linear_ticks", "log_ticks", "polylines", "tick_text"]

WIDTH, HEIGHT = 420, 280  # CSS pixels of a plot
LEFT, RIGHT, TOP, BOTTOM = 62, 12, 10, 40  # room for tick labels and axis labels


def linear_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """At most `most` round values (1, 2, 2.5 or 5 times a power of ten) from low to high."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return []
    raw = (high - low) / (most - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    while True:
        first = math.ceil(low / step - 1e-9)
        ticks = [round((first + k) * step, 12) for k in range(most + 1)]
        ticks = [t for t in ticks if t <= high + 1e-9 * step]
        if len(ticks) <= most:
            return [0.0 if t == 0 else t for t in ticks]
        step *= 2


def log_ticks(low: float, high: float) -> list[float]:
    """Ticks for a log axis from low to high: decades (every other one when there are many),
    or three round values inside one decade."""
    if high / low >= 30:
        decades = list(range(math.ceil(math.log10(low)), math.floor(math.log10(high)) + 1))
        every = 1 + (len(decades) - 1) // 6
        return [10.0**d for d in decades[::every]]
    return sorted({float(f"{v:.2g}") for v in np.geomspace(low, high, 5)[1:4]})


def tick_text(value: float, log: bool = False) -> str:
    """A tick label: 4 significant digits on a linear axis, the shortest form on a log one."""
    text = f"{value:g}" if log else f"{value:.4g}"
    return "0" if text in ("-0", "0") else text


@dataclass(frozen=True)
class Axes:
    """Data limits and the pixel box they fill; px and py map data to pixels."""

    x_low: float
    x_high: float
    y_low: float
    y_high: float
    log: bool = False  # a log y axis
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def box(self) -> tuple[float, float, float, float]:
        """left, top, right, bottom of the plotting area, in pixels."""
        return LEFT, TOP, self.width - RIGHT, self.height - BOTTOM

    def _y(self, y):
        return np.log10(y) if self.log else y

    def px(self, x):
        """Pixel x of data x (a number or an array)."""
        left, _, right, _ = self.box
        return left + (np.asarray(x, float) - self.x_low) / (self.x_high - self.x_low) * (
            right - left
        )

    def py(self, y):
        """Pixel y of data y (up is smaller)."""
        _, top, _, bottom = self.box
        low, high = self._y(self.y_low), self._y(self.y_high)
        with np.errstate(all="ignore"):
            return bottom - (self._y(np.asarray(y, float)) - low) / (high - low) * (bottom - top)

    def data_x(self, px: float) -> float:
        """Data x of pixel x (the inverse of px)."""
        left, _, right, _ = self.box
        return self.x_low + (px - left) / (right - left) * (self.x_high - self.x_low)

    def data_y(self, py: float) -> float:
        """Data y of pixel y (the inverse of py)."""
        _, top, _, bottom = self.box
        low, high = self._y(self.y_low), self._y(self.y_high)
        y = low + (bottom - py) / (bottom - top) * (high - low)
        return 10.0**y if self.log else y

    def frame(self, xlabel: str, ylabel: str, x_ticks: Sequence, y_ticks: Sequence) -> str:
        """The box, the ticks with their labels and the two axis labels."""
        left, top, right, bottom = self.box
        parts = [
            f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
            'fill="none" stroke="#555" class="bw-plot-frame"/>'
        ]
        for x in x_ticks:
            p = float(self.px(x))
            parts.append(
                f'<line x1="{p:.2f}" y1="{bottom}" x2="{p:.2f}" y2="{bottom + 4}" '
                f'stroke="#555" class="bw-plot-tick"/><text x="{p:.2f}" y="{bottom + 15}" '
                f'class="bw-tick-x bw-svg-center">{tick_text(x)}</text>'
            )
        for y in y_ticks:
            p = float(self.py(y))
            parts.append(
                f'<line x1="{left - 4}" y1="{p:.2f}" x2="{left}" y2="{p:.2f}" '
                f'stroke="#555" class="bw-plot-tick"/><text x="{left - 6}" y="{p + 3.5:.2f}" '
                f'class="bw-tick-y bw-svg-end">{tick_text(y, self.log)}</text>'
            )
        middle = (top + bottom) / 2
        parts.append(
            f'<text x="{(left + right) / 2:.1f}" y="{self.height - 6}" '
            f'class="bw-plot-xlabel bw-svg-center">{html.escape(xlabel)}</text>'
            f'<text x="14" y="{middle:.1f}" transform="rotate(-90 14 {middle:.1f})" '
            f'class="bw-plot-ylabel bw-svg-center">{html.escape(ylabel)}</text>'
        )
        return "".join(parts)


def polylines(axes: Axes, xs: np.ndarray, ys: np.ndarray, attributes: str) -> str:
    """The points as SVG polylines (with these attributes), broken where y is not finite
    (or not positive on a log axis)."""
    px, py = axes.px(xs), axes.py(ys)
    good = np.isfinite(py)
    parts, start = [], 0
    while start < len(xs):
        while start < len(xs) and not good[start]:
            start += 1
        end = start
        while end < len(xs) and good[end]:
            end += 1
        if end > start:
            points = " ".join(
                f"{a:.2f},{b:.2f}" for a, b in zip(px[start:end], py[start:end], strict=True)
            )
            parts.append(f'<polyline points="{points}" {attributes}/>')
        start = end
    return "".join(parts)


def clip_segment(axes: Axes, x0, y0, x1, y1) -> tuple[float, float, float, float] | None:
    """The part of the segment (data units) inside the axes' limits, or None (Liang-Barsky)."""
    low, high = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in (
        (-dx, x0 - axes.x_low),
        (dx, axes.x_high - x0),
        (-dy, y0 - axes.y_low),
        (dy, axes.y_high - y0),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
    if low > high:
        return None
    return x0 + low * dx, y0 + low * dy, x0 + high * dx, y0 + high * dy
