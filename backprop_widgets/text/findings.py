"""The post's figures after training: which follow from the algorithm it describes, and
what produces the others.

The post describes gradient descent where every gradient comes from the original weights
(hidden_uses="original"). Its first-step numbers all follow from that. Three figures
printed after training do not:

- "after this first round ... 0.291027924": the hidden deltas used the already-updated
  w5..w8 (hidden_uses="updated"). The described algorithm gives 0.291027774.
- "after repeating this process 10,000 times ... 0.0000351085": the described algorithm
  after 9,999 updates gives these digits, but that is a fit, not evidence (near step 10,000
  one update moves the last printed digit by dozens, so some recipe matches by chance).
  The post's own printed outputs imply E_total = 0.0000350848, the updated-w5..w8 variant
  after 10,000 updates. The described algorithm gives 0.0000351019.
- "the two outputs neurons generate 0.015912196 ... and 0.984065734": the updated-w5..w8
  variant after 10,000 updates. The described algorithm gives 0.015913620 and 0.984064274.

One first-step number is a rounding slip: dE_o2/dout_h1 = -0.019049119 is the post's rounded
delta_o2 (-0.038098237) times w7 (0.5), rounded half up; the exact value, -0.01904911826,
rounds to -0.019049118. Every other number of the first step matches at the digits printed.

The hidden-layer section writes net_h1 = w1*i1 + w3*i2 + b1, but every number of the post
uses w2 (0.20) for i2 -> h1, as its forward pass says: with w3 (0.25), out_h1 would be
0.594475931, not 0.593269992. (The figure labels each weight beside its edge, which is what
readers misread.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..core.network import Network, tutorial
from ..core.numbers import fmt
from ..core.training import train

__all__ = ["SLIPS", "Figure", "Slip", "post_figures"]


@dataclass(frozen=True)
class Slip:
    """A first-step number the post printed from already-rounded factors."""

    key: str
    printed: str
    factors: tuple[str, ...]
    why: str


SLIPS = (
    Slip(
        "dE_o2/dout_h1",
        "-0.019049119",
        ("dE_o2/dnet_o2", "dnet_o2/dout_h1"),
        "the post multiplied its rounded delta_o2 (-0.038098237) by w7 (0.5) and rounded "
        "-0.0190491185 half up",
    ),
)


@dataclass(frozen=True)
class Figure:
    """One number the post prints after training, what the described algorithm gives, and
    the recipe that reproduces the printed digits."""

    what: str
    printed: str
    described: float
    recipe: str
    reproduced: float

    @property
    def digits(self) -> int:
        """How many decimals the post prints."""
        return len(self.printed.split(".")[1])

    @property
    def follows(self) -> bool:
        """True when the described algorithm gives the printed digits."""
        return fmt(self.described, self.digits) == self.printed

    @property
    def reproduces(self) -> bool:
        """True when the recipe gives exactly the printed digits."""
        return fmt(self.reproduced, self.digits) == self.printed


def _run(net: Network, steps: int):
    """E_total and outputs after steps updates."""
    history = train(net, steps)
    return history.E_total[-1], history.outputs[-1][0]


@cache
def post_figures() -> tuple[Figure, ...]:
    """The post's after-training figures, computed (about 0.3 s, then cached)."""
    original = tutorial()
    updated = original.with_settings(hidden_uses="updated")
    e1, _ = _run(original, 1)
    e1_updated, _ = _run(updated, 1)
    e10k, out10k = _run(original, 10_000)
    e9999, _ = _run(original, 9_999)
    _, out10k_updated = _run(updated, 10_000)
    later = "the hidden deltas used the already-updated w5..w8 (hidden_uses='updated')"
    return (
        Figure(
            "E_total after the first round",
            "0.291027924",
            e1,
            f"1 update where {later}",
            e1_updated,
        ),
        Figure(
            "E_total after 10,000 rounds",
            "0.0000351085",
            e10k,
            "the described algorithm after 9,999 updates (a fit to the digits, not evidence)",
            e9999,
        ),
        Figure(
            "out_o1 after 10,000 rounds",
            "0.015912196",
            out10k[0],
            f"10,000 updates where {later}",
            out10k_updated[0],
        ),
        Figure(
            "out_o2 after 10,000 rounds",
            "0.984065734",
            out10k[1],
            f"10,000 updates where {later}",
            out10k_updated[1],
        ),
    )


def findings_text() -> str:
    """The figures as a table a learner can read in a terminal."""
    rows = ["The post's figures after training", ""]
    for f in post_figures():
        verdict = "follows from the described algorithm" if f.follows else "does not follow"
        rows.append(f"{f.what}: the post prints {f.printed} ({verdict})")
        rows.append(f"  described algorithm (original weights): {fmt(f.described, f.digits)}")
        if not f.follows:
            rows.append(f"  reproduced by {f.recipe}: {fmt(f.reproduced, f.digits)}")
        rows.append("")
    return "\n".join(rows)
