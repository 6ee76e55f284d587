"""The playground notebook in a browser: what it must show (from the core, computed here in
the test process) and how to read it. Shared by tests/browser/test_playground_browser.py and
benchmarks/bench_playground.py; not a test module itself."""

from __future__ import annotations

import re

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt

from .constants import REPO_ROOT
from .frontends import open_in_notebook7, open_notebook

PLAYGROUND = REPO_ROOT / "notebooks" / "21_playground.ipynb"
READY = ".bw-playground .bw-play-batch-gradient"  # drawn last, once the chain rule is typeset
FRONTS = ("lab", "notebook7", "voila")
SCREENS = ((1366, 768), (1920, 1080))


def open_front(page, serve_notebook, front: str, size: tuple[int, int] | None = None):
    """Open the playground notebook in a front end (at a window size), run it, wait for it."""
    if size:
        page.set_viewport_size({"width": size[0], "height": size[1]})
    if front == "notebook7":
        open_in_notebook7(page, serve_notebook(PLAYGROUND, "lab"), ready=READY)
    else:
        open_notebook(page, serve_notebook(PLAYGROUND, front), ready=READY)
    return page


def trained(steps: int, **options) -> bw.Playground:
    """The notebook's first playground after steps updates, here in the test process."""
    playground = bw.Playground(**options)
    if steps:
        playground.train(steps)
    return playground


def status(playground: bw.Playground) -> dict[str, str]:
    """The numbers of the status line, by selector, as the playground shows them."""
    shot = playground.state.snapshot
    return {
        ".bw-play-steps": f"{playground.state.steps:,}",
        ".bw-play-status-train": fmt(shot.e_train, 4),
        ".bw-play-status-test": fmt(shot.e_test, 4),
    }


def batch_gradient(playground: bw.Playground, name: str) -> str:
    """The next batch's dE_total/d<name>, as the chain-rule panel shows it."""
    return fmt(bw.walkthrough(playground.batch_network())["gradients"][name])


def steps_shown(page) -> int:
    """The update counter of the status line."""
    return int(re.sub(r"\D", "", page.locator(".bw-play-steps").first.inner_text()))


def canvas_pixel(page, css: str, x: float, y: float) -> list[int]:
    """The RGB of a canvas's pixel at (x, y) CSS pixels from its top left."""
    return page.evaluate(
        """([css, x, y]) => {
            const c = document.querySelector(css + ' canvas');
            const k = c.width / c.getBoundingClientRect().width;
            return [...c.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1)
                    .data].slice(0, 3);
        }""",
        [css, x, y],
    )
