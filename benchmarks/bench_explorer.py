"""Explorer speed and memory figures (kernel side), printed as a table.

    .venv/bin/python benchmarks/bench_explorer.py [--moves 300]

1. Kernel time of one explorer move with every panel on (closed form too), measured inside
   a running IPython kernel (so every widget update is serialised and sent on its comm, as
   in a notebook): from setting a random control to every widget holding its new value.
   Median and p90, wall and CPU. Goal: median at most 10 ms for the post's network.
   Baseline, in the same kernel and interleaved move by move: the same explorer with the
   previous loss slice and loss curve (matplotlib figures rendered to PNG, kept in
   benchmarks/png_panels.py).
2. One replay frame (every panel and both figures follow a step of a 1,000-step run).
   Goal: median at most 20 ms. The same baseline.
3. From `import backprop_widgets` to the explorer built, in a fresh process. Goal: at most
   2 s. Cold (nothing imported) and as in a kernel (IPython and ipykernel imported first).
4. Resident memory of that process with the explorer built, and after 10,000 training
   steps. Goal: at most 250 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from report import in_kernel, print_figures, timings

HERE = Path(__file__).resolve().parent
FRESH_RUNS = 5
FRESH = """
import time
{preload}
start, cpu = time.perf_counter(), time.process_time()
import backprop_widgets as bw
explorer = bw.Explorer()
built, built_cpu = time.perf_counter() - start, time.process_time() - cpu
import psutil
rss = psutil.Process().memory_info().rss
explorer.train(10_000)
print(built, built_cpu, rss, psutil.Process().memory_info().rss)
"""

# Runs inside the kernel: two explorers (SVG panels, PNG baseline), timed move by move.
IN_KERNEL = r"""
import json, sys, time
import numpy as np
from IPython.display import display
sys.path.insert(0, {here!r})
import png_panels
import backprop_widgets as bw
from backprop_widgets.widgets import explorer as explorer_module
from backprop_widgets.widgets.views import trainer as trainer_module

def build(kind, sizes):
    saved = explorer_module.LossSlice, trainer_module.LossCurve
    if kind == "png":
        explorer_module.LossSlice = png_panels.LossSlice
        trainer_module.LossCurve = png_panels.LossCurve
    try:
        explorer = bw.Explorer()
    finally:
        explorer_module.LossSlice, trainer_module.LossCurve = saved
    explorer.settings["sizes"].value = sizes
    explorer.derivation.closed.value = True
    display(explorer)
    return explorer

def timed(action):
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu

def moves(explorers, count, seed):
    rng = np.random.default_rng(seed)
    names = [n for n in explorers["svg"].controls if n[0] in "witb"]
    found = {{kind: [] for kind in explorers}}
    for _ in range(count):
        name = names[rng.integers(len(names))]
        value = float(np.round(rng.uniform(-1, 1), 3))
        for kind, explorer in explorers.items():
            control = explorer.controls[name]
            found[kind].append(timed(lambda: setattr(control, "value", value)))
    for explorer in explorers.values():
        assert explorer.error.value == "", explorer.error.value
    return found

def frames(explorers):
    found = {{kind: [] for kind in explorers}}
    for explorer in explorers.values():
        explorer.train(1000)
    for k in range(0, 1001, 10):
        for kind, explorer in explorers.items():
            replay = explorer.trainer.position
            found[kind].append(timed(lambda: setattr(replay, "value", k)))
    return found

results = {{}}
for sizes in ("2-2-2", "4-4-4-2"):
    explorers = {{kind: build(kind, sizes) for kind in ("svg", "png")}}
    moves(explorers, 20, seed=0)  # warm up: first draws, caches
    results[sizes] = moves(explorers, {moves}, seed=1)
results["replay"] = frames({{kind: build(kind, "2-2-2") for kind in ("svg", "png")}})
print("BENCH" + json.dumps(results))
"""


def kernel_rows(moves: int) -> list[tuple[str, str, str]]:
    """Figures 1 and 2: SVG panels against the PNG baseline, same kernel, interleaved."""
    results = in_kernel(IN_KERNEL.format(here=str(HERE), moves=moves), HERE)
    rows = []
    for key, what, goal in (
        ("2-2-2", "2-2-2: one move, every panel", 10.0),
        ("4-4-4-2", "4-4-4-2: one move, every panel", None),
        ("replay", "2-2-2: one replay frame", 20.0),
    ):
        svg, png = timings(results[key]["svg"]), timings(results[key]["png"])
        target = f"goal median <= {goal:.0f} ms" if goal else ""
        rows.append((f"{what} (PNG baseline)", _shown(png), "baseline"))
        rows.append(
            (f"{what} (SVG)", _shown(svg), f"{png[0] / svg[0]:.1f}x faster; {target}".strip("; "))
        )
    return rows


def _shown(figure: tuple[float, float, float]) -> str:
    median, p90, cpu = figure
    return f"median {median:.1f} ms, p90 {p90:.1f} (cpu {cpu:.1f})"


def fresh_process(preload: str) -> tuple[float, ...]:
    """Medians of (seconds to built, CPU seconds, RSS built, RSS trained), fresh processes."""
    runs = []
    for _ in range(FRESH_RUNS):
        out = subprocess.run(
            [sys.executable, "-c", FRESH.format(preload=preload)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        runs.append(tuple(float(v) for v in out))
    return tuple(statistics.median(r[k] for r in runs) for k in range(4))


def startup() -> list[tuple[str, str, str]]:
    """Figures 3 and 4."""
    cold = fresh_process("")
    kernel = fresh_process("import IPython, ipykernel.ipkernel")
    mb = 1024 * 1024
    return [
        ("import to explorer built, cold", f"{cold[0]:.2f} s (cpu {cold[1]:.2f})", "goal <= 2 s"),
        (
            "import to built, IPython loaded",
            f"{kernel[0]:.2f} s (cpu {kernel[1]:.2f})",
            "goal <= 2 s",
        ),
        ("RSS with the explorer built", f"{cold[2] / mb:.0f} MB", "goal <= 250 MB"),
        ("RSS after 10,000 training steps", f"{cold[3] / mb:.0f} MB", "goal <= 250 MB"),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=300, help="random moves per explorer")
    parser.add_argument("--no-startup", action="store_true", help="skip figures 3 and 4")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    rows = kernel_rows(args.moves) + ([] if args.no_startup else startup())
    print_figures(
        f"Explorer figures: {args.moves} moves per network, in an IPython kernel", rows, load
    )


if __name__ == "__main__":
    main()
