"""axe-core in the page: WCAG 2.0 and 2.1, A and AA rules, on one element of a page.

The script is the one `axe-playwright-python` ships (its axe.min.js); it is injected into the
page as it is, and axe runs on the first element matching a CSS selector::

    from .axe import axe_violations, described
    found = axe_violations(page, ".bw-explorer")
    assert found == [], described(found)
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["TAGS", "axe_script", "axe_version", "axe_violations", "described"]

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN_JS = """async ([selector, tags]) => {
    const root = document.querySelector(selector);
    if (!root) return {missing: selector};
    const results = await axe.run(root, {runOnly: {type: 'tag', values: tags},
                                         resultTypes: ['violations']});
    return {violations: results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                  summary: n.failureSummary})),
    }))};
}"""


@cache
def axe_script() -> str:
    """axe-core's source, as shipped by axe-playwright-python."""
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_version(page) -> str:
    """The version of axe-core in the page (injected if needed)."""
    _inject(page)
    return page.evaluate("() => axe.version")


_HIDE_AMD = "() => { window.__bwDefine = window.define; window.define = undefined; }"
_RESTORE_AMD = "() => { window.define = window.__bwDefine; return typeof window.axe === 'object'; }"


def _inject(page) -> None:
    """axe into the page as window.axe (a page's AMD loader would otherwise take it)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_HIDE_AMD)
        page.evaluate(axe_script())  # through the debugging protocol: no CSP stands in its way
        if not page.evaluate(_RESTORE_AMD):
            raise AssertionError("axe-core did not load into the page")


def axe_violations(page, selector: str, tags: tuple[str, ...] = TAGS) -> list[dict]:
    """Every violation axe finds inside the first element matching selector.

    Each is {id, impact, help, nodes: [{target, html, summary}]}; a missing element fails.
    """
    _inject(page)
    found = page.evaluate(_RUN_JS, [selector, list(tags)])
    if "missing" in found:
        raise AssertionError(f"axe: no element matches {selector!r}")
    return found["violations"]


def described(violations: list[dict]) -> str:
    """The violations one node per line, for an assertion message."""
    lines = [f"{sum(len(v['nodes']) for v in violations)} nodes violate axe rules:"]
    for v in violations:
        for node in v["nodes"]:
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']} at {node['target']}")
            lines.append(f"      {node['html']}")
    return "\n".join(lines)
