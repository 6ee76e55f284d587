"""Pytest harness for real-browser tests of ipywidgets notebooks (JupyterLab and Voila).

Everything a browser test needs lives here, so the tests themselves stay short::

    from .conftest import FIXTURES_DIR, press_slider, shot, wait_for_text

    def test_slider(open_app, ui):                  # runs as [lab] and as [voila]
        page = open_app(FIXTURES_DIR / "demo_widgets.ipynb", ready=".bw-step")
        press_slider(page, "bw-control-x", "ArrowRight")
        wait_for_text(page, ".bw-value-forward-y", "0.168100000")
        shot(page, f"{ui}-after-slider")

Fixtures
    ``browser``         session-scoped headless Debian chromium (fails loudly if missing).
    ``serve_notebook``  factory ``serve_notebook(notebook, ui)``: copies the notebook into
                        a fresh temp dir, serves it with ``jupyter lab`` or ``voila`` and
                        returns a :class:`NotebookServer` (cached per notebook and ui for
                        the session, stopped at the end).
    ``page``            fresh page in a fresh context that can only reach localhost;
                        console errors go to ``console_errors``, aborted non-local
                        requests to ``blocked_requests``. On failure a screenshot, the
                        console errors and the server log tails are saved.
    ``ui``              parametrized "lab"/"voila": a test using it runs in both.
    ``open_app``        factory ``open_app(notebook, ready=...) -> page``: serve_notebook +
                        open_notebook for the current ``ui``.

Helpers: ``open_in_lab``, ``open_in_voila``, ``open_notebook``, ``wait_for_css``,
``wait_for_text``, ``widget``, ``press_slider``, ``type_into``, ``click_button``,
``measure_latency``, ``percentile``, ``shot``, ``axe_violations`` (axe-core's WCAG 2.0/2.1
A and AA violations inside one element); and for use outside pytest (e.g.
benchmarks/bench_latency.py) ``launch_browser``, ``new_local_page`` and ``start_server``.

Import helpers from this module relatively (``from .conftest import ...``; the
directory is a package), never as a top-level ``conftest``; outside pytest import
``tests.browser.conftest`` with the repository root on ``sys.path``.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import secrets
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .constants import (
    ARTIFACTS_DIR,
    DEFAULT_READY,
    DEFAULT_TIMEOUT_MS,
    HERE,
    NOTEBOOK_READY_TIMEOUT_MS,
    UI,
    UIS,
)
from .server import NotebookServer, start_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 900}

# Requests to any other host are aborted: Voila's template links CDN stylesheets
# (font-awesome on jsdelivr) that otherwise stall the "load" event without network.
_NON_LOCAL_URL = re.compile(
    r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?:[/?#]|$))"
    r"(?:https?|wss?)://"
)


# --------------------------------------------------------------------------- pytest hooks


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: real-browser test (chromium + JupyterLab/Voila); select with -m browser",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test collected under tests/browser gets the ``browser`` marker."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Expose each phase's report as ``item.rep_<phase>`` (used for failure artifacts)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------- small helpers


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:150] or "unnamed"


def shot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG screenshot as a test artifact: ``<repo>/test-artifacts/browser/<name>.png``."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --------------------------------------------------------------------------- browser and page


CHROMIUM_MISSING = (
    f"{CHROMIUM} not found: browser tests need Debian's chromium. Install it with "
    "`sudo apt-get install chromium` (or `make chromium`). "
    "`playwright install` is not used by this harness."
)


def launch_browser(playwright):
    """Headless Debian chromium from a started ``sync_playwright()`` (usable outside pytest)."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(CHROMIUM_MISSING)
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
    )


def new_local_page(
    browser,
    console_errors: list[str] | None = None,
    blocked_requests: list[str] | None = None,
):
    """A fresh page in its own context that can only reach localhost (usable outside pytest).

    Console errors and uncaught page exceptions are appended to ``console_errors``, the
    URLs of aborted non-local requests to ``blocked_requests``. Close it with
    ``page.context.close()``.
    """
    console_errors = [] if console_errors is None else console_errors
    blocked_requests = [] if blocked_requests is None else blocked_requests
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)

    def block(route):
        blocked_requests.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(_NON_LOCAL_URL, block)
    page = context.new_page()

    def on_console(msg):
        if msg.type != "error":
            return
        loc = msg.location or {}
        url = loc.get("url", "")
        if _NON_LOCAL_URL.match(url):
            return  # "Failed to load resource" for a request we blocked on purpose
        console_errors.append(f"{msg.text} [{url}:{loc.get('lineNumber', '')}]")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: console_errors.append(f"pageerror: {exc}"))
    return page


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def browser():
    """Session-wide headless chromium (Debian's /usr/bin/chromium; never downloaded)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(CHROMIUM_MISSING, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        yield browser
        browser.close()


_LIVE_SERVERS: list[NotebookServer] = []  # for the log tails saved on test failure


@pytest.fixture(scope="session")
def serve_notebook() -> Iterator[Callable[..., NotebookServer]]:
    """Factory ``serve_notebook(notebook, ui="lab", *, extra_files=(), fresh=False)``.

    Returns a running :class:`NotebookServer`. Servers are cached per
    (notebook, ui, extra_files) for the session (each ``open_*`` helper resets the
    notebook file and kernels); pass ``fresh=True`` for a private server.
    All servers are stopped (whole process tree) at the end of the session.
    """
    cache: dict[tuple, NotebookServer] = {}
    private: list[NotebookServer] = []

    def serve(
        notebook: str | Path,
        ui: UI = "lab",
        *,
        extra_files: tuple[str | Path, ...] = (),
        fresh: bool = False,
    ) -> NotebookServer:
        key = (str(Path(notebook).resolve()), ui, tuple(str(p) for p in extra_files))
        server = None if fresh else cache.get(key)
        if server is not None and server.proc.poll() is None:
            return server
        server = start_server(notebook, ui, extra_files=extra_files)
        (private.append(server) if fresh else cache.__setitem__(key, server))
        _LIVE_SERVERS.append(server)
        return server

    try:
        yield serve
    finally:
        servers = [*cache.values(), *private]
        with ThreadPoolExecutor(max_workers=max(1, len(servers))) as pool:
            list(pool.map(NotebookServer.stop, servers))  # in parallel: ~1 s each
        for server in servers:
            _LIVE_SERVERS.remove(server)
            shutil.rmtree(server.root_dir.parent, ignore_errors=True)


@pytest.fixture(params=UIS)
def ui(request) -> UI:
    """Run the requesting test once in JupyterLab and once in Voila."""
    return request.param


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught page exceptions seen by the ``page`` fixture."""
    return []


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs of non-local requests the ``page`` fixture aborted."""
    return []


@pytest.fixture
def page(browser, request, console_errors, blocked_requests):
    """A fresh page (own context) that can only reach localhost.

    On test failure a screenshot, the console errors and the servers' log tails are
    saved as ``test-artifacts/browser/FAILED-<test>.*``.
    """
    page = new_local_page(browser, console_errors, blocked_requests)
    try:
        yield page
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            name = f"FAILED-{request.node.nodeid}"
            with contextlib.suppress(Exception):
                shot(page, name)
            with contextlib.suppress(Exception):
                (ARTIFACTS_DIR / f"{_safe_name(name)}.console.txt").write_text(
                    "\n".join([*console_errors, "--- blocked ---", *blocked_requests])
                )
            with contextlib.suppress(Exception):
                (ARTIFACTS_DIR / f"{_safe_name(name)}.server-logs.txt").write_text(
                    "\n\n".join(
                        f"=== {srv.ui} {srv.base_url} ({srv.log_path}) ===\n{srv.log_tail(200)}"
                        for srv in _LIVE_SERVERS
                    )
                )
        page.context.close()


@pytest.fixture
def open_app(page, serve_notebook, ui):
    """Factory ``open_app(notebook, *, ready=".jupyter-widgets", **kw) -> page``.

    Serves ``notebook`` in the front end chosen by the ``ui`` fixture (so the test runs
    once in JupyterLab and once in Voila), opens it with ``open_notebook`` and returns
    the ready page.
    """

    def _open(notebook: str | Path, *, ready: str = DEFAULT_READY, **kwargs):
        server = serve_notebook(notebook, ui)
        open_notebook(page, server, ready=ready, **kwargs)
        return page

    return _open


# --------------------------------------------------------------------------- page helpers


def wait_for_css(page, selector: str, timeout: float = DEFAULT_TIMEOUT_MS, *, state="visible"):
    """Wait until ``selector`` matches a (visible) element; returns its first Locator."""
    loc = page.locator(selector).first
    loc.wait_for(state=state, timeout=timeout)
    return loc


def wait_for_text(page, selector: str, expected: str | re.Pattern, timeout=DEFAULT_TIMEOUT_MS):
    """Wait until the element's text contains ``expected`` (str) or matches it (regex)."""
    from playwright.sync_api import expect

    expect(page.locator(selector).first).to_contain_text(expected, timeout=timeout)


def widget(page, css_class: str):
    """Locator of the widget DOM node carrying the class added with ``add_class``."""
    return page.locator(f".{css_class.lstrip('.')}").first


# Cell errors render as stderr output (a traceback) in both front ends; Run All /
# Voila stop at the first error, so waiting for "ready" would only time out.
_PROGRESS_JS = r"""([ui, ready]) => {
    const errRe = new RegExp([
        String.raw`Traceback \(most recent call last\)`,
        String.raw`^\s*Cell In\[\d+\], line \d+`,
        String.raw`^\w+(Error|Exception): `,
    ].join('|'), 'm');
    const outputs = document.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
    for (const el of outputs) {
        if (errRe.test(el.textContent)) return {error: el.textContent.slice(-3000)};
    }
    for (const el of document.querySelectorAll('.jp-OutputArea-output')) {
        if (/Error displaying widget|Error rendering output/.test(el.textContent)) {
            return {error: el.textContent.slice(0, 3000)};
        }
    }
    if (ui === 'lab') {
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
        if (!panel) return null;
        const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
        if (!prompts.every(p => /\[\d+\]/.test(p.textContent))) return null;
        const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');
        if (!ind || ind.getAttribute('data-status') !== 'idle') return null;
    } else if (document.getElementById('loading')) {
        return null;  // Voila removes #loading once every cell has executed
    }
    const visible = [...document.querySelectorAll(ready)].some(el => {
        const r = el.getBoundingClientRect();  // same notion of "visible" as Playwright
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    });
    return visible ? {done: true} : null;
}"""


def _check_response(response, server: NotebookServer, where: str) -> None:
    if response is not None and response.status >= 400:
        raise AssertionError(
            f"{where}: HTTP {response.status} for {response.url}\n"
            f"--- server log tail ---\n{server.log_tail(30)}"
        )


def _wait_ready_or_error(page, ui: UI, ready: str, deadline: float, where: str) -> None:
    """Poll ``_PROGRESS_JS`` until done; fail fast with the traceback if a cell raised."""
    while True:
        if ui == "lab":
            _dismiss_lab_dialogs(page)
        result = page.evaluate(_PROGRESS_JS, [ui, ready])
        if result and result.get("error"):
            raise AssertionError(f"{where}: a cell failed:\n{result['error']}")
        if result and result.get("done"):
            break
        if time.monotonic() > deadline:
            state = page.evaluate(_LAB_STATE_JS) if ui == "lab" else ""
            raise TimeoutError(
                f"{where}: {ready!r} not visible after running the notebook {state}"
                f"(a FAILED-* screenshot is saved under {ARTIFACTS_DIR})"
            )
        page.wait_for_timeout(100)
    page.locator(ready).first.scroll_into_view_if_needed()


_LAB_STATE_JS = r"""() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return 'no notebook panel ';
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map(p => p.textContent.trim());
    const kernel = [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
        .map(e => e.textContent).find(t => t.includes(' | ')) || '';
    const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    return `(prompts: ${prompts.join(' ')}; kernel: "${kernel}"; ` +
        `indicator: ${ind && ind.getAttribute('data-status')}) `;
}"""

# The toolbar's execution indicator says "idle" even before a kernel is attached
# ("No Kernel | Initializing"), so the status bar's "<kernel> | Idle" is required too.
_LAB_KERNEL_IDLE_JS = r"""() => {
    const ind = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    const texts = [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
        .map(e => e.textContent.trim());
    return !!ind && ind.getAttribute('data-status') === 'idle'
        && texts.some(t => /\S \| Idle$/.test(t) && !t.startsWith('No Kernel'));
}"""

_LAB_STARTED_JS = r"""() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')]
    .some(p => /\[(\*|\d+)\]/.test(p.textContent))"""


def _poll(page, js: str, seconds: float) -> bool:
    """Evaluate ``js`` every 100 ms (closing lab dialogs) until truthy or ``seconds`` pass."""
    end = time.monotonic() + seconds
    while True:
        _dismiss_lab_dialogs(page)
        if page.evaluate(js):
            return True
        if time.monotonic() > end:
            return False
        page.wait_for_timeout(100)


def _dismiss_lab_dialogs(page) -> None:
    """Accept a kernel-selection dialog; answer "No" to toasts such as the news question."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and dialog.first.is_visible():
        with contextlib.suppress(Exception):
            text = " ".join(dialog.first.inner_text(timeout=1000).split())
            print(f"[browser harness] dismissing JupyterLab dialog: {text}", file=sys.stderr)
        accept = dialog.locator(".jp-Dialog-button.jp-mod-accept")
        if accept.count():
            accept.first.click()
        else:
            page.keyboard.press("Escape")
    for close in page.locator(".jp-toast-button:has-text('No'), .Toastify__close-button").all():
        with contextlib.suppress(Exception):
            close.click(timeout=1000)


def open_in_lab(
    page,
    server: NotebookServer,
    notebook_name: str | None = None,
    *,
    ready: str = DEFAULT_READY,
    timeout: float = NOTEBOOK_READY_TIMEOUT_MS,
) -> None:
    """Open the notebook in JupyterLab, run all cells, wait until ``ready`` is visible.

    Starts from a fresh kernel and the pristine notebook file (``server.reset()``) in a
    new workspace, accepts the kernel dialog if any, collapses the file browser, runs
    Run > Run All Cells once the kernel is idle and waits until every code cell has an
    execution count, the kernel is idle and ``ready`` (CSS) is visible. Fails with the
    traceback if a cell raises.
    """
    assert server.ui == "lab", f"open_in_lab needs a lab server, got {server.ui}"
    server.reset()
    name = notebook_name or server.notebook
    where = f"JupyterLab {name}"
    deadline = time.monotonic() + timeout / 1000
    # A private, fresh workspace per page: no tabs restored from a previous test.
    workspace = f"bw-{secrets.token_hex(4)}"
    response = page.goto(
        server.url(f"/lab/workspaces/{workspace}/tree/{name}"),
        wait_until="domcontentloaded",
        timeout=timeout,
    )
    _check_response(response, server, where)
    if not _poll(page, _LAB_KERNEL_IDLE_JS, deadline - time.monotonic()):
        raise TimeoutError(
            f"{where}: kernel not idle after {timeout / 1000:.0f}s "
            f"{page.evaluate(_LAB_STATE_JS)}\n--- server log tail ---\n{server.log_tail(30)}"
        )
    # More room for the notebook (and the screenshots): collapse the left sidebar.
    current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current.count():
        current.first.click()
    _run_all_and_wait(page, ready, deadline, where)


def _run_all_and_wait(page, ready: str, deadline: float, where: str) -> None:
    """Run All (JupyterLab's or Notebook 7's menu), then wait until ``ready`` is visible.

    Run All is retried while no cell starts executing (seen when the kernel was still
    connecting although it looked idle).
    """
    for attempt in range(3):
        _lab_run_all(page)
        if _poll(page, _LAB_STARTED_JS, 10):
            break
        if attempt == 2:
            raise TimeoutError(f"{where}: Run All did not start {page.evaluate(_LAB_STATE_JS)}")
    _wait_ready_or_error(page, "lab", ready, deadline, where)


def _lab_run_all(page) -> None:
    """Run > Run All Cells through the main menu (lumino items carry ``data-command``).

    The command acts on the current notebook, so the notebook is activated first.
    Retried because a menu can close again when focus moves while it opens.
    """
    item = page.locator(
        ".lm-Menu-item[data-command='runmenu:run-all'],"
        " .lm-Menu-item[data-command='notebook:run-all-cells']"
    ).first
    for attempt in range(3):
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first.click(
            position={"x": 5, "y": 5}
        )
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^\s*Run\s*$")).first.click()
        try:
            item.click(timeout=5000)
            return
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def open_in_voila(
    page,
    server: NotebookServer,
    *,
    ready: str = DEFAULT_READY,
    timeout: float = NOTEBOOK_READY_TIMEOUT_MS,
) -> None:
    """Open the Voila app (a fresh kernel per page load) and wait until ``ready`` is visible.

    Voila executes every cell before it reveals the outputs; this waits for that and
    for ``ready`` (CSS), and fails with the traceback if a cell raises.
    """
    assert server.ui == "voila", f"open_in_voila needs a voila server, got {server.ui}"
    server.reset()
    deadline = time.monotonic() + timeout / 1000
    where = f"Voila {server.notebook}"
    # "commit": Voila streams the page while it executes the cells; don't wait for it.
    response = page.goto(server.url("/"), wait_until="commit", timeout=timeout)
    _check_response(response, server, where)
    _wait_ready_or_error(page, "voila", ready, deadline, where)


# Notebook 7 has no status bar: its toolbar names the kernel once one is attached.
_NB7_KERNEL_IDLE_JS = r"""() => {
    const ind = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    const name = document.querySelector('.jp-Toolbar-kernelName');
    return !!ind && ind.getAttribute('data-status') === 'idle'
        && !!name && !/No Kernel/.test(name.textContent) && name.textContent.trim() !== '';
}"""


def open_in_notebook7(
    page,
    server: NotebookServer,
    *,
    ready: str = DEFAULT_READY,
    timeout: float = NOTEBOOK_READY_TIMEOUT_MS,
) -> None:
    """Open the notebook in Notebook 7 (served by the lab server), run all, wait for ready."""
    assert server.ui == "lab", f"Notebook 7 is served by the lab server, got {server.ui}"
    server.reset()
    where = f"Notebook 7 {server.notebook}"
    deadline = time.monotonic() + timeout / 1000
    response = page.goto(
        server.url(f"/notebooks/{server.notebook}"), wait_until="domcontentloaded", timeout=timeout
    )
    _check_response(response, server, where)
    if not _poll(page, _NB7_KERNEL_IDLE_JS, deadline - time.monotonic()):
        raise TimeoutError(f"{where}: kernel not idle after {timeout / 1000:.0f}s")
    _run_all_and_wait(page, ready, deadline, where)


def open_notebook(page, server: NotebookServer, **kwargs) -> None:
    """``open_in_lab`` or ``open_in_voila`` depending on ``server.ui``."""
    if server.ui == "lab":
        open_in_lab(page, server, **kwargs)
    else:
        open_in_voila(page, server, **kwargs)


# --------------------------------------------------------------------------- widget input


def press_slider(page, css_class: str, key: str = "ArrowRight", times: int = 1) -> None:
    """Focus the slider with ``css_class`` and press ``key``: the package's sliders are
    native labelled range inputs (one step per arrow key); plain ipywidgets sliders are
    noUiSlider handles (PageUp/PageDown move five steps there)."""
    scope = f".{css_class.lstrip('.')}"
    native = page.locator(f"{scope} input[type=range]")
    handle = native.first if native.count() else page.locator(f"{scope} .noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def type_into(page, css_class: str, text: str, *, enter: bool = True) -> None:
    """Replace the text of the input/textarea inside the widget with ``css_class``.

    Presses Enter afterwards (FloatText/IntText with ``continuous_update=False``
    only send their value on Enter or blur).
    """
    box = page.locator(f".{css_class.lstrip('.')} input, .{css_class.lstrip('.')} textarea").first
    box.fill(text)
    if enter:
        box.press("Enter")


def click_button(page, css_class: str) -> None:
    """Click the ipywidgets Button carrying ``css_class`` (the class is on the <button>)."""
    widget(page, css_class).click()


# --------------------------------------------------------------------------- latency

_LATENCY_ARM_JS = """(selector) => {
    const state = window.__bwLatency = {
        selector, trigger: null, changed: null, before: null, observer: null,
    };
    const text = () => {
        const el = document.querySelector(selector);
        return el ? el.textContent : null;
    };
    state.before = text();
    state.onInput = (ev) => { if (state.changed === null) state.trigger = ev.timeStamp; };
    for (const type of ['keydown', 'click']) {
        window.addEventListener(type, state.onInput, {capture: true});
    }
    state.observer = new MutationObserver(() => {
        const now = text();  // an element being redrawn is missing for a moment: no change
        const moved = now !== null && now !== state.before;
        if (state.changed === null && state.trigger !== null && moved) {
            state.changed = performance.now();
        }
    });
    state.observer.observe(document.body,
        {subtree: true, childList: true, characterData: true, attributes: true});
}"""

_LATENCY_COLLECT_JS = """() => {
    const s = window.__bwLatency;
    s.observer.disconnect();
    for (const type of ['keydown', 'click']) {
        window.removeEventListener(type, s.onInput, {capture: true});
    }
    return {trigger: s.trigger, changed: s.changed};
}"""


def measure_latency(
    page,
    press: Callable[[], object],
    read_text: str,
    n: int = 10,
    *,
    timeout: float = 10_000,
) -> list[float]:
    """Milliseconds from an input event to the change of ``read_text``'s text, ``n`` times.

    ``press`` performs the input (e.g. ``lambda: press_slider(page, "bw-control-x",
    "ArrowRight")``); it must change the text of the element matched by the CSS
    selector ``read_text`` every time. Both timestamps are taken inside the page
    (the ``timeStamp`` of the last keydown/click before the change and a
    MutationObserver's ``performance.now()``), so Playwright round-trips do not
    count. The end point is the DOM update, i.e. just before the browser paints.
    """
    samples: list[float] = []
    for i in range(n):
        page.evaluate(_LATENCY_ARM_JS, read_text)
        press()
        try:
            page.wait_for_function(
                "() => window.__bwLatency.changed !== null", timeout=timeout, polling="raf"
            )
        except Exception as exc:
            page.evaluate(_LATENCY_COLLECT_JS)
            raise AssertionError(
                f"measure_latency: text of {read_text!r} did not change after press #{i + 1}"
            ) from exc
        result = page.evaluate(_LATENCY_COLLECT_JS)
        samples.append(float(result["changed"] - result["trigger"]))
    return samples


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) — small helper for latency reports."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


# --------------------------------------------------------------------------- accessibility


def latency_report(name: str, ui: str, samples: list[float]) -> dict:
    """Median, p90 and max of latency samples (ms), saved as test-artifacts/browser/NAME-UI.json."""
    report = {
        "ui": ui,
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "p90_ms": round(percentile(samples, 90), 1),
        "max_ms": round(max(samples), 1),
        "samples_ms": [round(ms, 1) for ms in samples],
    }
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS_DIR / f"{name}-{ui}.json").write_text(json.dumps(report, indent=2))
    return report
