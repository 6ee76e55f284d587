"""Reading a learner's answer: text from a box or a Python value from a graded cell.

Bad input (empty, text, NaN, a list, ...) raises AnswerError with a message a learner can
act on. A comma used as the decimal point ("0,0821") is accepted, with a note saying so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from .variants import HomeworkError

__all__ = ["Answer", "AnswerError", "parse_answer"]

FULL_PRECISION = 17  # decimals credited to a float computed in Python (repr round-trips)
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-"})


class AnswerError(HomeworkError):
    """An answer that is not one finite number."""


@dataclass(frozen=True)
class Answer:
    """A parsed answer: its value, how many decimals it was given to, and any note."""

    value: float
    decimals: int
    text: str
    note: str = ""


def parse_answer(raw) -> Answer:
    """One finite number from text or a Python value, or AnswerError saying what is wrong."""
    if raw is None:
        raise AnswerError("no answer yet: give one number, e.g. 0.5 (not None)")
    if isinstance(raw, str):
        return _from_text(raw)
    if isinstance(raw, bool):
        raise AnswerError(f"give a number, not {raw!r}")
    if isinstance(raw, list | tuple | set | dict) or getattr(raw, "ndim", 0):
        raise AnswerError(
            f"give one number, not a {type(raw).__name__} of values: pick the one asked for"
        )
    if isinstance(raw, Decimal):
        return _checked(raw, str(raw), "")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise AnswerError(f"give a number; got a {type(raw).__name__}: {raw!r}") from None
    return _checked(Decimal(repr(value)) if math.isfinite(value) else value, repr(value), "")


def _from_text(raw: str) -> Answer:
    """A number typed in a box: '0.0821', '-8.2e-2', '0,0821' (with a note)."""
    text = raw.strip().translate(_MINUS_SIGNS)
    if not text:
        raise AnswerError("the box is empty: type a number, e.g. 0.5")
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise AnswerError(
            f"{text!r} is not a finite number: a calculation overflowed or divided by zero; "
            "redo it and type the number you get"
        )
    note = ""
    if "," in text:
        if "." in text or text.count(",") > 1:
            raise AnswerError(
                f"{raw.strip()!r} mixes separators: use '.' as the decimal point and no "
                "thousands separators"
            )
        text = text.replace(",", ".")
        note = f"Read {raw.strip()!r} as {text} (the comma taken as the decimal point)."
    if not _NUMBER.fullmatch(text):
        raise AnswerError(
            f"{raw.strip()!r} is not a number: type the value itself (digits, a '.' and an "
            "optional sign), not a formula or words, e.g. 0.5"
        )
    return _checked(Decimal(text), raw.strip(), note)


def _checked(number: Decimal | float, text: str, note: str) -> Answer:
    """The Answer for a number, refusing NaN and infinities."""
    if isinstance(number, float) or not number.is_finite():
        raise AnswerError(
            f"{text} is not a finite number: a calculation overflowed or divided by zero "
            "(NaN or infinity); redo it and give the number you get"
        )
    value = float(number)
    if not math.isfinite(value):
        raise AnswerError(f"{text} is too large to be a value of this network")
    exponent = number.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return Answer(value, decimals, text, note)
