"""A recognised slip: its value and the sentence naming it; and the value a changed network
gives, the way most slips are recomputed with the core."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core.errors import BackpropError
from ..core.network import Network
from ..core.step import walkthrough

__all__ = ["Mistake", "changed", "step_value"]


@dataclass(frozen=True)
class Mistake:
    """The value a slip gives, and the sentence that names the slip."""

    code: str
    value: float
    message: str


def step_value(net: Network, section: str, key: str) -> float:
    """One value of the step of net."""
    return walkthrough(net)[section][key]


def changed(ex, code: str, net: Network, message: str) -> Mistake:
    """The exercise's quantity in a network changed the way the mistake changes it."""
    try:
        return Mistake(code, step_value(net, ex.section, ex.key), message)
    except (BackpropError, KeyError):  # overflows, or the quantity does not exist there
        return Mistake(code, math.nan, message)
