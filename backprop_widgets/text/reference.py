"""The settings table as a learner reads it: the README's table and
`python -m backprop_widgets settings`, both made from core.settings.SETTINGS."""

from __future__ import annotations

from ..core.settings import SETTINGS, Setting

__all__ = ["settings_table"]


def _default(s: Setting) -> str:
    """A default as a learner would type it."""
    if s.name == "samples":
        return "the post's (0.05, 0.1) -> (0.01, 0.99)"
    if isinstance(s.default, tuple):
        return ",".join(map(str, s.default))
    return "all" if s.name == "batch_size" and s.default is None else str(s.default)


def _values(s: Setting) -> str:
    """What the setting takes."""
    if s.choices:
        return ", ".join(str(value) for value, _ in s.choices)
    if s.default is False:
        return "True, False"
    return s.metavar or "text"


def settings_table(style: str = "markdown") -> str:
    """Every setting: name, command-line option, default, values, whether the formulas change."""
    head = ("setting", "option", "default", "values", "formulas", "what it does")
    rows = [
        (
            s.name,
            s.option,
            _default(s),
            _values(s),
            "change" if s.shape else "same",
            s.help,
        )
        for s in SETTINGS
    ]
    if style == "markdown":
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in rows:
            cells = (f"`{r[0]}`", f"`{r[1]}`", r[2], r[3], r[4], r[5])
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)
    return "\n".join(f"{r[0]} ({r[1]}, default {r[2]}; {r[3]}): {r[5]}" for r in rows)
