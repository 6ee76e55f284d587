"""Training for N steps, deterministic, with the history of every step."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .compiled import compiled_for
from .display import fmt
from .network import BackpropError, Network, NumericalError
from .walkthrough import arguments_for, batch_indices, batch_update, run

__all__ = ["History", "train"]

MAX_STEPS = 1_000_000
CHUNK = 1000


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
        return _replace(self.network, values, {})

    def param(self, name: str) -> np.ndarray:
        """The history of one parameter, e.g. history.param("w5")."""
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
    if len(net.samples) == 1:
        return _train_one_sample(net, steps, progress)
    return _train_batches(net, steps, progress, start)


def _train_one_sample(net: Network, steps: int, progress) -> History:
    """The post's case: one sample, updates run by the compiled training loop, 1,000 at a time."""
    shape = compiled_for(net.shape)
    args = arguments_for(net, shape.lean, net.samples[0])
    n_out, n_par = len(net.layout.outputs), len(net.layout.params)
    width = 1 + n_out + n_par * (2 if net.momentum else 1)
    record = array("d")  # flat rows of floats: no per-step objects for the garbage collector
    done, stopped = 0, None
    while done < steps and stopped is None:
        chunk = min(CHUNK, steps - done)
        try:
            made, args = shape.training_loop(chunk, record.extend, *args)
        except (ArithmeticError, ValueError):
            made = len(record) // width - done
        done += made
        if made < chunk:
            stopped = _diverged(max(done - 1, 0))  # rows 0..done-1 are finite
        elif progress and progress(done) is False:
            break
    rows = np.frombuffer(record, dtype=float).reshape(-1, width)
    if stopped and not len(rows):
        raise NumericalError(_diverged(0))
    last_good = _from_row(net, rows[-1], n_out) if len(rows) else net
    final = last_good if stopped else _with_args(net, shape.lean, args)
    saved = rows[:, 1 + n_out : 1 + n_out + n_par]
    return _finish(final, rows[:, : 1 + n_out], saved, stopped, last_good)


def _from_row(net: Network, row: tuple, n_out: int) -> Network:
    """The network with the parameters and velocities recorded in one training row."""
    params = net.layout.params
    values = [float(v) for v in row[1 + n_out :]]
    velocity = dict(zip(params, values[len(params) :], strict=False))
    return _replace(net, dict(zip(params, values, strict=False)), velocity)


def _with_args(net: Network, compiled, args: list) -> Network:
    """The network with the parameters (and velocities) found in args."""
    params, velocity = {}, {}
    for (section, key), value in zip(compiled.arguments, args, strict=False):
        if section == "params" and key in net.params:
            params[key] = value
        elif section == "state":
            velocity[key] = value
    return _replace(net, params, velocity)


def _replace(net: Network, params: dict, velocity: dict) -> Network:
    """A copy with new parameters and velocities."""
    from dataclasses import replace

    return replace(net, params=params, velocity=velocity)


def _diverged(step: int) -> str:
    """The message for training whose update number step + 1 blew up."""
    return (
        f"training diverged at step {step + 1}: E_total is no longer a finite number; "
        "try a smaller learning rate"
    )


def _finish(final: Network, rows, saved, stopped, fallback: Network) -> History:
    """Add the error of the final parameters (unless training diverged) and build arrays."""
    if stopped is None:
        try:
            rows = np.vstack([rows, _dataset_row(final)])
            saved = np.vstack([saved, _param_list(final)])
        except NumericalError:
            stopped, final = _diverged(len(rows) - 1), fallback
    if not len(rows):
        raise NumericalError(_diverged(0))
    return _history(final, rows, saved, stopped)


def _param_list(net: Network) -> list[float]:
    """The parameter values in the layout's order."""
    return [net.params[p] for p in net.layout.params]


def _history(final: Network, rows: list, saved: list, stopped: str | None) -> History:
    """The history arrays: one row per step, plus the start."""
    table = np.array(rows, dtype=float).reshape(len(rows), -1)
    return History(
        final,
        table[:, 0],
        table[:, 1:].reshape(len(rows), -1, len(final.layout.outputs)),
        np.array(saved, dtype=float).reshape(len(saved), -1),
        final.layout.params,
        stopped,
    )


def _train_batches(net: Network, steps: int, progress, start: int) -> History:
    """Several samples: online (batch_size 1), mini-batch or full batch, in sample order."""
    shape = compiled_for(net.shape)
    rows, saved, stopped = [_dataset_row(net)], [_param_list(net)], None
    for k in range(steps):
        try:
            new = _batch_step(net, shape, batch_indices(net, start + k))
            row = _dataset_row(new)
        except NumericalError:
            stopped = _diverged(k)
            break
        net = new
        rows.append(row)
        saved.append(_param_list(net))
        if progress and (k + 1) % 1000 == 0 and progress(k + 1) is False:
            break
    return _history(net, rows, saved, stopped)


def _dataset_row(net: Network) -> tuple:
    """Mean E_total over all samples, then every sample's outputs."""
    loss = compiled_for(net.shape).loss
    each = [run(net, loss, arguments_for(net, loss, s)) for s in net.samples]
    return (sum(e[0] for e in each) / len(each), *[v for e in each for v in e[1:]])


def _batch_step(net: Network, shape, batch: list[int]) -> Network:
    """One update from the mean gradient of the batch's samples."""
    lean, params = shape.lean, net.layout.params
    n_out = len(net.layout.outputs)
    sums = [0.0] * len(params)
    for index in batch:
        row = run(net, lean, arguments_for(net, lean, net.samples[index]))
        sums = [a + b for a, b in zip(sums, row[1 + n_out : 1 + n_out + len(params)], strict=True)]
    gradients = {p: s / len(batch) for p, s in zip(params, sums, strict=True)}
    updated = batch_update(net, gradients)
    return _replace(net, updated["updated"], updated.get("velocity", {}))
