"""What a student reads after a check: a short item per answer (the answer typed, the
verdict as a symbol and a word, the diagnosis, the formula to recheck), as text or HTML.

The symbol never carries the meaning alone: each item says "Right", "Not right" or "Not
read" in words too. HTML items are escaped and carry CSS classes (``bw-feedback``,
``bw-feedback-correct`` / ``-wrong`` / ``-invalid``, parts ``bw-feedback-answer``,
``-verdict``, ``-why``, ``-recheck``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from .checks import Verdict, check_answer
from .exercises import exercise

__all__ = ["MARKS", "FeedbackList", "feedback_html", "feedback_text", "slips"]

MARKS = {  # status: (symbol, word, colour); the word says it without the symbol or colour
    "correct": ("✓", "Right", "#007a5a"),
    "wrong": ("✗", "Not right", "#b34700"),
    "invalid": ("⚠", "Not read", "#7a5c00"),
}


def feedback_text(verdict: Verdict, label: str = "") -> str:
    """A few short lines: the answer and the verdict, why, and what to recheck."""
    symbol, word, _ = MARKS[verdict.status]
    typed = f" {verdict.typed}" if verdict.typed else ""
    lines = [f"{symbol} {word}: {label + ' <-' if label else ''}{typed}".replace(":  ", ": ")]
    lines.append(f"  {verdict.headline}")
    if verdict.why:
        lines.append(f"  Why: {verdict.why}")
    if verdict.recheck:
        lines.append(f"  Recheck: {verdict.recheck}")
    return "\n".join(lines)


def feedback_html(verdict: Verdict, label: str = "") -> str:
    """The same item as HTML: a symbol (hidden from screen readers) and the word."""
    symbol, word, colour = MARKS[verdict.status]
    e = html.escape
    head = f"<code>{e(label)}</code> ← " if label else ""
    typed = f"<code class='bw-feedback-answer'>{e(verdict.typed)}</code>" if verdict.typed else ""
    parts = [
        f"<div class='bw-feedback-verdict' style='color: {colour}'>"
        f"<span aria-hidden='true'>{symbol}</span> <strong>{word}</strong>"
        f"{': ' + head + typed if head or typed else ''}</div>",
        f"<div class='bw-feedback-headline'>{e(verdict.headline)}</div>",
    ]
    if verdict.why:
        parts.append(f"<div class='bw-feedback-why'><strong>Why:</strong> {e(verdict.why)}</div>")
    if verdict.recheck:
        parts.append(
            f"<div class='bw-feedback-recheck'><strong>Recheck:</strong> "
            f"<code>{e(verdict.recheck)}</code></div>"
        )
    return (
        f"<div class='bw-feedback bw-feedback-{verdict.status}' role='status' "
        f"style='margin: 0.3em 0 0.6em 0'>{''.join(parts)}</div>"
    )


@dataclass(frozen=True)
class FeedbackList:
    """Several checked answers, shown as items (HTML in a notebook, text elsewhere)."""

    items: tuple[tuple[str, Verdict], ...]

    def __repr__(self) -> str:
        return "\n\n".join(feedback_text(v, label) for label, v in self.items)

    def _repr_html_(self) -> str:
        body = "".join(f"<li>{feedback_html(v, label)}</li>" for label, v in self.items)
        return f"<ul class='bw-feedback-list' style='list-style: none; padding-left: 0'>{body}</ul>"


def slips(answers: Iterable[tuple[str, object]], seed: str | int | None = None) -> FeedbackList:
    """Check each (exercise id, answer) and list what the checks say, one item each."""
    return FeedbackList(tuple((id, check_answer(exercise(id, seed), a)) for id, a in answers))
