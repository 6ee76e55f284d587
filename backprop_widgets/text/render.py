"""Walkthroughs, derivations and training results as text, Markdown or LaTeX."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import sympy as sp

from ..core.errors import BackpropError, NumericalError
from ..core.network import Network, network_text, settings_text
from ..core.numbers import fmt, fmt_given
from ..core.settings import Shape
from ..core.step import forward
from ..core.symbolic import graph_for
from .formulas import Display, display_for, shown
from .sections import section, symbol_latex

__all__ = [
    "FORMATS",
    "closed_form",
    "closed_form_latex",
    "derivation_lines",
    "train_text",
    "walkthrough_text",
]

FORMATS = ("text", "markdown", "latex")


def layer_name(layer: int, n_layers: int) -> str:
    """output layer, hidden layer, hidden layer 2, ..."""
    if layer == n_layers:
        return "output layer"
    return f"hidden layer {layer if n_layers > 2 else ''}".strip()


def step_sections(net: Network, values: dict) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(section, key), ...]) in the order the post walks through them; the
    backward pass layer by layer, from the outputs back."""
    n_layers = len(net.sizes) - 1
    factors = graph_for(net.shape).factors
    for key in ("forward", "partials", "gradients", "velocity", "updated"):
        if key not in values:
            continue
        if key != "partials":
            yield section(key).heading, [(key, k) for k in values[key]]
            continue
        for layer in range(n_layers, 0, -1):
            keys = [k for k in values["partials"] if factors[k].layer == layer]
            heading = f"{section(key).heading}, {layer_name(layer, n_layers)}"
            yield heading, [("partials", k) for k in keys]


def _line(display: Display, section: str, key: str, values: dict, style: str, digits: int) -> str:
    """name = formula = numbers = value, leaving out repeats."""
    line = display.line(section, key)
    latex = style != "text"
    value = shown(section, values[section][key], digits)
    template = line.latex_template if latex else line.text_template
    numbers = (
        None if display.is_single_value(template) else display.fill(template, values, latex, digits)
    )
    steps = [line.latex_name if latex else line.text_name]
    for part in (line.latex_formula if latex else line.text_formula, numbers, value):
        if part is not None and part != steps[-1]:
            steps.append(part)
    if style == "latex":
        return f"{steps[0]} &= {' = '.join(steps[1:])} \\\\"
    if style == "markdown":
        return f"$${' = '.join(steps)}$$"
    return "  " + " = ".join(steps)


def walkthrough_text(
    net: Network, values: dict, style: str = "text", digits: int = 9, level: int = 1
) -> str:
    """One full step of a walkthrough (see walkthrough()) as text, Markdown or LaTeX;
    level: the heading level of its title (2 to nest it under a heading of your own)."""
    display = display_for(net.shape)
    blocks = [_title(f"One step of backpropagation: {settings_text(net)}", style, level)]
    blocks.append(_title(section("params").heading, style, level + 1))
    blocks.append(_given(net, style))
    if "samples" in values:
        blocks.append(_batch_note(values, style))
    for heading, qids in step_sections(net, values):
        if qids:
            blocks.append(_title(heading, style, level + 1))
            lines = [_line(display, s, k, values, style, digits) for s, k in qids]
            blocks.append(_block(lines, style))
    blocks.append(_title(section("after").heading, style, level + 1))
    after = values["after"]["E_total"]
    blocks.append(_block([_after_line(after, style, digits)], style))
    return "\n\n".join(blocks) + "\n"


def _after_line(value: float, style: str, digits: int) -> str:
    if style == "latex":
        return f"E_{{total}}^{{+}} &= {fmt(value, digits)} \\\\"
    if style == "markdown":
        return f"$$E_{{total}}^{{+}} = {fmt(value, digits)}$$"
    return f"  E_total+ = {fmt(value, digits)}  (the forward pass again, with the updated values)"


def _batch_note(values: dict, style: str) -> str:
    """What a batch step means, in one paragraph."""
    used = ", ".join(map(str, values["batch"]["samples"]))
    text = (
        f"This step uses samples {used}. The forward pass and partials below are those of "
        f"sample {values['batch']['samples'][0]}; the gradients are the mean over the batch. "
        f"E_total averaged over all samples before the step: {fmt(values['batch']['E_total'])}."
    )
    return text if style != "text" else "  " + text


def _given(net: Network, style: str) -> str:
    """The values a learner set."""
    pairs = [(n, v) for n, v in net.values.items()]
    if style == "text":
        return "  " + "  ".join(f"{name}={fmt_given(value)}" for name, value in pairs)
    return ", ".join(f"${symbol_latex('params', n)} = {fmt_given(v)}$" for n, v in pairs)


def _title(text: str, style: str, level: int) -> str:
    if style == "markdown":
        return f"{'#' * level} {text}"
    if style == "latex":
        return f"\\{'sub' * (level - 1)}section*{{{text}}}"
    return text if level > 1 else f"{text}\n{'=' * len(text)}"


def _block(lines: list[str], style: str) -> str:
    if style == "latex":
        return "\\begin{align*}\n" + "\n".join(lines) + "\n\\end{align*}"
    return "\n".join(lines) if style == "text" else "\n\n".join(lines)


def derivation_lines(net: Network, values: dict, name: str, digits: int = 9) -> list[str]:
    """The derivation of one parameter's gradient and update, as LaTeX lines.

    >>> from backprop_widgets import tutorial, walkthrough
    >>> net = tutorial()
    >>> derivation_lines(net, walkthrough(net), "w5")[0].endswith("= 0.082167041")
    True

    The chain rule as the post writes it, every factor (composite ones expanded) with its
    formula, the numbers and the value, the gradient, then the update.
    """
    display = display_for(net.shape)
    lines = [_line(display, "gradients", name, values, "markdown", digits)]
    seen: set[str] = set()
    for term in graph_for(net.shape).chains[name]:
        for key in term:
            lines.extend(_factor_lines(net, display, key, values, digits, seen))
    if "velocity" in values:
        lines.append(_line(display, "velocity", name, values, "markdown", digits))
    lines.append(_line(display, "updated", name, values, "markdown", digits))
    return [line.strip("$") for line in lines]


def _factor_lines(net, display, key, values, digits, seen) -> list[str]:
    """A factor and, below it, the factors it is made of (each once)."""
    if key in seen:
        return []
    seen.add(key)
    factor = graph_for(net.shape).factors[key]
    lines = [_line(display, "partials", key, values, "markdown", digits)]
    for part in factor.parts:
        lines.extend(_factor_lines(net, display, part, values, digits, seen))
    return lines


def closed_form(net: Network, name: str) -> sp.Expr:
    """dE_total/d<name> as one SymPy expression in inputs, targets and parameters only.

    Its symbols carry the post's names, so closed_form(net, "w1").subs(net.values) is the
    number (sigma and relu evaluate like any SymPy function).

    >>> from backprop_widgets import fmt, tutorial
    >>> net = tutorial()
    >>> fmt(float(closed_form(net, "w1").subs(net.values)))
    '0.000438568'
    """
    if name not in net.layout.params:
        raise BackpropError(
            f"no gradient of {name!r}: choose one of {', '.join(net.layout.params)}"
        )
    return graph_for(net.shape).closed_form("gradients", name)


def closed_form_latex(net: Network, name: str) -> str:
    """dE_total/d<name> written in inputs, targets and parameters only (SymPy, cached)."""
    closed_form(net, name)  # refuses an unknown name
    return _closed_form_latex(net.shape, name)


@cache
def _closed_form_latex(shape: Shape, name: str) -> str:
    expr = graph_for(shape).closed_form("gradients", name)
    return sp.latex(expr, symbol_names=display_for(shape).latex_names)


def train_text(history, style: str = "text", digits: int = 9) -> str:
    """Training result: E_total at chosen steps, final parameters and outputs."""
    net = history.network
    marks = sorted({0, history.steps} | {m for m in _marks() if m <= history.steps})
    rows = [f"Training: {history.steps} steps of {settings_text(net)}"]
    if history.stopped:
        rows.append(f"Stopped early: {history.stopped}")
    rows.append("")
    rows.append("  step  E_total")
    rows += [f"  {m:>5}  {fmt(history.E_total[m], max(digits, 10))}" for m in marks]
    rows.append("")
    rows.append("Final values")
    rows.append(network_text(net).split("\n", 1)[1])
    rows.append("Final forward pass" + (" (sample 1)" if len(net.samples) > 1 else ""))
    try:
        rows += [f"  {key} = {fmt(value, digits)}" for key, value in forward(net).items()]
    except NumericalError as error:
        rows.append(f"  cannot be computed: {error}")
    if len(net.samples) > 1:
        rows.append("Final outputs")
        for k, outs in enumerate(history.outputs[-1], start=1):
            pairs = zip(net.layout.outputs, outs, strict=True)
            rows.append(
                f"  sample {k}: " + "  ".join(f"out_{o}={fmt(v, digits)}" for o, v in pairs)
            )
    text = "\n".join(rows)
    if style == "markdown":
        return "```\n" + text + "\n```\n"
    if style == "latex":
        return "\\begin{verbatim}\n" + text + "\n\\end{verbatim}\n"
    return text + "\n"


def _marks() -> list[int]:
    """Steps worth printing: 1, 2, 5, 10, 20, 50, ..."""
    return [m * 10**e for e in range(7) for m in (1, 2, 5)]
