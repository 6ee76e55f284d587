"""SymPy derives every value of one training step, once per network shape.

The graph holds one definition per quantity (forward value, chain-rule factor, gradient,
updated parameter, error after the step), each a small SymPy expression in the symbols of
earlier quantities. Chain-rule factors are leaves (SymPy differentiates a local formula:
``dnet_o1/dw5 = d(w5 out_h1 + w6 out_h2 + b2)/dw5 = out_h1``), products or sums of other
factors, exactly as the post decomposes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import sympy as sp

from .functions import ACTIVATIONS, LOSSES
from .naming import Layout, latex_name

__all__ = ["Factor", "Graph", "Shape", "graph_for"]

Qid = tuple[str, str]  # (section, key), e.g. ("partials", "dE_total/dout_o1")


@dataclass(frozen=True)
class Shape:
    """Everything that changes the formulas (not the numbers) of a network."""

    sizes: tuple[int, ...] = (2, 2, 2)
    activations: tuple[str, ...] = ("sigmoid", "sigmoid")
    loss: str = "squared_error"
    bias_mode: str = "shared"
    train_biases: bool = False
    hidden_uses: str = "original"
    momentum: bool = False


@dataclass(frozen=True)
class Factor:
    """One chain-rule factor: a leaf SymPy derived, or a product or sum of other factors."""

    key: str
    kind: str
    parts: tuple[str, ...] = ()


@dataclass
class Graph:
    """All quantities of one step for one shape, with their definitions and chains."""

    shape: Shape
    layout: Layout
    symbols: dict[Qid, sp.Symbol] = field(default_factory=dict)
    definitions: dict[Qid, sp.Expr] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)
    factors: dict[str, Factor] = field(default_factory=dict)
    chains: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def sym(self, section: str, key: str) -> sp.Symbol:
        """The symbol of a quantity, created on first use."""
        qid = (section, key)
        if qid not in self.symbols:
            self.symbols[qid] = sp.Symbol(_ident(section, key))
            self.sections.setdefault(section, []).append(key)
        return self.symbols[qid]

    def define(self, section: str, key: str, expr: sp.Expr) -> sp.Symbol:
        """Record how a quantity is computed."""
        s = self.sym(section, key)
        self.definitions[(section, key)] = expr
        return s

    @property
    def arguments(self) -> list[Qid]:
        """The inputs of the compiled step, in order: values, then velocities."""
        return [q for q in self.symbols if q[0] in ("params", "state")]

    def order(self, wanted: list[Qid], given: frozenset[Qid] = frozenset()) -> list[Qid]:
        """Computed quantities needed for wanted, dependencies first, stopping at given ones."""
        by_symbol = {s: q for q, s in self.symbols.items()}
        done: dict[Qid, None] = {}

        def visit(qid: Qid) -> None:
            if qid in done or qid in given or qid not in self.definitions:
                return
            for s in sorted(self.definitions[qid].free_symbols, key=str):
                visit(by_symbol[s])
            done[qid] = None

        for qid in wanted:
            visit(qid)
        return list(done)

    def closed_form(self, section: str, key: str) -> sp.Expr:
        """A quantity written in inputs, targets, parameters and lr only."""
        return _closed_form(self, (section, key))


def _ident(section: str, key: str) -> str:
    """A Python identifier for a quantity, used by the compiled code."""
    prefix = {"gradients": "grad_", "updated": "new_", "velocity": "new_v_", "after": "after_"}
    if section == "partials":
        return key.replace("/", "__")
    if section == "state":
        return f"v_{key}"
    return prefix.get(section, "") + key


def _closed_form(graph: Graph, qid: Qid) -> sp.Expr:
    """Replace every computed symbol by its definition until only arguments remain."""
    by_symbol = {s: q for q, s in graph.symbols.items()}
    cache: dict[sp.Symbol, sp.Expr] = {}

    def expand(s: sp.Symbol) -> sp.Expr:
        if s not in cache:
            expr = graph.definitions.get(by_symbol[s])
            cache[s] = (
                s if expr is None else expr.xreplace({f: expand(f) for f in expr.free_symbols})
            )
        return cache[s]

    return expand(graph.symbols[qid])


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
    return graph


def _arguments(graph: Graph) -> None:
    """Declare inputs, targets, parameters, lr (and momentum state) in the post's order."""
    lay = graph.layout
    for name in (*lay.inputs, *lay.targets, *lay.params, "lr"):
        graph.sym("params", name)
    if graph.shape.momentum:
        graph.sym("params", "mu")
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
        activation = ACTIVATIONS[shape.activations[layer - 1]].apply
        for n in neurons:
            terms = [
                graph.sym("params", w.name) * _value(graph, w.source) for w in lay.weights_into(n)
            ]
            nets[n] = sp.Add(*terms, graph.sym("params", lay.bias_of(n).name))
            net = graph.define("forward", f"net_{n}", nets[n])
            graph.define("forward", f"out_{n}", activation(net))
    errors = [
        graph.define("forward", f"E_{o}", _loss_of(graph, o, t))
        for o, t in zip(lay.outputs, lay.targets, strict=True)
    ]
    graph.define("forward", "E_total", sp.Add(*errors))
    return nets


def _loss_of(graph: Graph, output: str, target: str) -> sp.Expr:
    """E_o for one output, in the symbols of its target and out."""
    loss = LOSSES[graph.shape.loss].apply
    return loss(graph.sym("params", target), graph.sym("forward", f"out_{output}"))


def _leaf(graph: Graph, key: str, expr: sp.Expr) -> None:
    """A factor SymPy derived from a local formula."""
    graph.define("partials", key, expr)
    graph.factors[key] = Factor(key, "leaf")


def _combine(graph: Graph, key: str, kind: str, parts: list[str]) -> None:
    """A factor that is the product or the sum of other factors."""
    symbols = [graph.sym("partials", p) for p in parts]
    graph.define("partials", key, sp.Mul(*symbols) if kind == "product" else sp.Add(*symbols))
    graph.factors[key] = Factor(key, kind, tuple(parts))


def _activation_slope(graph: Graph, neuron: str) -> sp.Expr:
    """dout/dnet, derived by SymPy and written in out where the activation allows it."""
    layer = graph.layout.layer_of[neuron]
    activation = ACTIVATIONS[graph.shape.activations[layer - 1]].apply
    net, out = sp.Symbol("net"), sp.Symbol("out")
    slope = sp.diff(activation(net), net)
    if activation(net) != net:
        slope = slope.subs(activation(net), out)
    return slope.xreplace(
        {net: graph.sym("forward", f"net_{neuron}"), out: graph.sym("forward", f"out_{neuron}")}
    )


def delta_key(layout: Layout, neuron: str) -> str:
    """The key of dE/dnet for a neuron: dE_o1/dnet_o1 (the post) or dE_total/dnet_h1."""
    head = neuron if neuron in layout.outputs else "total"
    return f"dE_{head}/dnet_{neuron}"


def _backward(graph: Graph, nets: dict[str, sp.Expr]) -> None:
    """Every chain-rule factor, output layer first, as the post walks back."""
    lay = graph.layout
    e_total = sp.Add(
        *(_loss_of(graph, o, t) for o, t in zip(lay.outputs, lay.targets, strict=True))
    )
    for o in lay.outputs:
        out = graph.sym("forward", f"out_{o}")
        _leaf(graph, f"dE_total/dout_{o}", sp.diff(e_total, out))
        _leaf(graph, f"dout_{o}/dnet_{o}", _activation_slope(graph, o))
        _combine(graph, delta_key(lay, o), "product", [f"dE_total/dout_{o}", f"dout_{o}/dnet_{o}"])
    for neurons in reversed(lay.layers[1:-1]):
        for h in neurons:
            _hidden_neuron(graph, nets, h)
    for w in lay.weights:
        _leaf(
            graph,
            f"dnet_{w.target}/d{w.name}",
            sp.diff(nets[w.target], graph.sym("params", w.name)),
        )
    for b in lay.biases:
        for n in b.neurons:
            _leaf(graph, f"dnet_{n}/d{b.name}", sp.diff(nets[n], graph.sym("params", b.name)))


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
        _combine(graph, f"dE_{n}/dout_{h}", "product", [delta_key(lay, n), f"dnet_{n}/dout_{h}"])
        terms.append(f"dE_{n}/dout_{h}")
    _combine(graph, f"dE_total/dout_{h}", "sum", terms)
    _leaf(graph, f"dout_{h}/dnet_{h}", _activation_slope(graph, h))
    _combine(graph, delta_key(lay, h), "product", [f"dE_total/dout_{h}", f"dout_{h}/dnet_{h}"])


def _gradients(graph: Graph) -> None:
    """dE_total/dp for every parameter: the post's three-factor chain (summed for shared biases)."""
    lay = graph.layout
    edges = [(w.name, (w.target,)) for w in lay.weights] + [(b.name, b.neurons) for b in lay.biases]
    for name, neurons in edges:
        chain = tuple(
            (f"dE_total/dout_{n}", f"dout_{n}/dnet_{n}", f"dnet_{n}/d{name}") for n in neurons
        )
        graph.chains[name] = chain
        value = sp.Add(
            *(
                graph.sym("partials", delta_key(lay, n))
                * graph.sym("partials", f"dnet_{n}/d{name}")
                for n in neurons
            )
        )
        graph.define("gradients", name, value)


def _updates(graph: Graph) -> None:
    """new = old - lr * gradient (with momentum: v+ = mu v + gradient, new = old - lr v+)."""
    lay, shape = graph.layout, graph.shape
    lr = graph.sym("params", "lr")
    frozen = set() if shape.train_biases else {b.name for b in lay.biases}
    for name in lay.params:
        old, step = graph.sym("params", name), graph.sym("gradients", name)
        if shape.momentum:
            velocity = graph.sym("state", name)
            if name not in frozen:
                velocity = graph.sym("params", "mu") * velocity + step
            step = graph.define("velocity", name, velocity)
        graph.define("updated", name, old if name in frozen else old - lr * step)


def _after(graph: Graph) -> None:
    """The forward pass again with the updated parameters: the error after the step."""
    lay = graph.layout
    swap = {graph.sym("params", p): graph.sym("updated", p) for p in lay.params}
    for key in list(graph.sections["forward"]):
        swap[graph.sym("forward", key)] = graph.sym("after", key)
    for key in list(graph.sections["forward"]):
        graph.define("after", key, graph.definitions[("forward", key)].xreplace(swap))


def symbol_latex(section: str, key: str) -> str:
    """How a quantity is written in LaTeX, e.g. dE_total/dw5 -> \\frac{\\partial E_{total}}..."""
    if section == "partials":
        top, bottom = key.split("/")
        return r"\frac{\partial %s}{\partial %s}" % (latex_name(top[1:]), latex_name(bottom[1:]))
    if section == "gradients":
        return r"\frac{\partial E_{total}}{\partial %s}" % latex_name(key)
    if section in ("updated", "velocity", "after"):
        base = latex_name(f"v_{key}" if section == "velocity" else key)
        return base + "^{+}"
    if section == "state":
        return latex_name(f"v_{key}")
    return latex_name(key)


def symbol_text(section: str, key: str) -> str:
    """How a quantity is written in plain text, e.g. dE_total/dw5, w5+."""
    if section == "gradients":
        return f"dE_total/d{key}"
    if section in ("updated", "velocity", "after"):
        return f"{'v_' if section == 'velocity' else ''}{key}+"
    if section == "state":
        return f"v_{key}"
    return key
