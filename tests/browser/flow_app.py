"""The flow diagram's fixture notebooks in a browser: what they must show and how to read it.

Shared by tests/browser/test_flow_browser.py and benchmarks/bench_flow_click.py; not a test
module itself. Expected numbers come from the core (``bw.walkthrough``) and the pure
step-through (``walk_items``), computed in the test process.
"""

from __future__ import annotations

from playwright.sync_api import expect

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt
from backprop_widgets.text.flow import WalkItem, walk_items

from .constants import FIXTURES_DIR
from .latency import measure_latency

FLOW = FIXTURES_DIR / "flow_diagram.ipynb"  # the post's network, a kernel-side HTML, a w5 slider
LARGE = FIXTURES_DIR / "flow_4442.ipynb"  # the 4-4-4-2 network, w13 chosen
READY = ".bw-flow .bw-walk-next"
PATH_W1 = {"bw-edge-w1", "bw-edge-w5", "bw-edge-w7", "bw-node-h1", "bw-node-o1", "bw-node-o2"}
FORWARD, BACK = 20, 3  # the walk of the tests: 20 steps forward, then 3 back
EDGES = tuple(f"w{k}" for k in range(1, 9))  # every gradient differs: each click shows news

_LAID_OUT_JS = """() => {
    const svg = document.querySelector('.bw-flow svg');
    if (!svg || !svg.viewBox.baseVal) return false;
    const drawn = svg.viewBox.baseVal.width;
    const panel = document.querySelector('.bw-flow').getBoundingClientRect().width;
    return Math.abs(drawn - panel) < 20 || drawn > panel;  // or the least width it needs
}"""

_MARKED_JS = """(marker) => [...document.querySelectorAll('.bw-flow .' + marker)]
    .flatMap(el => [...el.classList].filter(c => /^bw-(edge|node|bias|loss)-/.test(c)))"""


def wait_laid_out(page) -> None:
    """Wait until the diagram is drawn for its panel's width (the kernel lays it out again
    once the browser has said how wide the panel is)."""
    page.wait_for_function(_LAID_OUT_JS, timeout=10_000)
    page.wait_for_function(_QUIET_JS, timeout=10_000)  # and no new layout on its way


_QUIET_JS = """() => new Promise(done => {  // true once the diagram is unchanged for 600 ms
    const root = document.querySelector('.bw-flow');
    let timer = setTimeout(() => { seen.disconnect(); done(true); }, 600);
    const seen = new MutationObserver(() => { clearTimeout(timer);
        timer = setTimeout(() => { seen.disconnect(); done(true); }, 600); });
    seen.observe(root, {childList: true, subtree: true});
})"""


def click_edge(page, name: str) -> None:
    """A mouse click on an edge: on its label where one is shown (labels sit on their line,
    on top), else on its line a quarter of the way from its source (clear of crossings)."""
    wait_laid_out(page)
    page.locator(f".bw-flow .bw-edge-{name}").scroll_into_view_if_needed()
    label = page.locator(f'.bw-flow .bw-label.bw-shown[data-id="{name}"]')
    if label.count():
        label.click()
        return
    x1, y1, x2, y2 = page.locator(f".bw-flow .bw-edge-{name} .bw-line").evaluate(
        "line => { const m = line.getScreenCTM(); const p = (x, y) => new DOMPoint(x, y)"
        ".matrixTransform(m); const a = p(line.x1.baseVal.value, line.y1.baseVal.value),"
        " b = p(line.x2.baseVal.value, line.y2.baseVal.value); return [a.x, a.y, b.x, b.y]; }"
    )
    page.mouse.click(x1 + 0.25 * (x2 - x1), y1 + 0.25 * (y2 - y1))


def marked(page, marker: str) -> set[str]:
    """The diagram elements (bw-edge-w1, bw-node-h1, ...) that carry a class, e.g. bw-on-path."""
    return set(page.evaluate(_MARKED_JS, marker))


def walk(net: bw.Network) -> list[WalkItem]:
    """The step-through the diagram must show for net."""
    return walk_items(net, bw.walkthrough(net))


def expect_item(page, item: WalkItem, position: int, total: int) -> None:
    """The walk shows this item at this position, and the diagram marks where it lives."""
    current = page.locator(".bw-flow .bw-walk-current")
    expect(current.locator(".bw-walk-name")).to_have_text(item.line.name)
    expect(current.locator(".bw-walk-value")).to_have_text(item.line.value)
    if item.line.numbers and item.line.numbers != item.line.formula:
        expect(current.locator(".bw-walk-numbers")).to_have_text(item.line.numbers)
    expect(page.locator(".bw-flow .bw-walk-position")).to_contain_text(
        f"Step {position + 1} of {total}"
    )
    assert marked(page, "bw-walk-here") == set(item.where), item.line.key


def expect_chosen(page, name: str, net: bw.Network) -> None:
    """The kernel got the choice (its HTML shows the name and the core's gradient)."""
    expect(page.locator(".bw-kernel-chosen")).to_have_text(name)
    gradient = fmt(bw.walkthrough(net)["gradients"][name])
    expect(page.locator(".bw-kernel-gradient")).to_have_text(gradient)


def click_latency(page, clicks: int = 30, shown: str = ".bw-kernel-gradient") -> list[float]:
    """Milliseconds from a click on an edge to that parameter's gradient, sent by the kernel,
    on screen in `shown` (the fixture's HTML, or the explorer's chosen-parameter line); each
    shown gradient is checked against the core. Clicks cycle w1..w8."""
    net = bw.tutorial()
    gradients = bw.walkthrough(net)["gradients"]
    samples = []
    for k in range(clicks):
        name = EDGES[(k + 1) % len(EDGES)]  # w5 is chosen at the start: begin with w2
        (ms,) = measure_latency(page, lambda name=name: click_edge(page, name), shown, n=1)
        got = page.locator(shown).first.inner_text()
        assert got == fmt(gradients[name]), f"click {k + 1} on {name}: shows {got}"
        samples.append(ms)
    return samples


def walk_there_and_back(page, press_next, press_prev) -> int:
    """20 steps forward and 3 back, each shown value checked; returns the position."""
    items = walk(bw.tutorial())
    for k in range(FORWARD):
        press_next()
        expect_item(page, items[k], k, len(items))
    at = FORWARD - 1
    for _ in range(BACK):
        press_prev()
        at -= 1
        expect_item(page, items[at], at, len(items))
    return at
