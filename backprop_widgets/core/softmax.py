"""Softmax: an activation of a whole layer, out_oj = e^net_oj / (e^net_o1 + e^net_o2 + ...).

Every output depends on every net of its layer, so dout_oj/dnet_ok is not zero for j != k.
SymPy differentiates the formula; the slope is then written in the outputs, as the post
writes out (1 - out) for the logistic function: dout_oj/dnet_oj = out_oj (1 - out_oj) and
dout_oj/dnet_ok = -out_oj out_ok. The numbers are computed from the nets with log-sum-exp
(out_oj = e^(net_oj - LSE), ln out_oj = net_oj - LSE, LSE = ln(sum e^net_ok)), so no net is
too large for e^net and no logarithm sees an output rounded to 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import reduce

import numpy as np
import sympy as sp

__all__ = ["logsumexp", "softmax_from_net", "softmax_outputs", "softmax_slope"]


class logsumexp(sp.Function):
    """ln(e^x1 + e^x2 + ...), computed as m + ln(sum e^(x - m)) with m the largest x."""

    def _eval_rewrite_as_exp(self, *args, **kwargs):
        return sp.log(sp.Add(*(sp.exp(a) for a in args)))


def softmax_outputs(nets: Sequence[sp.Expr]) -> list[sp.Expr]:
    """out of each neuron of the layer: e^net_j over the sum of e^net of the layer."""
    total = sp.Add(*(sp.exp(n) for n in nets))
    return [sp.exp(n) / total for n in nets]


def softmax_slope(outs: Sequence[sp.Symbol], j: int, k: int) -> sp.Expr:
    """dout_j/dnet_k derived by SymPy, written in the outputs (which sum to 1)."""
    nets = sp.symbols(f"net0:{len(outs)}")
    scale = sp.Symbol("scale", positive=True)
    slope = sp.diff(softmax_outputs(nets)[j], nets[k])
    # e^net_i = out_i * scale for every i (softmax does not change when all e^net scale)
    scaled = {sp.exp(n): o * scale for n, o in zip(nets, outs, strict=True)}
    slope = sp.factor(sp.cancel(slope.subs(scaled)))
    slope = slope.subs(sp.Add(*outs), 1)
    if j == k:  # out_j (out_1 + ... without out_j ...) = out_j (1 - out_j)
        slope = slope.subs(sp.Add(*outs) - outs[j], 1 - outs[j])
    return slope


def softmax_from_net(outs: Sequence[sp.Symbol], nets: Sequence[sp.Symbol]) -> dict:
    """The outputs, their logarithms and 1 - out computed from the nets (accurate numbers)."""
    lse = logsumexp(*nets)
    found = {}
    for j, (out, net, formula) in enumerate(zip(outs, nets, softmax_outputs(nets), strict=True)):
        found[formula] = sp.exp(net - lse)
        found[sp.log(out)] = net - lse
        found[1 - out] = sp.Add(*(o for i, o in enumerate(outs) if i != j))
    return found


def logsumexp_float(*xs: float) -> float:
    """ln(sum e^x) for floats, without overflow."""
    m = max(xs)
    return m + math.log(sum(math.exp(x - m) for x in xs))


def logsumexp_array(*xs):
    """ln(sum e^x) for NumPy arrays, element by element, without overflow."""
    m = reduce(np.maximum, xs)
    return m + np.log(sum(np.exp(x - m) for x in xs))
