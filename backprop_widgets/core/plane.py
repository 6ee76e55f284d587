"""A classifier in the plane, as numbers for pictures: the grid a picture is drawn from, each
point's class, the class a network gives it, accuracy, and the boundary line between classes.

>>> import numpy as np
>>> values = np.array([[0.9, 0.2], [0.8, 0.1]])   # two rows (top first), two columns
>>> boundary(values, 0.5, (-1.0, 1.0)).round(3).tolist()
[[0.071, 0.5, -0.071, -0.5]]

Points are classified by their targets: one target, positive where it is above 0 (1 of 1/0
or of 1/-1); two targets (one-hot), positive where the second is the larger.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "MIDDLE",
    "accuracy",
    "boundary",
    "extent_of",
    "grid_points",
    "positive",
    "predicted",
    "score",
]

# Where an output's two classes meet: sigmoid 0.5, tanh 0 (softmax compares its two outputs).
MIDDLE = {"sigmoid": 0.5, "tanh": 0.0, "softmax": 0.5}


def extent_of(points: np.ndarray, least: float = 6.0) -> tuple[float, float]:
    """low, high of a square around the points (x and y alike): at least -least to least,
    wider by a tenth than the farthest coordinate."""
    farthest = float(np.max(np.abs(points))) if len(points) else 0.0
    half = max(least, 1.1 * farthest)
    return -half, half


def grid_points(extent: tuple[float, float], size: int) -> np.ndarray:
    """The centres of size x size cells over the square, one row per point (x, y): the top
    row first (y from high to low), x from left to right, as a picture is drawn."""
    low, high = extent
    step = (high - low) / size
    centres = low + step * (np.arange(size) + 0.5)
    x, y = np.meshgrid(centres, centres[::-1])
    return np.column_stack([x.ravel(), y.ravel()])


def positive(samples: Sequence) -> np.ndarray:
    """Whether each sample ((x, y), targets) is a positive point (see the module)."""
    targets = np.array([t for _, t in samples], dtype=float).reshape(len(samples), -1)
    if targets.shape[1] == 1:
        return targets[:, 0] > 0
    return targets[:, 1] > targets[:, 0]


def score(outputs: dict[str, np.ndarray], output: str) -> np.ndarray:
    """The value a decision picture shows: out_o1, or out_o2 (the positive class's
    probability) for two softmax outputs."""
    return outputs["o2"] if output == "softmax" else outputs["o1"]


def predicted(outs: np.ndarray, output: str) -> np.ndarray:
    """The class the network gives each point, from its outputs as [point, output]."""
    outs = np.asarray(outs, dtype=float)
    if output == "softmax":
        return outs[:, 1] > outs[:, 0]
    return outs[:, 0] > MIDDLE[output]


def accuracy(outs: np.ndarray, truth: np.ndarray, output: str) -> float:
    """The share of points the network puts in their own class (0 to 1)."""
    return float(np.mean(predicted(outs, output) == truth)) if len(truth) else 0.0


# Marching squares: for each of the 16 ways the four corners of a cell can lie above the
# level (bits: top left 8, top right 4, bottom right 2, bottom left 1), the cell's edges the
# line crosses, in pairs (edges: 0 top, 1 right, 2 bottom, 3 left).
_CROSSED = {
    1: ((3, 2),), 2: ((2, 1),), 3: ((3, 1),), 4: ((0, 1),), 5: ((3, 0), (2, 1)),
    6: ((0, 2),), 7: ((3, 0),), 8: ((3, 0),), 9: ((0, 2),), 10: ((3, 2), (0, 1)),
    11: ((0, 1),), 12: ((3, 1),), 13: ((2, 1),), 14: ((3, 2),),
}  # fmt: skip


def boundary(values: np.ndarray, level: float, extent: tuple[float, float]) -> np.ndarray:
    """The line where values (a grid: rows top first, at the cell centres of grid_points)
    cross level, as segments [x0, y0, x1, y1] in the plane's units (linear interpolation
    along each cell's edges; cells with a value that is not finite are left out)."""
    rows, cols = values.shape
    low, high = extent
    step = (high - low) / cols
    x = low + step * (np.arange(cols) + 0.5)
    y = high - step * (np.arange(rows) + 0.5)
    above = values > level
    tl, tr, br, bl = above[:-1, :-1], above[:-1, 1:], above[1:, 1:], above[1:, :-1]
    case = 8 * tl + 4 * tr + 2 * br + bl
    corners = (values[:-1, :-1], values[:-1, 1:], values[1:, 1:], values[1:, :-1])
    finite = np.logical_and.reduce([np.isfinite(c) for c in corners])
    segments = []
    for r, c in zip(*np.nonzero((case > 0) & (case < 15) & finite), strict=True):
        v = [float(corner[r, c]) for corner in corners]
        xs, ys = (x[c], x[c + 1], x[c + 1], x[c]), (y[r], y[r], y[r + 1], y[r + 1])

        def cross(edge: int, v=v, xs=xs, ys=ys) -> tuple[float, float]:
            a, b = edge, (edge + 1) % 4  # the edge from corner a to corner b
            f = (level - v[a]) / (v[b] - v[a])
            return xs[a] + f * (xs[b] - xs[a]), ys[a] + f * (ys[b] - ys[a])

        for one, two in _CROSSED[int(case[r, c])]:
            segments.append((*cross(one), *cross(two)))
    return np.array(segments, dtype=float).reshape(-1, 4)
