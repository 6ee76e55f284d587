"""The chain rule in the playground: for the chosen parameter and the next batch, one sample's
chain rule factor by factor, the batch's gradient as the mean of its samples' gradients, and
the update Step makes; and the flow diagram of that sample. Drawn while training pauses.

Every line is the explorer's: the sample's chain rule is derivation_lines of the network with
that sample alone, the update line that of the network with the batch's samples alone.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets

from ...core.errors import NumericalError
from ...core.numbers import DIGITS, fmt
from ...core.plane import positive
from ...core.step import walkthrough
from ...text.render import derivation_lines
from ...text.sections import symbol_latex
from ..bind import Field
from ..play_state import PlayState
from .panels import two_rows
from .range_input import RangeInput

__all__ = ["ChainView", "mean_line"]


def mean_line(name: str, gradients: list[float], digits: int = DIGITS) -> str:
    """The batch's gradient as the mean of its samples' gradients, in LaTeX: symbols,
    numbers (the first two and the last of a long batch) and the value."""
    symbol = symbol_latex("gradients", name)
    n = len(gradients)
    shown = [f"\\left({fmt(g, digits)}\\right)" if g < 0 else fmt(g, digits) for g in gradients]
    names = [f"g_{{{k}}}" for k in range(1, n + 1)]
    if n > 4:
        shown, names = [*shown[:2], "\\ldots", shown[-1]], [*names[:2], "\\ldots", names[-1]]
    mean = sum(gradients) / n
    return (
        f"{symbol} = \\frac{{1}}{{{n}}}\\left({' + '.join(names)}\\right) = "
        f"\\frac{{1}}{{{n}}}\\left({' + '.join(shown)}\\right) = {fmt(mean, digits)}"
    )


_AFTER = (
    "The batch is this one sample, so Step updates with its gradient:",
    "The batch's gradient is the mean of its samples' gradients (each found as above), and "
    "Step updates with it:",
)


def _math(lines: list[str]) -> str:
    return "".join(f"<div class='bw-math-line'>$${two_rows(line)}$$</div>" for line in lines)


class ChainView(widgets.VBox):
    """The chosen parameter's chain rule for one sample of the next batch and the batch's
    gradient and update; the flow diagram (if given) shows that sample's step."""

    def __init__(self, state: PlayState, guard: Callable, flow=None):
        self.state, self.flow = state, flow
        self.chooser = widgets.Dropdown(
            description="parameter",
            options=state.net.layout.params,
            tooltip="the parameter whose chain rule is shown (or click it in the diagram)",
        )
        self.chooser.add_class("bw-play-param")
        self.choice = Field(self.chooser, lambda v: state.propose(param=v), "parameter", guard)
        self.sample = RangeInput(
            min=1, max=1, step=1, description="sample", layout={"width": "100%"},
            tooltip="which sample of the next batch the chain rule and the diagram show",
        )  # fmt: skip
        self.sample.add_class("bw-play-pick")
        self.picked = Field(
            self.sample, lambda v: state.propose(pick=round(v) - 1), "sample", guard
        )
        self.math = widgets.HTMLMath(layout={"width": "100%", "overflow": "auto"})
        self.math.add_class("bw-play-chain")
        self.lines: list[str] = []
        self.values: dict = {}
        self.batch_values: dict = {}
        parts = [self.chooser, self.choice.message, self.sample, self.picked.message, self.math]
        super().__init__(parts)
        self.redraw()
        state.observe(guard(self.redraw, "the chain rule"), ["revision", "playing"])

    def redraw(self, _change=None) -> None:
        """Show the controls' values; the numbers only while training pauses."""
        state = self.state
        params, size = state.net.layout.params, len(state.batch)
        with self.choice.silenced():
            if tuple(self.chooser.options) != params:
                self.chooser.options = params
        self.choice.show(state.param)
        with self.picked.silenced():
            self.sample.max = size
        self.picked.show(state.pick + 1)
        self.sample.value_text = self._sample_words()
        if state.playing:
            self.math.value = (
                "<p class='bw-note'>Playing: press Pause (or Step) to read the chain rule of "
                f"{html.escape(state.param)} for the next batch.</p>"
            )
            return
        self._numbers()

    def _sample_words(self) -> str:
        state = self.state
        k = state.batch[state.pick]
        (x, y), _ = state.train[k]
        kind = "positive" if positive([state.train[k]])[0] else "negative"
        where = f"training point {k + 1}, ({x:.2f}, {y:.2f}), {kind}"
        return f"{state.pick + 1} of {len(state.batch)}: {where}"

    def _numbers(self) -> None:
        """The walkthroughs of the sample and of the batch, and every line from them."""
        state, name = self.state, self.state.param
        sample_net, batch_net = state.sample_net(), state.batch_net()
        try:
            self.values, self.batch_values = walkthrough(sample_net), walkthrough(batch_net)
        except NumericalError as error:
            self.lines = []
            self.math.value = (
                f"<p class='bw-alert' role='alert'>&#9888; {html.escape(str(error))}</p>"
            )
            return
        chain = derivation_lines(sample_net, self.values, name)[:-1]
        update = derivation_lines(batch_net, self.batch_values, name)[-1]
        batch = state.batch
        tail = [update]
        if len(batch) > 1:
            each = [s["gradients"][name] for s in self.batch_values["samples"]]
            tail = [mean_line(name, each), update]
        self.lines = [*chain, *tail]
        first, last = batch[0] + 1, batch[-1] + 1
        where = (
            f"training point {first}" if len(batch) == 1
            else f"training points {first} to {last}" if last > first
            else f"training points {first} on, cycling to {last}"
        )  # fmt: skip
        gradient = self.batch_values["gradients"][name]
        intro = (
            f"<p>Update {state.steps + 1:,} (the next Step) uses {where} (batch size "
            f"{len(batch)} of {len(state.train)}). Its dE_total/d{html.escape(name)} is "
            f"<span class='bw-num bw-play-batch-gradient'>{fmt(gradient)}</span>"
            + (f", the mean of the {len(batch)} samples' gradients" if len(batch) > 1 else "")
            + f". First the chain rule for sample {state.pick + 1} of the batch alone "
            "(its forward and backward pass, as in the explorer):</p>"
        )
        label = f"The chain rule of dE_total/d{name} for the next batch"
        self.math.value = (
            f"<div class='bw-math' tabindex='0' role='group' aria-label='{html.escape(label)}'>"
            f"{intro}{_math(chain)}<p>{_AFTER[len(batch) > 1]}</p>{_math(tail)}</div>"
        )
        if self.flow is not None:
            self.flow.show(sample_net, self.values)
            if self.flow.chosen != name:
                self.flow.chosen = name
