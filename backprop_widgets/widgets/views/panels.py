"""Panels of numbers: the walkthrough values, the parameter table, the derivation, errors."""

from __future__ import annotations

import functools
import html
import traceback
from collections.abc import Callable

import ipywidgets as widgets

from ...core.network import Network
from ...core.numbers import fmt, fmt_given
from ...text.notation import latex_name
from ...text.render import closed_form_latex, derivation_lines
from ...text.sections import symbol_text, value_class
from .controls import label_for

__all__ = ["DerivationPanel", "ErrorArea", "table_html", "uses_updated", "values_html"]

VALUE_SECTIONS = (  # (walkthrough section, heading) in the order the post walks
    ("forward", "Forward pass"),
    ("partials", "Backward pass: every chain-rule factor"),
    ("velocity", "Velocities (momentum)"),
    ("after", "After the update: the forward pass again"),
)


def number(section: str, key: str, text: str) -> str:
    """One shown number in a span carrying its bw-value class."""
    return f'<span class="bw-num {value_class(section, key)}">{text}</span>'


class ErrorArea(widgets.HTML):
    """Where an unexpected error in any callback is shown, inside the widget."""

    def __init__(self):
        super().__init__(layout={"display": "none"})
        self.add_class("bw-error")
        self.last: BaseException | None = None

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
        self.last = error
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
    for section, heading in VALUE_SECTIONS:
        if section in values:
            rows = "".join(_entry(section, k, v, digits) for k, v in values[section].items())
            blocks.append(f"<section><h4>{heading}</h4>{rows}</section>")
    return f"<div class='bw-values'>{''.join(blocks)}</div>"


def uses_updated(net: Network) -> tuple[str, ...]:
    """Parameters whose shown gradient uses updated later weights (not the true gradient)."""
    if net.hidden_uses != "updated":
        return ()
    lay, last = net.layout, len(net.sizes) - 1
    weights = [w.name for w in lay.weights if lay.layer_of[w.target] < last]
    return (*weights, *(b.name for b in lay.biases if b.layer < last))


def _row(net: Network, values: dict, fd: dict, name: str, marks: str, digits: int) -> str:
    """One parameter: name, value, gradient, finite difference, their difference, updated."""
    gradient, updated = values["gradients"][name], values["updated"][name]
    cells = (
        html.escape(label_for(net.layout, name)),
        number("params", name, fmt_given(net.params[name], digits)),
        number("gradients", name, fmt(gradient, digits)),
        number("finite_differences", name, fmt(fd[name], digits)),
        number("difference", name, f"{gradient - fd[name]:+.1e}"),
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


def table_html(net: Network, values: dict, fd: dict[str, float], digits: int) -> str:
    """All parameters: value, gradient, finite-difference estimate, difference, updated value."""
    head = "".join(f"<th>{h}</th>" for h in TABLE_HEAD)
    frozen = set() if net.train_biases else {b.name for b in net.layout.biases}
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


class DerivationPanel(widgets.VBox):
    """The chain rule for one parameter: symbolic, numbers, value, update; the closed form."""

    def __init__(self):
        self.closed = widgets.Checkbox(value=False, description="closed form", indent=False)
        self.closed.add_class("bw-setting-closed_form")
        self.math = widgets.HTMLMath(layout={"width": "100%", "overflow": "auto"})
        self.math.add_class("bw-derivation")
        super().__init__([self.closed, self.math])

    def update(self, net: Network, values: dict, name: str, digits: int) -> None:
        """Show the derivation of name's gradient and update for these values."""
        lines = derivation_lines(net, values | {"state": net.velocity}, name, digits)
        parts = [
            f"<p>dE_total/d{name} by the chain rule, as the post writes it: each factor's "
            "formula, then the numbers, then the value; last, the update.</p>",
            *(f"<div class='bw-math-line'>$${line}$$</div>" for line in lines),
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
        self.math.value = "".join(parts)
