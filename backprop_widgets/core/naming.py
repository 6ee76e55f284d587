"""The naming scheme: the post's names for 2-2-2, extended to any layer sizes.

- Inputs ``i1 i2 ...``, targets ``t1 t2 ...`` (one per output), outputs ``o1 o2 ...``.
- One hidden layer: ``h1 h2 ...`` (the post). Several: ``h1_1 h1_2`` (layer 1),
  ``h2_1 h2_2`` (layer 2), ... read "hidden layer 1, neuron 2".
- Weights ``w1 w2 ...`` numbered layer by layer from the inputs; within a layer by
  destination neuron, then by source neuron. For 2-2-2 this is the post's order:
  w1 i1->h1, w2 i2->h1, w3 i1->h2, w4 i2->h2, w5 h1->o1, w6 h2->o1, w7 h1->o2, w8 h2->o2.
- Biases shared per layer (the post): ``b1`` for the first hidden layer, ``b2`` for the
  next, ..., the last for the output layer. One per neuron: ``b_h1``, ``b_o1``, ...
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

__all__ = ["Bias", "Layout", "Weight", "flat_key"]


@dataclass(frozen=True)
class Weight:
    """A weight and the edge it sits on."""

    name: str
    source: str
    target: str


@dataclass(frozen=True)
class Bias:
    """A bias and the neurons that add it."""

    name: str
    layer: int
    neurons: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """Every name of a network with these layer sizes and bias mode."""

    sizes: tuple[int, ...]
    bias_mode: str = "shared"

    @cached_property
    def layers(self) -> tuple[tuple[str, ...], ...]:
        """Neuron names per layer, inputs first."""
        n_hidden = len(self.sizes) - 2

        def hidden(layer: int, k: int) -> str:
            return f"h{k}" if n_hidden == 1 else f"h{layer}_{k}"

        names = [tuple(f"i{k}" for k in range(1, self.sizes[0] + 1))]
        for layer, size in enumerate(self.sizes[1:-1], start=1):
            names.append(tuple(hidden(layer, k) for k in range(1, size + 1)))
        names.append(tuple(f"o{k}" for k in range(1, self.sizes[-1] + 1)))
        return tuple(names)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Input names i1, i2, ..."""
        return self.layers[0]

    @property
    def outputs(self) -> tuple[str, ...]:
        """Output neuron names o1, o2, ..."""
        return self.layers[-1]

    @property
    def targets(self) -> tuple[str, ...]:
        """Target names t1, t2, ... (t1 is the post's target_o1)."""
        return tuple(f"t{k}" for k in range(1, self.sizes[-1] + 1))

    @cached_property
    def weights(self) -> tuple[Weight, ...]:
        """All weights in the post's numbering order."""
        found = []
        for before, layer in zip(self.layers, self.layers[1:], strict=False):
            for target in layer:
                for source in before:
                    found.append(Weight(f"w{len(found) + 1}", source, target))
        return tuple(found)

    @cached_property
    def biases(self) -> tuple[Bias, ...]:
        """Shared: one bias per layer (b1, b2, ...); per neuron: b_h1, b_o1, ..."""
        if self.bias_mode == "shared":
            return tuple(
                Bias(f"b{layer}", layer, neurons)
                for layer, neurons in enumerate(self.layers[1:], start=1)
            )
        return tuple(
            Bias(f"b_{neuron}", layer, (neuron,))
            for layer, neurons in enumerate(self.layers[1:], start=1)
            for neuron in neurons
        )

    @property
    def params(self) -> tuple[str, ...]:
        """Trainable parameter names: weights, then biases."""
        return tuple(w.name for w in self.weights) + tuple(b.name for b in self.biases)

    def trained(self, train_biases: bool) -> tuple[str, ...]:
        """The parameters a step updates: the weights, and the biases when they learn."""
        return self.params if train_biases else tuple(w.name for w in self.weights)

    @cached_property
    def layer_of(self) -> dict[str, int]:
        """Layer index of every neuron (inputs are layer 0)."""
        return {n: k for k, names in enumerate(self.layers) for n in names}

    @cached_property
    def by_name(self) -> dict[str, Weight | Bias]:
        """Every weight and bias by its name."""
        return {p.name: p for p in (*self.weights, *self.biases)}

    def weight(self, name: str) -> Weight | None:
        """The weight called name, or None (a bias, an input, ...)."""
        found = self.by_name.get(name)
        return found if isinstance(found, Weight) else None

    def bias(self, name: str) -> Bias | None:
        """The bias called name, or None."""
        found = self.by_name.get(name)
        return found if isinstance(found, Bias) else None

    def bias_of(self, neuron: str) -> Bias:
        """The bias that neuron adds to its net input."""
        return next(b for b in self.biases if neuron in b.neurons)

    def weights_of_layer(self, layer: int) -> tuple[str, ...]:
        """The names of the weights into one layer (1: the first hidden layer)."""
        return tuple(w.name for w in self.weights if self.layer_of[w.target] == layer)

    @cached_property
    def _edges(self) -> dict[str, dict[str, tuple[Weight, ...]]]:
        """The weights by their target ("into") and by their source ("out of")."""
        found: dict[str, dict[str, tuple[Weight, ...]]] = {"into": {}, "out of": {}}
        for w in self.weights:
            found["into"][w.target] = (*found["into"].get(w.target, ()), w)
            found["out of"][w.source] = (*found["out of"].get(w.source, ()), w)
        return found

    def weights_into(self, neuron: str) -> tuple[Weight, ...]:
        """Weights on the edges that end at neuron."""
        return self._edges["into"].get(neuron, ())

    def weights_out_of(self, neuron: str) -> tuple[Weight, ...]:
        """Weights on the edges that leave neuron."""
        return self._edges["out of"].get(neuron, ())

    def weight_between(self, a: str, b: str) -> Weight | None:
        """The weight on the edge joining neurons a and b (either way round), or None."""
        return next((w for w in self.weights_out_of(a) if w.target == b), None) or next(
            (w for w in self.weights_out_of(b) if w.target == a), None
        )

    @property
    def label(self) -> str:
        """Sizes as the learner writes them, e.g. 2-2-2."""
        return "-".join(map(str, self.sizes))


def flat_key(key: str) -> str:
    """A key without '/', for identifiers and CSS classes: dE_total/dout_o1 -> dE_total__dout_o1."""
    return key.replace("/", "__")
