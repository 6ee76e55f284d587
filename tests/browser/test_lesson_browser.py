"""A notebook's Lesson widget in Voila: styled like the explorer, and its switches work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt

from .constants import REPO_ROOT
from .explorer_app import css
from .frontends import open_in_voila
from .pages import shot

pytestmark = pytest.mark.browser

BIASES = REPO_ROOT / "notebooks" / "08_biases.ipynb"

ANCHORS_JS = """() => [...document.querySelectorAll('.bw-lesson svg .bw-svg-center')]
    .map(t => getComputedStyle(t).textAnchor)"""


def test_biases_lesson_in_voila(page, serve_notebook, console_errors):
    open_in_voila(page, serve_notebook(BIASES, "voila"), ready=".bw-lesson svg")
    anchors = page.evaluate(ANCHORS_JS)
    assert anchors and set(anchors) == {"middle"}  # the diagram's CSS reaches the lesson
    frozen = bw.walkthrough(bw.tutorial())
    expect(page.locator(css("after", "E_total")).first).to_have_text(
        fmt(frozen["after"]["E_total"])
    )
    page.locator(".bw-setting-train_biases button", has_text="on").first.click()
    trained = bw.walkthrough(bw.tutorial().with_settings(train_biases=True))
    assert fmt(trained["after"]["E_total"]) != fmt(frozen["after"]["E_total"])
    expect(page.locator(css("after", "E_total")).first).to_have_text(
        fmt(trained["after"]["E_total"])
    )
    steps = bw.train(bw.tutorial().with_settings(train_biases=True), 10_000)
    expect(page.locator(".bw-lesson-trained").first).to_have_text(
        f"after 10000 steps E_total = {fmt(steps.E_total[-1], 10)}"
    )
    shot(page, "lesson-voila-08-biases-trained")
    assert console_errors == []
