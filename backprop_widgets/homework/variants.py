"""Per-student variants: the tutorial network with its own friendly numbers, from a seed.

Every value is drawn with ``seeded_uniform`` (a sha256 of the seed and the value's name),
so the same seed gives the same variant on every machine and Python version. Values of one
group (the inputs, the weights, the biases) are kept distinct, so a mix-up between two of
them always gives a different number that the checks can recognise.
"""

from __future__ import annotations

from ..core.errors import BackpropError
from ..core.network import Network, tutorial
from ..core.numbers import seeded_uniform

__all__ = ["VARIANT_RANGES", "HomeworkError", "draw_group", "seed_text", "variant"]

# (names, low, high): each value has 2 decimals and lies in [low, high]. Targets stay near
# 0 and 1 as in the post (t1 low, t2 high); lr stays the post's 0.5.
VARIANT_RANGES = (
    (("i1", "i2"), 0.01, 0.50),
    (("t1",), 0.01, 0.10),
    (("t2",), 0.90, 0.99),
    (("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"), 0.05, 0.95),
    (("b1", "b2"), 0.10, 0.90),
)


class HomeworkError(BackpropError):
    """Bad homework input (seed, exercise id, answer): the message says what to do."""


def seed_text(seed: str | int) -> str:
    """The seed as text (surrounding spaces dropped), or a clear error."""
    if isinstance(seed, int) and not isinstance(seed, bool):
        seed = str(seed)
    if not isinstance(seed, str):
        raise HomeworkError(f"seed must be text, e.g. a student id like 'alice'; got {seed!r}")
    if not seed.strip():
        raise HomeworkError("seed is empty: give text, e.g. a student id like 'alice'")
    return seed.strip()


def draw_group(
    seed: str, names, low: float, high: float, prefix: str = "variant", taken=()
) -> dict[str, float]:
    """Distinct values for names (and unlike those taken), each in [low, high] with 2
    decimals, from the sha256 of (seed, prefix:name)."""
    values: dict[str, float] = {}
    for name in names:
        values[name] = _draw(seed, name, low, high, {*taken, *values.values()}, prefix)
    return values


def _draw(seed: str, name: str, low: float, high: float, taken: set[float], prefix: str) -> float:
    """A value for name not yet taken in its group (redrawn as name#1, name#2, ...)."""
    attempt = 0
    while True:
        label = f"{prefix}:{name}" + (f"#{attempt}" if attempt else "")
        value = seeded_uniform(seed, label, low, high)
        if value not in taken:
            return value
        attempt += 1


def variant(seed: str | int) -> Network:
    """The tutorial network with the student's own inputs, targets, weights and biases."""
    seed = seed_text(seed)
    values: dict[str, float] = {}
    for names, low, high in VARIANT_RANGES:
        values |= draw_group(seed, names, low, high)
    return tutorial().with_params(**values)
