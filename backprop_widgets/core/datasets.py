"""Data sets in the plane: TensorFlow Playground's four pictures, and your own points.

>>> from backprop_widgets import datasets
>>> train, test = datasets.load("xor", n=200, noise=0.1, seed=0, test_fraction=0.3)
>>> len(train), len(test), len(train[0][0]), train[0][1] in ((0.0,), (1.0,))
(140, 60, 2, True)

Each sample is ((x, y), targets), the form with_settings(samples=...) takes. The points lie
in the square from -5 to 5 (as in the Playground); a point is positive or negative:

- circle: positives at distance 0 to 2.5 from the centre, negatives at 3.5 to 5;
- xor: positives where x and y have the same sign (kept 0.3 away from the axes);
- gauss: two round clouds, positives around (2, 2), negatives around (-2, -2);
- spiral: two arms winding 1.75 turns out from the centre, half a turn apart.

noise (0 to 0.5, the Playground's 0 to 50): circle and xor flip a point's class where a
random shift of up to 5 * noise would carry it across the border; spiral moves the points by
up to noise; gauss widens the clouds (variance 0.5 at noise 0 up to 4 at 0.5).

targets: "binary" (1 positive, 0 negative: sigmoid outputs, cross_entropy), "signed" (1 and
-1: tanh outputs, the Playground's labels) or "one_hot" ((0, 1) positive, (1, 0) negative:
two softmax outputs, categorical_cross_entropy). The samples are shuffled; seed (a whole
number) fixes everything: numpy's PCG64 generator gives the same numbers on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .errors import BackpropError
from .numbers import real, whole
from .points import Sample, from_rows, read_csv, seed_number, split

__all__ = ["NAMES", "TARGETS", "from_rows", "load", "read_csv", "split"]

TARGETS = {
    "binary": ((1.0,), (0.0,)),
    "signed": ((1.0,), (-1.0,)),
    "one_hot": ((0.0, 1.0), (1.0, 0.0)),
}  # name: (targets of a positive point, of a negative one)
RADIUS = 5.0
MAX_SAMPLES = 100_000


def _uniform(rng: np.random.Generator, low: float, high: float, n: int) -> np.ndarray:
    """n numbers from low to high (rng.random: PCG64's doubles, stable across versions)."""
    return low + (high - low) * rng.random(n)


def _normal(rng: np.random.Generator, n: int) -> np.ndarray:
    """n standard normal numbers by the Box-Muller transform of uniform ones."""
    u, v = 1.0 - rng.random(n), rng.random(n)
    return np.sqrt(-2.0 * np.log(u)) * np.cos(2.0 * math.pi * v)


def _halves(n: int) -> tuple[int, int]:
    """How many positives and negatives: half each (one more positive for odd n)."""
    return n - n // 2, n // 2


def _circle(rng, n: int, noise: float):
    inside, outside = _halves(n)
    r = np.concatenate(
        [_uniform(rng, 0, RADIUS / 2, inside), _uniform(rng, 0.7 * RADIUS, RADIUS, outside)]
    )
    angle = _uniform(rng, 0, 2 * math.pi, n)
    x, y = r * np.sin(angle), r * np.cos(angle)
    shift = _uniform(rng, -RADIUS, RADIUS, 2 * n).reshape(2, n) * noise
    return x, y, np.hypot(x + shift[0], y + shift[1]) < RADIUS / 2


def _xor(rng, n: int, noise: float):
    x, y = _uniform(rng, -5, 5, n), _uniform(rng, -5, 5, n)
    x, y = x + np.where(x > 0, 0.3, -0.3), y + np.where(y > 0, 0.3, -0.3)
    shift = _uniform(rng, -5, 5, 2 * n).reshape(2, n) * noise
    return x, y, (x + shift[0]) * (y + shift[1]) >= 0


def _gauss(rng, n: int, noise: float):
    positives, negatives = _halves(n)
    spread = math.sqrt(0.5 + 7.0 * noise)  # variance 0.5 .. 4 for noise 0 .. 0.5
    centre = np.concatenate([np.full(positives, 2.0), np.full(negatives, -2.0)])
    x, y = centre + spread * _normal(rng, n), centre + spread * _normal(rng, n)
    return x, y, centre > 0


def _spiral(rng, n: int, noise: float):
    positives, negatives = _halves(n)
    xs, ys = [], []
    for count, turn in ((positives, 0.0), (negatives, math.pi)):
        k = np.arange(count) / count
        r, t = RADIUS * k, 1.75 * 2 * math.pi * k + turn
        xs.append(r * np.sin(t) + _uniform(rng, -1, 1, count) * noise)
        ys.append(r * np.cos(t) + _uniform(rng, -1, 1, count) * noise)
    return np.concatenate(xs), np.concatenate(ys), np.arange(n) < positives


GENERATORS: dict[str, Callable] = {
    "circle": _circle,
    "xor": _xor,
    "gauss": _gauss,
    "spiral": _spiral,
}
NAMES = tuple(GENERATORS)


def load(
    name: str,
    n: int = 200,
    noise: float = 0.0,
    seed: int = 0,
    test_fraction: float | None = None,
    targets: str = "binary",
) -> tuple[Sample, ...] | tuple[tuple[Sample, ...], tuple[Sample, ...]]:
    """n samples of a Playground data set, shuffled; with test_fraction, (train, test)."""
    if not isinstance(name, str) or name not in GENERATORS:
        raise BackpropError(f"unknown data set {name!r}; choose one of: {', '.join(NAMES)}")
    n = whole("n (how many samples)", n)
    if not 2 <= n <= MAX_SAMPLES:
        raise BackpropError(f"n (how many samples) must be from 2 to {MAX_SAMPLES:,}, got {n}")
    noise = real("noise", noise)
    if not 0 <= noise <= 0.5:
        raise BackpropError(f"noise must be from 0 to 0.5 (the Playground's 0 to 50), got {noise}")
    if targets not in TARGETS:
        raise BackpropError(f"unknown targets {targets!r}; choose one of: {', '.join(TARGETS)}")
    rng = np.random.default_rng(seed_number(seed))
    x, y, positive = GENERATORS[name](rng, n, noise)
    order = np.argsort(rng.random(n), kind="stable")
    yes, no = TARGETS[targets]
    samples = tuple(
        ((float(x[k]), float(y[k])), yes if positive[k] else no) for k in order.tolist()
    )
    return samples if test_fraction is None else split(samples, test_fraction, seed)
