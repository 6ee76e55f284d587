"""Checking an answer: accepted, diagnosed, or refused with a clear message. No widgets.

The tolerance rule. An exercise asks for d decimals (9 by default, as the post prints).

- Accepted: the answer's d-th decimal is at most one unit away from the exact value
  rounded to d decimals, |answer - round(exact, d)| <= 10^-d. That covers correct
  rounding, truncation, and a last digit that differs because the learner carried the
  post's rounded 9-decimal values (the post's own dE_o2/dout_h1 = -0.019049119 is one
  such: exact -0.0190491183).
- Diagnosed: an answer within a tolerance T of the value m a known mistake gives (see
  diagnoses.py), where m differs from the exact value by more than T, is told which
  mistake it matches (the first in the order of diagnoses.BUILDERS). T is first 10^-p,
  then max(10^-p, 1e-5 * |m|), which still recognises a mistake made with the post's
  rounded 8- or 9-decimal intermediate values. p is first d (a full match, e.g. 0.4 typed
  for w5+ is the original w5), then k = the decimals typed, when fewer than d.
- Fewer digits: before the k-decimal matches, an answer given to k < d decimals that is
  right to k decimals by the same rule is right but too short; it is told so, not
  accepted. Fewer than 3 decimals (when more are asked) are too few to diagnose.
- Close: otherwise, an answer within 0.5 % of the exact value is told it is close: a
  rounding slip or a slightly wrong ingredient.
- Every comparison allows a relative 1e-9 on top, so a float's last bit never decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.network import Network
from ..core.numbers import fmt
from .answers import Answer, AnswerError, parse_answer
from .diagnoses import mistakes
from .exercises import DIGITS, Exercise, exercise
from .variants import seed_text

__all__ = [
    "CLOSE",
    "MATCH",
    "MIN_DECIMALS",
    "Verdict",
    "agrees",
    "check",
    "check_answer",
    "pin_seed",
    "refuse_other_seed",
    "told",
]

CLOSE = 0.005  # an answer within 0.5 % of the exact value is called close
MATCH = 1e-5  # a mistake is recognised up to this relative difference (rounded intermediates)
MIN_DECIMALS = 3  # fewer decimals than this (and than asked) are too few to diagnose
SLACK = 1e-9  # relative allowance on every tolerance, for floating point


@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer: status, message, and which mistake (if any).

    The message is three parts, kept apart for a readable display: the headline ("0.4 is
    not w5+."), why (the diagnosis) and recheck (the formula to compute it again).
    """

    status: str  # "correct", "wrong" or "invalid" (not a number)
    message: str
    diagnosis: str | None = None  # a Mistake code, "fewer_digits", "close" or "unknown"
    answer: Answer | None = None
    headline: str = ""
    why: str = ""
    recheck: str = ""
    typed: str = ""  # the answer as the learner gave it

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def told(
    status: str,
    headline: str,
    why: str = "",
    recheck: str = "",
    diagnosis: str | None = None,
    answer: Answer | None = None,
    typed: str = "",
) -> Verdict:
    """A Verdict from its parts; the message joins them."""
    parts = [headline, why, f"Recheck: {recheck}." if recheck else ""]
    message = " ".join(p for p in parts if p)
    typed = typed or (answer.text if answer else "")
    return Verdict(status, message, diagnosis, answer, headline, why, recheck, typed)


def within(a: float, b: float, tolerance: float) -> bool:
    """|a - b| <= tolerance, with the floating-point allowance."""
    return abs(a - b) <= tolerance * (1 + SLACK) + 1e-15


def agrees(answer: float, exact: float, decimals: int) -> bool:
    """True when answer is exact to `decimals` decimals, give or take one in the last."""
    return within(answer, round(exact, decimals), 10.0**-decimals)


def check_answer(ex: Exercise, raw) -> Verdict:
    """Check a learner's answer (text or a Python value) to an exercise; never raises."""
    typed = raw.strip() if isinstance(raw, str) else repr(raw)
    try:
        answer = parse_answer(raw)
    except AnswerError as error:
        return told("invalid", str(error), typed=typed)
    exact, d = ex.answer, ex.digits
    note = f"{answer.note} " if answer.note else ""
    if agrees(answer.value, exact, d):
        return told("correct", f"{note}Correct: {ex.name} = {fmt(exact, d)}.", answer=answer)
    wrong = f"{note}{answer.text} is not {ex.name}."
    k = min(d, answer.decimals)
    found = mistakes(ex)
    for precision in (d, k) if k < d else (d,):
        if precision == k < d and agrees(answer.value, exact, k):
            headline = (
                f"{note}{answer.text} is right to {_decimals(k)}, but {d} were asked: give {d}."
            )
            return told("wrong", headline, diagnosis="fewer_digits", answer=answer)
        if precision < min(d, MIN_DECIMALS):
            why = f"Give it to {d} decimals, so it can be checked properly."
            return told("wrong", wrong, why, ex.formula, "unknown", answer)
        for relative in (0.0, MATCH):
            for mistake in found:
                tolerance = max(10.0**-precision, relative * abs(mistake.value))
                if within(answer.value, mistake.value, tolerance) and not within(
                    mistake.value, exact, tolerance
                ):
                    return told("wrong", wrong, mistake.message, ex.formula, mistake.code, answer)
    if abs(answer.value - exact) <= CLOSE * abs(exact):
        agree = next((j for j in range(d, -1, -1) if agrees(answer.value, exact, j)), 0)
        headline = (
            f"{note}{answer.text} is close to {ex.name} but not right: it agrees to "
            f"{_decimals(agree)}, and {d} were asked."
        )
        why = (
            f"Either intermediate values were rounded (keep at least {d + 2} decimals, or full "
            "precision) or a value it is built from is slightly off."
        )
        return told("wrong", headline, why, ex.formula, "close", answer)
    why = (
        "It matches none of the usual slips (a neighbouring value, the sign, a missing factor, "
        "the learning rate, ...)."
    )
    return told("wrong", wrong, why, ex.formula, "unknown", answer)


_PINNED: list[str] = []  # the seed a roster notebook fixed in its locked cell, if any


def pin_seed(seed: str | int | None) -> str | None:
    """Fix this notebook's seed (a roster notebook's locked cell calls it): from then on a
    check run with another seed says so instead of passing. pin_seed(None) lifts it."""
    _PINNED[:] = [] if seed is None else [seed_text(seed)]
    return _PINNED[0] if _PINNED else None


def refuse_other_seed(ex: Exercise) -> None:
    """AssertionError when a pinned notebook's check runs with another seed."""
    if _PINNED and ex.seed != _PINNED[0]:
        ran = f"seed {ex.seed!r}" if ex.seed is not None else "no seed (the post's numbers)"
        raise AssertionError(
            f"{ex.id}: this notebook is for seed {_PINNED[0]!r} (fixed in its locked cell), but "
            f"this check ran with {ran}, another student's numbers: it does not count. Use "
            "SEED, your own."
        )


def _decimals(k: int) -> str:
    return f"{k} decimal" + ("" if k == 1 else "s")


def check(
    id: str,
    answer,
    seed: str | int | None = None,
    digits: int = DIGITS,
    network: Network | None = None,
) -> None:
    """For graded cells: None when right, else AssertionError with the diagnosis.

    >>> check("gradients.w5", 0.082167041)
    >>> check("gradients.w5", -0.082167041)
    Traceback (most recent call last):
    AssertionError: gradients.w5: -0.082167041 is not dE_total/dw5. The size is right ...
    """
    ex = exercise(id, seed, digits, network)
    refuse_other_seed(ex)
    verdict = check_answer(ex, answer)
    if not verdict.correct:
        where = "" if ex.seed is None else f" (seed {ex.seed})"
        raise AssertionError(f"{ex.id}{where}: {verdict.message}")
