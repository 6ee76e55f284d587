"""How each setting's value is checked, and read from text for the command line.

A check takes the value and the settings checked before it (the table's order in
settings.SETTINGS) and returns the value in its canonical form, or raises BackpropError
saying what was wrong and what to give instead; rules() then checks what ties the
settings together.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .errors import BackpropError
from .functions import ACTIVATIONS
from .numbers import real, whole

MAX_NEURONS, MAX_LAYERS = 16, 6
Sample = tuple[tuple[float, ...], tuple[float, ...]]


def is_list(value: Any) -> bool:
    """True for a list, tuple or 1-d array (not text)."""
    return isinstance(value, Sequence | np.ndarray) and not isinstance(value, str | bytes)


def check_sizes(value: Any, known: dict) -> tuple[int, ...]:
    """2 to 6 layers of 1 to 16 neurons, inputs first."""
    problem = BackpropError(
        f"sizes {value!r} make no network: give 2 to {MAX_LAYERS} layer sizes (whole "
        f"numbers), each 1 to {MAX_NEURONS} neurons, inputs first, e.g. 2,2,2 or 2,3,2 or 2,2,2,2"
    )
    if not is_list(value):
        raise problem
    try:
        sizes = tuple(whole("a layer size", v) for v in value)
    except BackpropError:
        raise problem from None
    if not 2 <= len(sizes) <= MAX_LAYERS or not all(1 <= s <= MAX_NEURONS for s in sizes):
        raise problem
    return sizes


def check_activation(value: Any, known: dict) -> tuple[str, ...]:
    """One activation per layer of weights, from one name, HIDDEN,OUTPUT or one per layer."""
    n = len(known["sizes"]) - 1
    names = (value,) if isinstance(value, str) else value
    if not is_list(names) or not all(isinstance(a, str) for a in names):
        raise BackpropError(
            f"activation must be a name ({', '.join(ACTIVATIONS)}) or a list of names, "
            f"got {value!r}"
        )
    names = tuple(names)
    for name in names:
        choice("activation", name, ACTIVATIONS)
    if len(names) == 1:
        names = names * n
    elif len(names) == 2 and n > 2:
        names = (names[0],) * (n - 1) + (names[1],)
    if len(names) != n:
        raise BackpropError(
            f"give one activation for the whole network, HIDDEN,OUTPUT, or one per layer "
            f"({n} here); got {','.join(names)}"
        )
    return names


def choice(name: str, value: Any, valid) -> str:
    """value if it is one of valid, else a message listing the valid choices."""
    if not isinstance(value, str) or value not in valid:
        raise BackpropError(f"unknown {name} {value!r}; choose one of: {', '.join(valid)}")
    return value


def check_bool(name: str) -> Callable[[Any, dict], bool]:
    def check(value: Any, known: dict) -> bool:
        if not isinstance(value, bool | np.bool_):
            raise BackpropError(f"{name} must be True or False, got {value!r}")
        return bool(value)

    return check


def check_momentum(value: Any, known: dict) -> float:
    mu = real("momentum (mu)", value)
    if not 0 <= mu < 1:
        raise BackpropError(f"momentum (mu) must be at least 0 and below 1, got {value!r}")
    return mu


def check_lam(value: Any, known: dict) -> float:
    name = "lam (the regularisation rate, lambda)"
    lam = real(name, value)
    if lam < 0:
        raise BackpropError(f"{name} must be 0 or more, got {value!r}")
    return lam


def check_lr(value: Any, known: dict) -> float:
    lr = real("lr (the learning rate, eta)", value)
    if lr <= 0:
        raise BackpropError(f"lr (the learning rate, eta) must be positive, got {value!r}")
    return lr


def check_samples(value: Any, known: dict) -> tuple[Sample, ...]:
    """Training samples as tuples of floats, checked against the layer sizes."""
    sizes = known["sizes"]
    example = "e.g. [((0.05, 0.1), (0.01, 0.99))]"
    if not is_list(value):
        raise BackpropError(f"samples must be a list of (inputs, targets) pairs, {example}")
    checked = []
    for k, pair in enumerate(value, start=1):
        if not (is_list(pair) and len(pair) == 2 and all(is_list(p) for p in pair)):
            raise BackpropError(
                f"sample {k} must be a pair (inputs, targets) of number lists, {example}; "
                f"got {pair!r}"
            )
        inputs, targets = pair
        if len(inputs) != sizes[0] or len(targets) != sizes[-1]:
            raise BackpropError(
                f"sample {k} needs {sizes[0]} inputs and {sizes[-1]} targets, "
                f"got {len(inputs)} and {len(targets)}"
            )
        checked.append(
            (
                tuple(real(f"sample {k} input {j}", v) for j, v in enumerate(inputs, 1)),
                tuple(real(f"sample {k} target {j}", v) for j, v in enumerate(targets, 1)),
            )
        )
    if not checked:
        raise BackpropError("give at least one training sample")
    return tuple(checked)


def check_batch_size(value: Any, known: dict) -> int | None:
    return None if value is None else whole("batch_size", value)


def check_seed(value: Any, known: dict) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BackpropError(f"seed must be text or a whole number, got {value!r}")
    return str(value)


def parse_sizes(text: str) -> tuple[int | float, ...]:
    """'2,3,2', '2-3-2' or '2 3 2' -> (2, 3, 2); what is wrong is said in words, e.g. 'x'."""
    separator = "," if "," in text else "-"  # 2,3,2 or 2-3-2; a minus is no separator then
    parts = [p for p in text.replace(" ", separator).split(separator) if p.strip()]
    try:
        found = [float(p) for p in parts]
    except ValueError:
        found = None
    if not found or not all(math.isfinite(v) for v in found):
        raise BackpropError(
            f"must be numbers separated by commas or dashes (layer sizes, inputs first, "
            f"e.g. 2,3,2); got {text!r}"
        )
    return tuple(int(v) if v.is_integer() else v for v in found)


def parse_sample(text: str) -> Sample:
    """'0.05,0.1:0.01,0.99' -> ((0.05, 0.1), (0.01, 0.99))."""
    inputs, sep, targets = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return tuple(map(float, inputs.split(","))), tuple(map(float, targets.split(",")))
    except ValueError:
        raise BackpropError(f"must look like I1,I2:T1,T2 (numbers), got {text!r}") from None


def parse_whole(text: str) -> int:
    """'2' -> 2."""
    try:
        return int(text)
    except ValueError:
        raise BackpropError(f"must be a whole number, got {text!r}") from None


def parse_real(text: str) -> float:
    """'0.9' -> 0.9 (nan and inf are refused by the setting's check)."""
    try:
        return float(text)
    except ValueError:
        raise BackpropError(f"must be a number, got {text!r}") from None


def _softmax_rules(values: dict) -> None:
    """Softmax: the output layer only, 2 outputs or more; categorical_cross_entropy needs it."""
    activation, loss = values["activation"], values["loss"]
    if "softmax" in activation[:-1]:
        raise BackpropError(
            "softmax is for the output layer only (its outputs share one sum, 1): give "
            "HIDDEN,softmax, e.g. sigmoid,softmax"
        )
    if activation[-1] == "softmax" and values["sizes"][-1] < 2:
        raise BackpropError("softmax needs 2 outputs or more (one output would always be 1)")
    if loss != "categorical_cross_entropy":
        return
    if activation[-1] != "softmax":
        raise BackpropError(
            f"categorical_cross_entropy needs softmax outputs, not {activation[-1]}: use the "
            "softmax activation on the output layer, e.g. sigmoid,softmax"
        )
    for k, (_, targets) in enumerate(values["samples"], start=1):
        if not all(0 <= t <= 1 for t in targets) or abs(sum(targets) - 1) > 1e-9:
            raise BackpropError(
                "categorical_cross_entropy needs targets from 0 to 1 that sum to 1 (a "
                f"probability for each output); sample {k} has {targets}"
            )


def rules(values: dict) -> None:
    """What ties the settings together (values: every stored setting, checked)."""
    n = len(values["samples"])
    _softmax_rules(values)
    if values["loss"] == "cross_entropy":
        if values["activation"][-1] != "sigmoid":
            raise BackpropError(
                f"cross_entropy needs outputs between 0 and 1, but {values['activation'][-1]} "
                "outputs can leave (0, 1): use the sigmoid activation on the output layer"
            )
        for k, (_, targets) in enumerate(values["samples"], start=1):
            if not all(0 <= t <= 1 for t in targets):
                raise BackpropError(
                    f"cross_entropy needs targets from 0 to 1; sample {k} has {targets}"
                )
    size = values["batch_size"]
    if size is not None and not 1 <= size <= n:
        raise BackpropError(
            f"batch_size must be a whole number from 1 to {n} (the samples), or None for all"
        )
    if values["hidden_uses"] == "updated" and n > 1 and size != 1:
        raise BackpropError(
            "hidden_uses='updated' updates w5..w8 sample by sample: use batch_size=1 (online) "
            "or a single sample"
        )
