"""Weights as a learner reads them: edges, layers, and the post's labelling trap."""

from __future__ import annotations

import sympy as sp

from ..display import display_for
from ..naming import Weight
from ..network import Network
from ..symbolic import graph_for

__all__ = ["edge", "formula", "is_trap", "key_weight", "trap_note", "weight", "weights_of_layer"]


def weight(net: Network, name: str) -> Weight | None:
    """The Weight called name, or None."""
    return next((w for w in net.layout.weights if w.name == name), None)


def edge(net: Network, name: str) -> str:
    """'w5 (h1->o1)' for a weight, the name itself otherwise."""
    w = weight(net, name)
    return f"{name} ({w.source}->{w.target})" if w else name


def is_trap(net: Network, a: str, b: str) -> bool:
    """True when weights a and b sit on 'transposed' edges of one layer (w2 and w3, w6 and w7)."""
    wa, wb = weight(net, a), weight(net, b)
    if not (wa and wb) or wa.source == wb.source:
        return False
    lay = net.layout
    index = {n: k for layer in lay.layers for k, n in enumerate(layer)}
    return (
        lay.layer_of[wa.target] == lay.layer_of[wb.target]
        and index[wa.source] == index[wb.target]
        and index[wb.source] == index[wa.target]
    )


def trap_note(net: Network, a: str, b: str) -> str:
    """The post's labelling trap, when weights a and b sit on transposed edges."""
    if not is_trap(net, a, b):
        return ""
    wa, wb = weight(net, a), weight(net, b)
    return (
        f" This is the post's labelling trap: the figure writes each label beside its edge, "
        f"so {a} and {b} are easy to swap; {a} is {wa.source}->{wa.target} and {b} is "
        f"{wb.source}->{wb.target}."
    )


def key_weight(net: Network, section: str, key: str) -> str:
    """The weight a quantity belongs to (gradients.w3 -> w3, dnet_o2/dout_h1 -> w7), or ''."""
    if section == "partials":
        expr = graph_for(net.shape).definitions[(section, key)]
        return expr.name if isinstance(expr, sp.Symbol) and weight(net, expr.name) else ""
    return key if section in ("params", "gradients", "updated") else ""


def formula(net: Network, section: str, key: str) -> str:
    """The formula of a quantity as text, e.g. 'out_o1 * (1 - out_o1)'."""
    return display_for(net.shape).line(section, key).text_formula


def weights_of_layer(net: Network, layer: int) -> list[str]:
    """The names of the weights into one layer."""
    lay = net.layout
    return [w.name for w in lay.weights if lay.layer_of[w.target] == layer]
