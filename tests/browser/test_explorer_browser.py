"""The explorer (notebooks/00_explorer.ipynb) in a real browser, in JupyterLab and in Voila.

Every test runs twice, ``[lab]`` and ``[voila]`` (the ``ui`` fixture), on a temporary copy
of the notebook. Shown numbers are compared with the core's, computed here. A JupyterLab
page load costs about 8-10 s, so each test walks through several states of one page,
with a screenshot per state in test-artifacts/browser/explorer-<ui>-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt, fmt_given

from .conftest import (
    click_button,
    latency_report,
    open_in_notebook7,
    press_slider,
    shot,
    type_into,
    widget,
)
from .explorer_app import (
    EXPLORER,
    READY,
    W5_STEP,
    css,
    expected,
    read,
    shown_numbers,
    w5_latency,
    with_w5,
)

pytestmark = pytest.mark.browser

TRAIN_STEPS = 50  # a short run for the Train button


def expect_shows(page, numbers: dict[str, str]) -> None:
    """Each selector's text becomes exactly its expected number (waits for the kernel)."""
    for selector, text in numbers.items():
        expect(page.locator(selector).first).to_have_text(text)


def entry(page, name: str):
    """The <input> of a control's exact-entry box."""
    return page.locator(f".bw-entry-{name} input").first


def test_explorer_renders_moves_and_refuses(open_app, ui, console_errors):
    """1. rendered with the post's numbers; 2. w5 moved by keyboard; 3. bad entries refused."""
    page = open_app(EXPLORER, ready=READY)

    # 1. Rendered: every part is there, numbers are the core's (and the post's).
    for css_class in (
        "bw-explorer",
        "bw-summary",
        "bw-diagram",
        "bw-control-w5",
        "bw-slider-w5",
        "bw-entry-w5",
        "bw-reset",
        "bw-setting-train_biases",
        "bw-table-panel",
        "bw-derivation",
        "bw-plot-slice",
        "bw-step",
        "bw-train",
        "bw-values-panel",
    ):
        expect(widget(page, css_class)).to_be_visible()
    expect(widget(page, "bw-message-w5")).to_be_hidden()
    expect(widget(page, "bw-error")).to_be_hidden()
    expect(page.get_by_text("Loading widget")).to_have_count(0)
    start = expected(bw.tutorial(), ("forward", "E_total"), ("gradients", "w5"), ("updated", "w5"))
    assert start == {  # the post's numbers: the core agrees with them
        ".bw-value-forward-E_total": "0.298371109",
        ".bw-value-gradients-w5": "0.082167041",
        ".bw-value-updated-w5": "0.358916480",
    }
    expect_shows(page, start)
    expect(entry(page, "w5")).to_have_value("0.4")
    expect(page.locator(css("params", "w5"))).to_have_text("0.4")
    shot(page, f"explorer-{ui}-1-rendered")
    assert console_errors == []

    # 2. w5 by keyboard: one ArrowRight is one slider step, 0.4 -> 0.41.
    press_slider(page, "bw-control-w5", "ArrowRight")
    moved = with_w5(0.4 + W5_STEP)
    after = expected(moved, ("forward", "E_total"), ("gradients", "w5"), ("updated", "w5"))
    for selector, text in after.items():
        assert text != start[selector], selector  # the check below can tell them apart
    expect_shows(page, after | expected(moved, ("params", "w5")))
    expect(entry(page, "w5")).to_have_value("0.41")
    shot(page, f"explorer-{ui}-2-w5-arrow-right")

    # 3. Bad entries: a message beside the control, every shown number unchanged.
    before = shown_numbers(page)
    assert len(before) > 50 and before[css("gradients", "w5")] == after[css("gradients", "w5")]
    for text, says in (
        ("abc", "'abc' is not a number; w5 stays 0.41"),
        ("11", "11 is outside -10 to 10; w5 stays 0.41"),
    ):
        type_into(page, "bw-entry-w5", text)
        message = widget(page, "bw-message-w5")
        expect(message).to_be_visible()
        expect(message).to_contain_text(says)
        # The message is beside the control: inside the same row, just under the entry.
        assert page.locator(".bw-control-w5 .bw-message-w5").count() == 1
        expect(entry(page, "w5")).to_have_value("0.41")  # the entry shows the kept value
        assert shown_numbers(page) == before, f"a number changed after typing {text!r}"
        shot(page, f"explorer-{ui}-3-entry-{text}-refused")
    expect(widget(page, "bw-error")).to_be_hidden()

    # A good value afterwards is taken and the message goes.
    type_into(page, "bw-entry-w5", "0.5")
    expect_shows(page, expected(with_w5(0.5)))
    expect(widget(page, "bw-message-w5")).to_be_hidden()
    assert console_errors == []


def test_explorer_trains(open_app, ui, console_errors):
    """4. bias training switched on, one Step; 5. a short Train run moves the loss curve."""
    page = open_app(EXPLORER, ready=READY)
    net = bw.tutorial().with_settings(train_biases=True)
    biases = (("params", "b1"), ("params", "b2"), ("updated", "b1"), ("updated", "b2"))

    # 4. Train biases: the table no longer marks them frozen, their updates move.
    frozen = expected(bw.tutorial(), *biases)
    assert frozen[css("updated", "b1")] == "0.350000000"  # frozen, as in the post
    expect_shows(page, frozen)
    page.locator(".bw-setting-train_biases input").first.check()
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
    expect_shows(page, stepped)
    expect(entry(page, "b1")).to_have_value(fmt_given(one.params["b1"]))
    expect(entry(page, "b2")).to_have_value(fmt_given(one.params["b2"]))
    curve = widget(page, "bw-plot-curve")
    expect(curve).to_be_visible()
    shot(page, f"explorer-{ui}-4b-one-step-with-biases")

    # 5. A short run: set the number of steps, Train, wait for the end of the run.
    src_before = curve.get_attribute("src")
    pixels_before = curve.screenshot()
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
    expect(curve).not_to_have_attribute("src", src_before or "")
    assert curve.screenshot() != pixels_before, "the loss curve image looks the same"
    expect(widget(page, "bw-error")).to_be_hidden()
    shot(page, f"explorer-{ui}-5-trained-{total}-steps")
    assert console_errors == []


def test_w5_slider_latency(open_app, ui, capsys):
    """30 ArrowRight presses: each shows the core's gradient; timings printed, not asserted."""
    page = open_app(EXPLORER, ready=READY)
    samples = w5_latency(page, presses=30)
    assert len(samples) == 30 and all(ms > 0 for ms in samples)
    assert read(page, css("params", "w5")) == "0.7"  # 0.4 + 30 steps of 0.01
    report = latency_report("explorer-latency", ui, samples)
    with capsys.disabled():
        print(
            f"\n[explorer latency {ui}] w5 ArrowRight -> dE_total/dw5 shown: "
            f"median {report['median_ms']} ms, p90 {report['p90_ms']} ms, "
            f"max {report['max_ms']} ms (n={report['n']})"
        )


def test_explorer_in_notebook7(page, serve_notebook, console_errors):
    """Notebook 7: renders, takes an exact entry, refuses a bad one.

    Notebook 7 keeps the arrow keys for itself (its document-level key handler takes them
    from a focused slider handle), so a keyboard user there types into the entry box.
    """
    open_in_notebook7(page, serve_notebook(EXPLORER, "lab"), ready=READY)
    expect(page.get_by_text("Loading widget")).to_have_count(0)
    expect_shows(page, expected(bw.tutorial()))
    type_into(page, "bw-entry-w5", "0.41")
    moved = with_w5(0.41)
    expect_shows(page, expected(moved) | expected(moved, ("params", "w5")))
    type_into(page, "bw-entry-w5", "abc")
    expect(widget(page, "bw-message-w5")).to_contain_text("'abc' is not a number; w5 stays 0.41")
    expect_shows(page, expected(moved))
    shot(page, "explorer-notebook7-1-entry-and-refusal")
    ours = [e for e in console_errors if "widget" in e.lower() or "backprop" in e.lower()]
    assert ours == []
