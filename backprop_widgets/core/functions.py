"""Activations, losses and penalties, described as data: SymPy form, words, numerics."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .softmax import (
    logsumexp_array,
    logsumexp_float,
    softmax_from_net,
    softmax_outputs,
    softmax_slope,
)

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "REGULARIZATIONS",
    "Activation",
    "Layerwise",
    "Loss",
    "Regularization",
    "numeric_modules",
    "relu",
    "sigmoid",
    "softplus",
]


class sigmoid(sp.Function):
    """The logistic function 1 / (1 + e^-x), with its derivative sigma(x)(1 - sigma(x))."""

    nargs = 1

    def fdiff(self, argindex=1):
        """d sigma / dx = sigma (1 - sigma)."""
        return sigmoid(self.args[0]) * (1 - sigmoid(self.args[0]))

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sp.exp(-x))

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


class relu(sp.Function):
    """max(0, x), with derivative 1 for x > 0 and 0 otherwise (0 at the kink, by convention)."""

    nargs = 1

    def fdiff(self, argindex=1):
        """d relu / dx: a step at 0."""
        x = self.args[0]
        return sp.Piecewise((1, x > 0), (0, True))

    def _eval_rewrite_as_Max(self, x, **kwargs):
        return sp.Max(0, x)

    def _latex(self, printer):
        return r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0])


class softplus(sp.Function):
    """ln(1 + e^x); ln(sigmoid(x)) = -softplus(-x), computed without overflow or log(0)."""

    nargs = 1

    def fdiff(self, argindex=1):
        """d softplus / dx = sigma(x)."""
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return sp.log(1 + sp.exp(x))


def _no_rewrite(out: sp.Symbol, net: sp.Symbol) -> dict:
    return {}


def _logistic_from_net(out: sp.Symbol, net: sp.Symbol) -> dict:
    """1 - out and the logarithms of out and 1 - out, from net: accurate when out nears 0 or 1.

    1 - sigma(net) = sigma(-net); ln sigma(net) = -softplus(-net); ln(1 - sigma(net)) =
    -softplus(net). Computed from out they lose every digit once out rounds to 1.
    """
    return {
        sp.log(out): -softplus(-net),
        sp.log(1 - out): -softplus(net),
        1 - out: sigmoid(-net),
        out - 1: -sigmoid(-net),
    }


@dataclass(frozen=True)
class Layerwise:
    """An activation of a whole layer: the outs from all nets, dout_j/dnet_k written in the
    outs (slope(outs, j, k)), and the accurate numerics from the nets."""

    outputs: Callable[[Sequence[sp.Expr]], list[sp.Expr]]
    slope: Callable[[Sequence[sp.Symbol], int, int], sp.Expr]
    from_net: Callable[[Sequence[sp.Symbol], Sequence[sp.Symbol]], dict]


@dataclass(frozen=True)
class Activation:
    """One activation function: how SymPy builds it and how a learner reads it.

    apply(net) is one neuron's out; an activation of the whole layer (softmax) has layer
    instead. from_net: how the numbers are computed from net where that is more accurate
    than from out.
    """

    name: str
    apply: Callable[[sp.Expr], sp.Expr] | None
    in_words: str
    derivative_in_words: str
    output_range: tuple[float, float]
    from_net: Callable[[sp.Symbol, sp.Symbol], dict] = _no_rewrite  # accurate numerics
    layer: Layerwise | None = None

    def outputs(self, nets: Sequence[sp.Expr]) -> list[sp.Expr]:
        """out of every neuron of a layer, from the layer's nets."""
        return self.layer.outputs(nets) if self.layer else [self.apply(n) for n in nets]

    def numerics(self, outs: Sequence[sp.Symbol], nets: Sequence[sp.Symbol]) -> dict:
        """What to compute from the nets instead, for a layer's outs and nets."""
        if self.layer:
            return self.layer.from_net(outs, nets)
        found: dict = {}
        for out, net in zip(outs, nets, strict=True):
            found |= self.from_net(out, net)
        return found


@dataclass(frozen=True)
class Loss:
    """One per-output loss E_o(t, out); E_total is its sum over the outputs."""

    name: str
    apply: Callable[[sp.Expr, sp.Expr], sp.Expr]
    in_words: str


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "sigmoid",
            sigmoid,
            "logistic 1/(1+e^-net)",
            "out (1 - out)",
            (0.0, 1.0),
            _logistic_from_net,
        ),
        Activation("tanh", sp.tanh, "tanh(net)", "1 - out^2", (-1.0, 1.0)),
        Activation("relu", relu, "max(0, net)", "1 if net > 0 else 0", (0.0, math.inf)),
        Activation("linear", lambda x: x, "net itself", "1", (-math.inf, math.inf)),
        Activation(
            "softmax",
            None,
            "e^net / sum of e^net",
            "out (1 - out), -out_j out_k",
            (0.0, 1.0),
            layer=Layerwise(softmax_outputs, softmax_slope, softmax_from_net),
        ),
    )
}

LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "squared_error",
            lambda t, out: sp.Rational(1, 2) * (t - out) ** 2,
            "E = sum 1/2 (t - out)^2 (the post)",
        ),
        Loss(
            "cross_entropy",
            lambda t, out: -(t * sp.log(out) + (1 - t) * sp.log(1 - out)),
            "E = -sum [t ln(out) + (1 - t) ln(1 - out)] (binary cross-entropy)",
        ),
        Loss(
            "categorical_cross_entropy",
            lambda t, out: -t * sp.log(out),
            "E = -sum t ln(out) (softmax outputs; targets from 0 to 1 summing to 1)",
        ),
    )
}


@dataclass(frozen=True)
class Regularization:
    """A penalty on the weights, added to E_total as E_reg (biases are not regularised).

    apply(lam, weights) is E_reg; SymPy differentiates it, so each weight's gradient gains
    dE_reg/dw (lam * w for L2, lam * sign(w) for L1: 0 at w = 0, the usual subgradient).
    """

    name: str
    apply: Callable[[sp.Expr, list[sp.Symbol]], sp.Expr]
    in_words: str


REGULARIZATIONS: dict[str, Regularization] = {
    r.name: r
    for r in (
        Regularization(
            "L2",
            lambda lam, ws: lam / 2 * sp.Add(*(w**2 for w in ws)),
            "E_reg = lam/2 * (w1^2 + w2^2 + ...): weight decay, dE_reg/dw = lam * w",
        ),
        Regularization(
            "L1",
            lambda lam, ws: lam * sp.Add(*(sp.Abs(w) for w in ws)),
            "E_reg = lam * (|w1| + |w2| + ...): dE_reg/dw = lam * sign(w)",
        ),
    )
}


def _sigmoid_float(x: float) -> float:
    """Logistic function for one float, without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _sigmoid_array(x):
    """Logistic function for NumPy arrays (called with overflow warnings off: e^-x may
    overflow to inf for x below -709, and 1 / (1 + inf) is the right limit, 0)."""
    return 1.0 / (1.0 + np.exp(-x))


def _softplus_float(x: float) -> float:
    """ln(1 + e^x) for one float, without overflow."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _softplus_array(x):
    """ln(1 + e^x) for NumPy arrays, without overflow: ln(e^0 + e^x), one ufunc."""
    return np.logaddexp(0.0, x)


def _relu_float(x: float) -> float:
    """max(0, x) for one float."""
    return x if x > 0 else 0.0


def numeric_modules(backend: str) -> list:
    """The lambdify modules for 'math' (one float at a time) or 'numpy' (arrays)."""
    if backend == "math":
        return [
            {
                "sigmoid": _sigmoid_float,
                "relu": _relu_float,
                "softplus": _softplus_float,
                "logsumexp": logsumexp_float,
            },
            "math",
        ]
    # The module itself, not "numpy": lambdify would run `from numpy import *`, which loads
    # every lazy numpy submodule (a quarter of a second at the explorer's first draw).
    relu_array = lambda x: np.maximum(x, 0.0)  # noqa: E731
    arrays = {"sigmoid": _sigmoid_array, "relu": relu_array, "softplus": _softplus_array}
    return [arrays | {"logsumexp": logsumexp_array}, np]
