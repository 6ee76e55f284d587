"""Playground speed figures: kernel time per frame of Play, and frames per second in a browser.

    .venv/bin/python benchmarks/bench_playground.py [--frames 200] [--no-browser]

1. Kernel time of one frame of Play, measured inside a running IPython kernel with the
   playground displayed (so every widget update is serialised and sent on its comm, as in a
   notebook): from the tick the browser sends to `done` set, i.e. 20 updates of batch 10,
   the decision picture, every hidden neuron's picture over a 48 x 48 grid, the boundary,
   the test E_total, the loss curves and the status line. Median and p90, wall and CPU.
   Goal: at most 50 ms for the 2-4-4-1 network. Baseline, interleaved frame by frame in
   the same kernel: the frame's arithmetic alone in hand-written NumPy
   (playground_baseline.py), checked to end with the same weights.
2. A Step while paused: one update, then the next batch's walkthroughs, its chain rule and
   the flow diagram redrawn (what a learner waits for after a click on Step).
3. Frames per second while playing, in JupyterLab and in Voila (Debian's chromium through
   the browser-test harness), from the update counter over 10 seconds. Goal: at least 10.

Timings vary with the machine's load; nothing here is asserted but the agreement of 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from report import in_kernel, print_figures, timings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

IN_KERNEL = r"""
import json, sys, time
import numpy as np
from IPython.display import display
sys.path.insert(0, {here!r})
import playground_baseline
import backprop_widgets as bw
from backprop_widgets.core.plane import grid_points
from backprop_widgets.widgets.play_data import GRID

def timed(action):
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu

results = {{}}
for hidden in ((4, 4), (8, 8, 8)):
    playground = bw.Playground(hidden=hidden)
    display(playground)
    state = playground.state
    grid = grid_points(state.extent, GRID)
    base = playground_baseline.Frame(state.net, state.train, state.test, grid, 20)
    playground.play()  # as in Play: the chain rule and the diagram wait for Pause
    ticker, found = playground.ticker, {{"frame": [], "numpy": []}}
    for k in range({frames} + 10):
        frame = timed(lambda: setattr(ticker, "tick", ticker.done + 1))
        numpy = timed(base.advance)
        if k >= 10:  # the first frames warm the caches
            found["frame"].append(frame)
            found["numpy"].append(numpy)
    names = state.net.layout
    ours = np.array([state.net.params[w.name] for w in names.weights]
                    + [state.net.params[b.name] for b in names.biases])
    found["agree"] = float(np.max(np.abs(ours - base.params())))
    found["steps"] = state.steps
    assert playground.error.value == "", playground.error.value
    playground.pause()
    found["step"] = [timed(playground.step) for _ in range(30)]
    results["-".join(map(str, state.net.sizes))] = found
print("BENCH" + json.dumps(results))
"""


def _shown(times: list[list[float]]) -> tuple[str, float]:
    median, p90, cpu = timings(times)
    return f"median {median:.1f} ms, p90 {p90:.1f} (cpu {cpu:.1f})", median


def kernel_rows(frames: int) -> list[tuple[str, str, str]]:
    """Figures 1 and 2."""
    rows = []
    for sizes, found in in_kernel(IN_KERNEL.format(here=str(HERE), frames=frames), HERE).items():
        base, base_median = _shown(found["numpy"])
        ours, median = _shown(found["frame"])
        goal = "; goal median and p90 <= 50 ms" if sizes == "2-4-4-1" else ""
        rows.append((f"{sizes}: the frame's arithmetic in NumPy", base, "baseline"))
        rows.append((
            f"{sizes}: one frame of Play (20 updates, every picture)", ours,
            f"{median / base_median:.1f}x the baseline{goal}; same weights to "
            f"{found['agree']:.0e} after {found['steps']:,} updates",
        ))  # fmt: skip
        rows.append(
            (f"{sizes}: Step while paused (chain rule, diagram)", _shown(found["step"])[0], "")
        )
    return rows


def browser_rows(seconds: float = 10.0) -> list[tuple[str, str, str]]:
    """Figure 3: frames per second while playing, in JupyterLab and Voila."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.browser.frontends import served_page
    from tests.browser.pages import launch_browser
    from tests.browser.playground_app import PLAYGROUND, READY, steps_shown

    rows = []
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        for ui in ("lab", "voila"):
            with served_page(browser, PLAYGROUND, ui, READY) as page:
                page.locator(".bw-play-button").first.click()
                page.wait_for_timeout(2000)
                first, began = steps_shown(page), page.evaluate("performance.now()")
                page.wait_for_timeout(seconds * 1000)
                frames = (steps_shown(page) - first) / 20
                took = (page.evaluate("performance.now()") - began) / 1000
                page.locator(".bw-play-button").first.click()
                note = "goal >= 10 (a frame asked for every 70 ms, at most two ahead)"
                rows.append(
                    (f"{ui}: frames per second while playing", f"{frames / took:.1f}", note)
                )
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200, help="frames timed per network")
    parser.add_argument("--no-browser", action="store_true", help="skip figure 3")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    rows = kernel_rows(args.frames) + ([] if args.no_browser else browser_rows())
    print_figures(
        f"Playground figures: {args.frames} frames per network, in an IPython kernel", rows, load
    )


if __name__ == "__main__":
    main()
