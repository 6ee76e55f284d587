"""Many samples in one call: the same derivation, printed as NumPy code over arrays of samples.

Every input and target is an array over a batch's samples; parameters, lr, mu and lam stay
numbers. One call computes the forward and backward pass of every sample and the mean of
their gradients: the term delta_n * dnet_n/dp of one sample's gradient becomes
dot(delta_n, dnet_n/dp) / n over the batch (sum(delta_n) / n for a bias), which is the mean
over the samples of exactly what the walkthrough computes for each; a term that is the same
for every sample (regularisation's dE_reg/dw) is added once. Repeated subexpressions are
computed once (SymPy's cse), and what depends on the samples alone is computed before the
training loop.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from .compiled import Row
from .functions import numeric_modules
from .graph import Graph, Qid
from .settings import Shape
from .symbolic import graph_for

__all__ = ["BatchCode", "batch_code_for", "sample_symbols"]

batch_dot = sp.Function("batch_dot")  # dot(a, b): the sum over samples of a * b
batch_sum = sp.Function("batch_sum")  # the sum over samples
N = sp.Symbol("n_batch")  # how many samples the batch has


@dataclass(frozen=True)
class BatchCode:
    """The compiled batch functions of one shape.

    step(n, *arguments) -> (E_total, gradients..., updated..., velocities...): the batch
    means of E_total and of the gradients, and the update they make.
    neurons(n, *arguments) -> (out_h1 array, ..., out_o1 array, ...): every neuron's out.
    loss(n, *arguments) -> (E_total, out_o1 array, ...): the mean error and every output.
    loop(steps, pack, buffer, at, outputs, pick, n, *arguments) -> (steps made, final
    arguments): full batch (pick None) or mini-batches (pick(k): the samples of the k-th
    update of the call); each step writes its row with pack(buffer, at, *row) (see
    training.Recorder) and its output arrays to outputs.
    arguments: graph.arguments (inputs and targets as arrays, then numbers).
    """

    graph: Graph
    step: Callable
    neurons: Callable
    loss: Callable
    loop: Callable
    results: tuple[Qid, ...]
    row: Row
    source: str

    @property
    def arguments(self) -> list[Qid]:
        return self.graph.arguments


def sample_symbols(graph: Graph) -> set[sp.Symbol]:
    """The symbols of the inputs and targets: arrays over the samples."""
    lay = graph.layout
    return {graph.sym("params", name) for name in (*lay.inputs, *lay.targets)}


def _arrays(graph: Graph) -> set[sp.Symbol]:
    """Every symbol whose value differs from sample to sample."""
    found = sample_symbols(graph)
    for qid in graph.order(list(graph.definitions)):
        if graph.numeric[qid].free_symbols & found:
            found.add(graph.symbols[qid])
    return found


def _mean(expr: sp.Expr, arrays: set[sp.Symbol]) -> sp.Expr:
    """The batch mean of a gradient: sums over samples for its per-sample terms."""
    per_sample, same = [], []
    for term in sp.Add.make_args(expr):
        factors = sp.Mul.make_args(term)
        varying = [f for f in factors if f.free_symbols & arrays]
        scale = sp.Mul(*(f for f in factors if not f.free_symbols & arrays))
        if not varying:
            same.append(term)
        elif len(varying) == 1:
            per_sample.append(scale * batch_sum(varying[0]))
        else:
            per_sample.append(scale * batch_dot(sp.Mul(*varying[:-1]), varying[-1]))
    return sp.Add(*per_sample) / N + sp.Add(*same)


def _assignments(graph: Graph, wanted: list[Qid], prefix: str) -> list[tuple[sp.Symbol, sp.Expr]]:
    """(symbol, expression) in dependency order; a name for a name or number is inlined,
    gradients become batch means, repeated subexpressions are computed once (prefix0, ...)."""
    arrays = _arrays(graph)
    pairs = [
        (graph.symbols[q], _mean(e, arrays) if q[0] == "gradients" else e)
        for q, e in graph.straight_line(wanted)
    ]
    shared, reduced = sp.cse(
        [e for _, e in pairs], sp.numbered_symbols(prefix), order="none", ignore=(N,)
    )
    shared, done, found = dict(shared), set(), []

    def need(expr: sp.Expr) -> None:
        for s in sorted(expr.free_symbols & set(shared) - done, key=str):
            need(shared[s])
            done.add(s)
            found.append((s, shared[s]))

    for (symbol, _), expr in zip(pairs, reduced, strict=True):
        need(expr)
        found.append((symbol, expr))
    return found


def _split(graph: Graph, pairs: list) -> tuple[list, list]:
    """The assignments that depend on the samples alone (computed once), and the others."""
    known, before, inside = set(sample_symbols(graph)), [], []
    for symbol, expr in pairs:
        if expr.free_symbols and expr.free_symbols <= known:
            known.add(symbol)
            before.append((symbol, expr))
        else:
            inside.append((symbol, expr))
    return before, inside


_PRINTER = NumPyPrinter(
    {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
)


def _lines(pairs, indent: str) -> list[str]:
    return [f"{indent}{s} = {_PRINTER.doprint(e)}" for s, e in pairs]


def _neurons(graph: Graph) -> list[Qid]:
    """out of every neuron but the inputs, layer by layer."""
    return [("forward", f"out_{n}") for layer in graph.layout.layers[1:] for n in layer]


def _source(graph: Graph, results: list[Qid], loss: list[Qid]) -> str:
    """The functions' source: step, every neuron's out, loss and the training loop."""
    name = {q: str(s) for q, s in graph.symbols.items()}
    args = ", ".join(name[q] for q in graph.arguments)
    row = Row.of(graph, outputs=False)
    moved = [name[q] for q in row.moved]
    new = [name[("updated" if s == "params" else "velocity", k)] for s, k in row.moved]
    outs = [name[("forward", f"out_{o}")] for o in graph.layout.outputs]
    step_pairs = _assignments(graph, results, "shared_")
    loss_pairs = _assignments(graph, loss, "common_")
    before, inside = _split(graph, step_pairs)
    samples = [name[q] for q in graph.arguments if graph.symbols[q] in sample_symbols(graph)]
    mean = "E_mean = batch_sum(E_total) / n_batch"
    record = [
        "        if not isfinite(E_mean):",
        f"            return k, [{args}]",
        f"        pack(buffer, at, {', '.join(['E_mean', *(name[q] for q in row.names[1:])])})",
        f"        at += {8 * row.width}",
        f"        outputs.extend(({', '.join(outs)},))",
    ]
    every = ", ".join(f"every_{s}" for s in samples)
    return "\n".join(
        [
            f"def batch_step(n_batch, {args}):",
            *_lines(step_pairs, "    "),
            f"    {mean}",
            f"    return (E_mean, {', '.join(name[q] for q in results[1:])})",
            "",
            f"def batch_neurons(n_batch, {args}):",
            *_lines(_assignments(graph, _neurons(graph), "each_"), "    "),
            f"    return ({', '.join(name[q] for q in _neurons(graph))},)",
            "",
            f"def batch_loss(n_batch, {args}):",
            *_lines(loss_pairs, "    "),
            f"    {mean}",
            f"    return (E_mean, {', '.join(outs)})",
            "",
            f"def batch_loop(steps, pack, buffer, at, outputs, pick, n_batch, {args}):",
            "    if pick is None:",
            *_lines(before, "        "),
            "        n_all = n_batch",
            "    else:",
            f"        {every} = {', '.join(samples)},",
            "        n_all = len(every_" + samples[0] + ")",
            "    for k in range(steps):",
            "        if pick is not None:",
            f"            {', '.join(samples)} = {every},",
            *_lines(loss_pairs, "            "),
            "            E_mean = batch_sum(E_total) / n_all",
            *["    " + line for line in record],
            "            chosen = pick(k)",
            f"            {', '.join(samples)} = "
            + ", ".join(f"every_{s}[chosen]" for s in samples)
            + ",",
            *_lines(before, "            "),
            *_lines(inside, "        "),
            "        if pick is None:",
            f"            {mean}",
            *["    " + line for line in record],
            f"        {', '.join(moved)} = {', '.join(new)}",
            f"    return steps, [{args}]",
        ]
    )


@cache
def batch_code_for(shape: Shape) -> BatchCode:
    """Print and compile the batch functions of a shape (once per shape)."""
    graph = graph_for(shape)
    lay = graph.layout
    outs = [("forward", f"out_{o}") for o in lay.outputs]
    results = [("forward", "E_total"), *outs, *(("gradients", p) for p in lay.params)]
    results += [(s, p) for s in ("updated", "velocity") for p in lay.params]
    results = [q for q in results if q in graph.symbols]
    source = _source(graph, results, [("forward", "E_total"), *outs])
    namespace = {**vars(np), **numeric_modules("numpy")[0]}
    namespace |= {"batch_dot": np.dot, "batch_sum": np.add.reduce, "isfinite": math.isfinite}
    exec(compile(source, f"<backprop_widgets batch code {lay.label}>", "exec"), namespace)
    return BatchCode(
        graph,
        namespace["batch_step"],
        namespace["batch_neurons"],
        namespace["batch_loss"],
        namespace["batch_loop"],
        tuple(results),
        Row.of(graph, outputs=False),
        source,
    )
