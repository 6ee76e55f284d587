"""The graph of one training step: every quantity's symbol, definition and chain-rule factor.

symbolic.graph_for derives it once per network shape; compiled turns it into float code;
text renders it. A quantity is named by its section and key, e.g. ("partials",
"dE_total/dout_o1"), as in the walkthrough.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .naming import Layout, flat_key
from .settings import Shape

__all__ = ["Factor", "Graph", "Qid"]

Qid = tuple[str, str]  # (section, key), e.g. ("partials", "dE_total/dout_o1")


@dataclass(frozen=True)
class Factor:
    """One chain-rule factor d<of>/d<wrt>: a leaf SymPy derived, or a product or sum.

    neuron: the neuron wrt belongs to (out_h1 -> h1; for a weight or bias, the neuron whose
    net input it enters); layer: that neuron's layer, where the backward pass meets the
    factor; weight: the weight a leaf equals (dnet_o1/dout_h1 = w5), else "".
    """

    key: str
    kind: str
    parts: tuple[str, ...]
    of: str
    wrt: str
    neuron: str
    layer: int
    weight: str = ""


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
    numeric: dict[Qid, sp.Expr] = field(default_factory=dict)  # definitions, as computed

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

    def straight_line(self, wanted: list[Qid]) -> list[tuple[Qid, sp.Expr]]:
        """(quantity, numeric expression) for wanted, dependencies first; a quantity that is
        only another name or a number (dnet_o1/dw5 = out_h1) is written in place of its use,
        unless it is wanted itself."""
        alias: dict[sp.Symbol, sp.Expr] = {}
        found = []
        for qid in self.order(wanted):
            expr = self.numeric[qid].xreplace(alias)
            if expr.is_Atom and qid not in wanted:
                alias[self.symbols[qid]] = expr
            else:
                found.append((qid, expr))
        return found

    def closed_form(self, section: str, key: str) -> sp.Expr:
        """A quantity written in inputs, targets, parameters and lr only."""
        return _closed_form(self, (section, key))


def _ident(section: str, key: str) -> str:
    """A Python identifier for a quantity, used by the compiled code."""
    prefix = {"gradients": "grad_", "updated": "new_", "velocity": "new_v_", "after": "after_"}
    if section == "partials":
        return flat_key(key)
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
