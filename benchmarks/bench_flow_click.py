"""Click on an edge of the flow diagram to that parameter's gradient shown, in a real browser.

    .venv/bin/python benchmarks/bench_flow_click.py [--clicks 30] [--ui lab --ui voila]

Serves tests/browser/fixtures/flow_diagram.ipynb with the browser-test harness (Debian's
/usr/bin/chromium, headless, localhost only). The notebook observes FlowDiagram.chosen in
the kernel and writes the chosen parameter's gradient into an HTML widget, as the explorer's
derivation will. Measured: the click's timeStamp to the new gradient text in the page (both
inside the page: the click event and a MutationObserver), so the whole round trip counts:
browser -> kernel (chosen) -> observer -> HTML widget -> browser. Clicks cycle w1..w8, each
shown gradient checked against the core. Goal: median at most 100 ms.

With --app explorer it serves notebooks/00_explorer.ipynb instead and times the click to
the gradient in the explorer's chosen-parameter line (the derivation redraws with it).

Timings vary with machine load; nothing is asserted but the shown numbers. Reports are
saved as test-artifacts/browser/flow-click-<ui>.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.constants import UIS
from tests.browser.explorer_app import EXPLORER, FOCUS_GRADIENT
from tests.browser.explorer_app import READY as EXPLORER_READY
from tests.browser.flow_app import FLOW, READY, click_latency, wait_laid_out
from tests.browser.frontends import served_page
from tests.browser.latency import latency_report
from tests.browser.pages import launch_browser

APPS = {  # app -> (notebook, ready selector, the gradient shown after a click)
    "fixture": (FLOW, READY, ".bw-kernel-gradient"),
    "explorer": (EXPLORER, EXPLORER_READY, FOCUS_GRADIENT),
}

GOAL_MEDIAN_MS = 100.0


def measure(browser, ui: str, clicks: int, app: str = "fixture") -> list[float]:
    """Serve the app's notebook in ui, open it, time clicks on edges."""
    notebook, ready, shown = APPS[app]
    with served_page(browser, notebook, ui, ready, {"width": 1366, "height": 768}) as page:
        wait_laid_out(page)  # the first layout for the panel's width has arrived
        click_latency(page, 3, shown)  # warm up: the first round trips load code in the kernel
        return click_latency(page, clicks, shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30, help="clicks per front end")
    parser.add_argument("--ui", choices=UIS, action="append", help="lab and/or voila")
    parser.add_argument("--app", choices=APPS, default="fixture", help="what is served")
    args = parser.parse_args(argv)
    if not 1 <= args.clicks <= 500:
        parser.error("--clicks must be between 1 and 500")
    from playwright.sync_api import sync_playwright

    print(f"click on an edge -> dE_total/dw shown by the kernel, {args.clicks} clicks")
    results = {}
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            for ui in args.ui or UIS:
                results[ui] = measure(browser, ui, args.clicks, args.app)
        finally:
            browser.close()
    print(f"\n{'front end':<10} {'median':>9} {'p90':>9} {'max':>9}   goal")
    for ui, samples in results.items():
        report = latency_report(f"{args.app}-click", ui, samples)
        verdict = "met" if statistics.median(samples) <= GOAL_MEDIAN_MS else "missed"
        print(
            f"{ui:<10} {report['median_ms']:>7.1f}ms {report['p90_ms']:>7.1f}ms "
            f"{report['max_ms']:>7.1f}ms   median <= {GOAL_MEDIAN_MS:.0f} ms: {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
