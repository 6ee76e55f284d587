"""Compile the derived graph once per shape into straight-line float code (lambdify)."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

from .functions import numeric_modules
from .graph import Graph, Qid
from .settings import Shape
from .symbolic import graph_for

__all__ = ["Compiled", "Row", "compiled_for"]

STEP_SECTIONS = ("forward", "partials", "gradients", "updated", "velocity", "after")


@dataclass(frozen=True)
class Compiled:
    """One compiled function and the names of what it takes and returns."""

    function: Callable[..., tuple]
    arguments: tuple[Qid, ...]
    results: tuple[Qid, ...]
    source: str

    @cached_property
    def spans(self) -> tuple[tuple[str, tuple[str, ...], int, int], ...]:
        """(section, keys, start, end) of each run of results in one section."""
        found, start = [], 0
        for end in range(1, len(self.results) + 1):
            if end == len(self.results) or self.results[end][0] != self.results[start][0]:
                keys = tuple(k for _, k in self.results[start:end])
                found.append((self.results[start][0], keys, start, end))
                start = end
        return tuple(found)


def _compile(graph: Graph, results: Sequence[Qid], backend: str = "math") -> Compiled:
    """lambdify results, feeding it the graph's own assignments as the common subexpressions."""
    arguments = graph.arguments
    # Every quantity is computed once, in dependency order, then returned by name.
    order = graph.order(list(results))
    assignments = [(graph.symbols[q], graph.numeric[q]) for q in order]
    returned = [graph.symbols[q] for q in results]

    def straight_line(_exprs):
        return assignments, returned

    args = [graph.symbols[q] for q in arguments]
    function = sp.lambdify(args, returned, modules=numeric_modules(backend), cse=straight_line)
    return Compiled(function, tuple(arguments), tuple(results), inspect.getsource(function))


@dataclass(frozen=True)
class Row:
    """One recorded training row by name: E_total, the outputs, the parameters and (with
    momentum) the velocities, each a slice of the row, before an update."""

    names: tuple[Qid, ...]  # what the row holds, in order
    E_total: slice
    outputs: slice
    params: slice
    velocity: slice

    @classmethod
    def of(cls, graph: Graph, outputs: bool = True) -> Row:
        """The row of one training step; outputs=False: without the outputs (batches keep
        every sample's outputs apart)."""
        lay = graph.layout
        n_out, n_par = len(lay.outputs) if outputs else 0, len(lay.params)
        state = [("state", p) for p in lay.params] if graph.shape.momentum else []
        names = (
            ("forward", "E_total"),
            *(("forward", f"out_{o}") for o in lay.outputs[:n_out]),
            *(("params", p) for p in lay.params),
            *state,
        )
        start = 1 + n_out + n_par
        return cls(
            names,
            slice(0, 1),
            slice(1, 1 + n_out),
            slice(1 + n_out, start),
            slice(start, start + len(state)),
        )

    @property
    def width(self) -> int:
        return len(self.names)

    @property
    def moved(self) -> tuple[Qid, ...]:
        """What an update changes: the parameters and velocities."""
        return self.names[self.params.start :]


def _step_results(graph: Graph) -> list[Qid]:
    """Every value a walkthrough shows, section by section (after: the outputs and errors)."""
    shown = [(s, k) for s in STEP_SECTIONS for k in graph.sections.get(s, [])]
    return [(s, k) for s, k in shown if s != "after" or k.startswith(("out_o", "E_"))]


def _loss_results(graph: Graph) -> list[Qid]:
    """E_total and the outputs, for the error of a set of parameters."""
    return [("forward", "E_total")] + [("forward", f"out_{o}") for o in graph.layout.outputs]


class CompiledShape:
    """The compiled functions of one shape; each is compiled the first time it is used."""

    def __init__(self, graph: Graph):
        self.graph = graph

    @cached_property
    def step(self) -> Compiled:
        """Every value of one step: forward, partials, gradients, updated, after."""
        return _compile(self.graph, _step_results(self.graph))

    @cached_property
    def row(self) -> Row:
        """Where each value sits in a training row."""
        return Row.of(self.graph)

    @cached_property
    def training_loop(self) -> Compiled:
        """Many training steps of one sample in one compiled loop (see _training_loop)."""
        return _training_loop(self.graph)

    @cached_property
    def forward(self) -> Compiled:
        """Every value of the forward pass for one sample."""
        return _compile(self.graph, [("forward", k) for k in self.graph.sections["forward"]])

    @cached_property
    def loss(self) -> Compiled:
        """E_total and outputs for one sample."""
        return _compile(self.graph, _loss_results(self.graph))

    @cached_property
    def loss_array(self) -> Compiled:
        """E_total and outputs for arrays of settings at once (NumPy)."""
        return _compile(self.graph, _loss_results(self.graph), backend="numpy")


class _LoopPrinter(PythonCodePrinter):
    """lambdify's Python printer, with the logistic function written out where it is used:
    the same arithmetic as functions._sigmoid_float, without a function call per neuron."""

    def _print_sigmoid(self, expr):
        x = self._print(expr.args[0])
        return f"(1.0 / (1.0 + exp(-_x)) if (_x := {x}) >= 0 else (_e := exp(_x)) / (1.0 + _e))"


def _training_loop(graph: Graph) -> Compiled:
    """Training steps inside a loop, printed by lambdify's own printer, for fast training.

    train_loop(steps, pack, buffer, at, *arguments) runs up to steps updates; each writes one
    Row (E_total, outputs, parameters and velocities before the update) with pack(buffer, at,
    *row) (struct.pack_into), at moving on by a row each step. It returns how many steps it
    made (fewer if E_total stopped being finite) and the final arguments.
    """
    printer = _LoopPrinter(
        {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
    )
    row, lay = Row.of(graph), graph.layout
    name = {q: str(s) for q, s in graph.symbols.items()}
    names = [name[q] for q in graph.arguments]
    moved = [name[q] for q in row.moved]
    new = [name[("updated" if s == "params" else "velocity", k)] for s, k in row.moved]
    wanted = [*row.names[: row.params.start], *(("updated", k) for k in lay.params)]
    wanted += [("velocity", k) for k in lay.params if graph.shape.momentum]
    body = [f"{name[q]} = {printer.doprint(e)}" for q, e in graph.straight_line(wanted)]
    source = "\n".join(
        [
            f"def train_loop(steps, pack, buffer, at, {', '.join(names)}):",
            "    for k in range(steps):",
            *(f"        {line}" for line in body),
            "        if not isfinite(E_total):",
            f"            return k, [{', '.join(names)}]",
            f"        pack(buffer, at, {', '.join(name[q] for q in row.names)})",
            f"        at += {8 * row.width}",
            f"        {', '.join(moved)} = {', '.join(new)}",
            f"    return steps, [{', '.join(names)}]",
        ]
    )
    namespace = {**vars(math), **numeric_modules("math")[0], "isfinite": math.isfinite}
    exec(compile(source, "<backprop_widgets training loop>", "exec"), namespace)
    return Compiled(namespace["train_loop"], tuple(graph.arguments), tuple(row.names), source)


@cache
def compiled_for(shape: Shape) -> CompiledShape:
    """Derive (once per shape) every quantity; compile each function on first use."""
    return CompiledShape(graph_for(shape))
