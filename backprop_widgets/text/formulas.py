"""How every quantity is written: symbolic formulas and number templates, printed once.

SymPy prints each formula once per shape, with a token in place of every symbol; filling
in numbers later is string substitution, so a slider never waits for SymPy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import sympy as sp
from sympy.printing.str import StrPrinter

from ..core.graph import Graph, Qid
from ..core.numbers import DIGITS, fmt, fmt_given
from ..core.settings import Shape
from ..core.symbolic import graph_for
from .sections import section, symbol_latex, symbol_text

__all__ = ["Display", "Line", "display_for", "shown"]

_TOKEN = re.compile("\x02([A-Za-z0-9_]+)\x03")


def shown(section_key: str, value: float, digits: int = DIGITS) -> str:
    """A value as its section shows it: as given for values the learner set, else padded."""
    return fmt_given(value, digits) if section(section_key).given else fmt(value, digits)


@dataclass(frozen=True)
class Line:
    """One quantity: its name, its formula, and the formula with tokens for the numbers."""

    qid: Qid
    latex_name: str
    latex_formula: str
    latex_template: str
    text_name: str
    text_formula: str
    text_template: str


class _Names(StrPrinter):
    """SymPy's str printer with our names for symbols."""

    def __init__(self, names: dict[sp.Symbol, str]):
        super().__init__({"order": "none"})
        self._names = names

    def _print_Symbol(self, expr):
        return self._names.get(expr, expr.name)

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_Piecewise(self, expr):
        (value, condition), (otherwise, _) = expr.args
        return f"({self._print(value)} if {self._print(condition)} else {self._print(otherwise)})"


def _spaced(text: str) -> str:
    """a*b -> a * b, as the post writes products (powers ** stay as they are)."""
    return _TIMES.sub(" * ", text)


_TIMES = re.compile(r"(?<!\*)\*(?!\*)")


def _token(symbol: sp.Symbol) -> str:
    return f"\x02{symbol.name}\x03"


class Display:
    """Names, formulas and number templates of every quantity of one shape."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.latex_names = {s: symbol_latex(*q) for q, s in graph.symbols.items()}
        self.text_names = {s: symbol_text(*q) for q, s in graph.symbols.items()}
        self.tokens = {s: _token(s) for s in graph.symbols.values()}
        self.qid_of = {s.name: q for q, s in graph.symbols.items()}

    @cache  # noqa: B019 (one Display per shape, kept for the whole session)
    def line(self, section: str, key: str) -> Line:
        """How one quantity is written, e.g. line("partials", "dout_o1/dnet_o1")."""
        qid, expr = (section, key), self._display_expr(section, key)
        latex = {"mul_symbol": "dot", "order": "none"}
        return Line(
            qid,
            symbol_latex(section, key),
            sp.latex(expr, symbol_names=self.latex_names, **latex),
            sp.latex(expr, symbol_names=self.tokens, **latex),
            symbol_text(section, key),
            _spaced(_Names(self.text_names).doprint(expr)),
            _spaced(_Names(self.tokens).doprint(expr)),
        )

    def _display_expr(self, section: str, key: str) -> sp.Expr:
        """The formula as a learner reads it (net inputs in the post's order)."""
        g = self.graph
        if section in ("forward", "after") and key.startswith("net_"):
            neuron = key[4:]
            prefix = "updated" if section == "after" else "params"
            terms = [
                sp.Mul(g.sym(prefix, w.name), self._source(section, w.source), evaluate=False)
                for w in g.layout.weights_into(neuron)
            ]
            bias = g.sym(prefix, g.layout.bias_of(neuron).name)
            return sp.Add(*terms, bias, evaluate=False)
        if section == "partials" and g.factors[key].kind != "leaf":
            parts = [g.sym("partials", p) for p in g.factors[key].parts]
            op = sp.Mul if g.factors[key].kind == "product" else sp.Add
            return op(*parts, evaluate=False)
        if section == "gradients":
            products = [
                sp.Mul(*(g.sym("partials", k) for k in term), evaluate=False)
                for term in g.chains[key]
            ]
            return sp.Add(*products, evaluate=False)
        if section == "updated" and g.definitions[(section, key)] != g.sym("params", key):
            step = g.sym("velocity" if g.shape.momentum else "gradients", key)
            lr_step = sp.Mul(g.sym("params", "lr"), step, evaluate=False)
            return sp.Add(g.sym("params", key), sp.Mul(-1, lr_step, evaluate=False), evaluate=False)
        if section in ("forward", "after") and key.startswith("out_"):
            return g.definitions[(section, key)].rewrite(sp.exp).rewrite(sp.Max)
        if section == "velocity" and g.definitions[(section, key)] != g.sym("state", key):
            momentum = g.sym("params", "mu") * g.sym("state", key)
            return sp.Add(momentum, g.sym("gradients", key), evaluate=False)
        return g.definitions.get((section, key), g.sym(section, key))

    def _source(self, section: str, neuron: str) -> sp.Symbol:
        """What a neuron feeds forward in this pass."""
        if neuron in self.graph.layout.inputs:
            return self.graph.sym("params", neuron)
        return self.graph.sym(section, f"out_{neuron}")

    @staticmethod
    def is_single_value(template: str) -> bool:
        """True when a template is one number and nothing else (e.g. dnet_o1/dw5 = out_h1)."""
        return _TOKEN.fullmatch(template) is not None

    def fill(
        self, template: str, values: dict[str, dict[str, float]], latex: bool, digits: int = DIGITS
    ) -> str:
        """Put numbers (walkthrough sections) in place of the tokens of a template."""
        only_token = self.is_single_value(template)

        def number(match: re.Match) -> str:
            section, key = self.qid_of[match.group(1)]
            value = values[section][key]
            text = shown(section, value, digits)
            if value < 0 and not only_token:
                return rf"\left({text}\right)" if latex else f"({text})"
            return text

        return _TOKEN.sub(number, template)


@cache
def display_for(shape: Shape) -> Display:
    """The Display of a shape (built once, then cached)."""
    return Display(graph_for(shape))
