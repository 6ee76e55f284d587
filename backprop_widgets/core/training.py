"""Training for N steps, deterministic, with the history of every step.

When training counts as diverged: at the first update after which E_total, an output, a
parameter or a velocity is not a finite number, or a parameter or velocity is larger in
size than LIMIT (1e12; or than the largest starting value, if that is larger). No network of
this tutorial learns its way there: such numbers only come from steps that grow without
bound. Training stops there; the history keeps every step before it and says why.

With several samples E_total is the mean over all samples; batches take the samples in
order (1, 2, ... cycling), never shuffled. One sample runs through compiled float code
(compiled.training_loop); several run as NumPy arrays, one call per batch (batches.py).
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .batches import BatchLoop
from .compiled import Row, compiled_for
from .errors import BackpropError, NumericalError
from .network import Network
from .numbers import fmt
from .step import arguments_for, from_arguments, run

__all__ = ["LIMIT", "MAX_STEPS", "History", "train"]

MAX_STEPS = 1_000_000
CHUNK = 1000
LIMIT = 1e12  # a parameter or velocity beyond this size means training diverged


@dataclass(frozen=True, repr=False)
class History:
    """What training did: E_total, outputs and parameters before the first and after each step.

    E_total[k] is the error after k updates (E_total[0]: before training); with several
    samples it is the mean of E_total over all samples. outputs[k, s, j] is out_oj for
    sample s. stopped says why training ended early (it diverged), else None.
    """

    network: Network
    E_total: np.ndarray
    outputs: np.ndarray
    params: np.ndarray
    param_names: tuple[str, ...]
    stopped: str | None = None

    @property
    def steps(self) -> int:
        """How many updates were made."""
        return len(self.E_total) - 1

    def network_at(self, step: int) -> Network:
        """The network as it was after step updates (velocities are not kept per step)."""
        values = dict(zip(self.param_names, self.params[step].tolist(), strict=True))
        return replace(self.network, params=values, velocity={})

    def param(self, name: str) -> np.ndarray:
        """The history of one parameter, e.g. history.param("w5")."""
        if name not in self.param_names:
            raise BackpropError(self.network.unknown(name))
        return self.params[:, self.param_names.index(name)]

    def __repr__(self) -> str:
        first, last = self.E_total[0], self.E_total[-1]
        note = f"; stopped: {self.stopped}" if self.stopped else ""
        return f"History({self.steps} steps, E_total {fmt(first)} -> {fmt(last, 10)}{note})"


def train(
    net: Network, steps: int, progress: Callable[[int], bool] | None = None, start: int = 0
) -> History:
    """Make steps updates; progress(k), if given, is called every 1,000 steps and stops
    training by returning False. start: how many updates came before (with several samples,
    it says where in the cycle of batches training continues).

    >>> from backprop_widgets import tutorial
    >>> train(tutorial(), 1).E_total.round(9).tolist()
    [0.298371109, 0.291027774]
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_STEPS:
        raise BackpropError(f"steps must be a whole number from 0 to {MAX_STEPS:,}, got {steps!r}")
    if not isinstance(net, Network):
        raise BackpropError(f"train needs a Network (e.g. bw.tutorial()), got {net!r}")
    loop = OneSample(net) if len(net.samples) == 1 else BatchLoop(net, start)
    return _run(net, loop, steps, progress)


class OneSample:
    """The post's case: one sample, updates run by the compiled float training loop."""

    def __init__(self, net: Network):
        self.shape = compiled_for(net.shape)
        self.row = self.shape.row
        self.arguments = arguments_for(net, self.shape.training_loop, net.samples[0])
        self.names = self.shape.training_loop.arguments

    def run(self, steps: int, done: int, record: Recorder, outputs: list, args: list):
        """steps more updates; each row goes to record, from row done on."""
        loop = self.shape.training_loop.function
        return loop(steps, record.pack, record.buffer, record.offset(done), *args)

    def state(self, net: Network) -> tuple[float, np.ndarray]:
        """E_total and the outputs (one row per sample) of a network."""
        loss = self.shape.loss
        e_total, *outs = run(net, loss, arguments_for(net, loss, net.samples[0]))
        return e_total, np.array([outs])

    def outputs(self, table: np.ndarray, outputs: list) -> np.ndarray:
        """Every recorded step's outputs as [step, sample, output]."""
        outputs = table[:, self.row.outputs]
        return outputs.reshape(len(table), 1, outputs.shape[1])


class Recorder:
    """The rows of a training run, written in place by the compiled loops: pack(buffer,
    offset, *row) (struct.pack_into: one C call, no object per step); unwritten rows hold NaN.
    """

    def __init__(self, steps: int, width: int):
        self.width = width
        self.buffer = bytearray(8 * width * steps)
        self.table = np.frombuffer(self.buffer, dtype=float).reshape(steps, width)
        self.table.fill(np.nan)
        self.pack = struct.Struct(f"<{width}d" if sys.byteorder == "little" else f">{width}d")
        self.pack = self.pack.pack_into

    def offset(self, row: int) -> int:
        """Where row starts in the buffer."""
        return 8 * self.width * row

    def written(self, start: int) -> int:
        """How many rows from start were written (E_total is never NaN in a written row)."""
        unwritten = np.isnan(self.table[start:, 0])
        return int(np.argmax(unwritten)) if unwritten.any() else len(unwritten)


def _limit(net: Network) -> float:
    """The size beyond which a parameter or velocity means training diverged."""
    start = [abs(v) for v in (*net.params.values(), *net.velocity.values())]
    return max(LIMIT, *start)


def _named(row: Row, values) -> dict[str, float]:
    """One training row as {name: value}: E_total, out_o1, ..., w1, ..., v_w1, ..."""
    names = [key if section != "state" else f"v_{key}" for section, key in row.names]
    return dict(zip(names, values, strict=True))


def _first_bad(table: np.ndarray, row: Row, limit: float) -> tuple[int, str] | None:
    """The first row (step) whose values break the rule above, and what broke it."""
    moved = np.abs(table[:, row.params.start : row.velocity.stop])
    bad = ~np.isfinite(table).all(axis=1) | (np.nan_to_num(moved) > limit).any(axis=1)
    if not bad.any():
        return None
    k = int(np.argmax(bad))
    values = _named(row, table[k].tolist())
    return k, _why(values, limit, set(list(values)[row.params.start :]))


def _why(values: dict[str, float], limit: float, sized: set[str]) -> str:
    """Which value broke the rule, in words; sized: the parameters and velocities."""
    for name, value in values.items():
        if not np.isfinite(value):
            return f"{name} is no longer a finite number"
    name = max(sized, key=lambda n: abs(values[n]))
    return f"{name} grew to {values[name]:.2e}, beyond {limit:.0e} in size"


def _check_final(net: Network, limit: float) -> str:
    """Why the state after the last update breaks the rule, or ''."""
    moved = {**net.params, **{f"v_{p}": v for p, v in net.velocity.items()}}
    return _why(moved, limit, set(moved)) if max(map(abs, moved.values())) > limit else ""


def diverged(step: int, why: str) -> str:
    """The message for training whose update number step blew up."""
    return f"training diverged at step {step}: {why}; try a smaller learning rate"


def _run(net: Network, loop, steps: int, progress) -> History:
    """Run the loop 1,000 updates at a time, stop where the numbers break the rule above.

    loop: OneSample or BatchLoop (run, state, outputs; row, arguments and their names).
    """
    row, limit, args = loop.row, _limit(net), loop.arguments
    record, outputs = Recorder(steps, row.width), []
    done, stopped = 0, None
    while done < steps and stopped is None:
        chunk = min(CHUNK, steps - done)
        with np.errstate(all="ignore"):
            try:
                made, args = loop.run(chunk, done, record, outputs, args)
            except (ArithmeticError, ValueError):
                made = record.written(done)
        bad = _first_bad(record.table[done : done + made], row, limit)
        if bad is not None:  # state done + k breaks the rule: keep the steps before it
            done += bad[0]
            stopped = diverged(done, bad[1])
        else:
            done += made
            if made < chunk:  # the state after `done` updates could not be computed
                stopped = diverged(done, "E_total is no longer a finite number")
            elif progress and progress(done) is False:
                break
    table = record.table[:done].copy()
    outs = loop.outputs(table, outputs)[:done]
    if stopped is None:
        final = from_arguments(net, loop.names, args)
        try:
            last = loop.state(final)
            why = _check_final(final, limit)
        except NumericalError:
            why = "E_total is no longer a finite number"
        if not why:
            params = np.vstack([table[:, row.params], [list(final.params.values())]])
            e_total = np.append(table[:, 0], last[0])
            outs = np.concatenate([outs, [last[1]]])
            return History(final, e_total, outs, params, final.layout.params)
        stopped = diverged(done, why)
    if not len(table):
        raise NumericalError(stopped)
    end = _named(row, table[-1].tolist())
    velocity = {p: end[f"v_{p}"] for p in net.params} if net.momentum else {}
    final = replace(net, params={p: end[p] for p in net.params}, velocity=velocity)
    return History(final, table[:, 0], outs, table[:, row.params], final.layout.params, stopped)
