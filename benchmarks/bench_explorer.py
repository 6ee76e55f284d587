"""Explorer speed and memory figures (kernel side), printed as a table.

    .venv/bin/python benchmarks/bench_explorer.py

1. One control change with every panel on (closed form too): the kernel time from setting
   a control to every widget holding its new value, median over many random changes.
   Goals: at most 5 ms for the numbers, table and diagram (matplotlib left out), at most
   60 ms with the matplotlib panels. Also: one replay frame (both figures redrawn).
2. From `import backprop_widgets` to the explorer built, in a fresh process (the stand-in for
   "kernel ready to explorer displayed"). Goal: at most 2 s. Measured cold (nothing
   imported) and as in a kernel (IPython and ipykernel already imported).
3. Resident memory of that process with the explorer built, and after 10,000 training
   steps. Goal: at most 250 MB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import numpy as np

import backprop_widgets as bw

CHANGES = 300
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


def _median_ms(times: list[tuple[float, float]]) -> str:
    """Median wall time (and CPU time) in milliseconds."""
    wall, cpu = (statistics.median(t[k] for t in times) * 1000 for k in (0, 1))
    return f"{wall:.1f} ms (cpu {cpu:.1f})"


def timed(action) -> tuple[float, float]:
    """Wall and CPU seconds of action()."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def change_times(explorer, changes: int, seed: int = 0) -> list[tuple[float, float]]:
    """Seconds (wall, CPU) per control change, for random values of random controls."""
    rng = np.random.default_rng(seed)
    names = [n for n in explorer.controls if n[0] in "witb"]
    times = []
    for _ in range(changes):
        control = explorer.controls[names[rng.integers(len(names))]]
        value = float(np.round(rng.uniform(-1, 1), 3))
        times.append(timed(lambda c=control, v=value: setattr(c, "value", v)))
    assert explorer.error.value == "", explorer.error.value
    return times


def per_change(sizes: str = "2-2-2") -> list[tuple[str, str, str]]:
    """Figure 1: one control change, with and without the matplotlib panels."""
    explorer = bw.Explorer()
    explorer.settings["sizes"].value = sizes
    explorer.derivation.closed.value = True
    change_times(explorer, 20)  # warm up: first draws, caches
    full = change_times(explorer, CHANGES, seed=1)
    draw = explorer.slice.update
    explorer.slice.update = lambda *args: None  # the same path, matplotlib left out
    numbers = change_times(explorer, CHANGES, seed=2)
    explorer.slice.update = draw
    return [
        (f"{sizes}: one change, numbers, table, diagram", _median_ms(numbers), "goal <= 5 ms"),
        (f"{sizes}: one change, with the matplotlib panels", _median_ms(full), "goal <= 60 ms"),
    ]


def replay_frame() -> tuple[str, str, str]:
    """One step of the replay: every panel and both figures follow."""
    explorer = bw.Explorer()
    explorer.train(1000)
    times = []
    for k in range(0, 1000, 10):
        times.append(timed(lambda k=k: setattr(explorer.trainer.position, "value", k)))
    return ("2-2-2: one replay frame (both figures)", _median_ms(times), "")


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
    """Figures 2 and 3."""
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


def main() -> None:
    rows = [*per_change("2-2-2"), *per_change("4-4-4-2"), replay_frame(), *startup()]
    width = max(len(r[0]) for r in rows)
    print(f"Explorer figures, median of {CHANGES} changes / {FRESH_RUNS} fresh processes")
    print(f"(load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    for what, figure, goal in rows:
        print(f"  {what:<{width}}  {figure:>22}  {goal}")


if __name__ == "__main__":
    main()
