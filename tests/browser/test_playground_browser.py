"""The playground (notebooks/21_playground.ipynb) in a real browser: JupyterLab, Notebook 7
and Voila. Shown numbers and text alternatives are compared with a playground built and
trained here, in the test process, and with the core; screenshots of each state go to
test-artifacts/browser/playground-<front end>-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import backprop_widgets as bw
from backprop_widgets.widgets.play_data import GRID
from backprop_widgets.widgets.views.play_pictures import SIDE

from .axe import axe_version, axe_violations, described
from .flow_app import click_edge
from .pages import shot, type_into, widget
from .playground_app import (
    FRONTS,
    PLAYGROUND,
    READY,
    SCREENS,
    batch_gradient,
    canvas_pixel,
    open_front,
    status,
    steps_shown,
    trained,
)

pytestmark = pytest.mark.browser

PICTURE = ".bw-play-decision"
LOW, HIGH = (230, 159, 0), (0, 114, 178)  # what plane.js colours low and high values


@pytest.fixture(params=FRONTS)
def front(request) -> str:
    """Run the requesting test in JupyterLab, Notebook 7 and Voila."""
    return request.param


def expect_status(page, playground: bw.Playground) -> None:
    for selector, text in status(playground).items():
        expect(page.locator(selector).first).to_have_text(text)


def expected_colour(value: float) -> tuple[float, ...]:
    """plane.js's colour of a value of a sigmoid picture (orange 0, white 0.5, blue 1)."""
    f = min(abs(value - 0.5) / 0.5, 1) * 0.75
    end = HIGH if value >= 0.5 else LOW
    return tuple(255 + (c - 255) * f for c in end)


def test_renders_plays_and_pauses_at_once(open_app, ui, console_errors, capsys):
    """1. rendered with the kernel's numbers; 2. Play trains in the browser's timer; 3. Pause
    stops it at once; the pictures, words and numbers are those of bw.train's network."""
    page = open_app(PLAYGROUND, ready=READY)
    start = trained(0)
    for part in ("bw-play-play", "bw-play-step", "bw-play-reset", "bw-play-decision",
                 "bw-play-curves", "bw-play-neurons", "bw-play-chain", "bw-flow"):  # fmt: skip
        expect(widget(page, part)).to_be_visible()
    expect(page.get_by_text("Loading widget")).to_have_count(0)
    expect(widget(page, "bw-error")).to_be_hidden()
    expect_status(page, start)
    canvas = page.locator(f"{PICTURE} canvas").first
    expect(canvas).to_have_attribute("role", "img")
    expect(canvas).to_have_attribute("aria-label", start.decision.picture.label)
    assert page.locator(".bw-play-neurons canvas").count() == 8  # 2-4-4-1: eight hidden
    expect(page.locator(".bw-play-batch-gradient").first).to_have_text(batch_gradient(start, "w5"))
    shot(page, f"playground-{ui}-1-rendered")

    button = page.locator(".bw-play-button").first
    button.click()
    expect(button).to_have_text("Pause")
    page.wait_for_function(
        "() => /[1-9]/.test(document.querySelector('.bw-play-steps').textContent)"
    )
    first, begun = steps_shown(page), page.evaluate("performance.now()")
    page.wait_for_timeout(3000)
    frames = (steps_shown(page) - first) / 20
    seconds = (page.evaluate("performance.now()") - begun) / 1000
    with capsys.disabled():
        print(f"\n[playground {ui}] {frames / seconds:.1f} frames per second while playing")
    expect(page.locator(".bw-play-chain")).to_contain_text("Playing: press Pause")
    shot(page, f"playground-{ui}-2-playing")

    button.click()
    expect(button).to_have_text("Play")
    page.wait_for_timeout(600)  # a frame asked for before the click may still arrive
    paused = steps_shown(page)
    page.wait_for_timeout(1500)
    assert steps_shown(page) == paused and paused % 20 == 0 and paused >= 40
    now = trained(paused)
    run = bw.train(start.network, paused)
    assert now.network.params == run.network.params  # the test's playground is bw.train's
    expect_status(page, now)
    expect(canvas).to_have_attribute("aria-label", now.decision.picture.label)
    expect(page.locator(".bw-play-batch-gradient").first).to_have_text(batch_gradient(now, "w5"))
    # the picture's colours are those of the numbers: cells of a 3 x 3 lattice, away from the
    # points, the line and the frame; most must match (a point may still cover one)
    values = now.decision.picture.grid
    matched = []
    for r in (8, 24, 40):
        for c in (8, 24, 40):
            got = canvas_pixel(page, PICTURE, 30 + (c + 0.5) * SIDE / GRID, (r + 0.5) * SIDE / GRID)
            want = expected_colour(values[r, c])
            matched.append(all(abs(g - w) <= 24 for g, w in zip(got, want, strict=True)))
    assert sum(matched) >= 6, matched
    shot(page, f"playground-{ui}-3-paused-at-{paused}")
    assert console_errors == []


def test_a_click_on_a_weight_shows_its_chain_rule_for_the_next_batch(open_app, ui):
    """Click w9's edge: the chooser, the diagram and the batch's gradient follow; Step applies
    it; another sample of the batch by keyboard."""
    page = open_app(PLAYGROUND, ready=READY)
    start = trained(0)
    click_edge(page, "w9")
    expect(page.locator(".bw-play-param select").first).to_have_value("w9")
    expect(page.locator(".bw-play-batch-gradient").first).to_have_text(batch_gradient(start, "w9"))
    expect(page.locator(".bw-play-chain mjx-container").first).to_be_visible()
    shot(page, f"playground-{ui}-4-chain-rule-of-w9")
    page.locator(".bw-play-step").first.click()
    one = trained(1)
    expect_status(page, one)
    expect(page.locator(".bw-play-batch-gradient").first).to_have_text(batch_gradient(one, "w9"))
    handle = page.locator(".bw-play-pick input[type=range]").first
    handle.focus()
    handle.press("ArrowRight")
    one.propose(pick=1)
    (x, y), targets = one.sample_network().samples[0]
    kind = "positive" if targets == (1.0,) else "negative"
    expect(page.locator(".bw-play-chain")).to_contain_text("Update 2 (the next Step)")
    words = f"2 of 10: training point 12, ({x:.2f}, {y:.2f}), {kind}"
    expect(handle).to_have_attribute("aria-valuetext", words)
    shot(page, f"playground-{ui}-5-second-sample")


def test_bad_entries_are_refused_beside_their_controls(open_app, ui):
    page = open_app(PLAYGROUND, ready=READY)
    start = trained(0)
    for css, text, says in (
        ("bw-play-lr", "abc", "lr must be a finite number, got 'abc'; learning rate stays 0.1"),
        ("bw-play-hidden", "4,9", "hidden layers must be up to 4 sizes from 1 to 8"),
        ("bw-play-n", "5", "must be from 10 to 1000, got 5; points stays 200"),
    ):
        type_into(page, css, text)
        name = css.removeprefix("bw-play-")
        message = page.locator(f".bw-message-{name}").first
        expect(message).to_be_visible()
        expect(message).to_contain_text(says)
        expect_status(page, start)
        shot(page, f"playground-{ui}-6-refused-{name}")
    type_into(page, "bw-play-hidden", "3")
    expect(page.locator(".bw-play-neurons canvas")).to_have_count(3)
    expect(page.locator(".bw-message-hidden").first).to_be_hidden()
    expect_status(page, trained(0, hidden=(3,)))


def test_axe_finds_no_violation(page, serve_notebook, front):
    """axe-core (WCAG 2.0 and 2.1, A and AA) inside .bw-playground: at the start, while
    playing, paused after a run, and with the diagram's backward view."""
    open_front(page, serve_notebook, front)
    print(f"\n[axe {axe_version(page)} in {front}]")
    found = {"start": axe_violations(page, ".bw-playground")}
    page.locator(".bw-play-button").first.click()
    page.wait_for_timeout(1500)
    found["playing"] = axe_violations(page, ".bw-playground")
    page.locator(".bw-play-button").first.click()
    expect(page.locator(".bw-play-batch-gradient").first).to_be_visible()
    found["paused"] = axe_violations(page, ".bw-playground")
    page.locator(".bw-flow .bw-mode-backward").first.click()
    found["backward"] = axe_violations(page, ".bw-playground")
    shot(page, f"playground-{front}-axe-paused")
    bad = {where: v for where, v in found.items() if v}
    assert not bad, "\n".join(f"{where}: {described(v)}" for where, v in bad.items())


_ACTIVE_JS = """() => {
    const a = document.activeElement;
    const owner = a && a.closest('[class*="bw-"]');
    return {tag: a ? a.tagName : '', type: a ? (a.type || '') : '',
            id: a ? (a.getAttribute('data-id') || '') : '',
            classes: owner ? String(owner.className.baseVal ?? owner.className) : ''};
}"""


def tab_until(page, wanted, most: int = 80) -> dict:
    """Press Tab until wanted(the focused element) holds; fail after most presses."""
    for _ in range(most):
        page.keyboard.press("Tab")
        now = page.evaluate(_ACTIVE_JS)
        if wanted(now):
            return now
    raise AssertionError(f"Tab did not reach the element within {most} presses: {now}")


def test_keyboard_alone(page, serve_notebook, front):
    """Play and Pause with Enter, Step, a new network typed, a weight chosen in the diagram
    with the arrows and Enter, a learning rate chosen: keys only, from the Play button on."""
    open_front(page, serve_notebook, front)
    button = page.locator(".bw-play-button").first
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_text("Pause")
    page.wait_for_timeout(800)
    page.keyboard.press("Enter")
    expect(button).to_have_text("Play")
    page.wait_for_timeout(600)
    played = steps_shown(page)
    assert played > 0
    tab_until(page, lambda a: "bw-play-step" in a["classes"] and a["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    expect_status(page, trained(played + 1))
    tab_until(page, lambda a: "bw-play-hidden" in a["classes"] and a["tag"] == "INPUT")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(page.locator(".bw-play-neurons canvas")).to_have_count(3)
    expect_status(page, trained(0, hidden=(3,)))
    tab_until(page, lambda a: a["id"] == "i1")  # the diagram: one tab stop, then arrows
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # i1 -> i2 -> w1 -> w2
    page.keyboard.press("Enter")
    expect(page.locator(".bw-play-param select").first).to_have_value("w2")
    net = trained(0, hidden=(3,))
    expect(page.locator(".bw-play-batch-gradient").first).to_have_text(batch_gradient(net, "w2"))
    shot(page, f"playground-{front}-keys-w2-chosen", full_page=False)


_IN_VIEW_JS = """(selectors) => {
    const out = {};
    for (const sel of selectors) {
        const r = document.querySelector(sel).getBoundingClientRect();
        out[sel] = r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 1
                   && r.left >= 0 && r.right <= window.innerWidth + 1;
    }
    return out;
}"""
FIRST_SCREEN = (".bw-play-button", ".bw-play-status", ".bw-play-decision canvas", ".bw-play-lr")


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("where", ["lab", "voila"])
def test_the_first_screen(page, serve_notebook, where, size):
    """With the playground's top at the top of the window: Play, the status, the decision
    picture and the learning rate are all in view, without scrolling."""
    open_front(page, serve_notebook, where, size)
    page.evaluate("() => document.querySelector('.bw-playground').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(400)
    shot(page, f"playground-{where}-screen-{size[0]}x{size[1]}", full_page=False)
    seen = page.evaluate(_IN_VIEW_JS, list(FIRST_SCREEN))
    assert all(seen.values()), seen
