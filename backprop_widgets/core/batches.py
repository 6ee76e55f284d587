"""Several samples at once: a batch's mean gradient and update, the mean error over all
samples, and the training loop over batches, each one call to the vectorised code."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import BackpropError, NumericalError, numerical_message
from .graph import Qid
from .network import Network
from .vectorised import BatchCode, batch_code_for, sample_symbols

__all__ = ["BatchLoop", "batch_step", "mean_loss_and_outputs", "neuron_outputs", "sample_arrays"]


def sample_arrays(net: Network, indices: Sequence[int] | None = None) -> dict[Qid, np.ndarray]:
    """Each input and target as an array over the samples (all, or those of indices)."""
    samples = net.samples if indices is None else [net.samples[k] for k in indices]
    lay = net.layout
    columns = (*np.array([s[0] for s in samples]).T, *np.array([s[1] for s in samples]).T)
    names = (*lay.inputs, *lay.targets)
    return {("params", n): np.ascontiguousarray(c) for n, c in zip(names, columns, strict=True)}


def batch_arguments(net: Network, code: BatchCode, indices=None) -> list:
    """The batch functions' arguments: arrays for the inputs and targets, then numbers."""
    arrays, values = sample_arrays(net, indices), net.values
    return [
        arrays[q] if q in arrays else values[q[1]] if q[0] == "params" else net.velocity[q[1]]
        for q in code.arguments
    ]


def _finite(net: Network, result: tuple, results: Sequence[Qid]) -> tuple:
    """result, or NumericalError naming the first value that is not finite."""
    for (_, key), value in zip(results, result, strict=True):
        if not np.all(np.isfinite(value)):
            raise NumericalError(numerical_message(net.loss, None, key))
    return result


def batch_step(net: Network, indices: Sequence[int]) -> dict[str, dict[str, float]]:
    """One update from the samples of indices: the batch means of E_total and of every
    gradient, the updated parameters (and velocities), in one vectorised call."""
    code = batch_code_for(net.shape)
    with np.errstate(all="ignore"):
        try:
            result = code.step(len(indices), *batch_arguments(net, code, indices))
        except (ArithmeticError, ValueError) as error:
            raise NumericalError(numerical_message(net.loss, error)) from None
    found: dict[str, dict[str, float]] = {}
    for (section, key), value in zip(code.results, _finite(net, result, code.results), strict=True):
        if not key.startswith("out_"):
            found.setdefault(section, {})[key] = float(value)
    return found


def mean_loss_and_outputs(net: Network) -> tuple[float, np.ndarray]:
    """E_total averaged over all samples, and every output as [sample, output]."""
    code = batch_code_for(net.shape)
    outs = [("forward", f"out_{o}") for o in net.layout.outputs]
    with np.errstate(all="ignore"):
        try:
            e_total, *found = code.loss(len(net.samples), *batch_arguments(net, code))
        except (ArithmeticError, ValueError) as error:
            raise NumericalError(numerical_message(net.loss, error)) from None
    _finite(net, (e_total, *found), [("forward", "E_total"), *outs])
    return float(e_total), np.column_stack(found)


def neuron_outputs(net: Network, inputs) -> dict[str, np.ndarray]:
    """out of every neuron for many input points at once, e.g. a grid over the plane for a
    picture of what each neuron computes (one vectorised call).

    inputs: one row per point, one column per input (i1, i2, ...). Returns {neuron: array}
    for the hidden and output neurons (h1, ..., o1, ...), one value per point.
    """
    lay = net.layout
    try:
        points = np.asarray(inputs, dtype=float)
    except (TypeError, ValueError):
        raise BackpropError(f"inputs must be rows of {len(lay.inputs)} numbers") from None
    if points.ndim != 2 or points.shape[1] != len(lay.inputs) or not len(points):
        raise BackpropError(
            f"inputs must be rows of {len(lay.inputs)} numbers ({', '.join(lay.inputs)}), "
            f"one row per point; got an array of shape {points.shape}"
        )
    if not np.all(np.isfinite(points)):
        raise BackpropError("inputs must be finite numbers (no nan or inf)")
    code = batch_code_for(net.shape)
    columns = dict(zip(lay.inputs, np.ascontiguousarray(points.T), strict=True))
    values = net.values
    args = [
        columns.get(k, values[k]) if s == "params" else net.velocity[k] for s, k in code.arguments
    ]
    with np.errstate(all="ignore"):
        found = code.neurons(len(points), *args)
    names = [n for layer in lay.layers[1:] for n in layer]
    return {n: np.broadcast_to(v, len(points)).copy() for n, v in zip(names, found, strict=True)}


class BatchLoop:
    """Training on several samples: full batch, mini-batches or online, in sample order."""

    def __init__(self, net: Network, start: int):
        self.code = batch_code_for(net.shape)
        self.row = self.code.row
        self.n, self.size, self.start = len(net.samples), net.batch_size or len(net.samples), start
        self.arguments = batch_arguments(net, self.code)
        self.names = self.code.arguments
        self.n_out = len(net.layout.outputs)
        samples = sample_symbols(self.code.graph)
        self.fixed = [self.code.graph.symbols[q] in samples for q in self.names]

    def _picker(self, first: int):
        """pick(k): the samples of update first + k, cycling through them in order."""
        n, size = self.n, self.size

        def pick(k: int):
            s = ((first + k) * size) % n
            return slice(s, s + size) if s + size <= n else np.r_[s:n, 0 : s + size - n]

        return pick

    def run(self, steps: int, done: int, record, outputs: list, args: list):
        """steps more updates: a row per update to record, every output array to outputs."""
        pick = None if self.size == self.n else self._picker(self.start + done)
        at = record.offset(done)
        made, found = self.code.loop(
            steps, record.pack, record.buffer, at, outputs, pick, self.size, *args
        )
        kept = zip(args, found, self.fixed, strict=True)
        return made, [old if fixed else new for old, new, fixed in kept]

    def state(self, net: Network) -> tuple[float, np.ndarray]:
        return mean_loss_and_outputs(net)

    def outputs(self, table: np.ndarray, outputs: list) -> np.ndarray:
        """Every recorded step's outputs as [step, sample, output]."""
        found = np.array(outputs, dtype=float).reshape(-1, self.n_out, self.n)
        return found.transpose(0, 2, 1)
