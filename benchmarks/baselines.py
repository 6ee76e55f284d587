"""Two independent pure-Python reference implementations of Matt Mazur's 2-2-2 backprop example.

Benchmarks and tests compare the project against these "other implementations":

* ``plain_float_step``: one training step written out by hand, float by float, returning every
  value a learner sees in the post (forward pass, chain-rule factors, gradients, updated weights
  and the error after the update). ``PLAIN_FLOAT_KEYS`` names each position of its result.
* ``Neuron`` / ``Layer`` / ``NeuralNetwork`` and ``class_per_neuron_train``: the class-per-neuron
  code a learner typically writes after reading the post, used for long training runs.

Only the standard library is used (no numpy, no sympy), so the numbers are independent of the
project's own symbolic and vectorised code paths.
"""

from __future__ import annotations

from math import exp

__all__ = [
    "PLAIN_FLOAT_KEYS",
    "TUTORIAL_VALUES",
    "Layer",
    "NeuralNetwork",
    "Neuron",
    "build_tutorial_network",
    "class_per_neuron_train",
    "plain_float_step",
    "plain_float_step_named",
    "sigmoid",
]

TUTORIAL_VALUES: dict[str, float] = {
    "i1": 0.05,
    "i2": 0.10,
    "t1": 0.01,
    "t2": 0.99,
    "w1": 0.15,
    "w2": 0.20,
    "w3": 0.25,
    "w4": 0.30,
    "w5": 0.40,
    "w6": 0.45,
    "w7": 0.50,
    "w8": 0.55,
    "b1": 0.35,
    "b2": 0.60,
    "lr": 0.5,
}

_FORWARD_NAMES = (
    "net_h1",
    "out_h1",
    "net_h2",
    "out_h2",
    "net_o1",
    "out_o1",
    "net_o2",
    "out_o2",
    "E_o1",
    "E_o2",
    "E_total",
)
_PARTIAL_NAMES = (
    "dE_total/dout_o1",
    "dout_o1/dnet_o1",
    "dE_o1/dnet_o1",
    "dE_total/dout_o2",
    "dout_o2/dnet_o2",
    "dE_o2/dnet_o2",
    "dnet_o1/dout_h1",
    "dnet_o1/dout_h2",
    "dnet_o2/dout_h1",
    "dnet_o2/dout_h2",
    "dE_o1/dout_h1",
    "dE_o2/dout_h1",
    "dE_o1/dout_h2",
    "dE_o2/dout_h2",
    "dE_total/dout_h1",
    "dE_total/dout_h2",
    "dout_h1/dnet_h1",
    "dout_h2/dnet_h2",
    "dE_total/dnet_h1",
    "dE_total/dnet_h2",
)
_PARAMETER_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")

PLAIN_FLOAT_KEYS: tuple[str, ...] = (
    *(f"forward.{name}" for name in _FORWARD_NAMES),
    *(f"partials.{name}" for name in _PARTIAL_NAMES),
    *(f"gradients.{name}" for name in _PARAMETER_NAMES),
    *(f"updated.{name}" for name in _PARAMETER_NAMES),
    "after.E_total",
)


def sigmoid(x: float) -> float:
    """Logistic function 1 / (1 + e^-x), the squashing function used by every neuron."""
    return 1.0 / (1.0 + exp(-x))


# ---------------------------------------------------------------------------------------------
# 1. Straight-line plain floats: one step, every intermediate value.
# ---------------------------------------------------------------------------------------------


def plain_float_step(
    i1: float,
    i2: float,
    t1: float,
    t2: float,
    w1: float,
    w2: float,
    w3: float,
    w4: float,
    w5: float,
    w6: float,
    w7: float,
    w8: float,
    b1: float,
    b2: float,
    lr: float,
) -> tuple[float, ...]:
    """One hand-written backprop step; returns the values named by ``PLAIN_FLOAT_KEYS``."""
    # Forward pass (sigmoid written inline so the function makes no Python-level calls).
    net_h1 = w1 * i1 + w2 * i2 + b1
    out_h1 = 1.0 / (1.0 + exp(-net_h1))
    net_h2 = w3 * i1 + w4 * i2 + b1
    out_h2 = 1.0 / (1.0 + exp(-net_h2))
    net_o1 = w5 * out_h1 + w6 * out_h2 + b2
    out_o1 = 1.0 / (1.0 + exp(-net_o1))
    net_o2 = w7 * out_h1 + w8 * out_h2 + b2
    out_o2 = 1.0 / (1.0 + exp(-net_o2))
    miss_o1 = t1 - out_o1
    miss_o2 = t2 - out_o2
    e_o1 = 0.5 * miss_o1 * miss_o1
    e_o2 = 0.5 * miss_o2 * miss_o2
    e_total = e_o1 + e_o2

    # Output layer: dE_total/dnet_o = dE_total/dout_o * dout_o/dnet_o.
    de_dout_o1 = -miss_o1
    dout_dnet_o1 = out_o1 * (1.0 - out_o1)
    delta_o1 = de_dout_o1 * dout_dnet_o1
    de_dout_o2 = -miss_o2
    dout_dnet_o2 = out_o2 * (1.0 - out_o2)
    delta_o2 = de_dout_o2 * dout_dnet_o2

    # Hidden layer: each hidden output feeds both output neurons (original weights w5..w8).
    de_o1_dout_h1 = delta_o1 * w5
    de_o2_dout_h1 = delta_o2 * w7
    de_o1_dout_h2 = delta_o1 * w6
    de_o2_dout_h2 = delta_o2 * w8
    de_dout_h1 = de_o1_dout_h1 + de_o2_dout_h1
    de_dout_h2 = de_o1_dout_h2 + de_o2_dout_h2
    dout_dnet_h1 = out_h1 * (1.0 - out_h1)
    dout_dnet_h2 = out_h2 * (1.0 - out_h2)
    delta_h1 = de_dout_h1 * dout_dnet_h1
    delta_h2 = de_dout_h2 * dout_dnet_h2

    # Gradients: delta of the receiving neuron times the value flowing along the weight.
    g_w1 = delta_h1 * i1
    g_w2 = delta_h1 * i2
    g_w3 = delta_h2 * i1
    g_w4 = delta_h2 * i2
    g_w5 = delta_o1 * out_h1
    g_w6 = delta_o1 * out_h2
    g_w7 = delta_o2 * out_h1
    g_w8 = delta_o2 * out_h2
    g_b1 = delta_h1 + delta_h2
    g_b2 = delta_o1 + delta_o2

    # Gradient descent on the weights only; the shared biases stay frozen.
    new_w1 = w1 - lr * g_w1
    new_w2 = w2 - lr * g_w2
    new_w3 = w3 - lr * g_w3
    new_w4 = w4 - lr * g_w4
    new_w5 = w5 - lr * g_w5
    new_w6 = w6 - lr * g_w6
    new_w7 = w7 - lr * g_w7
    new_w8 = w8 - lr * g_w8

    # Second forward pass with the updated weights.
    after_h1 = 1.0 / (1.0 + exp(-(new_w1 * i1 + new_w2 * i2 + b1)))
    after_h2 = 1.0 / (1.0 + exp(-(new_w3 * i1 + new_w4 * i2 + b1)))
    after_o1 = 1.0 / (1.0 + exp(-(new_w5 * after_h1 + new_w6 * after_h2 + b2)))
    after_o2 = 1.0 / (1.0 + exp(-(new_w7 * after_h1 + new_w8 * after_h2 + b2)))
    after_miss_o1 = t1 - after_o1
    after_miss_o2 = t2 - after_o2
    after_e_total = 0.5 * after_miss_o1 * after_miss_o1 + 0.5 * after_miss_o2 * after_miss_o2

    return (
        net_h1, out_h1, net_h2, out_h2, net_o1, out_o1, net_o2, out_o2, e_o1, e_o2, e_total,
        de_dout_o1, dout_dnet_o1, delta_o1, de_dout_o2, dout_dnet_o2, delta_o2,
        w5, w6, w7, w8,
        de_o1_dout_h1, de_o2_dout_h1, de_o1_dout_h2, de_o2_dout_h2,
        de_dout_h1, de_dout_h2, dout_dnet_h1, dout_dnet_h2, delta_h1, delta_h2,
        g_w1, g_w2, g_w3, g_w4, g_w5, g_w6, g_w7, g_w8, g_b1, g_b2,
        new_w1, new_w2, new_w3, new_w4, new_w5, new_w6, new_w7, new_w8, b1, b2,
        after_e_total,
    )  # fmt: skip


def plain_float_step_named(**values: float) -> dict[str, float]:
    """Run ``plain_float_step`` on the tutorial values (overridable) and label every result."""
    return dict(zip(PLAIN_FLOAT_KEYS, plain_float_step(**_tutorial_values(values)), strict=True))


def _tutorial_values(overrides: dict[str, float]) -> dict[str, float]:
    """Tutorial defaults with ``overrides`` applied; unknown names are rejected."""
    unknown = set(overrides) - set(TUTORIAL_VALUES)
    if unknown:
        raise TypeError(f"unknown tutorial value(s): {', '.join(sorted(unknown))}")
    return {**TUTORIAL_VALUES, **overrides}


# ---------------------------------------------------------------------------------------------
# 2. Class per neuron: the object-oriented version a learner writes after reading the post.
# ---------------------------------------------------------------------------------------------


class Neuron:
    """One sigmoid neuron: a weight per input plus a bias."""

    def __init__(self, weights: list[float], bias: float) -> None:
        """Store a copy of the incoming weights and the bias."""
        self.weights = list(weights)
        self.bias = bias
        self.inputs: list[float] = []
        self.net = 0.0
        self.out = 0.0

    def forward(self, inputs: list[float]) -> float:
        """Compute net (weighted sum + bias) and out (sigmoid of net), remembering both."""
        self.inputs = list(inputs)
        self.net = sum(w * x for w, x in zip(self.weights, inputs, strict=True)) + self.bias
        self.out = sigmoid(self.net)
        return self.out

    def error(self, target: float) -> float:
        """Squared error 1/2 (target - out)^2 of this (output) neuron."""
        return 0.5 * (target - self.out) ** 2

    def dout_dnet(self) -> float:
        """Slope of the sigmoid at the stored net: out * (1 - out)."""
        return self.out * (1.0 - self.out)

    def output_delta(self, target: float) -> float:
        """dE/dnet for an output neuron: dE/dout * dout/dnet = -(target - out) * out(1 - out)."""
        return -(target - self.out) * self.dout_dnet()


class Layer:
    """A list of neurons that all read the same inputs and share one bias."""

    def __init__(self, weights_per_neuron: list[list[float]], bias: float) -> None:
        """Create one neuron per weight list, each starting from the shared bias."""
        self.bias = bias
        self.neurons = [Neuron(weights, bias) for weights in weights_per_neuron]

    def forward(self, inputs: list[float]) -> list[float]:
        """Outputs of every neuron in the layer."""
        return [neuron.forward(inputs) for neuron in self.neurons]

    def set_bias(self, bias: float) -> None:
        """Change the shared bias in the layer and in each of its neurons."""
        self.bias = bias
        for neuron in self.neurons:
            neuron.bias = bias


class NeuralNetwork:
    """Two-layer sigmoid network (hidden + output) trained by plain backpropagation."""

    def __init__(self, hidden_layer: Layer, output_layer: Layer) -> None:
        """Wire a hidden layer into an output layer."""
        self.hidden_layer = hidden_layer
        self.output_layer = output_layer

    def feed_forward(self, inputs: list[float]) -> list[float]:
        """Run the inputs through both layers and return the output layer's outs."""
        return self.output_layer.forward(self.hidden_layer.forward(inputs))

    def total_error(self, inputs: list[float], targets: list[float]) -> float:
        """E_total = sum over outputs of 1/2 (target - out)^2, after a fresh forward pass."""
        self.feed_forward(inputs)
        neurons = self.output_layer.neurons
        return sum(neuron.error(t) for neuron, t in zip(neurons, targets, strict=True))

    def train(
        self,
        inputs: list[float],
        targets: list[float],
        lr: float,
        update_biases: bool = False,
    ) -> None:
        """One backprop step; every delta is computed before any weight changes."""
        self.feed_forward(inputs)
        output_deltas = self._output_deltas(targets)
        hidden_deltas = self._hidden_deltas(output_deltas)
        self._update(self.output_layer, output_deltas, lr, update_biases)
        self._update(self.hidden_layer, hidden_deltas, lr, update_biases)

    def _output_deltas(self, targets: list[float]) -> list[float]:
        """dE_total/dnet for each output neuron."""
        neurons = self.output_layer.neurons
        return [neuron.output_delta(t) for neuron, t in zip(neurons, targets, strict=True)]

    def _hidden_deltas(self, output_deltas: list[float]) -> list[float]:
        """dE_total/dnet for each hidden neuron, using the ORIGINAL output weights."""
        deltas = []
        for h, hidden in enumerate(self.hidden_layer.neurons):
            de_dout = sum(
                delta * out_neuron.weights[h]
                for delta, out_neuron in zip(output_deltas, self.output_layer.neurons, strict=True)
            )
            deltas.append(de_dout * hidden.dout_dnet())
        return deltas

    @staticmethod
    def _update(layer: Layer, deltas: list[float], lr: float, update_biases: bool) -> None:
        """Gradient descent: weight -= lr * delta * input (shared bias: lr * sum of deltas)."""
        for neuron, delta in zip(layer.neurons, deltas, strict=True):
            neuron.weights = [
                w - lr * delta * x for w, x in zip(neuron.weights, neuron.inputs, strict=True)
            ]
        if update_biases:
            layer.set_bias(layer.bias - lr * sum(deltas))


def build_tutorial_network(**values: float) -> NeuralNetwork:
    """The post's 2-2-2 network; any of w1..w8, b1, b2 may be overridden."""
    v = _tutorial_values(values)
    hidden = Layer([[v["w1"], v["w2"]], [v["w3"], v["w4"]]], v["b1"])
    output = Layer([[v["w5"], v["w6"]], [v["w7"], v["w8"]]], v["b2"])
    return NeuralNetwork(hidden, output)


def class_per_neuron_train(
    steps: int, *, update_biases: bool = False, **values: float
) -> list[float]:
    """E_total history: [0] before training, [k] after k steps (``values`` override defaults)."""
    v = _tutorial_values(values)
    network = build_tutorial_network(**values)
    inputs, targets, lr = [v["i1"], v["i2"]], [v["t1"], v["t2"]], v["lr"]
    history = [network.total_error(inputs, targets)]
    for _ in range(steps):
        network.train(inputs, targets, lr, update_biases)
        history.append(network.total_error(inputs, targets))
    return history
