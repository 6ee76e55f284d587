"""Slips of the lessons' other rules: the rule of the other variant (original or updated
w5..w8, squared error or cross-entropy, sigmoid or tanh/ReLU, a bias shared or per neuron),
and the slips of a momentum step and of a mini-batch.

Each value is recomputed with the core: from the step of a network with the other setting,
or from the step's own values combined the mistaken way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..core.network import Network
from ..core.numbers import fmt, fmt_given
from ..core.step import walkthrough
from ..core.training import train
from .labels import edge
from .rules_losses import LOSS_RULES
from .slips import Mistake, changed

__all__ = ["RULES"]


def _other_hidden_rule(ex) -> Iterator[Mistake]:
    """The original w5..w8 where the updated ones are asked (the reverse is in diagnoses)."""
    net = ex.network
    if net.hidden_uses == "updated":
        last = net.layout.weights_of_layer(len(net.sizes) - 1)
        yield changed(
            ex,
            "original_weights_in_hidden",
            net.with_settings(hidden_uses="original"),
            f"It uses the original {last[0]}..{last[-1]} in the hidden layer's chain (the post's "
            f"rule); this exercise asks for the updated ones, {last[0]}+..{last[-1]}+ (what the "
            "post's printed 0.291027924 used): update the output layer first, then use its new "
            "weights.",
        )


def _other_activation(ex) -> Iterator[Mistake]:
    """The sigmoid where a layer uses tanh or ReLU."""
    net = ex.network
    others = [a for a in net.activation if a not in ("sigmoid", "softmax")]
    if others and net.activation[-1] != "softmax":
        yield changed(
            ex,
            "other_activation",
            net.with_settings(activation=("sigmoid",) * len(net.activation)),
            f"That is what the sigmoid gives; the hidden units here use {others[0]}: "
            f"out = {'tanh(net)' if others[0] == 'tanh' else 'max(0, net)'}, and its slope "
            f"dout/dnet is {'1 - out^2' if others[0] == 'tanh' else '1 for net > 0, else 0'}.",
        )


def _dead_output(ex) -> Iterator[Mistake]:
    """ReLU: net itself given for out of a dead unit."""
    net = ex.network
    if ex.section == "forward" and ex.key.startswith("out_"):
        neuron = ex.key.removeprefix("out_")
        layer = net.layout.layer_of[neuron]
        value = ex.values["forward"][f"net_{neuron}"]
        if net.activation[layer - 1] == "relu" and value < 0:
            yield Mistake(
                "dead_unit",
                value,
                f"That is net_{neuron} = {fmt(value)}; ReLU passes on max(0, net), and "
                f"net_{neuron} is negative, so out_{neuron} = 0: {neuron} is a dead unit here.",
            )


def _bias_rule(ex) -> Iterator[Mistake]:
    """A bias's gradient: the shared rule for one per neuron, or the deltas averaged."""
    lay = ex.network.layout
    bias = lay.bias(ex.key) if ex.section == "gradients" else None
    if bias is None or ex.batch > 1:
        return
    p = ex.values["partials"]
    key = {
        n: (f"dE_{n}/dnet_{n}" if n in lay.outputs else f"dE_total/dnet_{n}") for n in lay.layer_of
    }
    layer = lay.layers[bias.layer]
    if len(bias.neurons) == 1:
        yield Mistake(
            "shared_rule",
            sum(p[key[n]] for n in layer),
            f"That is the rule of a shared bias (the deltas of {', '.join(layer)} added); "
            f"{bias.name} belongs to {bias.neurons[0]} alone: its gradient is "
            f"{key[bias.neurons[0]]}.",
        )
    else:
        for n in bias.neurons:
            yield Mistake(
                "one_neuron",
                p[key[n]],
                f"That is {n}'s term alone ({key[n]}); {bias.name} is shared by "
                f"{', '.join(bias.neurons)}, so its gradient adds the deltas of all of them.",
            )
        yield Mistake(
            "averaged",
            sum(p[key[n]] for n in bias.neurons) / len(bias.neurons),
            f"The deltas are averaged; {bias.name} enters the net input of "
            f"{', '.join(bias.neurons)}, so its gradient is their sum.",
        )


def _momentum(ex) -> Iterator[Mistake]:
    """A momentum step: mu or the old velocity left out, the gradient scaled, other conventions."""
    net = ex.network
    if not net.momentum or ex.section not in ("velocity", "updated"):
        return
    p, mu, lr = ex.key, net.momentum, net.lr
    w, v, g = net[p], net.velocity[p], ex.values["gradients"][p]
    rule = f"v_{p}+ = mu * v_{p} + dE_total/d{p}, {p}+ = {p} - lr * v_{p}+"
    slips = {  # code: (velocity it uses, why)
        "mu_missing": (v + g, "mu is missing: the old velocity is kept whole"),
        "velocity_forgotten": (g, "the old velocity is left out (plain gradient descent)"),
        "mu_on_gradient": (v + mu * g, "mu multiplies the gradient instead of the old velocity"),
        "averaged_velocity": (
            mu * v + (1 - mu) * g,
            "that is the averaging convention v+ = mu v + (1 - mu) g",
        ),
    }
    for code, (velocity, why) in slips.items():
        value = velocity if ex.section == "velocity" else w - lr * velocity
        yield Mistake(code, value, f"In this step {why}; here {rule}.")
    if ex.section == "velocity":
        yield Mistake(
            "other_convention",
            mu * v - lr * g,
            f"That is the other convention, v+ = mu v - lr g and {p}+ = {p} + v+; this lesson's "
            f"velocity is a sum of gradients: {rule}.",
        )
        return
    yield Mistake(
        "old_velocity",
        w - lr * v,
        f"The update uses the old velocity v_{p} = {fmt_given(v)}; it uses the new one: {rule}.",
    )
    yield Mistake(
        "other_convention",
        w + mu * v - lr * g,
        f"That is the other convention, v+ = mu v - lr g and {p}+ = {p} + v+, applied to a "
        f"velocity kept as a sum of gradients; here {rule}.",
    )


def _one_sample(net: Network, k: int) -> Network:
    return net.with_settings(samples=(net.samples[k],), batch_size=None)


def _batch(ex) -> Iterator[Mistake]:
    """A mini-batch: one sample alone, the sum for the mean, two online updates."""
    net, n = ex.network, ex.batch
    if n == 1:
        return
    each = walkthrough(net)["samples"]
    if ex.section == "gradients":
        p = ex.key
        yield Mistake(
            "batch_sum",
            sum(s["gradients"][p] for s in each),
            f"That is the sum of the {n} samples' gradients; the batch uses their mean (the sum "
            f"divided by {n}).",
        )
    if ex.section in ("gradients", "updated", "batch"):
        for k in range(n):
            yield changed(
                ex if ex.section != "batch" else ex.sibling("forward", "E_total"),
                "one_sample",
                _one_sample(net, k),
                f"That is sample {k + 1}'s value alone; the batch's is the mean over all {n} "
                "samples.",
            )
    if ex.section == "batch":
        yield Mistake(
            "batch_sum",
            sum(s["forward"]["E_total"] for s in each),
            f"That is the sum of the {n} samples' errors; the batch's E_total is their mean.",
        )
    if ex.section in ("updated", "after"):
        yield changed(
            ex,
            "batch_sum",
            net.with_params(lr=n * net.lr),
            f"The update uses the sum of the {n} samples' gradients; it uses their mean.",
        )
        online = train(net.with_settings(batch_size=1), n).network
        after = online if ex.section == "updated" else online.with_settings(batch_size=None)
        value = after[ex.key] if ex.section == "updated" else _mean_error(after)
        yield Mistake(
            "online",
            value,
            f"That is {n} updates one after the other, one per sample (online); a mini-batch "
            f"makes one update with the mean gradient of its {n} samples.",
        )


def _mean_error(net: Network) -> float:
    """E_total averaged over every sample of net."""
    errors = [
        walkthrough(_one_sample(net, k))["forward"]["E_total"] for k in range(len(net.samples))
    ]
    return sum(errors) / len(errors)


def _frozen(ex) -> Iterator[Mistake]:
    """A trained bias left as it was (the post keeps its biases fixed)."""
    net = ex.network
    if ex.section == "updated" and net.layout.bias(ex.key) and net.train_biases:
        yield Mistake(
            "frozen_bias",
            net[ex.key],
            f"That is {ex.key} unchanged: the post keeps its biases fixed, but here they learn: "
            f"{ex.key}+ = {ex.key} - lr * dE_total/d{ex.key}, like {edge(net, 'w5')}.",
        )


RULES: tuple[Callable, ...] = (
    _other_hidden_rule,
    *LOSS_RULES,
    _other_activation,
    _dead_output,
    _bias_rule,
    _frozen,
    _momentum,
    _batch,
)
