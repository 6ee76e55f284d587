"""Headless chromium pages that reach only localhost, and the helpers tests use on them."""

from __future__ import annotations

import re
from pathlib import Path

from .constants import ARTIFACTS_DIR, DEFAULT_TIMEOUT_MS

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


def safe_name(name: str) -> str:
    """``name`` as a file name: other characters become ``_``, at most 150 of them."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:150] or "unnamed"


def shot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG screenshot as a test artifact: ``<repo>/test-artifacts/browser/<name>.png``."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


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
