"""The package's errors: bad input says what was wrong and what to do instead."""

__all__ = ["BackpropError", "NumericalError", "numerical_message"]


class BackpropError(ValueError):
    """Bad input: the message says what was wrong and what to do instead."""


class NumericalError(BackpropError):
    """A value overflowed or is not a number; the message names it."""


def numerical_message(loss: str, error: Exception | None, name: str = "") -> str:
    """What went wrong with the numbers, in words a learner can act on (loss: the net's)."""
    if loss == "cross_entropy" and isinstance(error, ValueError | ZeroDivisionError):
        return (
            "cross_entropy needs every output strictly between 0 and 1, but an output is so "
            "close to 0 or 1 that a float cannot tell it apart (the sigmoid saturated: |net| "
            "is above about 700); use smaller weights or inputs"
        )
    if loss == "categorical_cross_entropy" and isinstance(error, ValueError | ZeroDivisionError):
        return (
            "categorical_cross_entropy divides by every output (dE_total/dout = -t/out), but a "
            "softmax output is so close to 0 that a float holds 0 (its net is about 745 below "
            "the largest); use smaller weights or inputs"
        )
    what = f"{name} is not a finite number" if name else "a value overflowed"
    return (
        f"{what}: the numbers grew beyond what a float holds (about 1e308), "
        "so this setting diverges; use a smaller learning rate, weights or inputs"
    )
