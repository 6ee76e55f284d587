"""A picture of the plane (an anywidget on a <canvas>): one value per grid cell, coloured
orange (low) to white (the middle) to blue (high), with the boundary line, the points and a
text alternative. The kernel sends numbers, the browser draws them.

>>> import numpy as np
>>> picture = PlaneView(pixels=120)
>>> picture.draw(np.array([[0.9, 0.2], [0.8, 0.1]]), (-1.0, 1.0), (0, 0.5, 1), "a test")
>>> picture.grid.tolist(), len(picture.values)
([[0.9, 0.2], [0.8, 0.1]], 16)

The numbers drawn stay on the widget (grid, segments_array, points_array) for tests to read;
values, segments and points carry them to the browser as little-endian float32.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import numpy as np
from traitlets import Bool, Bytes, Float, Int, List, Unicode

from ...core.plane import boundary

__all__ = ["PlaneView", "as_float32"]


def as_float32(values: np.ndarray) -> bytes:
    """values as little-endian float32 bytes (how the picture's numbers travel)."""
    return np.ascontiguousarray(values, dtype="<f4").tobytes()


class PlaneView(anywidget.AnyWidget):
    """Values over a square of the plane, the line where they cross the middle, points."""

    _esm = Path(__file__).with_name("plane.js")

    values = Bytes(b"", help="cols x cols float32, the top row first").tag(sync=True)
    cols = Int(0, help="cells per side").tag(sync=True)
    extent = List(Float(), [-6.0, 6.0], help="low, high of x and of y").tag(sync=True)
    scale = List(Float(), [0.0, 0.5, 1.0], help="values shown orange, white, blue").tag(sync=True)
    segments = Bytes(b"", help="the boundary: float32 x0, y0, x1, y1 per segment").tag(sync=True)
    points = Bytes(b"", help="float32 x, y, positive (1/0), test (1/0) per point").tag(sync=True)
    highlight = List(Float(), [], help="x, y of the point ringed, or empty").tag(sync=True)
    label = Unicode("", help="the text alternative, read by screen readers").tag(sync=True)
    pixels = Int(240, help="the picture's side in CSS pixels").tag(sync=True)
    radius = Float(3.5, help="the points' radius in CSS pixels").tag(sync=True)
    ticks = Bool(False, help="tick labels and axis names around the picture").tag(sync=True)
    tick_values = List(Float(), [], help="where the ticks are").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.grid = np.zeros((0, 0))
        self.segments_array = np.zeros((0, 4))
        self.points_array = np.zeros((0, 4))

    def draw(self, grid: np.ndarray, extent, scale, label: str, line: bool = False) -> None:
        """Show grid (rows top first) over the square extent, coloured by scale (low,
        middle, high); line: draw where the values cross the middle."""
        grid = np.asarray(grid, dtype=float)
        self.grid = grid
        self.segments_array = boundary(grid, scale[1], extent) if line else np.zeros((0, 4))
        with self.hold_sync():
            self.cols = grid.shape[1]
            self.extent = [float(v) for v in extent]
            self.scale = [float(v) for v in scale]
            self.values = as_float32(grid)
            self.segments = as_float32(self.segments_array)
            self.label = label

    def show_points(self, points: np.ndarray, highlight: tuple = ()) -> None:
        """The points as rows x, y, positive (1/0), test (1/0); a ring around highlight."""
        self.points_array = np.asarray(points, dtype=float).reshape(-1, 4)
        with self.hold_sync():
            self.points = as_float32(self.points_array)
            self.highlight = [float(v) for v in highlight]

    def __repr__(self) -> str:
        return f"PlaneView({self.label or 'empty'})"
