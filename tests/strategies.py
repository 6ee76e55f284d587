"""What several test files draw or build: random settings of a network, and the
Playground's 2-4-1 network."""

from hypothesis import strategies as st

PLAYGROUND = {  # the benchmark network: tanh hidden, sigmoid output, trained biases
    "sizes": (2, 4, 1),
    "activation": ("tanh", "sigmoid"),
    "loss": "cross_entropy",
    "bias_mode": "per_neuron",
    "train_biases": True,
}


def shape_settings(draw, sizes, activations=("sigmoid", "tanh", "relu", "linear")) -> dict:
    """A loss, one activation per layer (sigmoid outputs for cross-entropy), the bias mode and
    whether the biases learn, drawn for these sizes."""
    loss = draw(st.sampled_from(["squared_error", "cross_entropy"]))
    acts = [draw(st.sampled_from(activations)) for _ in sizes[1:]]
    if loss == "cross_entropy":
        acts[-1] = "sigmoid"
    return {
        "sizes": sizes,
        "activation": tuple(acts),
        "loss": loss,
        "bias_mode": draw(st.sampled_from(["shared", "per_neuron"])),
        "train_biases": draw(st.booleans()),
    }
