"""Core speed figures, each measured against its baseline in the same run.

    python benchmarks/run.py          (or: make bench)

1. Full recompute of every value shown (forward, partials, gradients, updates, error
   after): the compiled step vs a hand-written plain-float version. Goal: at most 2x.
2. 10,000 training steps with the history recorded: vs a class-per-neuron pure-Python
   implementation. Goal: at least 5x faster.
3. Derive and compile every gradient in a fresh process (after imports). Goals: 2-2-2
   <= 0.3 s, 4-4-4-2 <= 0.5 s, 8-8-8-4 <= 1.5 s on a 2-core machine.
4. Vectorised batch training, 2-4-1 on 200 samples, 1000 epochs, vs hand-written NumPy
   (bench_batch.py). Goal: at most 2x, the same E_total to 1e-9.
5. python -m backprop_widgets train --iterations 10000 --format json vs the class-per-neuron
   loop, the command's work and whole processes (bench_cli.py). Goal: at least 5x faster.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import baselines
import bench_batch
import bench_cli
import report

import backprop_widgets as bw
from backprop_widgets.core.compiled import compiled_for
from backprop_widgets.core.step import arguments_for

FRESH = """
import time, backprop_widgets as bw
from backprop_widgets.core.compiled import compiled_for
net = bw.tutorial().with_settings(sizes={sizes})
start = time.perf_counter()
compiled_for(net.shape).step
print(time.perf_counter() - start)
"""


def best_per_call(function, number: int, repeat: int = 7) -> float:
    """Best time per call in seconds over repeat rounds of number calls."""
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def recompute() -> list[tuple[str, str, str]]:
    """Figure 1: compiled step and walkthrough() vs the plain-float step."""
    net = bw.tutorial()
    step = compiled_for(net.shape).step
    args = arguments_for(net, step, net.samples[0])
    values = baselines.TUTORIAL_VALUES
    plain = best_per_call(lambda: baselines.plain_float_step(**values), 20_000)
    ours = best_per_call(lambda: step.function(*args), 20_000)
    whole = best_per_call(lambda: bw.walkthrough(net), 20_000)
    return [
        ("hand-written plain floats, one step", f"{plain * 1e6:.2f} us", "baseline"),
        (
            "compiled step (every value shown)",
            f"{ours * 1e6:.2f} us",
            f"{ours / plain:.2f}x (goal <= 2x)",
        ),
        (
            "walkthrough() incl. building the dicts",
            f"{whole * 1e6:.2f} us",
            f"{whole / plain:.2f}x",
        ),
    ]


def training() -> list[tuple[str, str, str]]:
    """Figure 2: 10,000 steps with history vs class-per-neuron Python (medians of 5)."""
    net = bw.tutorial()
    bw.train(net, 10)  # compile once, outside the timing
    theirs = statistics.median(
        timeit.repeat(lambda: baselines.class_per_neuron_train(10_000), number=1, repeat=5)
    )
    ours = statistics.median(timeit.repeat(lambda: bw.train(net, 10_000), number=1, repeat=5))
    return [
        ("class-per-neuron Python, 10,000 steps", f"{theirs * 1e3:.1f} ms", "baseline"),
        (
            "bw.train, 10,000 steps + history",
            f"{ours * 1e3:.1f} ms",
            f"{theirs / ours:.1f}x faster (goal >= 5x)",
        ),
    ]


def derive_and_compile() -> list[tuple[str, str, str]]:
    """Figure 3: derive + compile in a fresh process, median of 3 processes per shape."""
    rows = []
    for sizes, goal in (((2, 2, 2), 0.3), ((4, 4, 4, 2), 0.5), ((8, 8, 8, 4), 1.5)):
        runs = [
            float(
                subprocess.check_output(
                    [sys.executable, "-c", FRESH.format(sizes=sizes)], text=True
                )
            )
            for _ in range(3)
        ]
        label = "-".join(map(str, sizes))
        seconds = statistics.median(runs)
        rows.append(
            (f"derive + compile {label} (fresh process)", f"{seconds:.3f} s", f"goal <= {goal} s")
        )
    return rows


def main() -> None:
    rows = recompute() + training() + derive_and_compile()
    rows += bench_batch.rows(bench_batch.measure()) + bench_cli.rows(bench_cli.measure())
    report.print_rows(rows)


if __name__ == "__main__":
    main()
