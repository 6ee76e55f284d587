"""What the benchmarks share: running code in a real IPython kernel, percentiles, and the
figures as an aligned table."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path


def print_rows(rows: list[tuple[str, str, str]], width: int = 10) -> None:
    """One line per (what, value, note), the columns aligned (width: the value's)."""
    first = max(len(r[0]) for r in rows)
    for what, value, note in rows:
        print(f"{what:<{first}}  {value:>{width}}  {note}")


def print_figures(title: str, rows: list[tuple[str, str, str]], load: float) -> None:
    """A title, the load the figures were taken under, then the rows aligned."""
    import os

    width = max(len(r[0]) for r in rows)
    print(title)
    print(f"(load average before: {load:.2f} on {os.cpu_count()} cores)")
    for what, figure, note in rows:
        print(f"  {what:<{width}}  {figure:>38}  {note}")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(1, min(len(ordered), math.ceil(q / 100 * len(ordered)))) - 1]


def timings(times: list[list[float]]) -> tuple[float, float, float]:
    """Median wall, p90 wall and median CPU in ms, of (wall, cpu) pairs in seconds."""
    wall, cpu = [t[0] * 1000 for t in times], [t[1] * 1000 for t in times]
    return statistics.median(wall), percentile(wall, 90), statistics.median(cpu)


def in_kernel(code: str, cwd: Path) -> dict:
    """Run code in a fresh IPython kernel (so widget updates are serialised and sent as in a
    notebook); it prints BENCH and its results as JSON, which this returns."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    printed: list[str] = []

    def output(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            printed.append("\n".join(message["content"]["traceback"]))

    try:
        reply = client.execute_interactive(code, output_hook=output, timeout=1800)
        text = "".join(printed)
        if reply["content"]["status"] != "ok" or "BENCH" not in text:
            raise RuntimeError(f"the benchmark failed in the kernel:\n{text}")
        return json.loads(text.split("BENCH", 1)[1])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
