"""The playground's state: the points, the network learning them, how far it got, its loss
curves, and what the learner looks at. Views observe it and propose changes to it.

>>> state = PlayState()
>>> state.net.layout.label, len(state.train), len(state.test)
('2-4-4-1', 140, 60)
>>> state.advance(10)                      # ten updates, as bw.train makes them
>>> state.steps, state.curves.train.shape
(10, (11,))
>>> state.propose(lr=0)
Traceback (most recent call last):
backprop_widgets.core.errors.BackpropError: lr (the learning rate, eta) must be positive, got 0.0

A change of the points or of the network's design starts again (new weights from the seed,
step 0); lr, batch size and regularisation change while the weights stay, and training goes
on from them, as in TensorFlow Playground.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from traitlets import Bool, Dict, HasTraits, Instance, Int, Tuple, Unicode

from ..core import datasets
from ..core.errors import BackpropError, NumericalError
from ..core.network import Network
from ..core.plane import extent_of
from ..core.step import batch_indices
from ..core.training import train
from .play_data import (
    DATA,
    DESIGN,
    OPTIONS,
    OUTPUTS,
    Curves,
    Snapshot,
    check_options,
    network_for,
    points_for,
    snapshot_of,
)

__all__ = ["PlayState"]


class PlayState(HasTraits):
    """What every view of the playground shows, in one place (see the module's example).

    own: the learner's own points (samples from bw.datasets.from_rows or read_csv);
    options: any of play_data.OPTIONS (data, n, noise, test_fraction, seed, hidden, ...).
    """

    options = Dict(help="the learner's choices: data, n, noise, test_fraction, seed, ...")
    own = Tuple(help="the learner's own points, as ((x, y), (1.0,) or (0.0,))")
    train = Tuple(help="the training samples, in the network's target form")
    test = Tuple(help="the test samples")
    extent = Tuple(help="low, high: the square of the plane the pictures show")
    net = Instance(Network, help="the network, trained on the training samples")
    steps = Int(0, help="updates made since the start")
    curves = Instance(Curves, help="E_total on the training and the test samples, by step")
    snapshot = Instance(Snapshot, help="the numbers the pictures are drawn from")
    stopped = Unicode("", help="why training stopped (it diverged), or ''")
    param = Unicode("w5", help="the parameter whose chain rule is shown")
    pick = Int(0, help="which sample of the next batch the chain rule is shown for (0: first)")
    playing = Bool(False, help="Play is on: frames of training follow one another")
    revision = Int(0, help="counts the commits; changes last in each")

    def __init__(self, own=(), **options: Any):
        super().__init__()
        self.own = points_for(own) if own is not None and len(own) else ()
        chosen = OPTIONS | {"data": "own" if self.own else "circle"}
        self.commit(self._start(check_options(chosen | _with_loss(options, chosen), self.own)))

    # ----------------------------------------------------------------- changes
    def propose(self, **changes: Any) -> None:
        """Options (data="xor", hidden=(3,), lr=0.1, ...) and what is shown (param, pick):
        all checked first, then committed together; or BackpropError, and nothing changes.

        A new output layer brings its default loss, unless a loss comes with it."""
        asked = {k: changes.pop(k) for k in ("param", "pick") if k in changes}
        options = check_options(self.options | _with_loss(changes, self.options), self.own)
        if any(options[k] != self.options[k] for k in (*DATA, *DESIGN)):
            found = self._start(options)
        else:
            found = {"options": options} | self._continued(options)
        net = found.get("net", self.net)
        self.commit(found | self._view(net, found.get("steps", self.steps), asked))

    def use_points(self, samples) -> None:
        """Train on the learner's own points from now on (see points_for), from the start."""
        own = points_for(samples)
        options = check_options(self.options | {"data": "own"}, own)
        self.commit({"own": own} | self._start(options, own))

    def _start(self, options: dict, own: tuple | None = None) -> dict:
        """Everything for a fresh start: the points, new weights from the seed, step 0."""
        train_set, test_set = _split(options, self.own if own is None else own)
        net = network_for(options, train_set)
        extent = extent_of(np.array([s[0] for s in (*train_set, *test_set)]))
        snapshot = snapshot_of(net, train_set, test_set, options["output"], extent)
        found = {
            "options": options,
            "train": train_set,
            "test": test_set,
            "extent": extent,
            "net": net,
            "steps": 0,
            "curves": Curves.start(snapshot.e_train, snapshot.e_test),
            "snapshot": snapshot,
            "stopped": "",
        }
        return found | self._view(net, 0, {})

    def _continued(self, options: dict) -> dict:
        """The same weights with another lr, batch size or regularisation (lam)."""
        net = self.net
        if options["batch_size"] > len(self.train):
            network_for(options, self.train)  # says what is wrong
        settings = {
            k: options[k] for k in ("batch_size", "regularization") if options[k] != getattr(net, k)
        }
        if options["regularization"] != "none" and options["lam"] != net.lam:
            settings["lam"] = options["lam"]
        net = net.with_settings(**settings) if settings else net
        net = net.with_params(lr=options["lr"]) if options["lr"] != net.lr else net
        if net is self.net:
            return {}
        snapshot = snapshot_of(net, self.train, self.test, options["output"], self.extent)
        return {"net": net, "snapshot": snapshot, "stopped": ""}

    def _view(self, net: Network, steps: int, asked: dict) -> dict:
        """The chosen parameter and sample of the batch: those asked for, checked, or the
        ones shown now where the network still has them."""
        params = net.layout.params
        param = asked.get("param", self.param)
        if param not in params:
            if "param" in asked:
                raise BackpropError(f"no parameter {param!r}; choose one of {', '.join(params)}")
            param = "w5" if "w5" in params else params[0]
        size = net.batch_size or len(net.samples)
        pick = asked.get("pick", min(self.pick, size - 1))
        if isinstance(pick, bool) or not isinstance(pick, int | np.integer) or not 0 <= pick < size:
            raise BackpropError(
                f"pick must be a whole number from 0 to {size - 1} (a sample of the batch of "
                f"{size}), got {pick!r}"
            )
        return {"param": param, "pick": int(pick)}

    def commit(self, values: dict) -> None:
        """Commit several traits at once; observers hear of revision last."""
        with self.hold_trait_notifications():
            for name, value in values.items():
                setattr(self, name, value)
            self.revision += 1

    def reset(self) -> None:
        """Back to the start: the same points, the starting weights, step 0."""
        self.commit(self._start(self.options))

    # ----------------------------------------------------------------- training
    def advance(self, count: int) -> None:
        """count more updates (bw.train, continuing the cycle of batches); the curves gain
        every update's E_total on the training samples and the test E_total after the last.
        Where training diverges it stops, says why, and Play is switched off."""
        if self.stopped:
            self.commit({"playing": False})
            return
        try:
            run = train(self.net, count, start=self.steps)
        except NumericalError as error:
            self.commit({"stopped": str(error), "playing": False})
            return
        net = run.network
        snapshot = snapshot_of(net, self.train, self.test, self.output, self.extent)
        found = {
            "net": net,
            "steps": self.steps + run.steps,
            "curves": self.curves.extended(run.E_total[1:], snapshot.e_test),
            "snapshot": snapshot,
        }
        if run.stopped:
            found |= {"stopped": run.stopped, "playing": False}
        self.commit(found)

    # ----------------------------------------------------------------- the next batch
    @property
    def output(self) -> str:
        """The output layer: sigmoid, tanh or softmax (see play_data.OUTPUTS)."""
        return self.options["output"]

    @property
    def batch(self) -> list[int]:
        """The training samples (0-based) the next update uses."""
        return batch_indices(self.net, self.steps)

    def batch_net(self) -> Network:
        """The network with the next batch's samples alone, in order: its walkthrough's
        gradients are the next update's, its update is the one Step makes."""
        samples = tuple(self.train[k] for k in self.batch)
        return self.net.with_settings(samples=samples, batch_size=None)

    def sample_net(self) -> Network:
        """The network with one sample of the next batch (pick) alone: its walkthrough is
        that sample's own forward pass, chain rule and gradient."""
        sample = self.train[self.batch[self.pick]]
        return self.net.with_settings(samples=(sample,), batch_size=None)


def _with_loss(changes: dict, options: dict) -> dict:
    """changes, with the new output's default loss if the loss shown does not fit it."""
    if "output" not in changes or "loss" in changes or changes["output"] not in OUTPUTS:
        return changes
    losses = OUTPUTS[changes["output"]].losses
    return changes | {"loss": options["loss"] if options["loss"] in losses else losses[0]}


def _split(options: dict, own: tuple) -> tuple[tuple, tuple]:
    """The training and test samples the options ask for, in the output's target form."""
    kind = OUTPUTS[options["output"]].targets
    if options["data"] == "own":
        yes, no = datasets.TARGETS[kind]
        samples = tuple((point, yes if t[0] > 0 else no) for point, t in own)
        return datasets.split(samples, options["test_fraction"], options["seed"])
    return datasets.load(
        options["data"],
        n=options["n"],
        noise=options["noise"],
        seed=options["seed"],
        test_fraction=options["test_fraction"],
        targets=kind,
    )
