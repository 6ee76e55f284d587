"""The package's errors: bad input says what was wrong and what to do instead."""

__all__ = ["BackpropError", "NumericalError"]


class BackpropError(ValueError):
    """Bad input: the message says what was wrong and what to do instead."""


class NumericalError(BackpropError):
    """A value overflowed or is not a number; the message names it."""
