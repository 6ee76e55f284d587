"""The flow diagram in a real browser: JupyterLab and Voila (each test twice), Notebook 7.

The fixture notebook wires a FlowDiagram to the post's network in a few lines: the kernel
observes `chosen` and shows that parameter's gradient in an HTML widget; a w5 slider
recomputes the model. Every shown number is compared with the core's.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import backprop_widgets as bw

from .axe import axe_violations
from .flow_app import (
    FLOW,
    LARGE,
    PATH_W1,
    READY,
    click_edge,
    expect_chosen,
    expect_item,
    marked,
    wait_laid_out,
    walk,
    walk_there_and_back,
)
from .frontends import open_in_notebook7
from .pages import press_slider, shot

pytestmark = pytest.mark.browser


def slide_w5_mid_walk(page, at: int) -> None:
    """One ArrowRight on the w5 slider: the current item recomputes for w5 = 0.41."""
    before = walk(bw.tutorial())[at]
    press_slider(page, "bw-control-w5", "ArrowRight")
    moved = bw.tutorial().with_params(w5=0.41)
    items = walk(moved)
    assert items[at].line.key == before.line.key and items[at].line.value != before.line.value
    expect_item(page, items[at], at, len(items))
    expect_chosen(page, "w1", moved)


def test_click_w1_then_walk_and_slide(open_app, ui, console_errors):
    page = open_app(FLOW, ready=READY)
    net = bw.tutorial()
    expect_chosen(page, "w5", net)
    click_edge(page, "w1")
    expect_chosen(page, "w1", net)
    assert bw.fmt(bw.walkthrough(net)["gradients"]["w1"]) == "0.000438568"  # the post's
    expect(page.locator(".bw-flow .bw-flow-chosen")).to_contain_text("dE_total/dw1 = ")
    expect(page.locator(".bw-flow .bw-flow-chosen .bw-walk-value")).to_have_text("0.000438568")
    assert marked(page, "bw-on-path") == PATH_W1
    assert marked(page, "bw-chosen") == {"bw-edge-w1"}
    shot(page, f"flow-{ui}-1-w1-chosen")

    at = walk_there_and_back(
        page,
        lambda: page.locator(".bw-flow .bw-walk-next").click(),
        lambda: page.locator(".bw-flow .bw-walk-prev").click(),
    )
    expect(page.locator(".bw-flow .bw-mode-backward")).to_have_attribute("aria-pressed", "true")
    shot(page, f"flow-{ui}-2-walk-{at + 1}")
    slide_w5_mid_walk(page, at)
    shot(page, f"flow-{ui}-3-w5-moved-mid-walk")
    assert console_errors == []


def test_keyboard_alone(open_app, ui, console_errors):
    """Tab into the diagram, arrows to w1, Enter; Tab to the walk, arrows; Tab back to the
    views, Enter on Forward pass. The first focus lands on the widget's first control."""
    page = open_app(FLOW, ready=READY)
    net = bw.tutorial()
    page.locator(".bw-flow .bw-mode-forward").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Forward pass -> Backward pass -> the diagram
    focused = "() => document.activeElement.getAttribute('data-id')"
    assert page.evaluate(focused) == "i1"
    for _ in range(2):
        page.keyboard.press("ArrowRight")  # i1 -> i2 -> w1
    assert page.evaluate(focused) == "w1"
    expect(page.locator(".bw-flow-tip")).to_contain_text("dE_total/dw1 = ")  # focus shows it
    page.keyboard.press("Enter")
    expect_chosen(page, "w1", net)
    assert marked(page, "bw-on-path") == PATH_W1
    assert marked(page, "bw-focused") == {"bw-edge-w1"}
    shot(page, f"flow-{ui}-4-keyboard-w1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press(" ")  # Space on w2
    expect_chosen(page, "w2", net)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    expect_chosen(page, "w1", net)

    page.keyboard.press("Tab")  # the diagram is one tab stop: next comes the walk
    assert page.evaluate("() => document.activeElement.classList.contains('bw-walk')")
    at = walk_there_and_back(
        page, lambda: page.keyboard.press("ArrowRight"), lambda: page.keyboard.press("ArrowLeft")
    )
    shot(page, f"flow-{ui}-5-keyboard-walk-{at + 1}")
    expect(page.locator(".bw-flow .bw-mode-backward")).to_have_attribute("aria-pressed", "true")
    for _ in range(3):
        page.keyboard.press("Shift+Tab")  # back over the diagram to Forward pass
    page.keyboard.press("Enter")
    expect(page.locator(".bw-flow .bw-mode-forward")).to_have_attribute("aria-pressed", "true")
    slide_w5_mid_walk(page, at)
    assert console_errors == []


def test_no_axe_violation_inside_the_widget(open_app, ui):
    page = open_app(FLOW, ready=READY)
    assert axe_violations(page, ".bw-flow") == []
    click_edge(page, "w1")
    page.locator(".bw-flow .bw-mode-backward").click()
    for _ in range(5):
        page.locator(".bw-flow .bw-walk-next").click()
    page.locator(".bw-flow details summary").click()
    page.locator(".bw-flow .bw-node-h1").hover()
    expect(page.locator(".bw-flow-tip")).to_be_visible()
    assert axe_violations(page, ".bw-flow") == []


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
@pytest.mark.parametrize("notebook", [FLOW, LARGE], ids=["2-2-2", "4-4-4-2"])
def test_fits_and_reads_at_every_screen(open_app, page, ui, size, notebook):
    """Screenshots kept; measured in the page: the diagram inside its panel, no shown label
    on another, text at least 10 px."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_app(notebook, ready=READY)
    page.mouse.move(0, 0)
    page.locator(".bw-flow svg").scroll_into_view_if_needed()
    wait_laid_out(page)  # laid out for this panel's width
    found = page.evaluate(_MEASURE_JS)
    assert found["right"] <= found["panel"] + 1, found
    assert found["font"] >= 10, found
    assert found["overlaps"] == [], found
    assert found["shown"] >= (1 if notebook == LARGE else 8), found
    shot(page, f"flow-{ui}-{notebook.stem}-{width}x{height}", full_page=False)


_MEASURE_JS = """() => {
    const svg = document.querySelector('.bw-flow svg');
    const box = svg.getBoundingClientRect();
    const panel = document.querySelector('.bw-flow').getBoundingClientRect();
    const labels = [...svg.querySelectorAll('.bw-label.bw-shown')]
        .map(l => l.getBoundingClientRect());
    const overlaps = [];
    labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
        const apart = a.right - 1 <= b.left || b.right - 1 <= a.left
            || a.bottom - 1 <= b.top || b.bottom - 1 <= a.top;
        if (!apart) overlaps.push([a.left, a.top, b.left, b.top]);
    }));
    const font = parseFloat(getComputedStyle(svg.querySelector('text')).fontSize)
        * box.width / svg.viewBox.baseVal.width;
    return {right: box.right, panel: panel.right, font, overlaps, shown: labels.length};
}"""


def test_in_notebook7(page, serve_notebook, console_errors):
    """Notebook 7: a click chooses, the walk steps by keyboard, axe finds nothing."""
    open_in_notebook7(page, serve_notebook(FLOW, "lab"), ready=READY)
    net = bw.tutorial()
    click_edge(page, "w1")
    expect_chosen(page, "w1", net)
    assert marked(page, "bw-on-path") == PATH_W1
    page.locator(".bw-flow .bw-walk").focus()
    walk_there_and_back(
        page, lambda: page.keyboard.press("ArrowRight"), lambda: page.keyboard.press("ArrowLeft")
    )
    assert axe_violations(page, ".bw-flow") == []
    shot(page, "flow-notebook7-1-walk")
    ours = [e for e in console_errors if "widget" in e.lower() or "flow" in e.lower()]
    assert ours == []
