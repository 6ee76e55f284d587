"""The browser harness proven on a small widget notebook, in JupyterLab and in Voila.

Each test runs twice (``[lab]`` and ``[voila]``) through the parametrized ``ui``
fixture that ``open_app`` depends on. Screenshots land in test-artifacts/browser/.
"""

from __future__ import annotations

import pytest

from .constants import FIXTURES_DIR
from .latency import latency_report, measure_latency
from .pages import click_button, press_slider, shot, type_into, wait_for_text, widget

pytestmark = pytest.mark.browser

DEMO = FIXTURES_DIR / "demo_widgets.ipynb"
READY = ".bw-entry-text"  # in the last row of the widget box the notebook displays
Y = ".bw-value-forward-y"


def test_demo_renders(open_app, ui, console_errors):
    page = open_app(DEMO, ready=READY)
    for css_class in (
        "bw-control-x",
        "bw-entry-x",
        "bw-value-forward-y",
        "bw-step",
        "bw-value-counter",
        "bw-entry-text",
    ):
        assert widget(page, css_class).is_visible(), css_class
    assert widget(page, "bw-message").inner_text() == ""  # empty until something is typed
    wait_for_text(page, Y, "y = x*x = 0.160000000")
    wait_for_text(page, ".bw-value-counter", "steps: 0")
    assert widget(page, "bw-entry-x").locator("input").input_value() == "0.4"
    assert page.get_by_text("Loading widget").count() == 0
    shot(page, f"{ui}-01-rendered")
    assert console_errors == []


def test_widget_interactions(open_app, ui):
    """Slider keys, exact entry, text validation and button, with a screenshot per state.

    One test (rather than one per widget) because every JupyterLab page load costs
    about 8 s on a 2-core machine.
    """
    page = open_app(DEMO, ready=READY)

    press_slider(page, "bw-control-x", "ArrowRight")
    wait_for_text(page, Y, "y = x*x = 0.168100000")  # 0.41 ** 2
    assert float(widget(page, "bw-entry-x").locator("input").input_value()) == 0.41
    shot(page, f"{ui}-02-slider-right")

    press_slider(page, "bw-control-x", "ArrowLeft", times=2)
    wait_for_text(page, Y, "y = x*x = 0.152100000")  # 0.39 ** 2
    shot(page, f"{ui}-03-slider-left-twice")

    type_into(page, "bw-entry-x", "0.75")  # the exact-entry box drives the slider
    wait_for_text(page, Y, "y = x*x = 0.562500000")
    wait_for_text(page, ".bw-control-x .widget-readout", "0.75")
    shot(page, f"{ui}-04-exact-entry")

    type_into(page, "bw-entry-text", "abc")
    wait_for_text(page, ".bw-message", "'abc' is not a number")
    shot(page, f"{ui}-05-text-error")
    type_into(page, "bw-entry-text", "2.5")
    wait_for_text(page, ".bw-message", "OK: 2.5")

    click_button(page, "bw-step")
    wait_for_text(page, ".bw-value-counter", "steps: 1")
    click_button(page, "bw-step")
    wait_for_text(page, ".bw-value-counter", "steps: 2")
    shot(page, f"{ui}-06-button-twice")


def test_slider_latency(open_app, ui, capsys):
    """Key press -> recomputed y on screen; reported, not asserted (CI timing varies)."""
    page = open_app(DEMO, ready=READY)
    samples = measure_latency(
        page, lambda: press_slider(page, "bw-control-x", "ArrowRight"), Y, n=20
    )
    assert len(samples) == 20 and all(ms > 0 for ms in samples)
    wait_for_text(page, Y, "y = x*x = 0.360000000")  # 0.40 + 20 steps = 0.60
    report = latency_report("latency", ui, samples)
    with capsys.disabled():
        print(
            f"\n[latency {ui}] slider ArrowRight -> y text: median {report['median_ms']} ms, "
            f"p90 {report['p90_ms']} ms, max {report['max_ms']} ms (n={report['n']})"
        )
