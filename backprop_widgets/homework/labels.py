"""Weights as a learner reads them: edges, layers, and the post's labelling trap."""

from __future__ import annotations

from ..core.network import Network
from ..core.symbolic import graph_for
from ..text.formulas import display_for

__all__ = ["edge", "formula", "is_trap", "key_weight", "trap_note"]


def edge(net: Network, name: str) -> str:
    """'w5 (h1->o1)' for a weight, the name itself otherwise."""
    w = net.layout.weight(name)
    return f"{name} ({w.source}->{w.target})" if w else name


def is_trap(net: Network, a: str, b: str) -> bool:
    """True when weights a and b sit on 'transposed' edges of one layer (w2 and w3, w6 and w7)."""
    wa, wb = net.layout.weight(a), net.layout.weight(b)
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
    wa, wb = net.layout.weight(a), net.layout.weight(b)
    return (
        f" This is the post's labelling trap: the figure writes each label beside its edge, "
        f"so {a} and {b} are easy to swap; {a} is {wa.source}->{wa.target} and {b} is "
        f"{wb.source}->{wb.target}."
    )


def key_weight(net: Network, section: str, key: str) -> str:
    """The weight a quantity belongs to (gradients.w3 -> w3, dnet_o2/dout_h1 -> w7), or ''."""
    if section == "partials":
        return graph_for(net.shape).factors[key].weight
    return key if section in ("params", "gradients", "updated") else ""


def formula(net: Network, section: str, key: str) -> str:
    """The formula of a quantity as text, e.g. 'out_o1 * (1 - out_o1)'."""
    return display_for(net.shape).line(section, key).text_formula
