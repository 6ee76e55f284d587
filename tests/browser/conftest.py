"""Pytest harness for real-browser tests of ipywidgets notebooks (JupyterLab and Voila).

This module holds the pytest hooks and fixtures; the helpers live in small modules beside
it, so the tests themselves stay short::

    from .constants import FIXTURES_DIR
    from .pages import press_slider, shot, wait_for_text

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

Helpers, by module
    ``constants``   ``REPO_ROOT``, ``FIXTURES_DIR``, ``ARTIFACTS_DIR``, the timeouts, ``UIS``.
    ``pages``       ``wait_for_css``, ``wait_for_text``, ``widget``, ``press_slider``,
                    ``type_into``, ``click_button``, ``shot``; and for use outside pytest
                    ``launch_browser`` and ``new_local_page``.
    ``frontends``   ``open_in_lab``, ``open_in_voila``, ``open_in_notebook7``,
                    ``open_notebook`` (``readiness``: how they tell that the notebook has
                    run, or that a cell failed).
    ``server``      ``NotebookServer`` and, for use outside pytest, ``start_server``
                    (``server_setup``: each server's command line and environment).
    ``latency``     ``measure_latency``, ``percentile``, ``latency_report``.
    ``axe``         ``axe_violations`` (axe-core's WCAG 2.0/2.1 A and AA violations inside
                    one element).

Import helpers from their modules relatively (``from .pages import ...``; the directory
is a package), never from ``conftest``; outside pytest (e.g. benchmarks/bench_latency.py)
import ``tests.browser.pages`` and the others with the repository root on ``sys.path``.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .constants import ARTIFACTS_DIR, DEFAULT_READY, HERE, UI, UIS
from .frontends import open_notebook
from .pages import CHROMIUM, CHROMIUM_MISSING, launch_browser, new_local_page, safe_name, shot
from .server import NotebookServer, start_server

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
                (ARTIFACTS_DIR / f"{safe_name(name)}.console.txt").write_text(
                    "\n".join([*console_errors, "--- blocked ---", *blocked_requests])
                )
            with contextlib.suppress(Exception):
                (ARTIFACTS_DIR / f"{safe_name(name)}.server-logs.txt").write_text(
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
