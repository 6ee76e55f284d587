"""The one state behind the widgets: the network, its step, the training history, and what
the learner chose to look at. Views observe it and propose changes to it.

>>> from backprop_widgets.widgets.state import State
>>> state = State()
>>> state.propose(w5=0.3)                      # checked by the core, then committed
>>> round(state.step["gradients"]["w5"], 9)
0.08331494
>>> state.propose(lr=0)                        # doctest: +ELLIPSIS
Traceback (most recent call last):
backprop_widgets.core.errors.BackpropError: lr (the learning rate, eta) must be positive, got 0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from traitlets import Bool, Dict, HasTraits, Instance, Int, Unicode

from ..core.errors import BackpropError, NumericalError
from ..core.network import Network, tutorial
from ..core.numbers import DIGITS
from ..core.settings import SETTINGS, setting
from ..core.step import walkthrough
from ..core.training import History, train

__all__ = ["EDGE_MODES", "VIEW_OPTIONS", "ShowsState", "State", "joined"]

EDGE_MODES = {"weight": "params", "gradient": "gradients"}  # what the diagram's edges show
SETTING_NAMES = {s.name for s in SETTINGS}


def _digits(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 1 <= value <= 15:
        raise BackpropError(f"decimals shown must be a whole number from 1 to 15, got {value!r}")
    return int(value)


def _edges(value: Any) -> str:
    if value not in EDGE_MODES:
        raise BackpropError(f"edges show one of: {', '.join(EDGE_MODES)}; got {value!r}")
    return value


VIEW_OPTIONS: dict[str, Callable[[Any], Any]] = {"digits": _digits, "edges": _edges}


def joined(first: History | None, more: History) -> History:
    """first followed by more (which starts where first ends)."""
    if first is None:
        return more
    return History(
        more.network,
        np.concatenate([first.E_total, more.E_total[1:]]),
        np.concatenate([first.outputs, more.outputs[1:]]),
        np.concatenate([first.params, more.params[1:]]),
        more.param_names,
        more.stopped,
    )


def _truncated(history: History, step: int) -> History:
    """The first step updates of history (velocities are not kept per step)."""
    if step == history.steps:
        return history
    return History(
        history.network_at(step),
        history.E_total[: step + 1],
        history.outputs[: step + 1],
        history.params[: step + 1],
        history.param_names,
    )


class State(HasTraits):
    """What every view shows, in one place (see the module's example).

    rules: checks a network must also pass here, e.g. that the explorer can show it; each
    takes (net, step) and raises BackpropError to refuse.
    """

    net = Instance(Network, help="the network shown")
    step = Dict(help="walkthrough(net): every value of the step shown")
    history = Instance(History, allow_none=True, help="what training did so far, or None")
    position = Int(0, help="the step of the history shown (the replay)")
    param = Unicode("w5", help="the parameter whose derivation and loss slice are shown")
    digits = Int(DIGITS, help="decimals shown")
    edges = Unicode("weight", help="what the diagram's edges show: weight or gradient")
    busy = Bool(False, help="a background run is under way: the inputs wait")
    revision = Int(0, help="counts the commits; changes last in each, after everything else")

    def __init__(self, net: Network | None = None, rules: Iterable[Callable] = (), **kwargs):
        net = net if net is not None else tutorial()
        if not isinstance(net, Network):
            raise BackpropError(f"give a Network (e.g. bw.tutorial()), got {net!r}")
        self.rules = tuple(rules)
        step = self._checked(net)
        super().__init__(net=net, step=step, param=_chosen(net, "w5"), **kwargs)

    def _checked(self, net: Network) -> dict:
        """The step of net, if net passes the rules (walkthrough may refuse it too)."""
        step = walkthrough(net)
        for rule in self.rules:
            rule(net, step)
        return step

    def propose(self, **changes: Any) -> None:
        """Values (w5=0.3), settings (loss="cross_entropy") and view options (digits=6,
        edges, param): all checked first, then committed together; or BackpropError saying
        why, and nothing changes. A change of values or settings forgets the training run."""
        view = {}
        values, settings = {}, {}
        for name, value in changes.items():
            if name in VIEW_OPTIONS:
                view[name] = VIEW_OPTIONS[name](value)
            elif name == "param":
                view[name] = value
            elif name in SETTING_NAMES:
                settings[name] = value
            elif name in self.net.names or name == "mu":
                values[name] = value
            else:
                raise BackpropError(
                    f"{self.net.unknown(name)}; settings: {', '.join(sorted(SETTING_NAMES))}"
                )
        net = self.net.with_settings(**settings) if settings else self.net
        net = net.with_params(**values) if values else net
        if "param" in view and view["param"] not in net.layout.params:
            raise BackpropError(
                f"no parameter {view['param']!r}; choose one of {', '.join(net.layout.params)}"
            )
        if net is self.net:
            self.commit(view)
            return
        step = self._checked(net)
        view.setdefault("param", _chosen(net, self.param))
        self.commit({"history": None, "position": 0, "net": net, "step": step} | view)

    def commit(self, values: dict) -> None:
        """Commit several traits at once; observers hear of each once, afterwards, and of
        revision last."""
        with self.hold_trait_notifications():
            for name, value in values.items():
                setattr(self, name, value)
            self.revision += 1

    def reset(self) -> None:
        """The shape's default values (the post's for 2-2-2), lr 0.5; settings stay."""
        net = self.net.with_settings(seed="0")
        mu = {"mu": setting("momentum").on} if self.net.momentum else {}
        self.propose(**net.values | {"lr": setting("lr").default} | mu)

    def train(self, steps: int, progress: Callable[[int], bool] | None = None) -> History:
        """steps updates from the step shown (later steps of a replayed run are dropped);
        the state then shows the last step that can be computed. Returns the new run."""
        start, history = 0, self.history
        if history is not None:
            history = _truncated(history, self.position)
            start = history.steps
        run = train(self.net, steps, progress=progress, start=start)
        history = joined(history, run)
        end = history.steps
        try:
            self._show(history, end)
        except NumericalError:  # the last state's own step overflows: show the one before
            history = _truncated(history, end - 1)
            self._show(history, end - 1)
        return run

    def go_to(self, position: int) -> None:
        """Show the network after that many updates of the run (the replay)."""
        if self.history is None or not 0 <= position <= self.history.steps:
            raise BackpropError("no training run to replay there: press Step or Train first")
        self._show(self.history, position)

    def _show(self, history: History, position: int) -> None:
        """Show step position of history, keeping the run."""
        at_end = position == history.steps
        net = history.network if at_end else history.network_at(position)
        step = walkthrough(net)
        self.commit({"history": history, "position": position, "net": net, "step": step})


def _chosen(net: Network, wanted: str) -> str:
    """The parameter to show: the one wanted if this network has it, else w5 or the first."""
    params = net.layout.params
    return wanted if wanted in params else ("w5" if "w5" in params else params[0])


class ShowsState:
    """What a widget built on a State reads out of it."""

    state: State

    @property
    def net(self) -> Network:
        """The network shown now."""
        return self.state.net

    @property
    def values(self) -> dict:
        """Every value of the step shown (the walkthrough of net)."""
        return self.state.step

    @property
    def history(self) -> History | None:
        """What training did so far (None before the first step)."""
        return self.state.history
