"""A network: its settings (shape, activations, loss, ...) and its numbers. Immutable."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Any

from .functions import ACTIVATIONS, LOSSES
from .naming import Layout
from .symbolic import Shape

__all__ = ["BackpropError", "Network", "NumericalError", "tutorial"]

BIAS_MODES = ("shared", "per_neuron")
HIDDEN_USES = ("original", "updated")
MAX_NEURONS, MAX_LAYERS = 16, 6
POST_WEIGHTS = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)
POST_SAMPLE = ((0.05, 0.10), (0.01, 0.99))
POST_BIASES = {"b1": 0.35, "b2": 0.60}

Sample = tuple[tuple[float, ...], tuple[float, ...]]


class BackpropError(ValueError):
    """Bad input: the message says what was wrong and what to do instead."""


class NumericalError(BackpropError):
    """A value overflowed or is not a number; the message names it."""


def _finite(name: str, value: Any) -> float:
    """value as a float, or a clear error if it is not a finite number."""
    if isinstance(value, bool):
        raise BackpropError(f"{name} must be a finite number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BackpropError(f"{name} must be a finite number, got {value!r}") from None
    if not math.isfinite(number):
        raise BackpropError(f"{name} must be a finite number, got {value!r}")
    return number


def _choice(name: str, value: str, valid) -> str:
    """value if it is one of valid, else a message listing the valid choices."""
    if value not in valid:
        raise BackpropError(f"unknown {name} {value!r}; choose one of: {', '.join(valid)}")
    return value


def seeded_uniform(seed: str, name: str, low: float, high: float, decimals: int = 2) -> float:
    """A number in [low, high] from (seed, name): the same on every machine and Python."""
    digest = hashlib.sha256(f"{seed}/{name}".encode()).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    return round(low + (high - low) * fraction, decimals)


def default_values(layout: Layout, seed: str = "0") -> tuple[tuple[Sample, ...], dict[str, float]]:
    """The post's sample and parameters for 2-2-2; friendly seeded numbers for other sizes."""
    if layout.sizes == (2, 2, 2):
        params = dict(zip((w.name for w in layout.weights), POST_WEIGHTS, strict=True))
        return (POST_SAMPLE,), params | _biases_from(layout, POST_BIASES)
    inputs = tuple(round(0.05 * k, 2) for k in range(1, layout.sizes[0] + 1))
    targets = tuple(0.01 if k % 2 else 0.99 for k in range(1, layout.sizes[-1] + 1))
    params = {w.name: seeded_uniform(seed, w.name, -0.5, 0.5) for w in layout.weights}
    n_layers = len(layout.sizes) - 1
    shared = {f"b{k}": 0.60 if k == n_layers else 0.35 for k in range(1, n_layers + 1)}
    return ((inputs, targets),), params | _biases_from(layout, shared)


def _biases_from(layout: Layout, per_layer: dict[str, float]) -> dict[str, float]:
    """Bias values for layout, from one value per layer (b1, b2, ...)."""
    return {b.name: per_layer[f"b{b.layer}"] for b in layout.biases}


def _convert_biases(old: Layout, new: Layout, values: dict[str, float]) -> dict[str, float]:
    """Carry bias values across a change of bias mode (per neuron <-> shared per layer)."""
    per_layer = {}
    for layer in range(1, len(old.sizes)):
        layer_biases = [values[b.name] for b in old.biases if b.layer == layer]
        per_layer[f"b{layer}"] = sum(layer_biases) / len(layer_biases)
    return _biases_from(new, per_layer)


@dataclass(frozen=True, repr=False)
class Network:
    """A feed-forward network, its training sample(s) and its settings.

    >>> net = tutorial()
    >>> net["w5"], net.with_params(w5=0.3)["w5"]
    (0.4, 0.3)
    """

    sizes: tuple[int, ...] = (2, 2, 2)
    activations: tuple[str, ...] = ("sigmoid", "sigmoid")
    loss: str = "squared_error"
    bias_mode: str = "shared"
    train_biases: bool = False
    hidden_uses: str = "original"
    lr: float = 0.5
    momentum: float = 0.0
    batch_size: int | None = None
    samples: tuple[Sample, ...] = (POST_SAMPLE,)
    params: dict[str, float] = field(default_factory=dict)
    velocity: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        _check_settings(self)
        _check_values(self)

    @cached_property
    def layout(self) -> Layout:
        """Every name in this network."""
        return Layout(self.sizes, self.bias_mode)

    @cached_property
    def shape(self) -> Shape:
        """What the formulas depend on (the derivation is cached per shape)."""
        return Shape(
            self.sizes,
            self.activations,
            self.loss,
            self.bias_mode,
            self.train_biases,
            self.hidden_uses,
            self.momentum != 0,
        )

    @property
    def names(self) -> tuple[str, ...]:
        """Every value a learner can set: inputs, targets (first sample), parameters, lr."""
        lay = self.layout
        extra = ("mu",) if self.momentum else ()
        return (*lay.inputs, *lay.targets, *lay.params, "lr", *extra)

    @cached_property
    def values(self) -> dict[str, float]:
        """Every settable value by name (inputs and targets of the first sample); read-only."""
        (inputs, targets), lay = self.samples[0], self.layout
        found = dict(zip(lay.inputs, inputs, strict=True)) | dict(
            zip(lay.targets, targets, strict=True)
        )
        found |= self.params | {"lr": self.lr}
        return found | ({"mu": self.momentum} if self.momentum else {})

    def __getitem__(self, name: str) -> float:
        try:
            return self.values[name]
        except KeyError:
            raise BackpropError(_unknown_name(self, name)) from None

    def with_params(self, **values: float) -> Network:
        """A copy with some values changed, e.g. net.with_params(w5=0.3, lr=0.1)."""
        unknown = [n for n in values if n not in self.names and n != "mu"]
        if unknown:
            raise BackpropError(_unknown_name(self, unknown[0]))
        numbers = {n: _finite(n, v) for n, v in values.items()}
        lay = self.layout
        (inputs, targets), *rest = self.samples
        inputs = tuple(numbers.get(n, v) for n, v in zip(lay.inputs, inputs, strict=True))
        targets = tuple(numbers.get(n, v) for n, v in zip(lay.targets, targets, strict=True))
        params = {n: numbers.get(n, v) for n, v in self.params.items()}
        return replace(
            self,
            samples=((inputs, targets), *rest),
            params=params,
            lr=numbers.get("lr", self.lr),
            momentum=numbers.get("mu", self.momentum),
        )

    def with_settings(self, **settings: Any) -> Network:
        """A copy with other settings: sizes, activation, loss, bias_mode, train_biases,
        hidden_uses, momentum, batch_size, samples (a list of (inputs, targets)), seed."""
        valid = {f.name for f in fields(self)} - {"params", "velocity"} | {"activation", "seed"}
        for name in settings:
            if name not in valid:
                raise BackpropError(
                    f"unknown setting {name!r}; choose from: {', '.join(sorted(valid))}"
                )
        return _with_settings(self, dict(settings))

    def walkthrough(self) -> dict:
        """One forward pass, backward pass and update, as plain data (see walkthrough())."""
        from .walkthrough import walkthrough

        return walkthrough(self)

    def train(self, steps: int):
        """Train for steps updates; returns the History (see train())."""
        from .training import train

        return train(self, steps)

    def __repr__(self) -> str:
        from .render import network_text

        return network_text(self)


def _with_settings(net: Network, settings: dict[str, Any]) -> Network:
    """Apply settings, carrying values over where they still make sense."""
    seed = settings.pop("seed", None)
    if "activation" in settings:
        settings["activations"] = settings.pop("activation")
    _check_sizes(settings.get("sizes", net.sizes))
    sizes = settings["sizes"] = tuple(int(s) for s in settings.get("sizes", net.sizes))
    if "activations" not in settings and sizes != net.sizes:
        kept = (net.activations[0], net.activations[-1]) if len(sizes) > 2 else ()
        settings["activations"] = kept or net.activations[-1:]
    settings["activations"] = _per_layer(
        settings.get("activations", net.activations), len(sizes) - 1
    )
    layout = Layout(sizes, settings.get("bias_mode", net.bias_mode))
    if sizes != net.sizes or seed is not None:
        samples, start = default_values(Layout(sizes), str(seed or "0"))
        settings.setdefault("samples", samples)
        before = Layout(sizes)
    else:
        start, before = net.params, net.layout
    weights = {w.name: start[w.name] for w in layout.weights}
    params = weights | _convert_biases(before, layout, start)
    settings["samples"] = _samples(settings.get("samples", net.samples), sizes)
    return replace(net, params=params, velocity={}, **settings)


def _is_sizes(value: Any) -> bool:
    """True for a sequence of whole numbers."""
    try:
        return all(int(v) == v for v in value) and not isinstance(value, str)
    except (TypeError, ValueError):
        return False


def _check_sizes(sizes: Any) -> None:
    """Layer sizes must make a network: 2 to 6 layers of 1 to 16 neurons."""
    ok = (
        _is_sizes(sizes)
        and 2 <= len(sizes) <= MAX_LAYERS
        and all(1 <= s <= MAX_NEURONS for s in sizes)
    )
    if not ok:
        raise BackpropError(
            f"sizes {sizes!r} make no network: give 2 to {MAX_LAYERS} layer sizes, "
            f"each 1 to {MAX_NEURONS} neurons, inputs first, e.g. 2,2,2 or 2,3,2 or 2,2,2,2"
        )


def _per_layer(activations: Any, n_layers: int) -> tuple[str, ...]:
    """One activation name per non-input layer, from one name or a list."""
    names = (activations,) if isinstance(activations, str) else tuple(activations)
    if len(names) == 1:
        names = names * n_layers
    elif len(names) == 2 and n_layers > 2:
        names = (names[0],) * (n_layers - 1) + (names[1],)
    if len(names) != n_layers:
        raise BackpropError(
            f"give one activation for the whole network, HIDDEN,OUTPUT, or one per layer "
            f"({n_layers} here); got {','.join(names)}"
        )
    for name in names:
        _choice("activation", name, ACTIVATIONS)
    return names


def _samples(samples: Any, sizes: tuple[int, ...]) -> tuple[Sample, ...]:
    """Training samples as tuples of floats, checked against the layer sizes."""
    checked = []
    for k, pair in enumerate(samples, start=1):
        try:
            inputs, targets = pair
        except (TypeError, ValueError):
            raise BackpropError(f"sample {k} must be a pair (inputs, targets)") from None
        if len(inputs) != sizes[0] or len(targets) != sizes[-1]:
            raise BackpropError(
                f"sample {k} needs {sizes[0]} inputs and {sizes[-1]} targets, "
                f"got {len(inputs)} and {len(targets)}"
            )
        checked.append(
            (
                tuple(_finite(f"sample {k} input {j}", v) for j, v in enumerate(inputs, 1)),
                tuple(_finite(f"sample {k} target {j}", v) for j, v in enumerate(targets, 1)),
            )
        )
    if not checked:
        raise BackpropError("give at least one training sample")
    return tuple(checked)


def _check_settings(net: Network) -> None:
    """Every setting is one of its valid choices, and they fit together."""
    _check_sizes(net.sizes)
    object.__setattr__(net, "sizes", tuple(int(s) for s in net.sizes))
    object.__setattr__(net, "activations", _per_layer(net.activations, len(net.sizes) - 1))
    _choice("loss", net.loss, LOSSES)
    _choice("bias_mode", net.bias_mode, BIAS_MODES)
    _choice("hidden_uses", net.hidden_uses, HIDDEN_USES)
    if net.loss == "cross_entropy" and net.activations[-1] != "sigmoid":
        raise BackpropError(
            f"cross_entropy needs outputs between 0 and 1, but {net.activations[-1]} outputs can "
            "leave (0, 1): use the sigmoid activation on the output layer"
        )
    n = len(net.samples)
    if net.batch_size is not None and not (
        isinstance(net.batch_size, int) and 1 <= net.batch_size <= n
    ):
        raise BackpropError(
            f"batch_size must be a whole number from 1 to {n} (the samples), or None for all"
        )
    if net.hidden_uses == "updated" and n > 1 and net.batch_size != 1:
        raise BackpropError(
            "hidden_uses='updated' updates w5..w8 sample by sample: use batch_size=1 (online) "
            "or a single sample"
        )


def _check_values(net: Network) -> None:
    """Every number is finite, lr > 0, 0 <= momentum < 1, targets fit the loss."""
    lay = net.layout
    if not net.params:
        object.__setattr__(net, "params", default_values(lay)[1])
    if set(net.params) != set(lay.params):
        raise BackpropError(f"parameters must be exactly {', '.join(lay.params)}")
    object.__setattr__(net, "samples", _samples(net.samples, net.sizes))
    object.__setattr__(net, "params", {n: _finite(n, net.params[n]) for n in lay.params})
    lr = _finite("lr", net.lr)
    if lr <= 0:
        raise BackpropError(f"lr (the learning rate, eta) must be positive, got {net.lr!r}")
    momentum = _finite("momentum", net.momentum)
    if not 0 <= momentum < 1:
        raise BackpropError(f"momentum (mu) must be at least 0 and below 1, got {net.momentum!r}")
    if net.loss == "cross_entropy":
        for k, (_, targets) in enumerate(net.samples, start=1):
            if not all(0 <= t <= 1 for t in targets):
                raise BackpropError(
                    f"cross_entropy needs targets from 0 to 1; sample {k} has {targets}"
                )
    velocity = {n: _finite(f"v_{n}", net.velocity.get(n, 0.0)) for n in lay.params}
    object.__setattr__(net, "velocity", velocity if momentum else {})


def _unknown_name(net: Network, name: str) -> str:
    """The message for a name this network does not have."""
    return f"unknown name {name!r}; this {net.layout.label} network has: {', '.join(net.names)}"


def tutorial() -> Network:
    """Matt Mazur's network: 2-2-2, sigmoid, squared error, shared frozen biases, lr 0.5."""
    return Network()
