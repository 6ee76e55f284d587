"""Slips of the losses' rules: cross-entropy's value for the squared error's (and back),
log10 for ln, a term of the loss left out, and softmax outputs taken for sigmoid ones."""

from __future__ import annotations

import math
from collections.abc import Iterator

from .slips import Mistake, changed

__all__ = ["LOSS_RULES"]


def _other_loss(ex) -> Iterator[Mistake]:
    """Cross-entropy's error where the squared error is asked. (Its gradients equal the
    squared error's without the slope factor: that slip is the chain rule's, in chain.py.)"""
    net = ex.network
    other = "squared_error" if net.loss == "cross_entropy" else "cross_entropy"
    words = {
        "squared_error": "the squared error E = 1/2 (t - out)^2",
        "cross_entropy": "cross-entropy E = -[t ln(out) + (1 - t) ln(1 - out)]",
    }
    if net.loss != "squared_error" or not ex.key.startswith("E_"):
        return
    yield changed(
        ex,
        "other_loss",
        net.with_settings(loss=other),
        f"That is what {words[other]} gives; this network's loss is {words[net.loss]}.",
    )


def _cross_entropy(ex) -> Iterator[Mistake]:
    """Cross-entropy: the squared error's value, log10 for ln, a term of the loss left out."""
    net = ex.network
    if net.loss != "cross_entropy":
        return
    yield changed(
        ex,
        "other_loss",
        net.with_settings(loss="squared_error"),
        "That is what the squared error 1/2 (t - out)^2 gives; this network's loss is "
        "cross-entropy, E = -[t ln(out) + (1 - t) ln(1 - out)].",
    )
    f, lay, v = ex.values["forward"], net.layout, net.values
    pairs = [(o, t) for o, t in zip(lay.outputs, lay.targets, strict=True)]
    if ex.section == "forward" and ex.key.startswith("E_"):
        wanted = pairs if ex.key == "E_total" else [p for p in pairs if f"E_{p[0]}" == ex.key]
        outs = [(f[f"out_{o}"], v[t]) for o, t in wanted]
        yield Mistake(
            "log10",
            sum(-(t * math.log10(y) + (1 - t) * math.log10(1 - y)) for y, t in outs),
            "It is computed with log10; cross-entropy uses the natural logarithm ln (log in "
            "Python's math module).",
        )
        yield Mistake(
            "one_term",
            sum(-t * math.log(y) for y, t in outs),
            "The term (1 - t) ln(1 - out) is missing: E = -[t ln(out) + (1 - t) ln(1 - out)].",
        )
    if ex.section == "partials" and ex.key.startswith("dE_total/dout_"):
        o = ex.key.removeprefix("dE_total/dout_")
        t = v[lay.targets[lay.outputs.index(o)]]
        yield Mistake(
            "one_term",
            -t / f[f"out_{o}"],
            f"The term (1 - t)/(1 - out_{o}) is missing: dE/dout = -t/out + (1 - t)/(1 - out).",
        )


def _softmax(ex) -> Iterator[Mistake]:
    """Softmax outputs with categorical cross-entropy: sigmoid outputs and binary
    cross-entropy instead, the sigmoid's slope multiplied into the delta, log10 for ln."""
    net = ex.network
    if net.activation[-1] != "softmax":
        return
    yield changed(
        ex,
        "other_rule",
        net.with_settings(activation=("sigmoid",) * len(net.activation), loss="cross_entropy"),
        "That is what sigmoid outputs with binary cross-entropy give; here the outputs are a "
        "softmax, out_oj = exp(net_oj) / sum_k exp(net_ok), and E = -sum t ln(out).",
    )
    f, lay, v = ex.values["forward"], net.layout, net.values
    pairs = [(f[f"out_{o}"], v[t]) for o, t in zip(lay.outputs, lay.targets, strict=True)]
    if ex.key.startswith("dE_total/dnet_o"):
        out, t = pairs[lay.outputs.index(ex.key.removeprefix("dE_total/dnet_"))]
        yield Mistake(
            "slope_twice",
            (out - t) * out * (1 - out),
            "The slope out (1 - out) is multiplied in: with softmax and categorical "
            "cross-entropy the chain through every output adds up to out - t.",
        )
    if ex.section == "forward" and ex.key == "E_total":
        yield Mistake(
            "log10",
            sum(-t * math.log10(y) for y, t in pairs),
            "It is computed with log10; cross-entropy uses the natural logarithm ln.",
        )


LOSS_RULES = (_cross_entropy, _other_loss, _softmax)
