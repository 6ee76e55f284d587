"""Lesson 20's widget in Voila: the softmax numbers, b2 that moves net_o1 and nothing after
it, w5 by keyboard, axe-core, and how it reads at two screen sizes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt

from .axe import axe_violations
from .constants import REPO_ROOT
from .explorer_app import css
from .frontends import open_in_voila
from .pages import press_slider, shot

pytestmark = pytest.mark.browser

SOFTMAX_LESSON = REPO_ROOT / "notebooks" / "20_softmax.ipynb"
SOFTMAX = bw.tutorial().with_settings(
    activation=("sigmoid", "softmax"), loss="categorical_cross_entropy"
)
SHOWN = [
    ("forward", "net_o1"),
    ("forward", "out_o1"),
    ("partials", "dE_total/dnet_o1"),
    ("gradients", "w5"),
    ("gradients", "b2"),
]


def expect_values(page, net: bw.Network) -> None:
    step = bw.walkthrough(net)
    for section, key in SHOWN:
        expect(page.locator(f".bw-lesson {css(section, key)}").first).to_have_text(
            fmt(step[section][key])
        )


def test_b2_moves_net_o1_and_nothing_after_it_and_w5_moves_the_outputs(
    page, serve_notebook, console_errors
):
    open_in_voila(page, serve_notebook(SOFTMAX_LESSON, "voila"), ready=".bw-lesson")
    expect_values(page, SOFTMAX)
    press_slider(page, "bw-slider-b2", "ArrowRight", times=5)  # five steps of 0.01
    moved = SOFTMAX.with_params(b2=0.65)
    expect_values(page, moved)
    before, after = bw.walkthrough(SOFTMAX)["forward"], bw.walkthrough(moved)["forward"]
    assert fmt(after["net_o1"]) != fmt(before["net_o1"])
    assert fmt(after["out_o1"]) == fmt(before["out_o1"]) == "0.470281212"
    press_slider(page, "bw-slider-w5", "ArrowRight", times=3)
    expect_values(page, moved.with_params(w5=0.43))
    assert fmt(bw.walkthrough(moved.with_params(w5=0.43))["forward"]["out_o1"]) == "0.474717247"
    assert console_errors == []


def test_no_axe_violation_inside_the_lesson_widget(page, serve_notebook):
    open_in_voila(page, serve_notebook(SOFTMAX_LESSON, "voila"), ready=".bw-lesson")
    assert axe_violations(page, ".bw-lesson") == []


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_the_lesson_widget_fits_the_screen(page, serve_notebook, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_in_voila(page, serve_notebook(SOFTMAX_LESSON, "voila"), ready=".bw-lesson")
    lesson = page.locator(".bw-lesson").first
    lesson.evaluate("element => element.scrollIntoView({block: 'start'})")
    box = lesson.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    expect(page.locator(".bw-lesson-trained").first).to_have_text(
        f"after 1000 steps E_total = {fmt(bw.train(SOFTMAX, 1000).E_total[-1], 10)}"
    )
    shot(page, f"lesson-voila-20-softmax-{width}x{height}", full_page=False)
