"""Vectorised batch training against a NumPy matrix version written by hand, in the same run.

    .venv/bin/python benchmarks/bench_batch.py

A 2-4-1 network (tanh hidden, sigmoid output, cross-entropy, one trained bias per neuron) on
200 samples (TF Playground's XOR set from bw.datasets, noise 0.1), 1000 full-batch epochs:
bw.train (the SymPy derivation printed as NumPy code, one call per batch, the history of
every step kept) against benchmarks/numpy_baseline.py (W @ x + b by hand, E_total only).
Goal: at most 2x the baseline's time, the same E_total to 1e-9 relative. Times are the best
of 7 alternating runs of each (the machine is shared; the best run is the least disturbed).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import numpy_baseline
import report

import backprop_widgets as bw

EPOCHS, SAMPLES, RUNS = 1000, 200, 7


def network() -> bw.Network:
    """The benchmark's network and samples."""
    return bw.tutorial().with_settings(
        sizes=(2, 4, 1),
        activation=("tanh", "sigmoid"),
        loss="cross_entropy",
        bias_mode="per_neuron",
        train_biases=True,
        samples=bw.datasets.load("xor", n=SAMPLES, noise=0.1, seed=1),
        seed="bench",
        lr=0.1,
    )


def measure() -> dict:
    """Times of both (seconds, per run) and how far their E_total histories differ."""
    net = network()
    x = np.array([s[0] for s in net.samples])
    t = np.array([s[1][0] for s in net.samples])
    start = numpy_baseline.matrices(net)
    bw.train(net, 2)  # derive and compile once, outside the timing
    ours, theirs = [], []
    for _ in range(RUNS):
        began = time.perf_counter()
        history = bw.train(net, EPOCHS)
        ours.append(time.perf_counter() - began)
        began = time.perf_counter()
        expected = numpy_baseline.train_tanh_sigmoid(x, t, *start, net.lr, EPOCHS)
        theirs.append(time.perf_counter() - began)
    relative = np.max(np.abs(history.E_total - expected) / np.abs(expected))
    return {
        "ours": ours,
        "theirs": theirs,
        "relative": float(relative),
        "E_total": (float(expected[0]), float(history.E_total[-1]), float(expected[-1])),
    }


def rows(found: dict) -> list[tuple[str, str, str]]:
    """The figures as (what, value, note) rows."""
    ours, theirs = min(found["ours"]), min(found["theirs"])
    start, end, expected = found["E_total"]
    return [
        (
            "hand-written NumPy, 2-4-1, 200 samples, 1000 epochs",
            f"{theirs * 1e3:.1f} ms",
            f"baseline (median {statistics.median(found['theirs']) * 1e3:.1f} ms)",
        ),
        (
            "bw.train, the same (vectorised, history kept)",
            f"{ours * 1e3:.1f} ms",
            f"{ours / theirs:.2f}x the baseline (goal <= 2x; median "
            f"{statistics.median(found['ours']) * 1e3:.1f} ms)",
        ),
        (
            "E_total: start, after 1000 epochs (ours, baseline)",
            f"{start:.6f}",
            f"{end:.12f}, {expected:.12f}; largest relative difference "
            f"{found['relative']:.1e} (goal <= 1e-9)",
        ),
    ]


def main() -> None:
    report.print_rows(rows(measure()))


if __name__ == "__main__":
    main()
