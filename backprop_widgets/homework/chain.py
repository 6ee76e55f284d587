"""The chain rule with one piece wrong, and the step with every intermediate value rounded.

A gradient is a sum over paths of products of chain-rule factors (graph.chains); a factor is
a leaf, a product or a sum of factors (graph.factors). One piece at a time is left out or
replaced by what a learner often puts there, and the whole is recombined from the step's
own values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import sympy as sp

from ..core.functions import numeric_modules
from ..core.graph import Qid
from ..core.network import Network
from ..core.numbers import fmt
from ..core.settings import Shape
from ..core.symbolic import graph_for
from .exercises import Exercise
from .labels import edge, formula, trap_note

__all__ = ["chain_alternatives", "rounded_value"]


def chain_alternatives(ex: Exercise) -> list[tuple[float, str]]:
    """(value, why) for a gradient or chain-rule factor with one piece wrong."""
    g = graph_for(ex.network.shape)
    if ex.section == "gradients":
        return _sum_of_products(ex, g.chains[ex.key], f"dE_total/d{ex.key}")
    if ex.section == "partials":
        return _factor_alternatives(ex, ex.key)
    return []


def _sum_of_products(ex: Exercise, terms, whole: str) -> list[tuple[float, str]]:
    """Alternatives of a sum of products of factors (a gradient)."""
    v = ex.values["partials"]
    if len(terms) == 1:
        return _product(ex, terms[0], whole)
    values = [math.prod(v[k] for k in term) for term in terms]
    found = []
    for j, term in enumerate(terms):
        rest = sum(values) - values[j]
        path = " * ".join(term)
        found.append((rest, f"The term {path} of {whole} is missing: {whole} is a sum over paths."))
        found += [(rest + alt, why) for alt, why in _product(ex, term, whole)]
    return found


def _product(ex: Exercise, keys, whole: str) -> list[tuple[float, str]]:
    """Alternatives of a product of factors: one left out, or one computed wrongly."""
    v = ex.values["partials"]
    found = []
    for j, key in enumerate(keys):
        rest = math.prod(v[k] for i, k in enumerate(keys) if i != j)
        leaf = graph_for(ex.network.shape).factors[key].kind == "leaf"
        shown = f" (= {formula(ex.network, 'partials', key)})" if leaf else ""
        found.append((rest, f"The factor {key}{shown} of {whole} is missing.{_dead_note(ex, key)}"))
        found += [(rest * alt, why) for alt, why in _factor_alternatives(ex, key)]
    return found


def _factor_alternatives(ex: Exercise, key: str) -> list[tuple[float, str]]:
    """Alternatives of one chain-rule factor."""
    factor = graph_for(ex.network.shape).factors[key]
    if factor.kind == "product":
        return _product(ex, factor.parts, key)
    if factor.kind == "sum":
        v = ex.values["partials"]
        total, found = sum(v[p] for p in factor.parts), []
        for part in factor.parts:
            rest = total - v[part]
            found.append((rest, f"The term {part} of {key} is missing: {key} is a sum over paths."))
            found += [(rest + alt, why) for alt, why in _factor_alternatives(ex, part)]
        return found
    return _leaf_alternatives(ex, key)


def _leaf_alternatives(ex: Exercise, key: str) -> list[tuple[float, str]]:
    """A local derivative computed with the wrong value or the wrong sign."""
    net, v = ex.network, ex.values
    value = v["partials"][key]
    expr = graph_for(net.shape).definitions[("partials", key)]
    found = []
    if key.startswith("dE_total/dout_") and net.loss == "squared_error":
        found.append(
            (-value, f"The sign of {key} is flipped: it is {formula(net, 'partials', key)}.")
        )
        found.append((2 * value, f"{key} has a factor 2 too many: the 1/2 of E cancels the 2."))
    factor = graph_for(net.shape).factors[key]
    neuron = factor.neuron
    if (factor.of, factor.wrt) == (f"out_{neuron}", f"net_{neuron}"):
        x, y = v["forward"][f"net_{neuron}"], v["forward"][f"out_{neuron}"]
        for slip, why in SLOPE_SLIPS.get(_activation(net, neuron), ()):
            found.append((slip(x, y), why.format(key=key, n=neuron, net=fmt(x))))
    if isinstance(expr, sp.Symbol):
        found += _other_sources(ex, key, expr.name)
    return found


# A slope dout/dnet computed the wrong way, per activation: (value from net x and out y, why).
SLOPE_SLIPS: dict[str, tuple[tuple[Callable[[float, float], float], str], ...]] = {
    "sigmoid": (
        (lambda x, y: x * (1 - x), "{key} is computed from net_{n}, not out_{n}."),
        (lambda x, y: y, "{key} is out_{n} alone; it is out_{n} * (1 - out_{n})."),
    ),
    "tanh": (
        (lambda x, y: 1 - x * x, "{key} is computed from net_{n}; tanh's slope is 1 - out_{n}^2."),
        (lambda x, y: 1 - y, "The square is missing in {key}: tanh's slope is 1 - out_{n}^2."),
        (
            lambda x, y: y * (1 - y),
            "{key} is the sigmoid's slope out_{n} * (1 - out_{n}); tanh's is 1 - out_{n}^2.",
        ),
    ),
    "relu": (
        (
            lambda x, y: 1.0 if x <= 0 else 0.0,
            "{key} is ReLU's slope on the wrong side: 1 where net_{n} > 0 and 0 where it is "
            "not; net_{n} = {net}, so a dead unit passes no gradient back and a live one all.",
        ),
        (lambda x, y: x, "{key} is net_{n} itself; ReLU's slope is 1 (net > 0) or 0."),
    ),
    "linear": (),
}


def _dead_note(ex: Exercise, key: str) -> str:
    """For the slope of a dead ReLU unit: why leaving it out (or taking 1) is wrong."""
    factor = graph_for(ex.network.shape).factors[key]
    n = factor.neuron
    if factor.kind != "leaf" or (factor.of, factor.wrt) != (f"out_{n}", f"net_{n}"):
        return ""
    net_value = ex.values["forward"][f"net_{n}"]
    if _activation(ex.network, n) != "relu" or net_value > 0:
        return ""
    return (
        f" {n} is a dead unit (net_{n} = {fmt(net_value)} <= 0): its ReLU slope is 0, not 1, so "
        f"a dead unit passes no gradient back."
    )


def _activation(net: Network, neuron: str) -> str:
    return net.activation[net.layout.layer_of[neuron] - 1]


def _other_sources(ex: Exercise, key: str, name: str) -> list[tuple[float, str]]:
    """A factor that is one value (w5, out_h1, i1) taken from the wrong edge or neuron."""
    net, v = ex.network, ex.values
    lay = net.layout
    found = []
    if lay.weight(name):
        for other in lay.weights_of_layer(lay.layer_of[lay.weight(name).target]):
            if other != name:
                found.append(
                    (
                        net[other],
                        f"{key} is {edge(net, name)}, but {edge(net, other)} was used."
                        + trap_note(net, name, other),
                    )
                )
        found.append(
            (
                v["updated"][name],
                f"{key} uses the updated {name}+ instead of the original {name}: every gradient "
                "comes from the weights before the update.",
            )
        )
    neuron = name.removeprefix("out_")
    layer = lay.layers[lay.layer_of[neuron]] if neuron in lay.layer_of else ()
    for other in layer:
        if other != neuron:
            source = other if other in lay.inputs else f"out_{other}"
            values = net.values if other in lay.inputs else v["forward"]
            found.append((values[source], f"{key} is {name}, but {source} was used."))
    return found


@cache
def _definition(shape: Shape, qid: Qid) -> tuple[tuple[Qid, ...], Callable]:
    """One quantity's definition as a float function of the quantities it uses (compiled once)."""
    graph = graph_for(shape)
    by_symbol = {s: q for q, s in graph.symbols.items()}
    symbols = sorted(graph.definitions[qid].free_symbols, key=str)
    function = sp.lambdify(symbols, graph.definitions[qid], modules=numeric_modules("math"))
    return tuple(by_symbol[s] for s in symbols), function


def rounded_value(net: Network, qid: Qid, decimals: int) -> float:
    """The quantity qid when every value computed on the way is rounded to `decimals`.

    Gradients are the products of their rounded chain-rule factors, as the post writes them
    (dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5).
    """
    graph = graph_for(net.shape)
    chain_factors = [
        ("partials", k)
        for q in graph.order([qid])
        if q[0] == "gradients"
        for term in graph.chains[q[1]]
        for k in term
    ]
    known: dict[Qid, float] = {("params", n): v for n, v in net.values.items()}
    known |= {("state", n): v for n, v in net.velocity.items()}
    value = math.nan
    for q in graph.order([*chain_factors, qid]):
        try:
            if q[0] == "gradients":
                terms = graph.chains[q[1]]
                value = sum(math.prod(known[("partials", k)] for k in term) for term in terms)
            else:
                arguments, function = _definition(net.shape, q)
                value = float(function(*(known[a] for a in arguments)))
        except (ArithmeticError, ValueError):
            return math.nan
        known[q] = round(value, decimals)
    return value
