"""Names as the post writes them: LaTeX for a value's name, keys as CSS classes."""

from __future__ import annotations

from ..core.naming import flat_key

__all__ = ["css_key", "latex_name", "latex_neuron"]


def latex_neuron(neuron: str) -> str:
    """Subscript for a neuron name: h1 -> h1, h2_1 -> h2,1."""
    return neuron.replace("_", ",")


def latex_name(name: str) -> str:
    """LaTeX for a value name: w5 -> w_{5}, out_h1 -> out_{h1}, lr -> eta, lam -> lambda."""
    special = {"lr": r"\eta", "mu": r"\mu", "lam": r"\lambda", "E_total": r"E_{total}"}
    if name in special:
        return special[name]
    if name.startswith("v_"):
        return r"v_{%s}" % latex_name(name[2:])
    head, _, tail = name.partition("_")
    if tail:
        return f"{head}_{{{latex_neuron(tail)}}}"
    letters = name.rstrip("0123456789")
    return f"{letters}_{{{name[len(letters) :]}}}"


def css_key(key: str) -> str:
    """A walkthrough key as it appears in a CSS class: '/' becomes '__' (dE_total__dout_o1)."""
    return flat_key(key)
