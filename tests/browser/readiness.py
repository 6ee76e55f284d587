"""Watch a notebook page run: a failed cell, JupyterLab's dialogs, the ready element."""

from __future__ import annotations

import contextlib
import sys
import time

from .constants import ARTIFACTS_DIR, UI
from .server import NotebookServer

# Cell errors render as stderr output (a traceback) in both front ends; Run All /
# Voila stop at the first error, so waiting for "ready" would only time out.
PROGRESS_JS = r"""([ui, ready]) => {
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


LAB_STATE_JS = r"""() => {
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


def check_response(response, server: NotebookServer, where: str) -> None:
    """Fail with the server's log tail if the page came with an HTTP error."""
    if response is not None and response.status >= 400:
        raise AssertionError(
            f"{where}: HTTP {response.status} for {response.url}\n"
            f"--- server log tail ---\n{server.log_tail(30)}"
        )


def wait_ready_or_error(page, ui: UI, ready: str, deadline: float, where: str) -> None:
    """Poll ``PROGRESS_JS`` until done; fail fast with the traceback if a cell raised."""
    while True:
        if ui == "lab":
            dismiss_lab_dialogs(page)
        result = page.evaluate(PROGRESS_JS, [ui, ready])
        if result and result.get("error"):
            raise AssertionError(f"{where}: a cell failed:\n{result['error']}")
        if result and result.get("done"):
            break
        if time.monotonic() > deadline:
            state = page.evaluate(LAB_STATE_JS) if ui == "lab" else ""
            raise TimeoutError(
                f"{where}: {ready!r} not visible after running the notebook {state}"
                f"(a FAILED-* screenshot is saved under {ARTIFACTS_DIR})"
            )
        page.wait_for_timeout(100)
    page.locator(ready).first.scroll_into_view_if_needed()


def poll(page, js: str, seconds: float) -> bool:
    """Evaluate ``js`` every 100 ms (closing lab dialogs) until truthy or ``seconds`` pass."""
    end = time.monotonic() + seconds
    while True:
        dismiss_lab_dialogs(page)
        if page.evaluate(js):
            return True
        if time.monotonic() > end:
            return False
        page.wait_for_timeout(100)


def dismiss_lab_dialogs(page) -> None:
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
