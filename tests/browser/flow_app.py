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

from .conftest import FIXTURES_DIR, measure_latency

FLOW = FIXTURES_DIR / "flow_diagram.ipynb"  # the post's network, a kernel-side HTML, a w5 slider
LARGE = FIXTURES_DIR / "flow_4442.ipynb"  # the 4-4-4-2 network, w13 chosen
READY = ".bw-flow .bw-walk-next"
PATH_W1 = {"bw-edge-w1", "bw-edge-w5", "bw-edge-w7", "bw-node-h1", "bw-node-o1", "bw-node-o2"}
EDGES = tuple(f"w{k}" for k in range(1, 9))  # every gradient differs: each click shows news

_MARKED_JS = """(marker) => [...document.querySelectorAll('.bw-flow .' + marker)]
    .flatMap(el => [...el.classList].filter(c => /^bw-(edge|node|bias|loss)-/.test(c)))"""


def click_edge(page, name: str) -> None:
    """A mouse click in the middle of an edge (on its line, or on its label sitting there)."""
    box = page.locator(f".bw-flow .bw-edge-{name}").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


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


def click_latency(page, clicks: int = 30) -> list[float]:
    """Milliseconds from a click on an edge to that parameter's gradient, sent by the kernel,
    on screen; each shown gradient is checked against the core. Clicks cycle w1..w8."""
    net = bw.tutorial()
    gradients = bw.walkthrough(net)["gradients"]
    samples = []
    for k in range(clicks):
        name = EDGES[(k + 1) % len(EDGES)]  # w5 is chosen at the start: begin with w2
        (ms,) = measure_latency(
            page, lambda name=name: click_edge(page, name), ".bw-kernel-gradient", n=1
        )
        got = page.locator(".bw-kernel-gradient").inner_text()
        assert got == fmt(gradients[name]), f"click {k + 1} on {name}: shows {got}"
        samples.append(ms)
    return samples
