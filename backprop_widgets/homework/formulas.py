"""Formula answers: the learner's formula, parsed by parser.py, proved equal by SymPy to the
quantity's definition, or diagnosed.

Both sides are written first in the forward pass's names (every chain-rule factor, gradient,
update and error replaced by its definition: out_o1, net_h1, inputs, targets, weights) and
compared; if they differ there, both are written in inputs, targets and parameters alone
(every out_ as the activation of its net input). Equal when SymPy expands their difference
to 0 (or cancels it, for quotients). ReLU and its slope are taken on the side of 0 the
network's numbers put them (a dead unit's slope is 0).
"""

from __future__ import annotations

import math
from functools import cache

import sympy as sp

from ..core.functions import relu, sigmoid
from ..core.graph import Graph, Qid
from ..core.network import Network
from ..core.symbolic import delta_key, graph_for
from ..text.formulas import text_of
from ..text.sections import symbol_text
from .parser import FormulaError, parse_formula

__all__ = [
    "FORMULA_SECTIONS",
    "MAX_OPS",
    "FormulaError",
    "branches",
    "expanded",
    "formula_names",
    "numeric",
    "read_formula",
    "same",
    "shown",
]

FORMULA_SECTIONS = ("forward", "partials", "gradients", "updated", "velocity")
MAX_OPS = 3000  # larger expressions are not compared symbolically (too slow to be sure)
_BELOW = ("partials", "gradients", "updated", "velocity")


@cache
def formula_names(net_shape) -> dict[str, Qid]:
    """Every name a formula may use for this shape, with its quantity."""
    graph = graph_for(net_shape)
    names: dict[str, Qid] = {}
    for (section, key), _ in graph.symbols.items():
        if section == "params":
            names[key] = (section, key)
        elif section == "state":
            names[f"v_{key}"] = (section, key)
        elif section in ("forward", "partials"):
            names[key] = (section, key)
        elif section == "gradients":
            names[f"dE_total/d{key}"] = (section, key)
        elif section == "updated":
            names[f"{key}_new"] = names[f"new_{key}"] = (section, key)
    lay = graph.layout
    for neuron in lay.layer_of:
        if neuron not in lay.inputs:
            names[f"delta_{neuron}"] = ("partials", delta_key(graph, neuron))
    names["eta"] = ("params", "lr")
    return names


def read_formula(text, net: Network) -> sp.Expr:
    """The learner's formula as a SymPy expression in the graph's symbols (or FormulaError)."""
    graph = graph_for(net.shape)
    expr = parse_formula(text, formula_names(net.shape), lambda qid: graph.symbols[qid])
    return _sigmoids(expr)


def _sigmoids(expr: sp.Expr) -> sp.Expr:
    """1/(1 + exp(-z)) written by the learner, as sigma(z)."""

    def swap(e):
        if e.is_Pow and e.exp == -1 and e.base.is_Add and len(e.base.args) == 2:
            one, other = sorted(e.base.args, key=lambda a: a != 1)
            if one == 1 and isinstance(other, sp.exp):
                return sigmoid(-other.args[0])
        return e

    return expr.replace(lambda e: e.is_Pow, swap)


def expanded(graph: Graph, expr: sp.Expr, deep: bool) -> sp.Expr:
    """expr with every chain-rule factor, gradient, update and error replaced by its
    definition; deep: every forward value too (inputs, targets and parameters only)."""
    by_symbol = {s: q for q, s in graph.symbols.items()}
    cache_: dict[sp.Symbol, sp.Expr] = {}

    def goes(qid: Qid) -> bool:
        if qid not in graph.definitions:
            return False
        return qid[0] in _BELOW or qid[1].startswith("E_") or deep

    def expand(s: sp.Symbol) -> sp.Expr:
        if s not in cache_:
            qid = by_symbol.get(s)
            if qid is None or not goes(qid):
                cache_[s] = s
            else:
                d = graph.definitions[qid]
                cache_[s] = d.xreplace({f: expand(f) for f in d.free_symbols})
        return cache_[s]

    return expr.xreplace({f: expand(f) for f in expr.free_symbols})


def numeric(graph: Graph, values: dict, expr: sp.Expr) -> float:
    """The value of expr at the step's numbers (SymPy evaluation; no generated code)."""
    subs = {}
    for qid, s in graph.symbols.items():
        section, key = qid
        source = values.get(section, {})
        if isinstance(source, dict) and key in source:
            subs[s] = sp.Float(source[key], 30)
    try:
        value = complex(sp.N(expr.xreplace(subs), 20))
    except (TypeError, ValueError, ZeroDivisionError):
        return float("nan")
    return value.real if abs(value.imag) < 1e-12 else float("nan")


def branches(graph: Graph, values: dict, expr: sp.Expr) -> sp.Expr:
    """ReLU and its slope on the side of 0 the network's numbers put them."""

    def side(condition) -> bool:
        return numeric(graph, values, condition.lhs - condition.rhs) > 0

    expr = expr.replace(
        lambda e: isinstance(e, relu),
        lambda e: e.args[0] if numeric(graph, values, e.args[0]) > 0 else sp.Integer(0),
    )
    return expr.replace(
        lambda e: isinstance(e, sp.Piecewise),
        lambda e: next(v for v, c in e.args if c is sp.true or side(c)),
    )


def same(graph: Graph, values: dict, a: sp.Expr, b: sp.Expr) -> bool | None:
    """True when SymPy proves a == b, False when it finds them different, None when the
    expressions are too large to decide."""
    difference = branches(graph, values, a - b)
    gap, size = numeric(graph, values, difference), numeric(graph, values, a)
    if math.isfinite(gap) and abs(gap) > 1e-9 * max(1.0, abs(size) if math.isfinite(size) else 1):
        return False  # different at the network's numbers: no need to ask SymPy
    if sp.count_ops(difference) > MAX_OPS:
        return None
    if sp.expand(difference) == 0:
        return True
    return sp.cancel(sp.together(difference)) == 0


def shown(net: Network, expr: sp.Expr) -> str:
    """An expression in the post's names, e.g. (out_o1 - t1) * out_h1."""
    graph = graph_for(net.shape)
    names = {s: symbol_text(*q) for q, s in graph.symbols.items()}
    names |= {graph.symbols[q]: n for n, q in formula_names(net.shape).items() if q[0] == "state"}
    return text_of(expr, names)
