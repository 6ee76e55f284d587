"""check_formula: a formula answer proved right by SymPy, or told what it most likely is.

Diagnoses, most likely first: the sign flipped; a name where a neighbour belongs (w6 for w5,
out_h2 for out_h1, t2 for t1, the updated w5+ for the original w5 or back, net for out); a
factor missing or extra (named when it is a chain-rule factor: dout_o1/dnet_o1 =
out_o1 * (1 - out_o1)) or a constant factor (2, lr); a term of a sum missing; then, from the
formula's value at the network's numbers, any slip the numeric checks know.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import sympy as sp

from ..core.errors import BackpropError
from ..core.numbers import fmt
from ..core.symbolic import graph_for
from .checks import Verdict, refuse_other_seed, told
from .diagnoses import mistakes
from .exercises import DIGITS, Exercise, exercise
from .formulas import (
    FORMULA_SECTIONS,
    FormulaError,
    branches,
    expanded,
    numeric,
    read_formula,
    same,
    shown,
)
from .labels import trap_note
from .variants import HomeworkError

__all__ = ["check_formula", "check_formula_answer", "formula_exercise"]


def formula_exercise(id: str, seed: str | int | None = None) -> Exercise:
    """The exercise id, refused when its quantity has no formula to type."""
    ex = exercise(id, seed, DIGITS)
    if ex.network.activation[-1] == "softmax":
        raise HomeworkError(
            f"{ex.id} is checked as a number: with softmax outputs a formula is right only "
            "given that the outputs and the targets each sum to 1, which SymPy's identities "
            "do not know"
        )
    if ex.section not in FORMULA_SECTIONS or ex.batch > 1:
        raise HomeworkError(
            f"{ex.id} is checked as a number, not a formula: formulas are asked for forward "
            "values, chain-rule factors, gradients, updates and velocities of one sample"
        )
    return ex


def check_formula_answer(ex: Exercise, text) -> Verdict:
    """Check a typed formula for an exercise; never raises for bad text."""
    net, graph = ex.network, graph_for(ex.network.shape)
    typed = text.strip() if isinstance(text, str) else repr(text)
    try:
        learner = read_formula(text, net)
    except FormulaError as error:
        return told("invalid", str(error), typed=typed[:80])
    own = graph.symbols[(ex.section, ex.key)]
    if own in learner.free_symbols:
        headline = f"write {ex.name} in other values, not in itself."
        return told("invalid", headline, recheck=ex.formula, typed=typed)
    if not learner.free_symbols:
        example = ex.formula.split(" = ", 1)[1]
        headline = f"that is a number; type a formula in the post's names, e.g. {example}"
        return told("invalid", headline, typed=typed)
    values = ex.values | {"params": net.values, "state": dict(net.velocity)}
    right = graph.definitions[(ex.section, ex.key)]
    mine, theirs = expanded(graph, learner, False), expanded(graph, right, False)
    if same(graph, values, mine, theirs):
        return told("correct", f"Correct: {ex.formula}.", typed=typed)
    value = numeric(graph, values, mine)
    if math.isfinite(value) and math.isclose(value, ex.answer, rel_tol=1e-9, abs_tol=1e-15):
        deep = same(graph, values, expanded(graph, learner, True), expanded(graph, right, True))
        if deep:
            return told("correct", f"Correct: {ex.formula}.", typed=typed)
        why = (
            f"It gives the right number here ({fmt(value)}), but SymPy could not prove it equal "
            f"to {ex.name} in general: write it in the post's intermediate names."
        )
        return told("wrong", f"Your formula is not proved to be {ex.name}.", why, ex.formula,
                    "unproven", typed=typed)  # fmt: skip
    headline = f"Your formula is not {ex.name}."
    for code, why in _diagnoses(ex, graph, values, mine, theirs, value):
        return told("wrong", headline, why, ex.formula, code, typed=typed)
    why = f"At your network's numbers it gives {fmt(value)}, and {ex.name} = {fmt(ex.answer)}."
    return told("wrong", headline, why, ex.formula, "unknown", typed=typed)


def _diagnoses(ex, graph, values, mine, theirs, value) -> Iterator[tuple[str, str]]:
    """(code, sentence) for each slip the formula matches, most likely first."""
    net = ex.network
    if branches(graph, values, theirs) == 0:
        yield from _dead(ex)
        return
    if same(graph, values, mine, -theirs):
        yield "sign", "The sign is flipped: dE/dout = -(t - out) = out - t."
    yield from _other_rule(ex, graph, values, mine)
    for old, new, swap in _replacements(graph, theirs):
        mapping = {old: new, new: old} if swap else {old: new}
        if same(graph, values, mine, theirs.xreplace(mapping)):
            a, b = shown(net, old), shown(net, new)
            note = trap_note(net, a, b) if swap or a[0] == b[0] == "w" else ""
            what = f"{a} and {b} are swapped" if swap else f"It has {b} where {a} belongs"
            yield "other_value", f"{what}.{note}"
    yield from _factors(ex, graph, values, mine, theirs)
    if theirs.is_Add:
        for term in theirs.args:
            if same(graph, values, mine, theirs - term):
                paths = " (a sum over paths)" if ex.section in ("partials", "gradients") else ""
                yield "chain", f"The term {shown(net, term)} is missing{paths}."
    if math.isfinite(value):
        for m in mistakes(ex):
            if math.isclose(value, m.value, rel_tol=1e-9, abs_tol=1e-15):
                yield m.code, f"At your network's numbers it gives {fmt(value)}. {m.message}"
    ratio = sp.cancel(sp.together(mine / theirs))
    numer, denom = sp.fraction(sp.factor(ratio))
    if sp.count_ops(ratio) <= 12:
        parts = [
            f"missing {shown(net, denom)}" * (denom != 1),
            f"extra {shown(net, numer)}" * (numer != 1),
        ]
        yield "chain", "A factor is wrong: " + "; ".join(p for p in parts if p) + "."


def _dead(ex) -> Iterator[tuple[str, str]]:
    """The right value is 0 because a ReLU unit on the way is dead."""
    net, forward = ex.network, ex.values["forward"]
    for neuron, layer in net.layout.layer_of.items():
        if layer and net.activation[layer - 1] == "relu" and forward[f"net_{neuron}"] <= 0:
            yield (
                "dead_unit",
                f"{neuron} is a dead unit (net_{neuron} = {fmt(forward[f'net_{neuron}'])} <= 0): "
                f"ReLU's slope dout_{neuron}/dnet_{neuron} is 0 there, so {ex.name} is 0 and a "
                f"formula for it keeps that factor.",
            )


def _other_rule(ex, graph, values, mine) -> Iterator[tuple[str, str]]:
    """The formula of the lesson's other rule: original or updated w5..w8 in the hidden
    chain, the other loss, the sigmoid for tanh or ReLU."""
    net = ex.network
    others = [
        ({"hidden_uses": "original" if net.hidden_uses == "updated" else "updated"}, "hidden")
    ]
    if net.loss == "cross_entropy":  # (cross-entropy's formulas for the squared error are
        others.append(({"loss": "squared_error"}, "loss"))  # its slope factor left out)
    if any(a != "sigmoid" for a in net.activation):
        others.append(({"activation": ("sigmoid",) * len(net.activation)}, "activation"))
    for change, what in others:
        try:
            other = graph_for(net.with_settings(**change).shape)
        except BackpropError:  # the other rule does not fit this network
            continue
        qid = (ex.section, ex.key)
        if qid in other.definitions and same(
            graph, values, mine, expanded(other, other.definitions[qid], False)
        ):
            yield "other_rule", _RULES[what](net)


_RULES = {
    "hidden": lambda net: (
        "It uses the original w5..w8 in the hidden layer's chain (the post's rule); this "
        "network uses the updated ones, w5_new..w8_new."
        if net.hidden_uses == "updated"
        else "It uses the updated w5_new..w8_new in the hidden layer's chain; the post (and "
        "this network) uses the original w5..w8 and updates every weight afterwards."
    ),
    "loss": lambda net: (
        "That is the squared error's formula; this network's loss is cross-entropy, "
        "E = -[t ln(out) + (1 - t) ln(1 - out)]."
    ),
    "activation": lambda net: (
        f"That is the sigmoid's formula; the hidden units here use {net.activation[0]}."
    ),
}


def _factors(ex, graph, values, mine, theirs) -> Iterator[tuple[str, str]]:
    """A constant factor, or a chain-rule factor missing or extra."""
    net = ex.network
    if theirs == 0 or mine == 0:
        return
    ratio = sp.cancel(sp.together(mine / theirs))
    if ratio.is_number:
        if ratio == 2 and net.loss == "squared_error":
            yield (
                "half",
                "It is twice the right formula: the 1/2 of E = 1/2 (t - out)^2 cancels the 2.",
            )
        else:
            yield "chain", f"It is {shown(net, ratio)} times the right formula."
        return
    lr = graph.symbols[("params", "lr")]
    if ratio in (lr, 1 / lr):
        extra = "extra" if ratio == lr else "missing"
        yield "lr", f"The learning rate lr is {extra}: {ex.formula}."
        return
    for key, factor in graph.factors.items():
        if factor.kind != "leaf":
            continue
        piece = expanded(graph, graph.definitions[("partials", key)], False)
        if piece in (0, 1) or not piece.free_symbols:
            continue
        if same(graph, values, ratio * piece, sp.Integer(1)):
            yield "chain", f"The factor {key} (= {shown(net, piece)}) is missing."
        elif same(graph, values, ratio, piece):
            yield "chain", f"It has an extra factor {key} (= {shown(net, piece)})."


def _replacements(graph, theirs) -> Iterator[tuple[sp.Symbol, sp.Symbol, bool]]:
    """(symbol in the right formula, a neighbour it is often mistaken for, swapped both ways)."""
    lay, sym = graph.layout, graph.symbols
    by_symbol = {s: q for q, s in sym.items()}
    for s in sorted(theirs.free_symbols, key=str):
        section, key = by_symbol[s]
        others: list = []
        if section in ("params", "updated") and lay.weight(key):
            layer = lay.layer_of[lay.weight(key).target]
            others = [(section, w) for w in lay.weights_of_layer(layer) if w != key]
            others.append(("updated" if section == "params" else "params", key))
        elif section == "params":
            group = next((g for g in (lay.inputs, lay.targets, lay.params) if key in g), ())
            others = [("params", k) for k in group if k != key and not lay.weight(k)]
        elif section == "forward" and key.split("_", 1)[0] in ("out", "net"):
            kind, neuron = key.split("_", 1)
            layer = lay.layers[lay.layer_of[neuron]]
            others = [(section, f"{kind}_{n}") for n in layer if n != neuron]
            others.append((section, f"{'net' if kind == 'out' else 'out'}_{neuron}"))
        for other in others:
            if other in sym:
                yield s, sym[other], False
                if other[1] != key:
                    yield s, sym[other], True


def check_formula(id: str, text, seed: str | int | None = None) -> None:
    """For graded cells: None when the formula is right, else AssertionError saying why.

    >>> check_formula("gradients.w5", "(out_o1 - t1) * out_o1 * (1 - out_o1) * out_h1")
    >>> check_formula("gradients.w5", "(out_o1 - t1) * out_o1 * (1 - out_o1)")
    Traceback (most recent call last):
    AssertionError: gradients.w5: Your formula is not dE_total/dw5. The factor ...
    """
    ex = formula_exercise(id, seed)
    refuse_other_seed(ex)
    verdict = check_formula_answer(ex, text)
    if not verdict.correct:
        where = "" if ex.seed is None else f" (seed {ex.seed})"
        raise AssertionError(f"{ex.id}{where}: {verdict.message}")
