"""The learner's formula, read by our own small parser into a SymPy expression.

Nothing the learner types reaches eval, exec, compile, sympify, parse_expr or any other
string parser: the text is split into tokens here (numbers, names, + - * / ^ ** ( )), then a
recursive-descent parser builds the expression from SymPy constructors (Add, Mul, Pow, exp,
log, the package's sigmoid and relu). Refused before any work is done: more than
MAX_LENGTH characters, a character outside the formula alphabet, parentheses nested deeper
than MAX_DEPTH; while parsing: an exponent that is not a plain number of size at most
MAX_EXPONENT, a formula of polynomial degree above MAX_DEGREE, a number literal too long
or too large. Each refusal is a FormulaError (a HomeworkError) saying what to change.

Names are the post's: i1, t1, w5, b1, lr (or eta), mu, net_h1, out_h1, E_o1, E_total, the
chain-rule factors dE_total/dout_o1, dout_o1/dnet_o1, dnet_o1/dw5, ..., delta_o1 for
dE_o1/dnet_o1, w5_new (or new_w5) for w5+, v_w5 for the velocity before the step.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import sympy as sp

from ..core.functions import relu, sigmoid
from ..core.graph import Qid
from .variants import HomeworkError

__all__ = ["MAX_DEPTH", "MAX_EXPONENT", "MAX_LENGTH", "FormulaError", "parse_formula"]

MAX_LENGTH = 600  # characters
MAX_DEPTH = 24  # nested parentheses, unary signs and function calls
MAX_EXPONENT = 12  # |n| in x^n
MAX_DEGREE = 40  # the polynomial degree of the whole formula (functions count 1)
MAX_NUMBER = 1e12

FUNCTIONS = {
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "sigma": sigmoid,
    "sigmoid": sigmoid,
    "tanh": sp.tanh,
    "relu": relu,
}
_ALLOWED = re.compile(r"[A-Za-z0-9_.+\-*/^() \t]*")
_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^()]))"
)


class FormulaError(HomeworkError):
    """A formula that cannot be read, or that the parser refuses to build."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op" or "end"
    text: str
    at: int


def parse_formula(text, names: dict[str, Qid], symbol) -> sp.Expr:
    """The SymPy expression of a formula; names maps each allowed name to its quantity and
    symbol(qid) gives the quantity's SymPy symbol. Raises FormulaError."""
    if not isinstance(text, str):
        raise FormulaError(
            f"type the formula as text, e.g. 'out_o1 - t1'; got {type(text).__name__}"
        )
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"the formula has {len(text):,} characters; at most {MAX_LENGTH} are read: "
            "write it in the post's names (out_o1, dE_total/dout_o1, ...), not expanded out"
        )
    text = text.replace("−", "-").replace("×", "*").replace("·", "*")
    if not text.strip():
        raise FormulaError("the formula is empty: type one, e.g. (out_o1 - t1) * out_h1")
    bad = _ALLOWED.match(text).end()
    if bad < len(text):
        raise FormulaError(
            f"{text[bad]!r} (character {bad + 1}) cannot be in a formula: use numbers, the "
            "post's names, + - * / ^ (or **), parentheses and exp, log, sigma, tanh, relu"
        )
    _check_depth(text)
    parser = _Parser(_tokens(text, names), names, symbol)
    expr, degree = parser.sum(0)
    parser.expect("end")
    if degree > MAX_DEGREE:
        raise FormulaError(
            f"the formula multiplies out to degree {degree}; at most {MAX_DEGREE}: write it "
            "with the post's intermediate names instead"
        )
    return expr


def _check_depth(text: str) -> None:
    """Balanced parentheses, nested at most MAX_DEPTH deep (one pass, before parsing)."""
    depth = 0
    for at, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise FormulaError(f"the ')' at character {at + 1} closes nothing")
        if depth > MAX_DEPTH:
            raise FormulaError(
                f"parentheses are nested more than {MAX_DEPTH} deep (at character {at + 1}); "
                "a formula of this network needs far fewer"
            )
    if depth:
        raise FormulaError(f"{depth} '(' not closed: add {depth} ')'")


def _tokens(text: str, names: dict[str, Qid]) -> list[_Token]:
    """Numbers, names (a chain-rule factor dX/dY is one name), operators, then 'end'."""
    found, at = [], 0
    while at < len(text):
        if not text[at:].strip():
            break
        factor = _factor_name(text, at, names)
        if factor:
            start = len(text[at:]) - len(text[at:].lstrip())
            found.append(_Token("name", factor, at + start))
            at += start + len(factor)
            continue
        match = _TOKEN.match(text, at)
        if not match or match.end() == at:
            raise FormulaError(
                f"cannot read the formula at character {at + 1}: {text[at : at + 12]!r}"
            )
        kind = match.lastgroup
        found.append(_Token(kind, match.group(kind), match.start(kind)))
        at = match.end()
    return [*found, _Token("end", "", len(text))]


def _factor_name(text: str, at: int, names: dict[str, Qid]) -> str:
    """A chain-rule factor's name (dE_total/dout_o1) starting at `at`, or ''."""
    match = re.compile(r"\s*(d[A-Za-z0-9_]+\s*/\s*d[A-Za-z0-9_]+)").match(text, at)
    if not match:
        return ""
    name = re.sub(r"\s+", "", match.group(1))
    return match.group(1) if name in names else ""


class _Parser:
    """Recursive descent: sum := product (('+'|'-') product)*; product := unary (('*'|'/')
    unary)*; unary := ('-'|'+') unary | power; power := atom (('^'|'**') exponent)?"""

    def __init__(self, tokens: list[_Token], names: dict[str, Qid], symbol):
        self.tokens, self.names, self.symbol, self.at = tokens, names, symbol, 0

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, kind: str, text: str = "") -> _Token:
        token = self.take()
        if token.kind != kind or (text and token.text != text):
            wanted = repr(text) if text else "the end of the formula"
            got = repr(token.text) if token.text else "the end"
            raise FormulaError(f"expected {wanted} at character {token.at + 1}, found {got}")
        return token

    def sum(self, depth: int) -> tuple[sp.Expr, int]:
        expr, degree = self.product(depth)
        while self.peek().text in ("+", "-"):
            sign = -1 if self.take().text == "-" else 1
            right, d = self.product(depth)
            expr, degree = sp.Add(expr, sign * right), max(degree, d)
        return expr, degree

    def product(self, depth: int) -> tuple[sp.Expr, int]:
        expr, degree = self.unary(depth)
        while self.peek().text in ("*", "/") or self.peek().kind in ("name", "number"):
            token = self.peek()
            if token.kind != "op":
                raise FormulaError(
                    f"write * between the factors before {token.text!r} (character "
                    f"{token.at + 1}): '2 * out_h1', not '2 out_h1'"
                )
            self.take()
            right, d = self.unary(depth)
            if token.text == "/":
                if right == 0:
                    raise FormulaError(f"division by zero at character {token.at + 1}")
                right = sp.Pow(right, -1)
            expr, degree = sp.Mul(expr, right), degree + d
        return expr, degree

    def unary(self, depth: int) -> tuple[sp.Expr, int]:
        if depth > MAX_DEPTH:
            raise FormulaError(f"the formula nests more than {MAX_DEPTH} levels deep")
        if self.peek().text in ("-", "+"):
            sign = -1 if self.take().text == "-" else 1
            expr, degree = self.unary(depth + 1)
            return sign * expr, degree
        return self.power(depth)

    def power(self, depth: int) -> tuple[sp.Expr, int]:
        base, degree = self.atom(depth)
        if self.peek().text not in ("^", "**"):
            return base, degree
        caret = self.take()
        exponent = self.exponent(caret)
        return sp.Pow(base, exponent), degree * max(1, abs(int(exponent)) or 1)

    def exponent(self, caret: _Token) -> sp.Rational:
        """A plain number, maybe signed or in parentheses: x^2, x^(-1), x^0.5."""
        opened = self.peek().text == "("
        if opened:
            self.take()
        sign = 1
        while self.peek().text in ("-", "+"):
            sign *= -1 if self.take().text == "-" else 1
        token = self.take()
        if token.kind != "number":
            raise FormulaError(
                f"the exponent after {caret.text!r} (character {caret.at + 1}) must be a "
                f"number, e.g. ^2; got {token.text or 'the end'!r}"
            )
        if opened:
            self.expect("op", ")")
        value = sign * _number(token)
        if abs(value) > MAX_EXPONENT:
            raise FormulaError(
                f"the exponent {token.text} is too large: at most {MAX_EXPONENT} (a formula of "
                "this network needs ^2 at most)"
            )
        if self.peek().text in ("^", "**"):
            raise FormulaError(
                f"a power of a power (at character {self.peek().at + 1}) is not read: use "
                "parentheses, e.g. (x^2)^3, or one exponent"
            )
        return value

    def atom(self, depth: int) -> tuple[sp.Expr, int]:
        token = self.take()
        if token.kind == "number":
            return _number(token), 0
        if token.text == "(":
            expr, degree = self.sum(depth + 1)
            self.expect("op", ")")
            return expr, degree
        if token.kind == "name":
            return self.name(token, depth)
        got = repr(token.text) if token.text else "the end"
        raise FormulaError(
            f"expected a number, a name or '(' at character {token.at + 1}, found {got}"
        )

    def name(self, token: _Token, depth: int) -> tuple[sp.Expr, int]:
        text = re.sub(r"\s+", "", token.text)
        calls = self.peek().text == "("
        if text.lower() in FUNCTIONS:
            if not calls:
                raise FormulaError(f"{text} is a function: write {text}(...)")
            self.take()
            argument, _ = self.sum(depth + 1)
            self.expect("op", ")")
            return FUNCTIONS[text.lower()](argument), 1
        if text not in self.names:
            raise FormulaError(_unknown(text, self.names))
        if calls:
            raise FormulaError(f"{text} is a value, not a function: write {text} * (...)")
        return self.symbol(self.names[text]), 1


def _number(token: _Token) -> sp.Rational:
    """A number literal as an exact SymPy Rational (built from integers, no string parser)."""
    digits = token.text.lower().split("e")[0].replace(".", "")
    exponent = int(token.text.lower().split("e")[1]) if "e" in token.text.lower() else 0
    if len(digits) > 20 or abs(exponent) > 20:
        raise FormulaError(f"the number {token.text} is too long: give at most 20 digits")
    value = Fraction(Decimal(token.text))
    if abs(value) > MAX_NUMBER:
        raise FormulaError(f"the number {token.text} is too large for a value of this network")
    return sp.Rational(value.numerator, value.denominator)


def _unknown(text: str, names: dict[str, Qid]) -> str:
    """An unknown name, with the closest known names."""
    close = difflib.get_close_matches(text, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    if text.startswith("_"):
        return f"{text!r} is not a name of this network: formulas use the post's names{hint}"
    examples = ", ".join(n for n, q in names.items() if q[0] in ("params", "forward") and n == q[1])
    return f"unknown name {text!r}{hint or '.'} Names here: {examples}, and chain-rule factors."
