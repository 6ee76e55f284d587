"""Homework topics: each lesson's network, built for the post or a student's seed.

A topic turns the base network (the post's, or the student's variant) into the network of
one lesson: biases that learn (shared or one per neuron), hidden deltas from the updated
w5..w8, cross-entropy, tanh, ReLU with a dead unit, a momentum step, a mini-batch of two
samples, a 2-2-2-2 network, a softmax output (targets t1 and 1 - t1). Numbers a topic
adds (velocities, a second sample, ...) are drawn like a variant's: from the sha256 of the
seed and the value's name, so every machine gives a student the same numbers. For the post
(no seed) they are drawn for the seed "post".

Exercise ids name their topic first: ``relu:gradients.w3``; the post's one-step homework
has none: ``gradients.w5``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import BackpropError
from ..core.functions import ACTIVATIONS, LOSSES
from ..core.network import Network, tutorial
from .variants import HomeworkError, draw_group, seed_text, variant

__all__ = ["POST", "TOPICS", "Topic", "split_topic", "topic", "topic_network"]

POST = "post"
POST_LABEL = "post"  # the seed the post's topic numbers are drawn for


@dataclass(frozen=True)
class Topic:
    """One lesson's network and the exercises set on it."""

    name: str
    title: str
    lesson: str  # the notebook that teaches it
    exercises: tuple[str, ...]
    build: Callable[[Network, str], Network]


def _same(net: Network, seed: str) -> Network:
    return net


def _per_neuron(net: Network, seed: str) -> Network:
    """One bias per neuron, every one learning, each with its own value."""
    net = net.with_settings(bias_mode="per_neuron", train_biases=True)
    names = [b.name for b in net.layout.biases]
    return net.with_params(**draw_group(seed, names, 0.10, 0.90, "biases_per_neuron"))


def _relu(net: Network, seed: str) -> Network:
    """ReLU hidden units, h2 dead: net_h2 = w3 i1 + w4 i2 + b1 < 0 (w3, w4 below -0.5,
    inputs at least 0.3, b1 at most 0.2: net_h2 <= -0.1); h1 alive (w1, w2, b1 above 0)."""
    net = net.with_settings(activation=("relu", "sigmoid"))
    values = draw_group(seed, ("i1", "i2"), 0.30, 0.50, "relu")
    values |= draw_group(seed, ("w3", "w4"), -0.95, -0.50, "relu")
    values |= draw_group(seed, ("b1",), 0.05, 0.20, "relu")
    return net.with_params(**values)


def _momentum(net: Network, seed: str) -> Network:
    """mu = 0.9 and a velocity for every parameter, as if earlier steps had left it."""
    net = net.with_settings(momentum=0.9)
    velocity = draw_group(seed, net.layout.params, 0.01, 0.20, "momentum")
    return Network(net.settings, net.params, velocity)


def _batch(net: Network, seed: str) -> Network:
    """A second training sample; one update from the mean of both samples' gradients."""
    given = net.values
    inputs = draw_group(seed, ("i1", "i2"), 0.01, 0.50, "batch", (given["i1"], given["i2"]))
    t1 = draw_group(seed, ("t1",), 0.01, 0.10, "batch", (given["t1"],))["t1"]
    t2 = draw_group(seed, ("t2",), 0.90, 0.99, "batch", (given["t2"],))["t2"]
    second = ((inputs["i1"], inputs["i2"]), (t1, t2))
    return net.with_settings(samples=(net.samples[0], second))


def _deep(net: Network, seed: str) -> Network:
    """Two hidden layers of two neurons: w1..w4, w5..w8 between them, w9..w12 to the outputs."""
    deep = tutorial().with_settings(sizes=(2, 2, 2, 2))
    lay = deep.layout
    values = {n: net[n] for n in (*lay.inputs, *lay.targets)}
    values |= draw_group(seed, [w.name for w in lay.weights], 0.05, 0.95, "deep")
    values |= draw_group(seed, [b.name for b in lay.biases], 0.10, 0.90, "deep")
    return deep.with_params(**values)


def _setting(**settings) -> Callable[[Network, str], Network]:
    return lambda net, seed: net.with_settings(**settings)


def softmax_available() -> bool:
    """True once the core has a softmax output and categorical cross-entropy."""
    return "softmax" in ACTIVATIONS and "categorical_cross_entropy" in LOSSES


def _softmax(net: Network, seed: str) -> Network:
    if not softmax_available():
        raise HomeworkError(
            "the softmax exercises need a softmax output layer with categorical cross-entropy "
            "in the core (activation 'softmax', loss 'categorical_cross_entropy'); this "
            "version has neither yet"
        )
    net = net.with_params(t2=round(1 - net["t1"], 2))  # softmax targets sum to 1
    return net.with_settings(activation=("sigmoid", "softmax"), loss="categorical_cross_entropy")


_TOPICS = (
    Topic(
        POST,
        "One step of the post's network",
        "05_training.ipynb",
        (
            "forward.out_h1",
            "forward.out_o1",
            "forward.E_total",
            "partials.dE_total/dout_o1",
            "gradients.w5",
            "updated.w5",
            "gradients.w3",
            "partials.dE_total/dout_h1",
            "gradients.w1",
            "updated.w1",
            "after.E_total",
        ),
        _same,
    ),
    Topic(
        "biases_shared",
        "Biases that learn, shared per layer",
        "08_biases.ipynb",
        ("gradients.b2", "gradients.b1", "updated.b2", "updated.b1", "after.E_total"),
        _setting(train_biases=True),
    ),
    Topic(
        "biases_per_neuron",
        "One bias per neuron",
        "08_biases.ipynb",
        ("gradients.b_o1", "gradients.b_o2", "gradients.b_h1", "updated.b_o1", "updated.b_h2"),
        _per_neuron,
    ),
    Topic(
        "hidden_updated",
        "Hidden deltas from the updated w5..w8",
        "09_original_or_updated.ipynb",
        ("partials.dE_total/dout_h1", "gradients.w1", "gradients.w3", "after.E_total"),
        _setting(hidden_uses="updated"),
    ),
    Topic(
        "cross_entropy",
        "Cross-entropy instead of the squared error",
        "11_cross_entropy.ipynb",
        (
            "forward.E_total",
            "partials.dE_total/dout_o1",
            "partials.dE_o1/dnet_o1",
            "gradients.w5",
            "gradients.w1",
        ),
        _setting(loss="cross_entropy"),
    ),
    Topic(
        "tanh",
        "tanh hidden units",
        "12_tanh_and_relu.ipynb",
        ("forward.out_h1", "partials.dout_h1/dnet_h1", "gradients.w1", "gradients.w3"),
        _setting(activation=("tanh", "sigmoid")),
    ),
    Topic(
        "relu",
        "ReLU hidden units, one of them dead",
        "12_tanh_and_relu.ipynb",
        (
            "forward.out_h2",
            "partials.dout_h2/dnet_h2",
            "gradients.w1",
            "gradients.w3",
            "gradients.w6",
        ),
        _relu,
    ),
    Topic(
        "momentum",
        "A momentum step",
        "13_momentum.ipynb",
        ("velocity.w5", "updated.w5", "velocity.w1", "updated.w1"),
        _momentum,
    ),
    Topic(
        "batch",
        "A mini-batch of two samples",
        "10_several_samples.ipynb",
        ("batch.E_total", "gradients.w5", "updated.w5", "gradients.w1", "after.E_total"),
        _batch,
    ),
    Topic(
        "deep",
        "A 2-2-2-2 network",
        "14_deeper_network.ipynb",
        (
            "forward.out_h2_1",
            "forward.E_total",
            "partials.dE_total/dout_h2_1",
            "gradients.w9",
            "gradients.w5",
            "gradients.w1",
            "updated.w1",
        ),
        _deep,
    ),
    Topic(
        "softmax",
        "A softmax output with categorical cross-entropy",
        "11_cross_entropy.ipynb",
        ("forward.out_o1", "forward.E_total", "partials.dE_total/dnet_o1", "gradients.w5"),
        _softmax,
    ),
)
TOPICS: dict[str, Topic] = {t.name: t for t in _TOPICS}


def topic(name: str) -> Topic:
    """The topic called name, or HomeworkError listing them."""
    if name not in TOPICS:
        raise HomeworkError(f"unknown topic {name!r}; choose one of: {', '.join(TOPICS)}")
    return TOPICS[name]


def split_topic(id: str) -> tuple[str, str]:
    """'relu:gradients.w3' -> ('relu', 'gradients.w3'); 'gradients.w5' -> ('post', ...)."""
    name, sep, rest = id.partition(":")
    return (name.strip(), rest) if sep else (POST, id)


def topic_network(name: str, seed: str | int | None = None) -> Network:
    """The network of a topic, for the post (seed None) or a student's seed."""
    spec = topic(name)
    base = tutorial() if seed is None else variant(seed)
    label = POST_LABEL if seed is None else seed_text(seed)
    try:
        return spec.build(base, label)
    except HomeworkError:
        raise
    except BackpropError as error:  # a topic's numbers the core refuses: a bug, said plainly
        raise HomeworkError(f"topic {name!r} for seed {label!r}: {error}") from None
