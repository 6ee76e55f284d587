"""End-to-end latency of the explorer in a real browser, in JupyterLab and in Voila.

    .venv/bin/python benchmarks/bench_latency.py [--presses 30]

Serves a temporary copy of notebooks/00_explorer.ipynb with the browser-test harness
(tests/browser/pages.py: Debian's /usr/bin/chromium, headless, localhost only), and
measures, for each front end, the time from an ArrowRight key press on the chosen
parameter's slider (w5, at the top of the explorer) to the new dE_total/dw5 beside it
(both timestamps taken inside the page: the keydown event's timeStamp and a
MutationObserver). Every press is checked against the core's value for the new w5.

Two series per front end, on the same page:
  idle    each press starts from an idle kernel (the previous change fully drawn).
          Goal: median <= 100 ms.
  held    presses follow each other as soon as the gradient appears (like a held key),
          so a press may also wait for the rest of the previous change (the pictures).

Timings vary with machine load; nothing here is asserted except the shown numbers.
The same measurement runs as a test: tests/browser/test_explorer_browser.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.constants import UIS
from tests.browser.explorer_app import EXPLORER, READY, W5_STEP, w5_latency
from tests.browser.frontends import served_page
from tests.browser.latency import percentile
from tests.browser.pages import launch_browser

GOAL_MEDIAN_MS = 100.0


def measure(browser, ui: str, presses: int) -> dict[str, list[float]]:
    """Serve the explorer in ui, open it, and time presses (idle, then held) on w5."""
    with served_page(browser, EXPLORER, ui, READY) as page:
        idle = w5_latency(page, presses, start=0.4, settle=True)
        held = w5_latency(page, presses, start=0.4 + presses * W5_STEP, settle=False)
        return {"idle": idle, "held": held}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30, help="key presses per series")
    parser.add_argument("--ui", choices=UIS, action="append", help="lab and/or voila")
    args = parser.parse_args(argv)
    if not 1 <= args.presses <= 400:  # w5 moves 0.01 per press, twice: stays within -10..10
        parser.error("--presses must be between 1 and 400")
    from playwright.sync_api import sync_playwright

    print(f"w5 slider ArrowRight -> dE_total/dw5 shown, {args.presses} presses per series")
    print(f"(load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    results = {}
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            for ui in args.ui or UIS:
                results[ui] = measure(browser, ui, args.presses)
        finally:
            browser.close()

    print(f"\n{'front end':<10} {'series':<6} {'median':>9} {'p90':>9} {'max':>9}   goal")
    for ui, series in results.items():
        for name, samples in series.items():
            median = statistics.median(samples)
            goal = ""
            if name == "idle":
                goal = "ok" if median <= GOAL_MEDIAN_MS else "MISSED"
                goal += f" (median <= {GOAL_MEDIAN_MS:.0f} ms)"
            print(
                f"{ui:<10} {name:<6} {median:>6.1f} ms {percentile(samples, 90):>6.1f} ms "
                f"{max(samples):>6.1f} ms   {goal}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
