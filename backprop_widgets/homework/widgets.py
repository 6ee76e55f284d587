"""The answer box: a question, a Text entry, a Check button and the diagnosis, as ipywidgets.

CSS classes: the box ``bw-answer bw-answer-SECTION-KEY`` (e.g. ``bw-answer-gradients-w5``,
``bw-answer-partials-dE_total__dout_o1``: '/' becomes '__' as in the explorer's classes),
its parts ``bw-answer-question``, ``bw-answer-entry``, ``bw-answer-check``,
``bw-answer-feedback``, and the feedback's state ``bw-feedback-correct``, ``-wrong`` or
``-invalid``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
from traitlets import Unicode

from ..core.network import Network
from ..text.notation import css_key
from .checks import Verdict, check_answer
from .exercises import DIGITS, HOMEWORK, exercise
from .feedback import MARKS, feedback_html
from .formula_checks import check_formula_answer, formula_exercise
from .variants import HomeworkError

__all__ = ["AnswerBox", "answer_sheet"]


def answer_class(section: str, key: str) -> str:
    """The CSS class of an answer box, e.g. bw-answer-gradients-w5."""
    return f"bw-answer-{section}-{css_key(key)}"


class AnswerBox(widgets.VBox):
    """One exercise to answer: type a number (or, with formula=True, a formula in the post's
    names), press Enter or Check, read the diagnosis."""

    status = Unicode("", help="'' before a check, then 'correct', 'wrong' or 'invalid'")

    def __init__(
        self,
        id: str,
        seed: str | int | None = None,
        digits: int = DIGITS,
        network: Network | None = None,
        formula: bool = False,
        **kwargs,
    ):
        self.formula = formula
        if formula and network is not None:
            raise HomeworkError("a formula box takes an exercise id and a seed, not a network")
        self.exercise = (
            formula_exercise(id, seed) if formula else exercise(id, seed, digits, network)
        )
        self.verdict: Verdict | None = None
        prompt = self.exercise.prompt
        if formula:
            prompt = (
                f"Write {self.exercise.name} as a formula in the post's names (out_h1, w5, ...)."
            )
        self.question = widgets.HTML(html.escape(prompt))
        self.entry = widgets.Text(
            placeholder=(
                f"a formula for {self.exercise.name}"
                if formula
                else f"{self.exercise.name}, {digits} decimals"
            ),
            continuous_update=False,
            layout=widgets.Layout(width="32em" if formula else "16em"),
        )
        self.button = widgets.Button(description="Check", tooltip="check this answer")
        self.feedback = widgets.HTML("")
        super().__init__(
            [self.question, widgets.HBox([self.entry, self.button]), self.feedback], **kwargs
        )
        self.add_class("bw-answer")
        self.add_class(answer_class(self.exercise.section, self.exercise.key))
        for part, name in ((self.question, "question"), (self.entry, "entry")):
            part.add_class(f"bw-answer-{name}")
        self.button.add_class("bw-answer-check")
        self.feedback.add_class("bw-answer-feedback")
        self.button.on_click(lambda _button: self.check())
        self.entry.observe(self._typed, "value")

    def _typed(self, change) -> None:
        """Enter (or leaving the box) checks; clearing the box clears the feedback."""
        if change["new"].strip():
            self.check()
        else:
            self._show(None)

    def check(self) -> Verdict:
        """Check what is in the entry now and show the result."""
        check = check_formula_answer if self.formula else check_answer
        self._show(check(self.exercise, self.entry.value))
        return self.verdict

    def _show(self, verdict: Verdict | None) -> None:
        """Put a verdict (or nothing) in the feedback line and the status."""
        for status in MARKS:
            self.feedback.remove_class(f"bw-feedback-{status}")
        self.verdict = verdict
        if verdict is None:
            self.feedback.value, self.status = "", ""
            return
        self.feedback.add_class(f"bw-feedback-{verdict.status}")
        self.feedback.value = feedback_html(verdict)
        self.status = verdict.status


def answer_sheet(
    ids: Sequence[str] = HOMEWORK, seed: str | int | None = None, digits: int = DIGITS
) -> widgets.VBox:
    """A heading, the network's values, and one AnswerBox per exercise id."""
    if isinstance(ids, str) or not ids:
        raise HomeworkError("give a list of exercise ids, e.g. ['gradients.w5', 'updated.w5']")
    first = exercise(ids[0], seed, digits)
    title = "the post's network" if first.seed is None else f"your variant (seed {first.seed})"
    heading = widgets.HTML(
        f"<b>Exercises on {html.escape(title)}</b><pre>{html.escape(repr(first.network))}</pre>"
    )
    boxes = [AnswerBox(i, seed=seed, digits=digits) for i in ids]
    sheet = widgets.VBox([heading, *boxes])
    sheet.add_class("bw-answer-sheet")
    return sheet
