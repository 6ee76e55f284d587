"""Open a served notebook in JupyterLab, Notebook 7 or Voila, run it, wait until ready."""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from .constants import DEFAULT_READY, NOTEBOOK_READY_TIMEOUT_MS, UI
from .pages import new_local_page
from .readiness import LAB_STATE_JS, check_response, poll, wait_ready_or_error
from .server import NotebookServer, start_server

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


# Notebook 7 has no status bar: its toolbar names the kernel once one is attached.
_NB7_KERNEL_IDLE_JS = r"""() => {
    const ind = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    const name = document.querySelector('.jp-Toolbar-kernelName');
    return !!ind && ind.getAttribute('data-status') === 'idle'
        && !!name && !/No Kernel/.test(name.textContent) && name.textContent.trim() !== '';
}"""


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
    check_response(response, server, where)
    if not poll(page, _LAB_KERNEL_IDLE_JS, deadline - time.monotonic()):
        raise TimeoutError(
            f"{where}: kernel not idle after {timeout / 1000:.0f}s "
            f"{page.evaluate(LAB_STATE_JS)}\n--- server log tail ---\n{server.log_tail(30)}"
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
        if poll(page, _LAB_STARTED_JS, 10):
            break
        if attempt == 2:
            raise TimeoutError(f"{where}: Run All did not start {page.evaluate(LAB_STATE_JS)}")
    wait_ready_or_error(page, "lab", ready, deadline, where)


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
    check_response(response, server, where)
    wait_ready_or_error(page, "voila", ready, deadline, where)


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
    check_response(response, server, where)
    if not poll(page, _NB7_KERNEL_IDLE_JS, deadline - time.monotonic()):
        raise TimeoutError(f"{where}: kernel not idle after {timeout / 1000:.0f}s")
    _run_all_and_wait(page, ready, deadline, where)


def open_notebook(page, server: NotebookServer, **kwargs) -> None:
    """``open_in_lab`` or ``open_in_voila`` depending on ``server.ui``."""
    if server.ui == "lab":
        open_in_lab(page, server, **kwargs)
    else:
        open_in_voila(page, server, **kwargs)


@contextlib.contextmanager
def served_page(browser, notebook: str | Path, ui: UI, ready: str, viewport=None) -> Iterator:
    """A page with notebook served in ui and run until ready; page, server and its temporary
    copy are gone afterwards (for the benchmarks)."""
    server = start_server(notebook, ui)
    page = None
    try:
        page = new_local_page(browser)
        if viewport:
            page.set_viewport_size(viewport)
        began = time.perf_counter()
        open_notebook(page, server, ready=ready)
        print(f"  {ui}: page ready in {time.perf_counter() - began:.1f} s", flush=True)
        yield page
    finally:
        if page is not None:
            page.context.close()
        server.stop()
        shutil.rmtree(server.root_dir.parent, ignore_errors=True)
