"""Panels of numbers: the walkthrough values, the parameter table, the derivation, errors.

Each panel draws from the state and redraws when what it shows changes.
"""

from __future__ import annotations

import functools
import html
import traceback
from collections.abc import Callable

import ipywidgets as widgets

from ...core.errors import NumericalError
from ...core.network import Network, settings_text
from ...core.numbers import fmt, fmt_given
from ...core.step import finite_differences
from ...text.notation import latex_name
from ...text.render import closed_form_latex, derivation_lines
from ...text.sections import section, symbol_text, value_class
from ..state import State
from .base import HtmlView
from .controls import label_for

__all__ = [
    "DerivationPanel",
    "ErrorArea",
    "Header",
    "TablePanel",
    "ValuesPanel",
    "table_html",
    "uses_updated",
    "values_html",
]

VALUE_SECTIONS = ("forward", "partials", "velocity", "after")  # in the order the post walks


def number(section: str, key: str, text: str) -> str:
    """One shown number in a span carrying its bw-value class."""
    return f'<span class="bw-num {value_class(section, key)}">{text}</span>'


class ErrorArea(widgets.HTML):
    """Where an unexpected error in any callback is shown, inside the widget."""

    def __init__(self):
        super().__init__(layout={"display": "none"})
        self.add_class("bw-error")
        self.last: BaseException | None = None
        self.fresh = False  # reported during the commit being drawn

    def guard(self, function: Callable, where: str = "") -> Callable:
        """function, with any exception it raises shown here instead of lost in a log."""

        @functools.wraps(function)
        def guarded(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:
                self.report(error, where or function.__name__.strip("_").replace("_", " "))
                return None

        return guarded

    def report(self, error: BaseException, where: str) -> None:
        """Show an error with its traceback (folded)."""
        self.last, self.fresh = error, True
        details = "".join(traceback.format_exception(error))
        self.value = (
            "<div role='alert' class='bw-error-box'>&#9888; <b>Something went wrong</b> "
            f"(in {html.escape(where)}): {html.escape(type(error).__name__)}: "
            f"{html.escape(str(error))}. The explorer keeps working; please report this "
            "with the details."
            f"<details><summary>details</summary><pre>{html.escape(details)}</pre></details></div>"
        )
        self.layout.display = ""

    def clear(self) -> None:
        """Hide the area (after a change that worked)."""
        if self.last is not None:
            self.last, self.value, self.layout.display = None, "", "none"

    def settle(self, _change=None) -> None:
        """After every view drew a commit: keep an error of this commit, clear an older one."""
        if self.fresh:
            self.fresh = False
        else:
            self.clear()


def _entry(section: str, key: str, value: float, digits: int) -> str:
    """name = value, for the values panel."""
    name = html.escape(symbol_text(section, key))
    shown = number(section, key, fmt(value, digits))
    return f"<div><span class='bw-name'>{name}</span> = {shown}</div>"


def values_html(values: dict, digits: int) -> str:
    """Every value of the step (forward, partials, velocity, after), grouped as the post does."""
    blocks = []
    if "batch" in values:
        used = ", ".join(map(str, values["batch"]["samples"]))
        blocks.append(
            f"<p>This step uses samples {used}; the forward pass and the factors are those of "
            f"sample {values['batch']['samples'][0]}, the gradients the batch mean.</p>"
        )
    for key in VALUE_SECTIONS:
        if key in values:
            rows = "".join(_entry(key, k, v, digits) for k, v in values[key].items())
            blocks.append(f"<section><h4>{section(key).heading}</h4>{rows}</section>")
    return f"<div class='bw-values'>{''.join(blocks)}</div>"


def uses_updated(net: Network) -> tuple[str, ...]:
    """Parameters whose shown gradient uses updated later weights (not the true gradient)."""
    if net.hidden_uses != "updated":
        return ()
    lay, last = net.layout, len(net.sizes) - 1
    weights = [w.name for w in lay.weights if lay.layer_of[w.target] < last]
    return (*weights, *(b.name for b in lay.biases if b.layer < last))


def _row(net: Network, values: dict, fd: dict | None, name: str, marks: str, digits: int) -> str:
    """One parameter: name, value, gradient, finite difference, their difference, updated."""
    gradient, updated = values["gradients"][name], values["updated"][name]
    estimate = "n/a" if fd is None else fmt(fd[name], digits)
    difference = "n/a" if fd is None else f"{gradient - fd[name]:+.1e}"
    cells = (
        html.escape(label_for(net.layout, name)),
        number("params", name, fmt_given(net.params[name], digits)),
        number("gradients", name, fmt(gradient, digits)),
        number("finite_differences", name, estimate),
        number("difference", name, difference),
        number("updated", name, fmt(updated, digits)) + f"<small>{marks}</small>",
    )
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _notes(net: Network) -> str:
    """What the marks in the table mean."""
    notes = [
        "p+ = p - lr * dE_total/dp. The finite difference (E(p + h) - E(p - h)) / 2h, "
        "h = 1e-6, estimates each gradient without the chain rule: the two agree to about "
        "9 digits."
    ]
    if not net.train_biases:
        notes.append(
            "frozen: the biases are not updated, as in the post (switch on 'train biases')."
        )
    changed = uses_updated(net)
    if changed:
        notes.append(
            f"&dagger; The hidden deltas use the already updated later weights, so the shown "
            f"gradients of {', '.join(changed)} are not the gradient of E_total: the finite "
            "differences (the true gradient) differ from them."
        )
    return "".join(f"<p>{n}</p>" for n in notes)


TABLE_HEAD = ("parameter", "value", "dE_total/dp", "finite diff.", "difference", "updated p+")


def table_html(net: Network, values: dict, fd: dict[str, float] | None, digits: int) -> str:
    """All parameters: value, gradient, finite-difference estimate, difference, updated value
    (fd None: the finite differences cannot be computed here)."""
    head = "".join(f"<th>{h}</th>" for h in TABLE_HEAD)
    frozen = set(net.layout.params) - set(net.trained)
    daggers = set(uses_updated(net))
    marks = {
        p: ("&nbsp;frozen" if p in frozen else "") + ("&nbsp;&dagger;" if p in daggers else "")
        for p in net.layout.params
    }
    rows = "".join(_row(net, values, fd, p, marks[p], digits) for p in net.layout.params)
    return (
        f"<div class='bw-table-box'><table class='bw-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>{_notes(net)}</div>"
    )


class TablePanel(HtmlView):
    """Every parameter: value, gradient, finite difference, difference, updated."""

    css, where = "bw-table-panel", "the table"

    def html(self) -> str:
        state = self.state
        try:
            fd = finite_differences(state.net)
        except NumericalError:
            fd = None
        return table_html(state.net, state.step, fd, state.digits)


class ValuesPanel(HtmlView):
    """Every value of the step, grouped as the post walks."""

    css, where = "bw-values-panel", "every value"

    def html(self) -> str:
        return values_html(self.state.step, self.state.digits)


class Header(HtmlView):
    """The settings in one line and E_total."""

    css, where = "bw-summary", "the summary"

    def html(self) -> str:
        state = self.state
        e_total = fmt(state.step["forward"]["E_total"], state.digits)
        return f"<b>Backpropagation explorer</b>: {settings_text(state.net)}. E_total = {e_total}"


class DerivationPanel(widgets.VBox):
    """The chain rule for one parameter: symbolic, numbers, value, update; the closed form.

    With a state it follows the chosen parameter; without one, update() draws it.
    """

    def __init__(self, state: State | None = None, guard=lambda f, where: f, name: str = ""):
        self.closed = widgets.Checkbox(value=False, description="closed form", indent=False)
        self.closed.add_class("bw-setting-closed_form")
        self.math = widgets.HTMLMath(layout={"width": "100%", "overflow": "auto"})
        self.math.add_class("bw-derivation")
        super().__init__([self.math, self.closed])
        self.state, self.name = state, name
        if state is not None:
            self.redraw()
            state.observe(guard(self.redraw, "the derivation"), ["step", "digits", "param"])
            self.closed.observe(guard(self.redraw, "closed form"), "value")
            state.observe(
                guard(lambda c: setattr(self.closed, "disabled", c["new"]), "lock"), "busy"
            )

    def redraw(self, _change=None) -> None:
        state = self.state
        self.update(state.net, state.step, self.name or state.param, state.digits)

    def update(self, net: Network, values: dict, name: str, digits: int) -> None:
        """Show the derivation of name's gradient and update for these values."""
        lines = derivation_lines(net, values | {"state": net.velocity}, name, digits)
        parts = [
            f"<p>dE_total/d{name} by the chain rule, factor by factor as the post writes "
            "it (formula, numbers, value); last, the update.</p>",
            *(f"<div class='bw-math-line'>$${two_rows(line)}$$</div>" for line in lines),
        ]
        if name in uses_updated(net):
            parts.append(
                f"<p>&dagger; This uses the updated later weights (w+), so it is not the "
                f"gradient of E_total with respect to {name}: compare the finite difference.</p>"
            )
        if self.closed.value:
            closed = closed_form_latex(net, name)
            parts.append(
                "<p>Closed form (inputs, targets and parameters only):</p>"
                f"<div class='bw-math-line'>$$\\frac{{\\partial E_{{total}}}}"
                f"{{\\partial {latex_name(name)}}} = {closed}$$</div>"
            )
        label = f"The derivation of dE_total/d{name}"
        self.math.value = (
            f"<div class='bw-math' tabindex='0' role='group' aria-label='{label}'>"
            + "".join(parts)
            + "</div>"
        )


def two_rows(line: str) -> str:
    """'lhs = formula = numbers = value' (LaTeX) as two rows, the formula over the numbers,
    so a derivation fits a narrow panel; a line with fewer parts stays one row."""
    depth, equals = 0, []
    for k, char in enumerate(line):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "=" and depth == 0:
            equals.append(k)
    if len(equals) < 3:
        return line
    cut = equals[1]
    return (
        f"\\begin{{array}}{{l}}\\displaystyle {line[:cut].rstrip()} \\\\ "
        f"\\qquad {line[cut:]}\\end{{array}}"
    )
