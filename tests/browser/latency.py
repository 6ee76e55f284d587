"""Input-to-screen latency measured inside the page, and its reports."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable

from .constants import ARTIFACTS_DIR

_LATENCY_ARM_JS = """(selector) => {
    const state = window.__bwLatency = {
        selector, trigger: null, changed: null, before: null, observer: null,
    };
    const text = () => {
        const el = document.querySelector(selector);
        return el ? el.textContent : null;
    };
    state.before = text();
    state.onInput = (ev) => { if (state.changed === null) state.trigger = ev.timeStamp; };
    for (const type of ['keydown', 'click']) {
        window.addEventListener(type, state.onInput, {capture: true});
    }
    state.observer = new MutationObserver(() => {
        const now = text();  // an element being redrawn is missing for a moment: no change
        const moved = now !== null && now !== state.before;
        if (state.changed === null && state.trigger !== null && moved) {
            state.changed = performance.now();
        }
    });
    state.observer.observe(document.body,
        {subtree: true, childList: true, characterData: true, attributes: true});
}"""

_LATENCY_COLLECT_JS = """() => {
    const s = window.__bwLatency;
    s.observer.disconnect();
    for (const type of ['keydown', 'click']) {
        window.removeEventListener(type, s.onInput, {capture: true});
    }
    return {trigger: s.trigger, changed: s.changed};
}"""


def measure_latency(
    page,
    press: Callable[[], object],
    read_text: str,
    n: int = 10,
    *,
    timeout: float = 10_000,
) -> list[float]:
    """Milliseconds from an input event to the change of ``read_text``'s text, ``n`` times.

    ``press`` performs the input (e.g. ``lambda: press_slider(page, "bw-control-x",
    "ArrowRight")``); it must change the text of the element matched by the CSS
    selector ``read_text`` every time. Both timestamps are taken inside the page
    (the ``timeStamp`` of the last keydown/click before the change and a
    MutationObserver's ``performance.now()``), so Playwright round-trips do not
    count. The end point is the DOM update, i.e. just before the browser paints.
    """
    samples: list[float] = []
    for i in range(n):
        page.evaluate(_LATENCY_ARM_JS, read_text)
        press()
        try:
            page.wait_for_function(
                "() => window.__bwLatency.changed !== null", timeout=timeout, polling="raf"
            )
        except Exception as exc:
            page.evaluate(_LATENCY_COLLECT_JS)
            raise AssertionError(
                f"measure_latency: text of {read_text!r} did not change after press #{i + 1}"
            ) from exc
        result = page.evaluate(_LATENCY_COLLECT_JS)
        samples.append(float(result["changed"] - result["trigger"]))
    return samples


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) — small helper for latency reports."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def latency_report(name: str, ui: str, samples: list[float]) -> dict:
    """Median, p90 and max of latency samples (ms), saved as test-artifacts/browser/NAME-UI.json."""
    report = {
        "ui": ui,
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "p90_ms": round(percentile(samples, 90), 1),
        "max_ms": round(max(samples), 1),
        "samples_ms": [round(ms, 1) for ms in samples],
    }
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / f"{name}-{ui}.json").write_text(json.dumps(report, indent=2))
    return report
