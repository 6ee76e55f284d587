"""SymPy derives every value of one training step, once per network shape.

The graph holds one definition per quantity (forward value, chain-rule factor, gradient,
updated parameter, error after the step), each a small SymPy expression in the symbols of
earlier quantities. Chain-rule factors are leaves (SymPy differentiates a local formula:
``dnet_o1/dw5 = d(w5 out_h1 + w6 out_h2 + b2)/dw5 = out_h1``), products or sums of other
factors, exactly as the post decomposes them.

Regularisation adds E_reg (a penalty on the weights, functions.REGULARIZATIONS) to E_total;
its derivative dE_reg/dw is one more path to each weight: dE_total/dw5 = dE_total/dout_o1 *
dout_o1/dnet_o1 * dnet_o1/dw5 + dE_reg/dw5, with dE_reg/dw5 = lam * w5 for L2.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import sympy as sp

from .functions import ACTIVATIONS, LOSSES, REGULARIZATIONS
from .graph import Factor, Graph
from .naming import Layout
from .settings import Shape

__all__ = ["delta_key", "graph_for"]


@cache
def graph_for(shape: Shape) -> Graph:
    """Derive every quantity of one training step for this shape (cached per shape)."""
    graph = Graph(shape, Layout(shape.sizes, shape.bias_mode))
    _arguments(graph)
    nets = _forward(graph)
    _backward(graph, nets)
    _gradients(graph)
    _updates(graph)
    _after(graph)
    _numeric(graph)
    return graph


def _numeric(graph: Graph) -> None:
    """The definitions as the compiled code computes them: where an activation says how,
    from net rather than out (1 - out_o1 as sigma(-net_o1)), so saturated outputs keep
    their digits. The formulas shown stay as the post writes them."""
    swap = {}
    for section in ("forward", "after"):
        for layer, neurons in enumerate(graph.layout.layers[1:], start=1):
            activation = ACTIVATIONS[graph.shape.activation[layer - 1]]
            outs = [graph.sym(section, f"out_{n}") for n in neurons]
            swap |= activation.numerics(outs, [graph.sym(section, f"net_{n}") for n in neurons])
    graph.numeric = {q: expr.xreplace(swap) for q, expr in graph.definitions.items()}


def _arguments(graph: Graph) -> None:
    """Declare inputs, targets, parameters, lr (and momentum state) in the post's order."""
    lay = graph.layout
    for name in (*lay.inputs, *lay.targets, *lay.params, "lr"):
        graph.sym("params", name)
    if graph.shape.momentum:
        graph.sym("params", "mu")
    if graph.shape.regularization != "none":
        graph.sym("params", "lam")
    if graph.shape.momentum:
        for name in lay.params:
            graph.sym("state", name)


def _value(graph: Graph, neuron: str) -> sp.Symbol:
    """What a neuron passes on: the input itself, or out_<neuron>."""
    if neuron in graph.layout.inputs:
        return graph.sym("params", neuron)
    return graph.sym("forward", f"out_{neuron}")


def _forward(graph: Graph) -> dict[str, sp.Expr]:
    """net and out of every neuron, E of every output, E_total; returns the net formulas."""
    lay, shape = graph.layout, graph.shape
    nets = {}
    for layer, neurons in enumerate(lay.layers[1:], start=1):
        activation = ACTIVATIONS[shape.activation[layer - 1]]
        for n in neurons:
            terms = [
                graph.sym("params", w.name) * _value(graph, w.source) for w in lay.weights_into(n)
            ]
            nets[n] = sp.Add(*terms, graph.sym("params", lay.bias_of(n).name))
            net = graph.define("forward", f"net_{n}", nets[n])
            if not activation.layer:
                graph.define("forward", f"out_{n}", activation.apply(net))
        if activation.layer:  # softmax: each out reads every net of the layer
            layer_nets = [graph.sym("forward", f"net_{n}") for n in neurons]
            for n, out in zip(neurons, activation.outputs(layer_nets), strict=True):
                graph.define("forward", f"out_{n}", out)
    errors = [
        graph.define("forward", f"E_{o}", _loss_of(graph, o, t))
        for o, t in zip(lay.outputs, lay.targets, strict=True)
    ]
    if shape.regularization != "none":
        errors.append(graph.define("forward", "E_reg", _penalty(graph)[0]))
    graph.define("forward", "E_total", sp.Add(*errors))
    return nets


def _penalty(graph: Graph) -> tuple[sp.Expr, dict[str, sp.Expr]]:
    """E_reg in the weights' symbols, and dE_reg/dw of each weight (SymPy differentiates it;
    with real weights, so that d|w|/dw is sign(w))."""
    regularization = REGULARIZATIONS[graph.shape.regularization]
    names = [w.name for w in graph.layout.weights]
    real = {n: sp.Symbol(n, real=True) for n in names}
    penalty = regularization.apply(graph.sym("params", "lam"), list(real.values()))
    back = {real[n]: graph.sym("params", n) for n in names}
    slopes = {n: sp.diff(penalty, real[n]).xreplace(back) for n in names}
    return penalty.xreplace(back), slopes


def _loss_of(graph: Graph, output: str, target: str) -> sp.Expr:
    """E_o for one output, in the symbols of its target and out."""
    loss = LOSSES[graph.shape.loss].apply
    return loss(graph.sym("params", target), graph.sym("forward", f"out_{output}"))


def _factor(graph: Graph, key: str, kind: str, parts: tuple[str, ...] = ()) -> Factor:
    """What a factor d<of>/d<wrt> is about, read off its key once, here."""
    lay = graph.layout
    of, wrt = (part[1:] for part in key.split("/"))
    if wrt.startswith(("out_", "net_")):
        neuron = wrt.split("_", 1)[1]
    elif lay.weight(wrt):
        neuron = lay.weight(wrt).target
    else:
        neuron = of.split("_", 1)[1]  # dnet_o1/db2: the neuron the bias enters
    return Factor(key, kind, parts, of, wrt, neuron, lay.layer_of[neuron])


def _leaf(graph: Graph, key: str, expr: sp.Expr) -> None:
    """A factor SymPy derived from a local formula."""
    graph.define("partials", key, expr)
    factor = _factor(graph, key, "leaf")
    if isinstance(expr, sp.Symbol) and graph.layout.weight(expr.name):
        factor = replace(factor, weight=expr.name)
    graph.factors[key] = factor


def _combine(graph: Graph, key: str, kind: str, parts: list[str]) -> None:
    """A factor that is the product or the sum of other factors."""
    symbols = [graph.sym("partials", p) for p in parts]
    graph.define("partials", key, sp.Mul(*symbols) if kind == "product" else sp.Add(*symbols))
    graph.factors[key] = _factor(graph, key, kind, tuple(parts))


def _activation_slope(graph: Graph, neuron: str) -> sp.Expr:
    """dout/dnet, derived by SymPy and written in out where the activation allows it."""
    layer = graph.layout.layer_of[neuron]
    activation = ACTIVATIONS[graph.shape.activation[layer - 1]].apply  # not softmax
    net, out = sp.Symbol("net"), sp.Symbol("out")
    slope = sp.diff(activation(net), net)
    if activation(net) != net:
        slope = slope.subs(activation(net), out)
    return slope.xreplace(
        {net: graph.sym("forward", f"net_{neuron}"), out: graph.sym("forward", f"out_{neuron}")}
    )


def delta_key(graph: Graph, neuron: str) -> str:
    """The key of dE/dnet for a neuron: dE_o1/dnet_o1 (the post) or dE_total/dnet_h1 (and
    dE_total/dnet_o1 for softmax outputs, where every E_oj depends on net_o1)."""
    own = neuron in graph.layout.outputs and not _layerwise(graph)
    return f"dE_{neuron if own else 'total'}/dnet_{neuron}"


def _layerwise(graph: Graph):
    """The output layer's whole-layer activation (softmax), or None."""
    return ACTIVATIONS[graph.shape.activation[-1]].layer


def _backward(graph: Graph, nets: dict[str, sp.Expr]) -> None:
    """Every chain-rule factor, output layer first, as the post walks back."""
    lay = graph.layout
    e_total = sp.Add(
        *(_loss_of(graph, o, t) for o, t in zip(lay.outputs, lay.targets, strict=True))
    )
    for o in lay.outputs:
        out = graph.sym("forward", f"out_{o}")
        _leaf(graph, f"dE_total/dout_{o}", sp.diff(e_total, out))
        if not _layerwise(graph):
            _leaf(graph, f"dout_{o}/dnet_{o}", _activation_slope(graph, o))
            parts = [f"dE_total/dout_{o}", f"dout_{o}/dnet_{o}"]
            _combine(graph, delta_key(graph, o), "product", parts)
    if _layerwise(graph):
        _layer_deltas(graph)
    for neurons in reversed(lay.layers[1:-1]):
        for h in neurons:
            _hidden_neuron(graph, nets, h)
    for w in lay.weights:
        _leaf(
            graph,
            f"dnet_{w.target}/d{w.name}",
            sp.diff(nets[w.target], graph.sym("params", w.name)),
        )
    if graph.shape.regularization != "none":
        for name, slope in _penalty(graph)[1].items():
            _leaf(graph, f"dE_reg/d{name}", slope)
    for b in lay.biases:
        for n in b.neurons:
            _leaf(graph, f"dnet_{n}/d{b.name}", sp.diff(nets[n], graph.sym("params", b.name)))


def _layer_deltas(graph: Graph) -> None:
    """Softmax outputs: dE_total/dnet_ok = sum over j of dE_total/dout_oj * dout_oj/dnet_ok."""
    outputs = graph.layout.outputs
    outs = [graph.sym("forward", f"out_{o}") for o in outputs]
    for k, ok in enumerate(outputs):
        parts = []
        for j, oj in enumerate(outputs):
            _leaf(graph, f"dout_{oj}/dnet_{ok}", _layerwise(graph).slope(outs, j, k))
            parts.append(f"dE_{oj}/dnet_{ok}")
            _combine(graph, parts[-1], "product", [f"dE_total/dout_{oj}", f"dout_{oj}/dnet_{ok}"])
        _combine(graph, delta_key(graph, ok), "sum", parts)


def _hidden_neuron(graph: Graph, nets: dict[str, sp.Expr], h: str) -> None:
    """dE_total/dout_h as the sum over the neurons h feeds, then dout_h/dnet_h and the delta."""
    lay = graph.layout
    out_h = graph.sym("forward", f"out_{h}")
    terms = []
    for w in lay.weights_out_of(h):
        n = w.target
        slope = sp.diff(nets[n], out_h)
        if graph.shape.hidden_uses == "updated":
            slope = slope.xreplace({graph.sym("params", w.name): graph.sym("updated", w.name)})
        _leaf(graph, f"dnet_{n}/dout_{h}", slope)
        _combine(graph, f"dE_{n}/dout_{h}", "product", [delta_key(graph, n), f"dnet_{n}/dout_{h}"])
        terms.append(f"dE_{n}/dout_{h}")
    _combine(graph, f"dE_total/dout_{h}", "sum", terms)
    _leaf(graph, f"dout_{h}/dnet_{h}", _activation_slope(graph, h))
    _combine(graph, delta_key(graph, h), "product", [f"dE_total/dout_{h}", f"dout_{h}/dnet_{h}"])


def _gradients(graph: Graph) -> None:
    """dE_total/dp for every parameter: the post's three-factor chain (summed for shared biases)."""
    lay = graph.layout
    edges = [(w.name, (w.target,)) for w in lay.weights] + [(b.name, b.neurons) for b in lay.biases]
    for name, neurons in edges:
        chain = tuple(_path(graph, n, name) for n in neurons)
        terms = [
            graph.sym("partials", delta_key(graph, n)) * graph.sym("partials", f"dnet_{n}/d{name}")
            for n in neurons
        ]
        if f"dE_reg/d{name}" in graph.factors:  # the penalty's own path to a weight
            chain += ((f"dE_reg/d{name}",),)
            terms.append(graph.sym("partials", f"dE_reg/d{name}"))
        graph.chains[name] = chain
        graph.define("gradients", name, sp.Add(*terms))


def _path(graph: Graph, neuron: str, name: str) -> tuple[str, ...]:
    """The chain from E_total to a parameter through one neuron: the post's three factors,
    or, for softmax outputs, dE_total/dnet_o1 (itself a sum) times dnet_o1/dw."""
    if neuron in graph.layout.outputs and _layerwise(graph):
        return (delta_key(graph, neuron), f"dnet_{neuron}/d{name}")
    return (f"dE_total/dout_{neuron}", f"dout_{neuron}/dnet_{neuron}", f"dnet_{neuron}/d{name}")


def _updates(graph: Graph) -> None:
    """new = old - lr * gradient (with momentum: v+ = mu v + gradient, new = old - lr v+)."""
    lay, shape = graph.layout, graph.shape
    lr = graph.sym("params", "lr")
    trained = lay.trained(shape.train_biases)
    for name in lay.params:
        old, step = graph.sym("params", name), graph.sym("gradients", name)
        if shape.momentum:
            velocity = graph.sym("state", name)
            if name in trained:
                velocity = graph.sym("params", "mu") * velocity + step
            step = graph.define("velocity", name, velocity)
        graph.define("updated", name, old - lr * step if name in trained else old)


def _after(graph: Graph) -> None:
    """The forward pass again with the updated parameters: the error after the step."""
    lay = graph.layout
    swap = {graph.sym("params", p): graph.sym("updated", p) for p in lay.params}
    for key in list(graph.sections["forward"]):
        swap[graph.sym("forward", key)] = graph.sym("after", key)
    for key in list(graph.sections["forward"]):
        graph.define("after", key, graph.definitions[("forward", key)].xreplace(swap))
