"""What the lesson notebooks repeat, as small public helpers a learner can read.

Maths and tables are plain objects that Jupyter displays through their ``_repr_latex_``
and ``_repr_markdown_``; their text repr is what a terminal (and nbval) shows. Nothing
here imports IPython or ipywidgets.

>>> import backprop_widgets as bw
>>> net = bw.tutorial()
>>> print(bw.table(["weight", "value"], [["w5", net["w5"]], ["w6", 0.45]]))
weight        value
w5      0.400000000
w6      0.450000000
>>> bw.verify({"w5 starts at 0.4": net["w5"] == 0.4})
All 1 checks pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ..core.errors import BackpropError
from ..core.network import Network
from ..core.numbers import DIGITS, fmt
from ..core.step import forward
from ..core.symbolic import graph_for
from .formulas import display_for
from .notation import latex_name
from .render import closed_form, derivation_lines
from .sections import symbol_latex

__all__ = [
    "Maths",
    "Table",
    "Verified",
    "aligned",
    "closed_form_lines",
    "derivation_table",
    "forward_for",
    "scaled",
    "table",
    "verify",
]


@dataclass(frozen=True)
class Maths:
    """LaTeX lines shown as one aligned block of equations (each line aligned at '&')."""

    lines: tuple[str, ...]

    def _repr_latex_(self) -> str:
        body = r" \\ ".join(self.lines)
        return rf"$\displaystyle \begin{{aligned}}{body}\end{{aligned}}$"

    def __repr__(self) -> str:
        return "\n".join(line.replace("&", "", 1) for line in self.lines)


def aligned(lines: str | Iterable[str]) -> Maths:
    """Equations one per line, aligned at their first '=' (or at an '&' already there).

    >>> print(aligned(["a = b + c", "b + c = 2"]))
    a = b + c
    b + c = 2
    >>> aligned("x = 1")._repr_latex_()
    '$\\\\displaystyle \\\\begin{aligned}x &= 1\\\\end{aligned}$'
    """
    if isinstance(lines, str):
        lines = [lines]
    found = []
    for line in lines:
        if not isinstance(line, str):
            raise BackpropError(f"aligned() takes LaTeX lines as text, got {line!r}")
        found.append(line if "&" in line else line.replace(" = ", " &= ", 1))
    if not found:
        raise BackpropError("aligned() needs at least one line")
    return Maths(tuple(found))


def _cell(value, digits: int) -> str:
    """How a table cell reads: floats with fixed decimals, everything else as text."""
    if isinstance(value, bool) or not isinstance(value, float | np.floating):
        return str(value)
    return fmt(float(value), digits)


@dataclass(frozen=True)
class Table:
    """Rows of cells under a header, shown as a Markdown table (text columns in a terminal)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]

    def _repr_markdown_(self) -> str:
        escape = [[c.replace("|", r"\|") for c in row] for row in (self.header, *self.rows)]
        rule = ["---:" if n else ":---" for n in self.numeric]
        lines = [escape[0], rule, *escape[1:]]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines) + "\n"

    def __repr__(self) -> str:
        cells = (self.header, *self.rows)
        widths = [max(len(row[k]) for row in cells) for k in range(len(self.header))]
        lines = []
        for row in cells:
            parts = [
                c.rjust(w) if n else c.ljust(w)
                for c, w, n in zip(row, widths, self.numeric, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())
        return "\n".join(lines)


def table(header: Sequence[str], rows: Iterable[Sequence], digits: int = DIGITS) -> Table:
    """A table: floats get `digits` decimals (like the post), other cells are shown as text.

    >>> print(table(["step", "E_total"], [[0, 0.298371108760], [1, 0.291027773694]]))
    step      E_total
       0  0.298371109
       1  0.291027774
    """
    header = tuple(str(h) for h in header)
    raw = [list(row) for row in rows]
    for k, row in enumerate(raw, start=1):
        if len(row) != len(header):
            raise BackpropError(
                f"table row {k} has {len(row)} cells but the header has {len(header)}"
            )
    numeric = tuple(
        bool(raw) and all(isinstance(r[j], int | float | np.number) for r in raw)
        for j in range(len(header))
    )
    cells = tuple(tuple(_cell(v, digits) for v in row) for row in raw)
    return Table(header, cells, numeric)


def derivation_table(net: Network, values: dict, name: str, digits: int = DIGITS) -> Table:
    """The derivation of one gradient and its update (see derivation_lines) as a table:
    one row per quantity, with its formula and numbers, and its value."""
    rows = []
    for k, line in enumerate(derivation_lines(net, values, name, digits), start=1):
        quantity, *steps = line.split(" = ")
        middle = " = ".join(steps[:-1])
        rows.append([k, f"${quantity}$", f"${middle}$" if middle else "", f"${steps[-1]}$"])
    return table(["step", "quantity", "formula, then the numbers", "value"], rows)


def closed_form_lines(net: Network, name: str) -> Maths:
    """dE_total/d<name> in inputs, targets and parameters only, broken into lines: the
    output of each neuron it contains is written once, below it, as out_<neuron> = ...

    >>> import backprop_widgets as bw
    >>> lines = closed_form_lines(bw.tutorial(), "w5").lines
    >>> print(lines[0])
    \\frac{\\partial E_{total}}{\\partial w_{5}} &= out_{h1} out_{o1} ...
    >>> print(lines[3])
    out_{o1} &= \\sigma\\left(b_{2} + out_{h1} w_{5} + out_{h2} w_{6}\\right)
    """
    expr = closed_form(net, name)  # refuses an unknown name
    graph = graph_for(net.shape)
    names = display_for(net.shape).latex_names
    short, definitions = {}, []
    for neuron in (n for layer in net.layout.layers[1:] for n in layer):
        out = graph.closed_form("forward", f"out_{neuron}")
        symbol = sp.Symbol(f"out_{neuron}")
        names = names | {symbol: latex_name(f"out_{neuron}")}
        definitions.append((symbol, out.xreplace(short)))
        short[out] = symbol
    reduced = expr.xreplace(short)
    used = reduced.free_symbols
    for symbol, definition in reversed(definitions):
        if symbol in used:
            used = used | definition.free_symbols
    where = [
        f"{names[symbol]} &= {sp.latex(definition, symbol_names=names)}"
        for symbol, definition in definitions
        if symbol in used
    ]
    if where:
        where[0] = r"\text{where } " + where[0]
    gradient = symbol_latex("gradients", name)
    return Maths((f"{gradient} &= {sp.latex(reduced, symbol_names=names)}", *where))


def forward_for(net: Network, inputs: Iterable[Sequence[float]]) -> dict[str, np.ndarray]:
    """The forward pass of net for each row of inputs: {"net_h1": array, ..., "out_o1": ...}.

    >>> import backprop_widgets as bw
    >>> forward_for(bw.tutorial(), [(0.05, 0.10), (0.0, 0.0)])["out_h1"].round(9).tolist()
    [0.593269992, 0.586617579]
    """
    names = net.layout.inputs
    found: dict[str, list[float]] = {}
    for k, row in enumerate(inputs, start=1):
        row = tuple(row)
        if len(row) != len(names):
            raise BackpropError(
                f"input row {k} has {len(row)} values; this network takes {len(names)} "
                f"({', '.join(names)})"
            )
        values = forward(net.with_params(**dict(zip(names, row, strict=True))))
        for key, value in values.items():
            if not key.startswith("E"):
                found.setdefault(key, []).append(value)
    if not found:
        raise BackpropError("forward_for() needs at least one row of inputs")
    return {key: np.array(column) for key, column in found.items()}


def scaled(net: Network, factor: float) -> Network:
    """The network with every weight multiplied by factor (biases unchanged).

    >>> import backprop_widgets as bw
    >>> scaled(bw.tutorial(), 10)["w5"], scaled(bw.tutorial(), -1)["w1"]
    (4.0, -0.15)
    """
    if isinstance(factor, bool) or not isinstance(factor, int | float):
        raise BackpropError(f"scaled() needs a number to multiply the weights by, got {factor!r}")
    weights = {w.name: factor * net[w.name] for w in net.layout.weights}
    return net.with_params(**weights)


@dataclass(frozen=True)
class Verified:
    """How many claims held (all of them, or verify() would have raised)."""

    count: int

    def __repr__(self) -> str:
        return f"All {self.count} checks pass."


def verify(claims: Mapping[str, bool]) -> Verified:
    """Check every claim (a sentence and whether it holds); AssertionError names the false ones.

    The notebooks end with one such cell, so nbval re-checks their numbers on every run.
    """
    if not claims:
        raise BackpropError("verify() needs at least one claim")
    for what, holds in claims.items():
        if not isinstance(holds, bool | np.bool_):
            raise BackpropError(f"the claim {what!r} must be True or False, got {holds!r}")
    false = [what for what, holds in claims.items() if not holds]
    if false:
        raise AssertionError("these claims do not hold: " + "; ".join(false))
    return Verified(len(claims))
