"""What a wrong answer most likely is: every mistake is recomputed with the core.

``mistakes(ex)`` lists the value each known slip gives for an exercise, most likely first
(the order of BUILDERS): the sign flipped; another quantity of the same step (a neighbouring
weight's gradient, E_o1 for E_total, net for out, w5 for w5+, ...); the post's number in
a variant; the learning rate left out, squared or divided by, the step added or given
alone; two weight labels swapped; the updated w5..w8 used in the hidden layer; a factor or
a term of the chain rule left out or computed from the wrong value (w6 for w7, net for out,
the updated weight, (t - out) for -(t - out), ...); the update applied to a wrong gradient;
the 1/2 of the error dropped; inputs, targets or biases exchanged, one bias for both
layers, a bias left out; the decimal point shifted; every intermediate value rounded.
Each value comes from the walkthrough of the exercise's network, of a network changed the
way the mistake changes it, from the step's own values combined the mistaken way, or from
the step's SymPy definitions re-evaluated with rounded values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from itertools import combinations

from ..core.numbers import fmt, fmt_given
from ..core.symbolic import graph_for
from .chain import chain_alternatives, rounded_value
from .exercises import Exercise, describe
from .labels import edge, is_trap, key_weight, trap_note
from .rules import RULES
from .slips import Mistake
from .slips import changed as _changed
from .topics import topic_network

__all__ = ["BUILDERS", "Mistake", "mistakes"]

SECTIONS = ("params", "state", "forward", "partials", "gradients", "velocity", "updated")
SECTIONS += ("after", "batch")


def mistakes(ex: Exercise) -> list[Mistake]:
    """Every recognised slip's value for this exercise, most likely first."""
    return [m for build in BUILDERS for m in build(ex) if math.isfinite(m.value)]


# ---- builders, most likely first -----------------------------------------------------------


def _sign(ex: Exercise) -> Iterator[Mistake]:
    if ex.section in ("partials", "gradients"):
        error_chain = ex.section == "gradients" or ex.key.startswith("dE")
        yield Mistake(
            "sign",
            -ex.answer,
            "The size is right but the sign is flipped"
            + (
                ": dE_total/dout_o = -(t - out) = out - t, and (t - out) is its negative "
                "(target and output swapped)."
                if error_chain
                else "."
            ),
        )


def _other_values(ex: Exercise) -> Iterator[Mistake]:
    """Another quantity of the same step (the asked one's section first)."""
    net, asked = ex.network, describe(ex.network, ex.section, ex.key)
    leaf = ex.section == "partials" and graph_for(net.shape).factors[ex.key].kind == "leaf"
    first = ("params", "forward") if leaf else (ex.section,)
    order = first + tuple(s for s in SECTIONS if s not in first)
    values = ex.values | {"params": net.values}
    trained = set(net.trained)
    for section in order:
        for key, value in values.get(section, {}).items():
            if (
                (section, key) == (ex.section, ex.key)
                or (section in ("updated", "velocity") and key not in trained)
                or not isinstance(value, float)
            ):
                continue
            a, b = key_weight(net, ex.section, ex.key), key_weight(net, section, key)
            note = trap_note(net, a, b) if a and b else ""
            what = describe(net, section, key)
            yield Mistake("other_value", value, f"That is {what}, not {asked}.{note}")


def _post_value(ex: Exercise) -> Iterator[Mistake]:
    if ex.seed is not None:
        post = topic_network(ex.topic)
        given = ", ".join(f"{n} = {fmt_given(post[n])}" for n in ("i1", "i2", "w1"))
        yield _changed(
            ex,
            "post_value",
            post,
            f"That is the post's value (its network has {given}, ...); your variant "
            f"'{ex.seed}' has its own numbers: print(variant('{ex.seed}')) shows them.",
        )


def _swapped_labels(ex: Exercise) -> Iterator[Mistake]:
    """Two weights of one layer exchanged (reading the figure's labels on the wrong edges)."""
    net = ex.network
    for layer in range(1, len(net.sizes)):
        pairs = combinations(net.layout.weights_of_layer(layer), 2)
        for a, b in sorted(pairs, key=lambda pair: not is_trap(net, *pair)):
            swapped = net.with_params(**{a: net[b], b: net[a]})
            message = (
                f"It is what the step gives with the labels {a} and {b} swapped: "
                f"{edge(net, a)} = {fmt_given(net[a])} and {edge(net, b)} = {fmt_given(net[b])}."
            )
            yield _changed(ex, "swapped_labels", swapped, message + trap_note(net, a, b))


def _hidden_uses_updated(ex: Exercise) -> Iterator[Mistake]:
    net = ex.network
    if net.hidden_uses == "original" and len(net.samples) == 1:
        last = net.layout.weights_of_layer(len(net.sizes) - 1)
        first = last[0]
        yield _changed(
            ex,
            "updated_weights_in_hidden",
            net.with_settings(hidden_uses="updated"),
            f"It uses the updated {last[0]}..{last[-1]} (e.g. {first}+ = "
            f"{fmt(ex.values['updated'][first])}) in the hidden layer's chain; the post computes "
            f"every gradient from the original weights ({first} = {fmt_given(net[first])}) and "
            "updates all of them afterwards.",
        )


def _learning_rate(ex: Exercise) -> Iterator[Mistake]:
    if ex.section != "updated":
        return
    net, p = ex.network, ex.key
    lr, old, grad = net.lr, net[p], ex.values["gradients"][p]
    rule = f"{p}+ = {p} - lr * dE_total/d{p} with lr = {fmt_given(lr)}."
    changed = {
        "lr_missing": (1.0, "The learning rate is missing: "),
        "lr_twice": (lr * lr, "The learning rate is applied twice (lr * lr): "),
        "lr_divided": (1 / lr, "The gradient is divided by the learning rate, not multiplied: "),
    }
    for code, (rate, why) in changed.items():
        if rate != lr:
            yield _changed(ex, code, net.with_params(lr=rate), why + rule)
    yield Mistake(
        "added",
        old + lr * grad,
        f"The step is added instead of subtracted (or the gradient's sign is flipped): gradient "
        f"descent moves against the gradient, {rule}",
    )
    yield Mistake(
        "step_only", lr * grad, f"That is the step lr * dE_total/d{p} alone; subtract it: {rule}"
    )


def _chain(ex: Exercise) -> Iterator[Mistake]:
    """A factor or term of the chain rule left out or computed from the wrong value."""
    if ex.batch > 1:  # the chain's values are one sample's; the batch's slips are in rules
        return
    for value, why in chain_alternatives(ex):
        yield Mistake("chain", value, why)


def _wrong_gradient(ex: Exercise) -> Iterator[Mistake]:
    """The update rule applied to a wrong gradient."""
    if ex.section != "updated":
        return
    net, p = ex.network, ex.key
    grads = ex.values["gradients"]
    for q, grad in grads.items():
        if q != p:
            yield Mistake(
                "wrong_gradient",
                net[p] - net.lr * grad,
                f"The update uses dE_total/d{q}, the gradient of {edge(net, q)}, instead of "
                f"the gradient of {edge(net, p)}.{trap_note(net, p, q)}",
            )
    gradient = ex.sibling("gradients", p)
    for m in (*_chain(gradient), *_half(gradient)):
        yield Mistake(
            "wrong_gradient",
            net[p] - net.lr * m.value,
            f"The update rule is right, but the gradient in it is not: {m.message}",
        )


def _half(ex: Exercise) -> Iterator[Mistake]:
    """The 1/2 of the squared error dropped (twice the error, twice its derivatives)."""
    if ex.network.loss != "squared_error":
        return
    if ex.key.startswith("E_") or ex.section == "gradients":
        yield Mistake(
            "half",
            2 * ex.answer,
            "It is twice the right value: the 1/2 of E = 1/2 (t - out)^2 was dropped"
            + (
                "; its derivative is -(t - out), with no factor 2."
                if ex.section == "gradients"
                else "."
            ),
        )


def _mixed_values(ex: Exercise) -> Iterator[Mistake]:
    """Inputs, targets or biases exchanged, or a bias left out."""
    net, lay = ex.network, ex.network.layout
    for names in (lay.inputs, lay.targets, [b.name for b in lay.biases]):
        for a, b in combinations(names, 2):
            if net[a] != net[b]:
                yield _changed(
                    ex,
                    "swapped_values",
                    net.with_params(**{a: net[b], b: net[a]}),
                    f"It is what the step gives with {a} ({fmt_given(net[a])}) and {b} "
                    f"({fmt_given(net[b])}) exchanged.",
                )
    biases = [b.name for b in lay.biases]
    for a, b in ((a, b) for a in biases for b in biases if a != b and net[a] != net[b]):
        yield _changed(
            ex,
            "same_bias",
            net.with_params(**{b: net[a]}),
            f"It is what the step gives with {a} = {fmt_given(net[a])} used for {b} too; "
            f"{b} = {fmt_given(net[b])} belongs to {', '.join(lay.bias(b).neurons)}.",
        )
    for bias in lay.biases:
        yield _changed(
            ex,
            "no_bias",
            net.with_params(**{bias.name: 0.0}),
            f"The bias {bias.name} = {fmt_given(net[bias.name])} is left out; it is added to "
            f"the net input of {', '.join(bias.neurons)}.",
        )


def _decimal_point(ex: Exercise) -> Iterator[Mistake]:
    for power in (1, -1, 2, -2):
        yield Mistake(
            "decimal_point",
            ex.answer * 10**power,
            f"It is off by a factor of {10 ** abs(power)}: check the decimal point "
            "(count the zeros after it).",
        )


def _rounded(ex: Exercise) -> Iterator[Mistake]:
    if ex.batch > 1 or ex.section in ("velocity", "batch"):
        return
    for k in range(2, ex.digits):
        yield Mistake(
            "rounded_intermediates",
            rounded_value(ex.network, (ex.section, ex.key), k),
            f"It is what the step gives with every intermediate value rounded to {k} decimals: "
            f"carry at least {ex.digits + 2} decimals (or full precision) through the "
            "calculation.",
        )


BUILDERS: tuple[Callable[[Exercise], Iterator[Mistake]], ...] = (
    _sign,
    *RULES,
    _other_values,
    _post_value,
    _learning_rate,
    _swapped_labels,
    _hidden_uses_updated,
    _chain,
    _wrong_gradient,
    _half,
    _mixed_values,
    _decimal_point,
    _rounded,
)
