"""A network: its settings (see settings.SETTINGS) and its numbers. Immutable."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Any

from .errors import BackpropError
from .naming import Layout
from .numbers import fmt_given, real, seeded_uniform
from .post import POST_BIASES, POST_SAMPLE, POST_SIZES, POST_WEIGHTS
from .settings import SETTINGS, Settings, Shape, setting, shape_of

__all__ = ["Network", "Sample", "default_values", "network_text", "settings_text", "tutorial"]

Sample = tuple[tuple[float, ...], tuple[float, ...]]
STORED = tuple(f.name for f in fields(Settings))


def default_values(
    layout: Layout, seed: str = "0", probabilities: bool = False
) -> tuple[tuple[Sample, ...], dict[str, float]]:
    """The post's sample and parameters for 2-2-2; friendly seeded numbers for other sizes.

    Targets alternate 0.01 and 0.99; probabilities=True (categorical cross-entropy): 0.01
    each but the last, which makes the sum 1 (the post's 0.01, 0.99 for two outputs).
    """
    if layout.sizes == POST_SIZES:
        params = dict(zip((w.name for w in layout.weights), POST_WEIGHTS, strict=True))
        return (POST_SAMPLE,), params | _biases_from(layout, POST_BIASES)
    inputs = tuple(round(0.05 * k, 2) for k in range(1, layout.sizes[0] + 1))
    n_out = layout.sizes[-1]
    targets = tuple(0.01 if k % 2 else 0.99 for k in range(1, n_out + 1))
    if probabilities:
        targets = (0.01,) * (n_out - 1) + (round(1 - 0.01 * (n_out - 1), 2),)
    params = {w.name: seeded_uniform(seed, w.name, -0.5, 0.5) for w in layout.weights}
    n_layers = len(layout.sizes) - 1
    hidden, output = POST_BIASES.values()
    shared = {f"b{k}": output if k == n_layers else hidden for k in range(1, n_layers + 1)}
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

    Every setting reads as an attribute (net.sizes, net.loss, net.lr, ...); net.shape is
    what the formulas depend on.

    >>> net = tutorial()
    >>> net["w5"], net.with_params(w5=0.3)["w5"], net.sizes
    (0.4, 0.3, (2, 2, 2))
    """

    settings: Settings = field(default_factory=Settings)
    params: dict[str, float] = field(default_factory=dict)
    velocity: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.settings, Settings):
            raise BackpropError("settings must be a Settings; use tutorial().with_settings(...)")
        lay = self.layout
        params = self.params or default_values(lay)[1]
        if set(params) != set(lay.params):
            raise BackpropError(f"parameters must be exactly {', '.join(lay.params)}")
        object.__setattr__(self, "params", {n: real(n, params[n]) for n in lay.params})
        velocity = {n: real(f"v_{n}", self.velocity.get(n, 0.0)) for n in lay.params}
        object.__setattr__(self, "velocity", velocity if self.momentum else {})

    def __getattr__(self, name: str) -> Any:
        settings = self.__dict__.get("settings")
        if settings is not None and name in STORED:  # net.sizes, net.lr, ...: the settings
            return getattr(settings, name)
        raise AttributeError(f"'Network' object has no attribute {name!r}")

    @cached_property
    def shape(self) -> Shape:
        """What the formulas depend on (the derivation is cached per shape)."""
        return shape_of(self.settings)

    @cached_property
    def layout(self) -> Layout:
        """Every name in this network."""
        return Layout(self.sizes, self.bias_mode)

    @property
    def trained(self) -> tuple[str, ...]:
        """The parameters a step updates: the weights, and the biases if they learn."""
        return self.layout.trained(self.train_biases)

    @property
    def names(self) -> tuple[str, ...]:
        """Every value a learner can set: inputs, targets (first sample), parameters, lr,
        mu (with momentum), lam (with regularisation)."""
        lay = self.layout
        return (*lay.inputs, *lay.targets, *lay.params, "lr", *self._rates)

    @property
    def _rates(self) -> dict[str, float]:
        """mu and lam, while momentum and regularisation are on."""
        found = {"mu": self.momentum} if self.momentum else {}
        return found | ({"lam": self.lam} if self.regularization != "none" else {})

    @cached_property
    def values(self) -> dict[str, float]:
        """Every settable value by name (inputs and targets of the first sample); read-only."""
        (inputs, targets), lay = self.samples[0], self.layout
        found = dict(zip(lay.inputs, inputs, strict=True))
        found |= dict(zip(lay.targets, targets, strict=True))
        return found | self.params | {"lr": self.lr} | self._rates

    def __getitem__(self, name: str) -> float:
        try:
            return self.values[name]
        except KeyError:
            raise BackpropError(self.unknown(name)) from None

    def unknown(self, name: Any) -> str:
        """The message for a name this network does not have."""
        return (
            f"unknown name {name!r}; this {self.layout.label} network has: {', '.join(self.names)}"
        )

    def with_params(self, **values: float) -> Network:
        """A copy with some values changed, e.g. net.with_params(w5=0.3, lr=0.1); numbers
        typed as text ("0.3") are read too."""
        unknown = [n for n in values if n not in self.names and n not in ("mu", "lam")]
        if unknown:
            raise BackpropError(self.unknown(unknown[0]))
        if "lam" in values and self.regularization == "none":
            raise BackpropError(_LAM_ALONE)
        numbers = {n: real(n, v, text=True) for n, v in values.items()}
        lay = self.layout
        (inputs, targets), *rest = self.samples
        inputs = tuple(numbers.get(n, v) for n, v in zip(lay.inputs, inputs, strict=True))
        targets = tuple(numbers.get(n, v) for n, v in zip(lay.targets, targets, strict=True))
        settings = replace(
            self.settings,
            samples=((inputs, targets), *rest),
            lr=numbers.get("lr", self.lr),
            momentum=numbers.get("mu", self.momentum),
            lam=numbers.get("lam", self.lam),
        )
        params = {n: numbers.get(n, v) for n, v in self.params.items()}
        return Network(settings, params, self.velocity)

    def with_settings(self, **settings: Any) -> Network:
        """A copy with other settings (the names of SETTINGS: sizes, activation, loss, ...).

        Values carry over where they still make sense; a new shape starts from its default
        values (the post's for 2-2-2; seed picks other starting numbers).
        """
        valid = [s.name for s in SETTINGS]
        for name in settings:
            if name not in valid:
                raise BackpropError(f"unknown setting {name!r}; choose from: {', '.join(valid)}")
        return _with_settings(self, dict(settings))

    def __repr__(self) -> str:
        return network_text(self)


_LAM_ALONE = (
    "lam is the regularisation rate and does nothing without regularisation: choose "
    "regularization L1 or L2 too, e.g. with_settings(regularization='L2', lam=0.01) "
    "(at the command line: --regularization L2 --lam 0.01)"
)


def _with_settings(net: Network, changes: dict[str, Any]) -> Network:
    """Apply settings, carrying values over where they still make sense."""
    if "lam" in changes and changes.get("regularization", net.regularization) == "none":
        raise BackpropError(_LAM_ALONE)
    seed = setting("seed").check(changes.pop("seed", None), {})
    sizes = changes["sizes"] = setting("sizes").check(changes.get("sizes", net.sizes), {})
    if "activation" not in changes and sizes != net.sizes:
        kept = (net.activation[0], net.activation[-1]) if len(sizes) > 2 else ()
        changes["activation"] = kept or net.activation[-1:]
    layout = Layout(sizes, setting("bias_mode").check(changes.get("bias_mode", net.bias_mode), {}))
    if sizes != net.sizes or seed is not None:
        probabilities = changes.get("loss", net.loss) == "categorical_cross_entropy"
        samples, start = default_values(Layout(sizes), seed or "0", probabilities)
        changes.setdefault("samples", samples)
        before = Layout(sizes)
    else:
        start, before = net.params, net.layout
    weights = {w.name: start[w.name] for w in layout.weights}
    same_biases = before.bias_mode == layout.bias_mode
    biases = {b.name: start[b.name] for b in layout.biases} if same_biases else None
    params = weights | (biases or _convert_biases(before, layout, start))
    return Network(replace(net.settings, **changes), params)


def tutorial() -> Network:
    """Matt Mazur's network: 2-2-2, sigmoid, squared error, shared frozen biases, lr 0.5."""
    return Network()


def settings_text(net: Network) -> str:
    """The settings in one line, e.g. '2-2-2, sigmoid, squared_error, biases shared (frozen)'."""
    acts = net.activation[0] if len(set(net.activation)) == 1 else ",".join(net.activation)
    trained = "trained" if net.train_biases else "frozen"
    parts = [
        net.layout.label,
        acts,
        net.loss,
        f"biases {net.bias_mode.replace('_', ' ')} ({trained})",
        f"lr={fmt_given(net.lr)}",
    ]
    if net.momentum:
        parts.append(f"momentum mu={fmt_given(net.momentum)}")
    if net.regularization != "none":
        parts.append(f"{net.regularization} regularisation lam={fmt_given(net.lam)}")
    if net.hidden_uses == "updated":
        parts.append("hidden deltas use the updated weights")
    if len(net.samples) > 1:
        parts.append(f"{len(net.samples)} samples, batch size {net.batch_size or len(net.samples)}")
    return ", ".join(parts)


def _pairs(pairs) -> str:
    return "  ".join(f"{name}={fmt_given(value)}" for name, value in pairs)


def network_text(net: Network) -> str:
    """A learner's view of a network: settings, then every value with what it connects."""
    lay = net.layout
    rows = [f"Network {settings_text(net)}"]
    for k, (inputs, targets) in enumerate(net.samples, start=1):
        label = "" if len(net.samples) == 1 else f" (sample {k})"
        rows.append(f"  inputs{label}   " + _pairs(zip(lay.inputs, inputs, strict=True)))
        rows.append(f"  targets{label}  " + _pairs(zip(lay.targets, targets, strict=True)))
    weights = [
        f"{w.name}={fmt_given(net.params[w.name])} ({w.source}->{w.target})" for w in lay.weights
    ]
    for start in range(0, len(weights), 4):
        rows.append(
            ("  weights  " if start == 0 else " " * 11) + "  ".join(weights[start : start + 4])
        )
    biases = [
        f"{b.name}={fmt_given(net.params[b.name])} ({', '.join(b.neurons)})" for b in lay.biases
    ]
    rows.append("  biases   " + "  ".join(biases))
    return "\n".join(rows)
