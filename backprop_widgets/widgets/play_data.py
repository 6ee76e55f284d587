"""What the playground computes, without widgets: the learner's options checked, the network
they describe, the loss curves, and the numbers every picture is drawn from.

>>> options = check_options(OPTIONS | {"hidden": "3", "batch_size": 2}, own=())
>>> net = network_for(options, (((1.0, 2.0), (1.0,)), ((-1.0, 0.5), (0.0,))))
>>> net.layout.label, net.lr, net.batch_size
('2-3-1', 0.1, 2)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..core import datasets
from ..core.batches import mean_loss_and_outputs, neuron_outputs
from ..core.checks import check_lam, check_lr, is_list
from ..core.errors import BackpropError, NumericalError
from ..core.functions import ACTIVATIONS, LOSSES, REGULARIZATIONS
from ..core.network import Network
from ..core.numbers import real, whole
from ..core.plane import accuracy, grid_points, positive, predicted
from ..core.points import seed_number

__all__ = [
    "CONTINUE",
    "DATA",
    "DESIGN",
    "GRID",
    "HIDDEN",
    "OPTIONS",
    "OUTPUTS",
    "VIEW",
    "Curves",
    "Output",
    "Snapshot",
    "check_options",
    "hidden_sizes",
    "network_for",
    "points_for",
    "snapshot_of",
]

GRID = 48  # cells per side of a picture of the plane
MAX_POINTS, MAX_SPEED = 1000, 50
HIDDEN = (4, 8)  # at most 4 hidden layers of at most 8 neurons (their pictures must fit)


@dataclass(frozen=True)
class Output:
    """An output layer the playground offers."""

    size: int  # neurons
    targets: str  # the targets of datasets.load (binary, signed, one_hot)
    losses: tuple[str, ...]  # the losses it takes; the first is the default
    label: str


OUTPUTS = {
    "sigmoid": Output(1, "binary", ("cross_entropy", "squared_error"), "1 sigmoid output"),
    "tanh": Output(1, "signed", ("squared_error",), "1 tanh output"),
    "softmax": Output(2, "one_hot", ("categorical_cross_entropy", "squared_error"), "2 softmax"),
}
# The options, with their defaults: TensorFlow Playground's, but for the learning rate (0.1,
# not 0.03: the circle is learned within 600 updates) and a 30% test share (not 50%).
DATA = {"data": "circle", "n": 200, "noise": 0.0, "test_fraction": 0.3, "seed": 0}
DESIGN = {"hidden": (4, 4), "activation": "tanh", "output": "sigmoid", "loss": "cross_entropy"}
CONTINUE = {"lr": 0.1, "batch_size": 10, "regularization": "none", "lam": 0.001}
VIEW = {"speed": 20}  # updates per frame while playing
OPTIONS = DATA | DESIGN | CONTINUE | VIEW
REGULARIZED = ("none", *REGULARIZATIONS)


def hidden_sizes(value: Any) -> tuple[int, ...]:
    """Hidden layer sizes from (4, 4) or the text '4,4' ('' or 0: no hidden layer)."""
    problem = (
        f"hidden layers must be up to {HIDDEN[0]} sizes from 1 to {HIDDEN[1]}, separated by "
        f"commas, e.g. 4,4 or 3 (empty: no hidden layer); got {value!r}"
    )
    if isinstance(value, str):
        parts = [p for p in value.replace(" ", ",").split(",") if p.strip()]
        try:
            value = tuple(float(p) for p in parts)
        except ValueError:
            raise BackpropError(problem) from None
        value = () if value == (0.0,) else value
    if not is_list(value):
        raise BackpropError(problem)
    try:
        sizes = tuple(whole("a layer size", v) for v in value)
    except BackpropError:
        raise BackpropError(problem) from None
    if len(sizes) > HIDDEN[0] or not all(1 <= s <= HIDDEN[1] for s in sizes):
        raise BackpropError(problem)
    return sizes


def _within(name: str, value: Any, low: float, high: float, count: bool = False) -> Any:
    """A number from low to high (count: a whole number), or BackpropError."""
    number = whole(name, value) if count else real(name, value, text=True)
    if not low <= number <= high:
        raise BackpropError(f"{name} must be from {low:g} to {high:g}, got {value!r}")
    return number


def _choice(name: str, value: Any, valid) -> str:
    if not isinstance(value, str) or value not in valid:
        raise BackpropError(f"unknown {name} {value!r}; choose one of: {', '.join(valid)}")
    return value


def check_options(options: dict, own: tuple) -> dict:
    """Every option in its canonical form, or BackpropError saying what is wrong with one
    (what depends on the points, such as the batch size, is checked by network_for)."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise BackpropError(f"unknown option {unknown[0]!r}; choose from: {', '.join(OPTIONS)}")
    names = (*datasets.NAMES, "own") if own else datasets.NAMES
    hidden_ok = tuple(a for a in ACTIVATIONS if a != "softmax")
    return {
        "data": _choice("data set", options["data"], names),
        "n": int(_within("n (how many points)", options["n"], 10, MAX_POINTS, True)),
        "noise": _within("noise", options["noise"], 0.0, 0.5),
        "test_fraction": _within("test_fraction", options["test_fraction"], 0.05, 0.95),
        "seed": seed_number(options["seed"]),
        "hidden": hidden_sizes(options["hidden"]),
        "activation": _choice("hidden activation", options["activation"], hidden_ok),
        "output": _choice("output", options["output"], tuple(OUTPUTS)),
        "loss": _choice("loss", options["loss"], tuple(LOSSES)),
        "lr": check_lr(real("lr", options["lr"], text=True), {}),
        "batch_size": whole("batch_size", options["batch_size"]),
        "regularization": _choice("regularization", options["regularization"], REGULARIZED),
        "lam": check_lam(real("lam", options["lam"], text=True), {}),
        "speed": int(_within("speed (updates per frame)", options["speed"], 1, MAX_SPEED, True)),
    }


def points_for(samples) -> tuple:
    """The learner's own points: samples of two inputs and one target (1 positive, 0 or -1
    negative) or two (one-hot), checked; returned as ((x, y), (1.0,)) or ((x, y), (0.0,))."""
    if not is_list(samples) or not len(samples):
        raise BackpropError(
            "points must be samples ((x, y), (target,)), e.g. from bw.datasets.from_rows or "
            "bw.datasets.read_csv"
        )
    found = []
    for k, sample in enumerate(samples, start=1):
        if not (is_list(sample) and len(sample) == 2 and all(is_list(p) for p in sample)):
            raise BackpropError(f"point {k} must be a pair ((x, y), targets), got {sample!r:.60}")
        inputs, targets = sample
        if len(inputs) != 2:
            raise BackpropError(f"point {k} has {len(inputs)} inputs; the plane needs 2 (x, y)")
        xy = tuple(real(f"point {k}, input {j}", v) for j, v in enumerate(inputs, 1))
        ts = tuple(real(f"point {k}, target {j}", v) for j, v in enumerate(targets, 1))
        if ts not in ((1.0,), (0.0,), (-1.0,), (0.0, 1.0), (1.0, 0.0)):
            raise BackpropError(
                f"point {k} has the targets {ts}: the playground sorts points into two "
                "classes, so give one target, 1 (positive) or 0 or -1 (negative), or two, "
                "(0, 1) positive and (1, 0) negative"
            )
        found.append((xy, (1.0,) if positive([(xy, ts)])[0] else (0.0,)))
    return tuple(found)


def network_for(options: dict, train: tuple) -> Network:
    """The network the options describe, with starting weights from the seed (the post's
    for 2-2-2), one trained bias per neuron, trained on the training samples."""
    output = OUTPUTS[options["output"]]
    if options["batch_size"] > len(train):
        raise BackpropError(
            f"the batch size {options['batch_size']} is more than the {len(train)} training "
            f"points: choose a batch size from 1 to {len(train)}"
        )
    hidden = options["hidden"]
    changes = {
        "sizes": (2, *hidden, output.size),
        "activation": (options["activation"], options["output"]) if hidden else options["output"],
        "loss": options["loss"],
        "bias_mode": "per_neuron",
        "train_biases": True,
        "samples": train,
        "batch_size": options["batch_size"],
        "regularization": options["regularization"],
        "seed": str(options["seed"]),
    }
    if options["regularization"] != "none":
        changes["lam"] = options["lam"]
    return Network().with_settings(**changes).with_params(lr=options["lr"])


@dataclass(frozen=True)
class Curves:
    """E_total by step: on the training samples after every update (train[k]: after k
    updates, the core's history), on the test samples at the steps test_steps."""

    train: np.ndarray
    test_steps: np.ndarray
    test: np.ndarray

    @classmethod
    def start(cls, e_train: float, e_test: float) -> Curves:
        return cls(np.array([e_train]), np.array([0]), np.array([e_test]))

    def extended(self, more: np.ndarray, e_test: float) -> Curves:
        """The curves after len(more) more updates, the test E_total measured after them."""
        train = np.concatenate([self.train, more])
        return Curves(
            train, np.append(self.test_steps, len(train) - 1), np.append(self.test, e_test)
        )


@dataclass(frozen=True)
class Snapshot:
    """The numbers the pictures show for one network: every neuron's out over the grid
    (size x size, top row first), the outputs at the points, E_total and accuracy."""

    extent: tuple[float, float]
    neurons: dict[str, np.ndarray]
    train_outs: np.ndarray
    test_outs: np.ndarray
    e_train: float
    e_test: float
    train_accuracy: float
    test_accuracy: float
    positive_share: float  # of the plane, the share the network calls positive

    @property
    def size(self) -> int:
        return next(iter(self.neurons.values())).shape[0]


_TEMPLATES: dict = {}  # the test network of the latest settings (samples checked once)


def _tested(net: Network, test: tuple) -> Network:
    """net with the test samples instead of the training ones."""
    key = (id(net.settings), id(test))
    found = _TEMPLATES.get(key)
    if found is None or found[0] is not net.settings:
        _TEMPLATES.clear()
        found = (net.settings, test, net.with_settings(samples=test, batch_size=None))
        _TEMPLATES[key] = found
    return replace(found[2], params=net.params, velocity={})


def _loss(net: Network) -> tuple[float, np.ndarray | None]:
    """E_total (mean over the samples) and the outputs; NaN and None where they overflow."""
    try:
        return mean_loss_and_outputs(net)
    except NumericalError:
        return float("nan"), None


def snapshot_of(net: Network, train: tuple, test: tuple, output: str, extent) -> Snapshot:
    """Everything the pictures of net show, in three vectorised calls."""
    grid = grid_points(extent, GRID)
    neurons = neuron_outputs(net, grid)
    shaped = {n: v.reshape(GRID, GRID) for n, v in neurons.items()}
    e_train, train_outs = _loss(net)
    e_test, test_outs = _loss(_tested(net, test))
    outs = [neurons[o] for o in net.layout.outputs]
    share = float(np.mean(predicted(np.column_stack(outs), output)))
    if train_outs is None or test_outs is None:
        points = np.array([s[0] for s in (*train, *test)])
        found = neuron_outputs(net, points)
        both = np.column_stack([found[o] for o in net.layout.outputs])
        train_outs, test_outs = both[: len(train)], both[len(train) :]
    return Snapshot(
        extent,
        shaped,
        train_outs,
        test_outs,
        e_train,
        e_test,
        accuracy(train_outs, positive(train), output),
        accuracy(test_outs, positive(test), output),
        share,
    )
