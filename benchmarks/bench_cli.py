"""The command line against a class-per-neuron pure-Python training loop, in the same run.

    .venv/bin/python benchmarks/bench_cli.py

`python -m backprop_widgets train --iterations 10000 --format json` (10,000 steps of the
post's network, the history of every step printed as JSON) against
baselines.class_per_neuron_train(10000) (the loop a learner writes after the post, keeping
its E_total history), measured two ways:

1. the command's work: cli.main(...) in a process that has imported the package and derived
   the network once, its JSON written to memory, against the loop in the same process.
   Goal: at least 5x faster.
2. whole processes: the command, against a Python process that runs the loop and prints its
   history as JSON. Both pay Python's start; the command also imports SymPy and NumPy and
   derives the network (the floor, measured on its own, is printed too).

Times are the best of several alternating runs (the machine is shared).
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import baselines
import report

from backprop_widgets import cli

HERE = Path(__file__).parent
ARGS = ["train", "--iterations", "10000", "--format", "json"]
BASELINE = f"""
import json, sys
sys.path.insert(0, {str(HERE)!r})
import baselines
print(json.dumps(baselines.class_per_neuron_train(10_000)))
"""
FLOOR = """
import backprop_widgets as bw
from backprop_widgets.core.compiled import compiled_for
shape = compiled_for(bw.tutorial().shape)
shape.training_loop, shape.loss, shape.forward
"""


def _timed(function) -> float:
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


def _command() -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(ARGS) == 0


def _process(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)


def measure(runs: int = 7, processes: int = 5) -> dict[str, float]:
    """Best times in seconds: command and loop in one process; then whole processes."""
    _command()  # import, derive and compile once, outside the timing
    work, loop = [], []
    for _ in range(runs):
        work.append(_timed(_command))
        loop.append(_timed(lambda: baselines.class_per_neuron_train(10_000)))
    ours, theirs, floor = [], [], []
    for _ in range(processes):
        ours.append(_timed(lambda: _process("-m", "backprop_widgets", *ARGS)))
        theirs.append(_timed(lambda: _process("-c", BASELINE)))
        floor.append(_timed(lambda: _process("-c", FLOOR)))
    return {
        "work": min(work),
        "loop": min(loop),
        "process": min(ours),
        "baseline process": min(theirs),
        "floor": min(floor),
    }


def rows(found: dict[str, float]) -> list[tuple[str, str, str]]:
    """The figures as (what, value, note) rows."""
    ms = {k: f"{v * 1e3:.1f} ms" for k, v in found.items()}
    return [
        ("class-per-neuron Python, 10,000 steps (in process)", ms["loop"], "baseline"),
        (
            "CLI train --iterations 10000 --format json (its work)",
            ms["work"],
            f"{found['loop'] / found['work']:.1f}x faster (goal >= 5x)",
        ),
        ("the loop + printing its history, whole process", ms["baseline process"], "baseline"),
        (
            "python -m backprop_widgets train ..., whole process",
            ms["process"],
            f"{found['baseline process'] / found['process']:.2f}x as fast",
        ),
        ("  of which: import + derive + compile, whole process", ms["floor"], "the floor"),
    ]


def main() -> None:
    report.print_rows(rows(measure()))


if __name__ == "__main__":
    main()
