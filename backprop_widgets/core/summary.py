"""A network in words: its settings in one line, then every value with what it joins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .numbers import fmt_given

if TYPE_CHECKING:
    from .network import Network

__all__ = ["network_text", "settings_text"]


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
