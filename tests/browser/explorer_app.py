"""The explorer notebook in a browser: what it must show (from the core) and how to read it.

Shared by tests/browser/test_explorer_browser.py and benchmarks/bench_latency.py; not a
test module itself. Expected numbers are computed here, in the test process, with the
core (``bw.walkthrough``) and formatted as the explorer formats them (``fmt``: 9 decimals;
``fmt_given`` for values a learner sets).
"""

from __future__ import annotations

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt, fmt_given
from backprop_widgets.text.sections import value_class

from .constants import REPO_ROOT
from .latency import measure_latency
from .pages import press_slider

EXPLORER = REPO_ROOT / "notebooks" / "00_explorer.ipynb"
# The last part of the explorer (the tabs, open at "Every parameter"): visible once rendered.
READY = ".bw-tabs .bw-table-panel .bw-value-gradients-w5"
W5_STEP = 0.01  # the slider step of weights (views/controls.py SLIDERS): one ArrowRight

# The numbers the tests watch: (walkthrough section, key).
WATCHED = (("forward", "E_total"), ("gradients", "w5"), ("updated", "w5"))


def css(section: str, key: str) -> str:
    """The CSS selector of a shown number, e.g. ``.bw-value-gradients-w5``."""
    return f".{value_class(section, key)}"


def expected(net: bw.Network, *keys: tuple[str, str]) -> dict[str, str]:
    """The text the explorer shows for net, by selector, for each (section, key).

    Sections: the walkthrough's (forward, partials, gradients, updated, after) in 9
    decimals, or "params" for the value itself (written as given, e.g. 0.41).
    """
    values = bw.walkthrough(net)
    shown = {}
    for section, key in keys or WATCHED:
        if section == "params":
            shown[css(section, key)] = fmt_given(net.params[key])
        else:
            shown[css(section, key)] = fmt(values[section][key])
    return shown


def with_w5(w5: float) -> bw.Network:
    """The post's network with another w5 (rounded as the explorer rounds slider values)."""
    return bw.tutorial().with_params(w5=round(w5, 10))


_SHOWN_JS = r"""() => {
    const found = {};
    for (const el of document.querySelectorAll('[class*="bw-value-"]')) {
        for (const c of el.classList) {
            if (c.startsWith('bw-value-')) found['.' + c] = el.textContent.trim();
        }
    }
    return found;
}"""


def shown_numbers(page) -> dict[str, str]:
    """Every number on the page carrying a bw-value-* class: {selector: text}."""
    return page.evaluate(_SHOWN_JS)


def read(page, selector: str) -> str:
    """The text of the first element matching selector."""
    return page.locator(selector).first.inner_text().strip()


# The kernel has finished a change once the loss-slice picture, drawn late, is replaced.
_SETTLED_JS = "([sel, before]) => document.querySelector(sel)?.innerHTML !== before"
# ... and the browser once it has had nothing to do (typesetting, layout) for a moment.
_BROWSER_IDLE_JS = "() => new Promise(done => requestIdleCallback(done, {timeout: 2000}))"
SLICE = ".bw-plot-slice"
FOCUS_GRADIENT = ".bw-focus-gradient"  # the chosen parameter's dE_total/dp, at the top


def _slice_svg(page) -> str | None:
    return page.evaluate("(sel) => document.querySelector(sel)?.innerHTML", SLICE)


def range_input(page, css_class: str):
    """The native <input type="range"> of the RangeInput carrying css_class."""
    return page.locator(f".{css_class.lstrip('.')} input[type=range]").first


def w5_latency(page, presses: int = 30, start: float = 0.4, *, settle: bool = True) -> list[float]:
    """Milliseconds from ArrowRight on the chosen parameter's slider (w5) to the new
    dE_total/dw5 on screen, beside the slider.

    Each press must change the shown gradient to the core's value for w5 + 0.01 (the
    slider's step): checked after every press, so a wrong or missing update fails here.
    settle: before the next press, wait until the kernel has finished the previous change
    (the loss-slice picture, drawn late, is replaced), so every press starts from an idle
    kernel; otherwise presses follow each other as fast as the gradient appears (like a
    held-down key), and a press may wait for the rest of the previous change.
    Returns one sample per press.
    """
    samples = []
    for k in range(1, presses + 1):
        slice_before = _slice_svg(page)
        (ms,) = measure_latency(
            page, lambda: press_slider(page, "bw-slider-focus", "ArrowRight"), FOCUS_GRADIENT, n=1
        )
        want = fmt(bw.walkthrough(with_w5(start + k * W5_STEP))["gradients"]["w5"])
        got = read(page, FOCUS_GRADIENT)
        assert got == want, f"press {k}: dE_total/dw5 shows {got}, the core says {want}"
        samples.append(ms)
        if settle:
            page.wait_for_function(_SETTLED_JS, arg=[SLICE, slice_before])
            page.evaluate(_BROWSER_IDLE_JS)
    return samples
