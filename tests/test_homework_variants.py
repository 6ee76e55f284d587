"""Per-student variants: pinned values, hash-based (any machine, any Python), friendly ranges."""

import hashlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_widgets.homework import VARIANT_RANGES, HomeworkError, variant

# Pinned: if these change, every student's numbers and every answer key change.
ALICE = {
    "i1": 0.05, "i2": 0.17, "t1": 0.04, "t2": 0.9,
    "w1": 0.75, "w2": 0.58, "w3": 0.4, "w4": 0.19, "w5": 0.94, "w6": 0.55, "w7": 0.13, "w8": 0.38,
    "b1": 0.73, "b2": 0.66, "lr": 0.5,
}  # fmt: skip
BOB = {
    "i1": 0.2, "i2": 0.25, "t1": 0.01, "t2": 0.94,
    "w1": 0.15, "w2": 0.55, "w3": 0.24, "w4": 0.18, "w5": 0.5, "w6": 0.16, "w7": 0.71, "w8": 0.84,
    "b1": 0.28, "b2": 0.81, "lr": 0.5,
}  # fmt: skip


@pytest.mark.parametrize(("seed", "values"), [("alice", ALICE), ("bob", BOB)])
def test_variants_are_pinned(seed, values):
    assert variant(seed).values == values


def by_hand(seed: str, name: str, low: float, high: float) -> float:
    """The documented recipe, written out: sha256 of 'seed/variant:name', first 8 bytes."""
    digest = hashlib.sha256(f"{seed}/variant:{name}".encode()).digest()
    return round(low + (high - low) * int.from_bytes(digest[:8], "big") / 2**64, 2)


def test_variant_values_follow_the_documented_hash_recipe():
    assert by_hand("alice", "w1", 0.05, 0.95) == 0.75
    assert by_hand("alice", "t2", 0.90, 0.99) == 0.9
    assert by_hand("bob", "i1", 0.01, 0.50) == 0.2


def test_the_same_seed_gives_the_same_variant_in_a_fresh_process_with_another_hash_seed():
    code = "from backprop_widgets.homework import variant; print(variant('alice').values)"
    for hash_seed in ("0", "12345"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
        )
        assert out.returncode == 0, out.stderr
        assert eval(out.stdout) == ALICE


def test_surrounding_spaces_and_integer_ids_are_the_same_seed():
    assert variant("  alice ").values == ALICE
    assert variant(12345).values == variant("12345").values


def test_different_seeds_give_different_variants():
    assert variant("alice").values != variant("Alice").values != variant("bob").values


@pytest.mark.parametrize(
    ("seed", "message"),
    [
        ("", "seed is empty"),
        ("   ", "seed is empty"),
        (None, "seed must be text"),
        (["alice"], "seed must be text"),
        (True, "seed must be text"),
    ],
)
def test_bad_seeds_get_a_clear_message(seed, message):
    with pytest.raises(HomeworkError, match=message):
        variant(seed)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(str.strip))
def test_every_variant_is_friendly(seed):
    values = variant(seed).values
    for names, low, high in VARIANT_RANGES:
        group = [values[n] for n in names]
        assert all(low <= x <= high and round(x, 2) == x for x in group)
        assert len(set(group)) == len(group)  # distinct: every mix-up gives another number
    assert values["lr"] == 0.5
