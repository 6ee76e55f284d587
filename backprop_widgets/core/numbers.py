"""Numbers the post's way: fixed decimals for computed values, as typed for given ones.

Checks that a value is a real, finite number (and not text or a bool) live here too, so
every setting, value and sample is refused with the same clear message.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from typing import Any

from .errors import BackpropError

__all__ = ["DIGITS", "fmt", "fmt_given", "read_number", "real", "seeded_uniform", "whole"]

DIGITS = 9  # decimals shown everywhere, like the post


def fmt(value: float, digits: int = DIGITS) -> str:
    """A number with a fixed number of decimals (no '-0.000'); from 1e15 on, as 1.5e+20.

    >>> fmt(0.0821670405642), fmt(-1e-12, 3), fmt(3e20, 2)
    ('0.082167041', '0.000', '3.00e+20')
    """
    if abs(value) >= 1e15:
        return f"{value:.{digits}e}"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def fmt_given(value: float, digits: int = DIGITS) -> str:
    """A value the learner set, as short as it is (0.15, not 0.150000000), at most digits."""
    text = fmt(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def read_number(text: str) -> float:
    """A finite number typed as text, or BackpropError saying it is not one."""
    text = text.strip()
    try:
        number = float(text)
    except ValueError:
        raise BackpropError(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise BackpropError(f"{text!r} is not a finite number")
    return number


def real(name: str, value: Any, text: bool = False) -> float:
    """value as a finite float, or BackpropError: bools, None, inf and (unless text) text
    are refused; with text=True a number typed as text ("0.3") is read."""
    if text and isinstance(value, str):
        try:
            return read_number(value)
        except BackpropError:
            raise BackpropError(f"{name} must be a finite number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = "text" if isinstance(value, str) else type(value).__name__
        raise BackpropError(f"{name} must be a finite number, got {value!r} ({kind})")
    try:
        number = float(value)
    except OverflowError:
        raise BackpropError(f"{name} is too large for a float (about 1e308 at most)") from None
    if not math.isfinite(number):
        raise BackpropError(f"{name} must be a finite number, got {value!r}")
    return number


def whole(name: str, value: Any) -> int:
    """value as an int (2 or 2.0), or BackpropError: bools, fractions, nan, inf are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise BackpropError(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if not math.isfinite(value) or not float(value).is_integer():
        raise BackpropError(f"{name} must be a whole number, got {value!r}")
    return int(value)


def seeded_uniform(seed: str, name: str, low: float, high: float, decimals: int = 2) -> float:
    """A number in [low, high] from (seed, name): the same on every machine and Python."""
    digest = hashlib.sha256(f"{seed}/{name}".encode()).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    return round(low + (high - low) * fraction, decimals)
