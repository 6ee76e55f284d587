"""What the views need to know about a network: names as CSS classes, shapes, defaults."""

from __future__ import annotations

import re

from ...core.errors import BackpropError
from ...core.naming import Layout
from ...core.network import Network
from ...core.settings import setting

__all__ = [
    "MAX_PARAMS",
    "SHAPES",
    "activations_for",
    "check_fits",
    "layer_title",
    "parse_sizes",
    "reset_values",
    "resized",
]

MAX_PARAMS = 64  # more sliders than this no longer fit a screen; the core has no such limit
SHAPES = ("2-2-2", "2-3-2", "2-2-2-2", "4-4-4-2", "3-4-2", "1-2-1")  # offered, others typed


def parse_sizes(text: str) -> tuple[int, ...]:
    """Layer sizes from '2-3-2', '2,3,2' or '2 3 2'."""
    parts = [p for p in re.split(r"[\s,;x\-]+", str(text).strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise BackpropError(
            f"{text!r} is no network shape: write the layer sizes, inputs first, e.g. 2-3-2"
        )
    return tuple(int(p) for p in parts)


def check_fits(net: Network) -> Network:
    """net, if the explorer can show it (at most MAX_PARAMS weights and biases)."""
    count = len(net.layout.params)
    if count > MAX_PARAMS:
        raise BackpropError(
            f"the explorer shows networks of up to {MAX_PARAMS} weights and biases; "
            f"{net.layout.label} has {count}: choose fewer or smaller layers "
            "(bw.walkthrough(net) handles any size)"
        )
    return net


def activations_for(n_layers: int, hidden: str, output: str) -> tuple[str, ...]:
    """The activation argument of with_settings for n_layers layers of weights."""
    return (output,) if n_layers == 1 else (hidden, output)


def resized(net: Network, sizes: tuple[int, ...]) -> Network:
    """net with other layer sizes and that shape's default values (the post's for 2-2-2)."""
    acts = activations_for(len(sizes) - 1, net.activation[0], net.activation[-1])
    return net.with_settings(sizes=sizes, activation=acts)


def reset_values(net: Network) -> Network:
    """net with its shape's default values: the post's numbers for 2-2-2, lr 0.5."""
    momentum = {"mu": 0.9} if net.momentum else {}
    return net.with_settings(seed="0").with_params(lr=setting("lr").default, **momentum)


def layer_title(layout: Layout, layer: int) -> str:
    """A layer as a learner names it: input, hidden, hidden 2, output."""
    last = len(layout.sizes) - 1
    if layer == 0:
        return "input"
    if layer == last:
        return "output"
    return "hidden" if last == 2 else f"hidden {layer}"
