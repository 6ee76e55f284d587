"""One forward pass, backward pass and update, as plain data with the tutorial's names."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .batches import batch_step, mean_loss_and_outputs
from .compiled import Compiled, compiled_for
from .errors import BackpropError, NumericalError, numerical_message
from .network import Network, Sample

__all__ = [
    "batch_indices",
    "finite_differences",
    "forward",
    "loss_slice",
    "run",
    "sections",
    "walkthrough",
]


def arguments_for(net: Network, compiled: Compiled, sample: Sample) -> list:
    """The compiled function's arguments for one sample, in its order."""
    values = net.values
    if sample is not net.samples[0]:
        (inputs, targets), lay = sample, net.layout
        named = zip((*lay.inputs, *lay.targets), (*inputs, *targets), strict=True)
        values = values | dict(named)
    return [values[k] if s == "params" else net.velocity[k] for s, k in compiled.arguments]


def from_arguments(net: Network, arguments: Sequence, args: Sequence) -> Network:
    """The network with the parameters (and velocities) found in a compiled function's
    arguments (names, values)."""
    params, velocity = {}, {}
    for (section, key), value in zip(arguments, args, strict=False):
        if section == "params" and key in net.params:
            params[key] = float(value)
        elif section == "state":
            velocity[key] = float(value)
    return replace(net, params=params, velocity=velocity)


def run(net: Network, compiled: Compiled, arguments: Sequence[float]) -> tuple:
    """Call a compiled function; overflow or NaN becomes a NumericalError naming the value."""
    try:
        result = compiled.function(*arguments)
    except (ArithmeticError, ValueError) as error:
        raise NumericalError(numerical_message(net.loss, error)) from None
    if not math.isfinite(sum(result)):
        bad = [
            k for (_, k), v in zip(compiled.results, result, strict=True) if not math.isfinite(v)
        ]
        if bad:
            raise NumericalError(numerical_message(net.loss, None, bad[0]))
    return result


def sections(compiled: Compiled, result: Sequence[float]) -> dict[str, dict[str, float]]:
    """Group a flat result by section: {"forward": {...}, "partials": {...}, ...}."""
    return {s: dict(zip(keys, result[a:b], strict=True)) for s, keys, a, b in compiled.spans}


def _one_sample(net: Network, sample: Sample) -> dict[str, dict[str, float]]:
    """Every value of one step for one sample."""
    step = compiled_for(net.shape).step
    return sections(step, run(net, step, arguments_for(net, step, sample)))


def forward(net: Network) -> dict[str, float]:
    """The forward pass of the first sample alone: net and out of every neuron, E, E_total."""
    compiled = compiled_for(net.shape).forward
    return sections(compiled, run(net, compiled, arguments_for(net, compiled, net.samples[0])))[
        "forward"
    ]


def batch_indices(net: Network, step: int) -> list[int]:
    """Which samples the update number step (0-based) uses, cycling through them in order."""
    n = len(net.samples)
    size = net.batch_size or n
    return [(step * size + j) % n for j in range(size)]


def mean_loss(net: Network) -> float:
    """E_total averaged over all samples (E_total itself for one sample)."""
    if len(net.samples) == 1:
        loss = compiled_for(net.shape).loss
        return run(net, loss, arguments_for(net, loss, net.samples[0]))[0]
    return mean_loss_and_outputs(net)[0]


def walkthrough(net: Network) -> dict:
    """One step as plain data: params, forward, partials, gradients, updated, after.

    >>> from backprop_widgets import fmt, tutorial
    >>> step = walkthrough(tutorial())
    >>> fmt(step["partials"]["dE_total/dout_o1"]), fmt(step["updated"]["w5"])
    ('0.741365070', '0.358916480')

    With momentum, "state" holds each parameter's velocity before the step and "velocity"
    the one after it (v = mu * v + gradient; new = old - lr * v).

    With several samples, "forward" and "partials" are those of the first sample of the
    batch, "gradients" are the batch mean (computed for the whole batch at once, as training
    does), "after" is E_total averaged over all samples, and "samples" lists each sample of
    the batch.
    """
    given = {"params": dict(net.values)} | ({"state": dict(net.velocity)} if net.velocity else {})
    if len(net.samples) == 1:
        return given | _one_sample(net, net.samples[0])
    batch = batch_indices(net, 0)
    each = [_one_sample(net, net.samples[k]) for k in batch]
    mean = batch_step(net, batch)
    after = net.with_params(**mean["updated"])
    return given | {
        "forward": each[0]["forward"],
        "partials": each[0]["partials"],
        "gradients": mean["gradients"],
        "updated": mean["updated"],
        **({"velocity": mean["velocity"]} if "velocity" in mean else {}),
        "after": {"E_total": mean_loss(after)},
        "batch": {"samples": [k + 1 for k in batch], "E_total": mean_loss(net)},
        "samples": [
            {"inputs": net.samples[k][0], "targets": net.samples[k][1], **s}
            for k, s in zip(batch, each, strict=True)
        ],
    }


def _loss_grid(net: Network, columns: dict[str, np.ndarray], size: int) -> np.ndarray:
    """E_total (batch mean) for many settings at once; columns override values by name."""
    loss = compiled_for(net.shape).loss_array
    batch = [net.samples[k] for k in batch_indices(net, 0)]
    total = np.zeros(size)
    with np.errstate(all="ignore"):
        for sample in batch:
            base = arguments_for(net, loss, sample)
            args = [
                columns.get(k, np.full(size, v)) if s == "params" else np.full(size, v)
                for (s, k), v in zip(loss.arguments, base, strict=True)
            ]
            total += loss.function(*args)[0]
    return total / len(batch)


def finite_differences(net: Network, h: float = 1e-6) -> dict[str, float]:
    """Central-difference estimate of every gradient: (E(p + h) - E(p - h)) / 2h.

    >>> from backprop_widgets import fmt, tutorial
    >>> fmt(finite_differences(tutorial())["w5"])
    '0.082167041'

    Raises NumericalError, as walkthrough() does, where E_total cannot be computed.
    """
    params = net.layout.params
    columns = {}
    for k, p in enumerate(params):
        column = np.full(2 * len(params), net.params[p])
        column[2 * k] += h
        column[2 * k + 1] -= h
        columns[p] = column
    e = _loss_grid(net, columns, 2 * len(params))
    with np.errstate(all="ignore"):  # inf - inf: said below, in words
        slopes = (e[0::2] - e[1::2]) / (2 * h)
    found = dict(zip(params, slopes.tolist(), strict=True))
    bad = [p for p, v in found.items() if not math.isfinite(v)]
    if bad:
        error = ZeroDivisionError() if net.loss == "cross_entropy" else None
        message = numerical_message(net.loss, error, f"E_total near {bad[0]}")
        raise NumericalError(f"no finite difference for {bad[0]}: {message}")
    return found


def loss_slice(net: Network, name: str, values: np.ndarray) -> np.ndarray:
    """E_total (batch mean) as the parameter, input or target name takes each of values.

    >>> from backprop_widgets import tutorial
    >>> loss_slice(tutorial(), "w5", [0.4, 0.3]).round(9).tolist()
    [0.298371109, 0.290095754]

    Where E_total cannot be computed (it overflows), the slice holds NaN: a picture can
    leave those points out.
    """
    lay = net.layout
    if name not in (*lay.inputs, *lay.targets, *lay.params):
        raise BackpropError(
            f"no loss slice along {name!r}: choose an input, target, weight or bias of this "
            f"{lay.label} network ({', '.join((*lay.inputs, *lay.targets, *lay.params))})"
        )
    try:
        column = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise BackpropError(f"values must be numbers for {name}, got {values!r}") from None
    return _loss_grid(net, {name: column}, len(column))
