"""The explorer (notebooks/00_explorer.ipynb) in a real browser: JupyterLab, Notebook 7, Voila.

Tests with the ``ui`` fixture run as ``[lab]`` and ``[voila]``; those with ``front`` in all
three front ends (Notebook 7 is served by the lab server). Each runs on a temporary copy of
the notebook. Shown numbers are compared with the core's, computed here. A page load costs
about 8-10 s, so each test walks through several states of one page, with a screenshot per
state in test-artifacts/browser/explorer-<front end>-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt, fmt_given
from backprop_widgets.text.code import code_text

from .axe import axe_version, axe_violations, described
from .explorer_app import (
    EXPLORER,
    FOCUS_GRADIENT,
    READY,
    W5_STEP,
    css,
    expected,
    range_input,
    read,
    shown_numbers,
    w5_latency,
    with_w5,
)
from .flow_app import PATH_W1, click_edge, marked, walk_there_and_back
from .frontends import open_in_notebook7, open_notebook
from .latency import latency_report
from .pages import click_button, press_slider, shot, type_into, widget

pytestmark = pytest.mark.browser

TRAIN_STEPS = 50  # a short run for the Train button
FRONTS = ("lab", "notebook7", "voila")
SCREENS = ((1366, 768), (1920, 1080))


@pytest.fixture(params=FRONTS)
def front(request) -> str:
    """Run the requesting test in JupyterLab, Notebook 7 and Voila."""
    return request.param


def open_front(page, serve_notebook, front: str, size: tuple[int, int] | None = None):
    """Open the explorer notebook in a front end (at a window size), run it, wait for it."""
    if size:
        page.set_viewport_size({"width": size[0], "height": size[1]})
    if front == "notebook7":
        open_in_notebook7(page, serve_notebook(EXPLORER, "lab"), ready=READY)
    else:
        open_notebook(page, serve_notebook(EXPLORER, front), ready=READY)
    return page


def expect_shows(page, numbers: dict[str, str]) -> None:
    """Each selector's text becomes exactly its expected number (waits for the kernel)."""
    for selector, text in numbers.items():
        expect(page.locator(selector).first).to_have_text(text)


def entry(page, name: str):
    """The <input> of a control's exact-entry box (name: a value, or 'focus')."""
    return page.locator(f".bw-entry-{name} input").first


def open_tab(page, title: str) -> None:
    """Click the explorer's tab with this title."""
    page.locator(".bw-tabs .lm-TabBar-tab", has_text=title).first.click()
    expect(page.locator(".bw-tabs .lm-TabBar-tab.lm-mod-current")).to_have_text(title)


def focus_numbers(net: bw.Network, name: str = "w5") -> dict[str, str]:
    """The chosen parameter's line at the top: value, gradient, update (from the core)."""
    values = bw.walkthrough(net)
    return {
        ".bw-focus-value": fmt_given(net.params[name]),
        FOCUS_GRADIENT: fmt(values["gradients"][name]),
        ".bw-focus-updated": fmt(values["updated"][name]),
    }


def test_explorer_renders_moves_and_refuses(open_app, ui, console_errors):
    """1. rendered with the post's numbers; 2. w5 moved by keyboard; 3. bad entries refused."""
    page = open_app(EXPLORER, ready=READY)

    # 1. Rendered: the top (diagram, chosen parameter), pictures, training, the first tab.
    for css_class in (
        "bw-explorer",
        "bw-summary",
        "bw-diagram",
        "bw-focus",
        "bw-slider-focus",
        "bw-entry-focus",
        "bw-derivation",
        "bw-plot-slice",
        "bw-step",
        "bw-train",
        "bw-tabs",
        "bw-table-panel",
    ):
        expect(widget(page, css_class)).to_be_visible()
    expect(widget(page, "bw-message-focus")).to_be_hidden()
    expect(widget(page, "bw-error")).to_be_hidden()
    expect(page.get_by_text("Loading widget")).to_have_count(0)
    start = expected(bw.tutorial(), ("forward", "E_total"), ("gradients", "w5"), ("updated", "w5"))
    assert start == {  # the post's numbers: the core agrees with them
        ".bw-value-forward-E_total": "0.298371109",
        ".bw-value-gradients-w5": "0.082167041",
        ".bw-value-updated-w5": "0.358916480",
    }
    expect_shows(page, start | focus_numbers(bw.tutorial()))
    expect(entry(page, "focus")).to_have_value("0.4")
    expect(page.locator(css("params", "w5"))).to_have_text("0.4")
    shot(page, f"explorer-{ui}-1-rendered")
    for title, part in (
        ("Values", "bw-control-w5"),
        ("Settings", "bw-setting-train_biases"),
        ("Every value of the step", "bw-values-panel"),
        ("Copy as code", "bw-code-text"),
        ("Every parameter", "bw-table-panel"),
    ):
        open_tab(page, title)
        expect(widget(page, part)).to_be_visible()
    assert console_errors == []

    # 2. w5 by keyboard on the slider at the top: one ArrowRight is one step, 0.4 -> 0.41.
    press_slider(page, "bw-slider-focus", "ArrowRight")
    moved = with_w5(0.4 + W5_STEP)
    after = expected(moved, ("forward", "E_total"), ("gradients", "w5"), ("updated", "w5"))
    for selector, text in after.items():
        assert text != start[selector], selector  # the check below can tell them apart
    expect_shows(page, after | expected(moved, ("params", "w5")) | focus_numbers(moved))
    expect(entry(page, "focus")).to_have_value("0.41")
    open_tab(page, "Values")
    expect(entry(page, "w5")).to_have_value("0.41")  # the list of every value follows
    expect(range_input(page, "bw-slider-w5")).to_have_value("0.41")
    open_tab(page, "Every parameter")
    shot(page, f"explorer-{ui}-2-w5-arrow-right")

    # 3. Bad entries: a message beside the control, every shown number unchanged.
    before = shown_numbers(page)
    assert len(before) > 50 and before[css("gradients", "w5")] == after[css("gradients", "w5")]
    for text, says in (
        ("abc", "'abc' is not a number; w5 stays 0.41"),
        ("11", "11 is outside -10 to 10; w5 stays 0.41"),
    ):
        type_into(page, "bw-entry-focus", text)
        message = widget(page, "bw-message-focus")
        expect(message).to_be_visible()
        expect(message).to_contain_text(says)
        # The message is beside the control: inside the same row, just under the entry.
        assert page.locator(".bw-control-focus .bw-message-focus").count() == 1
        expect(entry(page, "focus")).to_have_value("0.41")  # the entry shows the kept value
        assert shown_numbers(page) == before, f"a number changed after typing {text!r}"
        shot(page, f"explorer-{ui}-3-entry-{text}-refused")
    expect(widget(page, "bw-error")).to_be_hidden()

    # A good value afterwards is taken and the message goes.
    type_into(page, "bw-entry-focus", "0.5")
    expect_shows(page, expected(with_w5(0.5)) | focus_numbers(with_w5(0.5)))
    expect(widget(page, "bw-message-focus")).to_be_hidden()
    assert console_errors == []


def test_explorer_trains_and_copies_itself_as_code(open_app, ui, console_errors):
    """4. bias training switched on, one Step; 5. a short Train run moves the loss curve;
    6. the code of what is on screen, copied."""
    page = open_app(EXPLORER, ready=READY)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    net = bw.tutorial().with_settings(train_biases=True)
    biases = (("params", "b1"), ("params", "b2"), ("updated", "b1"), ("updated", "b2"))

    # 4. Train biases: the table no longer marks them frozen, their updates move.
    frozen = expected(bw.tutorial(), *biases)
    assert frozen[css("updated", "b1")] == "0.350000000"  # frozen, as in the post
    expect_shows(page, frozen)
    open_tab(page, "Settings")
    page.locator(".bw-setting-train_biases input").first.check()
    open_tab(page, "Every parameter")
    switched = expected(net, *biases)
    assert switched[css("updated", "b1")] != frozen[css("updated", "b1")]
    expect_shows(page, switched)
    expect(widget(page, "bw-table-panel")).not_to_contain_text("frozen")
    expect(widget(page, "bw-plot-curve")).to_be_hidden()  # no run yet
    shot(page, f"explorer-{ui}-4a-train-biases-on")

    click_button(page, "bw-step")
    one = bw.train(net, 1).network
    stepped = expected(one, *biases, ("forward", "E_total"))
    assert (stepped[css("params", "b1")], stepped[css("params", "b2")]) != ("0.35", "0.6")
    expect(page.locator(".bw-value-training-step")).to_have_text("1")
    expect_shows(page, stepped | focus_numbers(one))
    curve = widget(page, "bw-plot-curve")
    expect(curve).to_be_visible()
    shot(page, f"explorer-{ui}-4b-one-step-with-biases")

    # 5. A short run: set the number of steps, Train, wait for the end of the run.
    drawn_before = curve.inner_html()
    type_into(page, "bw-setting-steps", str(TRAIN_STEPS))
    click_button(page, "bw-train")
    total = 1 + TRAIN_STEPS
    expect(page.locator(".bw-value-training-step")).to_have_text(str(total))
    expect(widget(page, "bw-message-training")).to_contain_text(f"of {total}:")
    expect(widget(page, "bw-stop")).to_be_disabled()  # the run has ended
    expect(widget(page, "bw-train")).to_be_enabled()
    run = bw.train(net, total)
    expect_shows(
        page,
        expected(run.network, *biases, ("forward", "E_total"))
        | {".bw-value-training-E_total": fmt(run.E_total[-1])},
    )
    assert curve.inner_html() != drawn_before, "the loss curve looks the same"
    expect(curve.locator("svg[role=img]")).to_have_attribute(
        "aria-label", f"Loss curve: E_total over {total} training steps on a log scale, "
        f"from {fmt(run.E_total[0])} to {fmt(run.E_total[-1])}; marked: step {total}, "
        f"E_total = {fmt(run.E_total[-1])}",
    )  # fmt: skip
    expect(widget(page, "bw-error")).to_be_hidden()
    shot(page, f"explorer-{ui}-5-trained-{total}-steps")

    # 6. Copy as code: the text is the code of the trained network, and Copy copies it.
    open_tab(page, "Copy as code")
    box = page.locator(".bw-code-text textarea").first
    expect(box).to_have_value(code_text(run.network))
    page.locator(".bw-code-text button", has_text="Copy").first.click()
    expect(page.locator(".bw-code-text [role=status]")).to_have_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == code_text(run.network)
    shot(page, f"explorer-{ui}-6-copy-as-code")
    assert console_errors == []


def test_w5_slider_latency(open_app, ui, capsys):
    """30 ArrowRight presses: each shows the core's gradient; timings printed, not asserted."""
    page = open_app(EXPLORER, ready=READY)
    samples = w5_latency(page, presses=30)
    assert len(samples) == 30 and all(ms > 0 for ms in samples)
    assert read(page, ".bw-focus-value") == "0.7"  # 0.4 + 30 steps of 0.01
    assert read(page, css("params", "w5")) == "0.7"
    report = latency_report("explorer-latency", ui, samples)
    with capsys.disabled():
        print(
            f"\n[explorer latency {ui}] w5 ArrowRight -> dE_total/dw5 shown: "
            f"median {report['median_ms']} ms, p90 {report['p90_ms']} ms, "
            f"max {report['max_ms']} ms (n={report['n']})"
        )


def test_explorer_in_notebook7(page, serve_notebook, console_errors):
    """Notebook 7: renders, takes an exact entry, refuses a bad one."""
    open_front(page, serve_notebook, "notebook7")
    expect(page.get_by_text("Loading widget")).to_have_count(0)
    expect_shows(page, expected(bw.tutorial()))
    type_into(page, "bw-entry-focus", "0.41")
    moved = with_w5(0.41)
    expect_shows(page, expected(moved) | expected(moved, ("params", "w5")))
    type_into(page, "bw-entry-focus", "abc")
    expect(widget(page, "bw-message-focus")).to_contain_text("'abc' is not a number; w5 stays 0.41")
    expect_shows(page, expected(moved))
    shot(page, "explorer-notebook7-1-entry-and-refusal")
    ours = [e for e in console_errors if "widget" in e.lower() or "backprop" in e.lower()]
    assert ours == []


# ----------------------------------------------------------------- accessible to all

_ACTIVE_JS = """() => {
    const a = document.activeElement;
    const owner = a && a.closest('[class*="bw-"]');
    return {tag: a ? a.tagName : '', type: a ? (a.type || '') : '',
            text: a ? (a.textContent || '').trim().slice(0, 40) : '',
            classes: owner ? owner.className : '',
            inside: !!(a && a.closest('.bw-explorer'))};
}"""


def active(page) -> dict:
    """What has the keyboard focus: tag, type, text and the classes of its bw- owner."""
    return page.evaluate(_ACTIVE_JS)


def tab_until(page, wanted, most: int = 60, back: bool = False) -> dict:
    """Press Tab (Shift+Tab if back) until wanted(active element) holds; fail after most."""
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = active(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab did not reach the element within {most} presses: {now}")


def test_axe_finds_no_violation(page, serve_notebook, front, console_errors):
    """axe-core, WCAG 2.0 and 2.1 A and AA, inside .bw-explorer: every tab, before and after
    a training run (the replay and the loss curve then show)."""
    open_front(page, serve_notebook, front)
    print(f"\n[axe {axe_version(page)} in {front}]")
    found = {}
    for moment in ("start", "trained"):
        if moment == "trained":
            click_button(page, "bw-step")
            expect(page.locator(".bw-value-training-step")).to_have_text("1")
            expect(widget(page, "bw-plot-curve")).to_be_visible()
        for title in ("Every parameter", "Values", "Settings", "Every value of the step",
                      "Copy as code"):  # fmt: skip
            open_tab(page, title)
            found[f"{moment}, {title}"] = axe_violations(page, ".bw-explorer")
    shot(page, f"explorer-{front}-axe-trained")
    bad = {where: v for where, v in found.items() if v}
    assert not bad, "\n".join(f"{where}: {described(v)}" for where, v in bad.items())


def test_keyboard_alone(page, serve_notebook, front):
    """Tab to the chosen parameter's slider, move it, see the gradient change; choose another
    parameter, press Step, switch tabs and reset: keys only, from the first control on."""
    open_front(page, serve_notebook, front)
    page.locator(".bw-setting-param select").first.focus()  # where the keyboard user starts

    now = tab_until(page, lambda a: "bw-range-input" in a["classes"])
    assert now["type"] == "range"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    moved = with_w5(0.43)
    expect_shows(page, focus_numbers(moved) | expected(moved))
    shot(page, f"explorer-{front}-keys-1-w5-three-steps", full_page=False)

    tab_until(page, lambda a: a["tag"] == "SELECT", back=True)
    page.keyboard.press("ArrowDown")  # w5 -> w6
    expect_shows(page, focus_numbers(moved, "w6"))
    expect(page.locator(".bw-derivation")).to_contain_text("w")  # the derivation follows

    tab_until(page, lambda a: "bw-step" in a["classes"] and a["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    one = bw.train(moved, 1).network
    expect(page.locator(".bw-value-training-step")).to_have_text("1")
    expect_shows(page, focus_numbers(one, "w6"))

    tab_until(page, lambda a: a["text"] == "Every parameter")  # the tab bar
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.locator(".bw-tabs .lm-TabBar-tab.lm-mod-current")).to_have_text("Values")
    tab_until(page, lambda a: "bw-reset" in a["classes"])
    page.keyboard.press("Enter")
    expect_shows(page, focus_numbers(bw.tutorial(), "w6") | expected(bw.tutorial()))
    shot(page, f"explorer-{front}-keys-2-reset-from-the-values-tab", full_page=False)


_VISIBLE_JS = """(selectors) => {
    const root = document.querySelector('.bw-explorer');
    let box = {top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth};
    for (let el = root.parentElement; el; el = el.parentElement) {
        const style = getComputedStyle(el);
        if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) {
            const r = el.getBoundingClientRect();
            box = {top: Math.max(box.top, r.top), bottom: Math.min(box.bottom, r.bottom),
                   left: Math.max(box.left, r.left), right: Math.min(box.right, r.right)};
            break;
        }
    }
    const out = {};
    for (const sel of selectors) {
        const r = document.querySelector(sel).getBoundingClientRect();
        out[sel] = {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    inside: r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1
                            && r.left >= box.left - 1 && r.right <= box.right + 1};
    }
    out.box = box;
    return out;
}"""

ONE_SCREEN = (
    ".bw-diagram svg",  # the diagram
    ".bw-slider-focus input[type=range]",  # the chosen parameter's slider
    ".bw-focus-summary",  # its value, gradient and update
    ".bw-derivation .bw-math",  # its derivation, whole (it scrolls inside when long)
    ".bw-derivation .bw-math-line:last-of-type",  # down to the update, p+ = p - lr * ...
)


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_screen(page, serve_notebook, front, size):
    """With the explorer's top at the top of the window, the diagram, the chosen parameter's
    slider and its derivation are all in view, without scrolling."""
    open_front(page, serve_notebook, front, size)
    page.evaluate("() => document.querySelector('.bw-explorer').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    found = page.evaluate(_VISIBLE_JS, list(ONE_SCREEN))
    shot(page, f"explorer-{front}-screen-{size[0]}x{size[1]}", full_page=False)
    missing = {sel: found[sel] for sel in ONE_SCREEN if not found[sel]["inside"]}
    assert not missing, f"out of view in {found['box']}: {missing}"
    last, math = found[ONE_SCREEN[-1]], found[".bw-derivation .bw-math"]
    assert last["bottom"] <= math["bottom"] + 1, "the derivation scrolls: its end is hidden"


def test_the_diagram_chooses_for_the_whole_explorer(page, serve_notebook, front, console_errors):
    """Click w1's edge: the explorer's derivation, slider and numbers follow, the path is
    marked; the step-through walks 20 values and back 3, each the core's; then by keyboard
    alone: focus the diagram, arrows to w2, Enter."""
    open_front(page, serve_notebook, front, (1366, 768))
    net = bw.tutorial()
    click_edge(page, "w1")
    expect(page.locator(".bw-explorer .bw-derivation")).to_contain_text("0.000438568")
    expect(page.locator(FOCUS_GRADIENT)).to_have_text("0.000438568")
    assert marked(page, "bw-on-path") == PATH_W1
    walk_there_and_back(
        page,
        lambda: page.locator(".bw-flow .bw-walk-next").click(),
        lambda: page.locator(".bw-flow .bw-walk-prev").click(),
    )
    shot(page, f"explorer-{front}-flow-w1-walk")
    page.locator(".bw-flow .bw-mode-forward").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # Forward pass -> Backward pass -> the diagram
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # i1 -> i2 -> w1 -> w2
    page.keyboard.press("Enter")
    gradient = fmt(bw.walkthrough(net)["gradients"]["w2"])
    expect(page.locator(FOCUS_GRADIENT)).to_have_text(gradient)
    expect(page.locator(".bw-explorer .bw-derivation")).to_contain_text(gradient)
    # Notebook 7's own front end logs errors of its own; none may come from the widgets
    ours = [e for e in console_errors if "widget" in e.lower() or "backprop" in e.lower()]
    assert (ours if front == "notebook7" else console_errors) == []
