"""Your own points as samples: from a list of rows or a CSV file, and a seeded train/test split.

A row is the inputs, then the targets: with inputs=2, "0.5,-1.2,1" is the point (0.5, -1.2)
with target 1. A CSV file may start with a header line (names, not numbers); blank lines and
lines starting with # are skipped. What is wrong with a file is said with its line number.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .checks import is_list
from .errors import BackpropError
from .numbers import real, whole

__all__ = ["Sample", "from_rows", "read_csv", "seed_number", "split"]

Sample = tuple[tuple[float, ...], tuple[float, ...]]


def seed_number(seed) -> int:
    """A seed for numpy's generator: a whole number, 0 or more."""
    if is_list(seed) or isinstance(seed, str) or seed is None:
        raise BackpropError(f"seed must be a whole number (0 or more), got {seed!r}")
    value = whole("seed", seed)
    if value < 0:
        raise BackpropError(f"seed must be a whole number (0 or more), got {seed!r}")
    return value


def split(
    samples: Sequence[Sample], test_fraction: float, seed: int = 0
) -> tuple[tuple[Sample, ...], tuple[Sample, ...]]:
    """(train, test): a seeded shuffle, then round(n * test_fraction) samples for testing."""
    fraction = real("test_fraction", test_fraction)
    n = len(samples)
    n_test = round(n * fraction)
    if not 0 < fraction < 1 or not 1 <= n_test < n:
        raise BackpropError(
            f"test_fraction must be above 0 and below 1 and leave at least one sample on each "
            f"side ({n} samples here), got {test_fraction!r}"
        )
    rng = np.random.default_rng(seed_number(seed) + 1)  # not the stream that made the points
    order = np.argsort(rng.random(n), kind="stable").tolist()
    shuffled = [samples[k] for k in order]
    return tuple(shuffled[: n - n_test]), tuple(shuffled[n - n_test :])


def _sample(values: Sequence[float], inputs: int) -> Sample:
    return tuple(values[:inputs]), tuple(values[inputs:])


def _inputs(inputs) -> int:
    count = whole("inputs (how many numbers of a row are inputs)", inputs)
    if count < 1:
        raise BackpropError(f"inputs must be 1 or more, got {inputs!r}")
    return count


def from_rows(
    rows: Sequence[Sequence[float]],
    inputs: int = 2,
    test_fraction: float | None = None,
    seed: int = 0,
) -> tuple[Sample, ...] | tuple[tuple[Sample, ...], tuple[Sample, ...]]:
    """Samples from rows of numbers (inputs first, then targets), in their order; with
    test_fraction, a seeded (train, test) split.

    >>> from_rows([(0.5, -1.2, 1), (2.0, 0.3, 0)])
    (((0.5, -1.2), (1.0,)), ((2.0, 0.3), (0.0,)))
    """
    count = _inputs(inputs)
    if not is_list(rows) or not len(rows):
        raise BackpropError("give a list of rows, e.g. [(0.5, -1.2, 1), (2.0, 0.3, 0)]")
    width, found = None, []
    for k, row in enumerate(rows, start=1):
        if not is_list(row):
            raise BackpropError(f"point {k} must be a row of numbers, got {row!r}")
        values = tuple(real(f"point {k}, number {j}", v) for j, v in enumerate(row, start=1))
        width = width or len(values)
        _check_width(len(values), width, count, f"point {k}", "point 1")
        found.append(_sample(values, count))
    samples = tuple(found)
    return samples if test_fraction is None else split(samples, test_fraction, seed)


def _check_width(width: int, expected: int, inputs: int, where: str, first: str) -> None:
    if width != expected:
        raise BackpropError(f"{where} has {width} numbers, but {first} has {expected}")
    if width < inputs + 1:
        raise BackpropError(
            f"{where} has {width} numbers: give {inputs} inputs and then at least one target"
        )


def read_csv(
    path: str | Path,
    inputs: int = 2,
    test_fraction: float | None = None,
    seed: int = 0,
) -> tuple[Sample, ...] | tuple[tuple[Sample, ...], tuple[Sample, ...]]:
    """Samples from a CSV file of rows (inputs first, then targets), an optional header."""
    count, path = _inputs(inputs), Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BackpropError(f"no file {str(path)!r}: check the name and the folder") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BackpropError(f"cannot read {str(path)!r} as text: {error}") from None
    width, first, found = None, "the first row", []
    for line, cells in enumerate(csv.reader(text.splitlines()), start=1):
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        where = f"{path.name}, line {line}"
        if width is None and _is_header(cells):
            width, first = len(cells), "the header"
            continue
        values = [
            real(f"{where}, column {j}", c.strip(), text=True) for j, c in enumerate(cells, 1)
        ]
        width = width or len(values)
        _check_width(len(values), width, count, where, first)
        found.append(_sample(tuple(values), count))
    if not found:
        raise BackpropError(f"{path.name} has no rows of numbers")
    samples = tuple(found)
    return samples if test_fraction is None else split(samples, test_fraction, seed)


def _is_header(cells: list[str]) -> bool:
    """A first line of names (no cell a number) is a header."""
    for cell in cells:
        try:
            float(cell)
            return False
        except ValueError:
            continue
    return True
