"""Training: one step, N steps (in the background, with progress and stop), and replay."""

from __future__ import annotations

import threading
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from ...core.errors import NumericalError
from ...core.numbers import fmt
from ...core.training import History, train
from .plots import LossCurve
from .style import alert

__all__ = ["MAX_RUN", "Trainer", "joined", "truncated"]

MAX_RUN = 100_000  # steps per press of Train (the history of every step is kept for replay)
FRAMES = 150  # a replay shows about this many frames


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


def truncated(history: History, step: int) -> History:
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


class Trainer(widgets.VBox):
    """Step and Train buttons, progress and Stop, a replay (Play) and the loss curve.

    current() gives the network to train; show(net) puts a network on every panel;
    lock(True) disables the other controls while a run is in the background.
    """

    def __init__(self, current: Callable, show: Callable, lock: Callable, guard: Callable):
        self.current, self.show, self.lock, self.guard = current, show, lock, guard
        self.history: History | None = None
        self.digits = 9  # decimals shown; the explorer sets it
        self._quiet = False
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._make_widgets()
        self.curve = LossCurve()
        self.step_button.on_click(guard(lambda _: self.step(), "Step"))
        self.train_button.on_click(guard(lambda _: self.start(self.steps.value), "Train"))
        self.stop_button.on_click(guard(lambda _: self.stop(), "Stop"))
        self.position.observe(guard(self._moved, "the replay"), "value")
        buttons = widgets.HBox(
            [self.step_button, self.steps, self.train_button, self.stop_button],
            layout={"flex_flow": "row wrap"},
        )
        replay = widgets.HBox([self.play, self.position], layout={"flex_flow": "row wrap"})
        super().__init__([buttons, self.progress, replay, self.message, self.curve.view])
        self.add_class("bw-trainer")
        self.curve.clear()

    def _make_widgets(self) -> None:
        """The buttons, the step count, progress, the replay and the message."""
        self.step_button = widgets.Button(
            description="Step", tooltip="one update of every weight", icon="step-forward"
        )
        self.steps = widgets.BoundedIntText(
            value=10_000, min=1, max=MAX_RUN, description="steps", layout={"width": "12em"}
        )
        self.train_button = widgets.Button(description="Train", icon="play", button_style="primary")
        self.stop_button = widgets.Button(description="Stop", icon="stop", disabled=True)
        self.progress = widgets.IntProgress(
            min=0, max=1, description="training", layout={"display": "none"}
        )
        self.play = widgets.Play(min=0, max=0, interval=60, description="replay", disabled=True)
        self.position = widgets.IntSlider(
            min=0, max=0, description="step", disabled=True, continuous_update=True
        )
        self.link = widgets.jslink((self.play, "value"), (self.position, "value"))
        self.message = widgets.HTML()
        parts = (
            (self.step_button, "step"),
            (self.steps, "setting-steps"),
            (self.train_button, "train"),
            (self.stop_button, "stop"),
            (self.progress, "progress"),
            (self.play, "play"),
            (self.position, "step-slider"),
            (self.message, "message-training"),
        )
        for widget, name in parts:
            widget.add_class(f"bw-{name}")

    def forget(self) -> None:
        """Drop the history (a value or setting was changed by hand)."""
        if self.history is not None:
            self.history = None
            self._replay_range(0)
            self.curve.clear()
        self.message.value = ""

    def step(self) -> None:
        """One update, applied to every control (the post's "after the first round")."""
        self.run(1)

    def run(self, steps: int) -> None:
        """Train steps updates here and now, continuing the history from the current step."""
        self._stop.clear()
        start, net = self._starting_point()
        self._finish(self._train(net, steps, start))

    def start(self, steps: int) -> None:
        """Train in the background, with progress and a Stop button."""
        if self.thread is not None and self.thread.is_alive():
            return
        self._stop.clear()
        start, net = self._starting_point()
        self.progress.max, self.progress.value = steps, 0
        self._running(True)
        self.thread = threading.Thread(
            target=self.guard(self._background, "training"), args=(net, steps, start), daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        """Ask a background run to stop at the next thousand steps."""
        self._stop.set()

    def wait(self) -> None:
        """Wait for a background run to end."""
        if self.thread is not None:
            self.thread.join()

    def _background(self, net, steps: int, start: int) -> None:
        """The body of a background run."""
        try:
            self._finish(self._train(net, steps, start))
        finally:
            self._running(False)

    def _starting_point(self):
        """(steps so far, network to train): the replayed step, dropping any later steps."""
        if self.history is None:
            return 0, self.current()
        self.history = truncated(self.history, self.position.value)
        return self.history.steps, self.current()

    def _train(self, net, steps: int, start: int) -> History | str:
        """A History, or the message of a run that diverged at once."""
        try:
            return train(net, steps, progress=self._progress, start=start)
        except NumericalError as error:
            return str(error)

    def _progress(self, done: int) -> bool:
        """Show progress; False stops training."""
        self.progress.value = done
        return not self._stop.is_set()

    def _finish(self, result: History | str) -> None:
        """Keep the run, go to its last step and say how it went."""
        if isinstance(result, str):
            self.message.value = alert(result)
            return
        made = result.steps
        self.history = joined(self.history, result)
        self._go_to_end()
        if result.stopped:
            note = alert(f"{result.stopped}; shown: the last step that can still be computed.")
        elif self._stop.is_set():
            note = f"Stopped by you after {made:,} steps."
        else:
            note = ""
        self.message.value = self._status(self.history.steps) + (f"<br>{note}" if note else "")

    def _go_to_end(self) -> None:
        """Show the last step; if its own update overflows (a diverged run), the one before."""
        end = self.history.steps
        self._replay_range(end)
        try:
            self._go(end)
        except NumericalError:
            self.history = truncated(self.history, end - 1)
            self._replay_range(end - 1)
            self._go(end - 1)

    def retell(self) -> None:
        """Say again where the replay is (after the decimals shown changed)."""
        if self.history is not None:
            self.message.value = self._status(self.position.value)

    def _status(self, k: int) -> str:
        """Step k of n and E_total there."""
        history = self.history
        return (
            f"step <span class='bw-value-training-step'>{k}</span> of {history.steps}: "
            f"E_total = <span class='bw-value-training-E_total'>"
            f"{fmt(history.E_total[k], self.digits)}</span>"
        )

    def _replay_range(self, steps: int) -> None:
        """Let the replay run over steps updates."""
        self.play.step = max(1, steps // FRAMES)
        for widget in (self.play, self.position):
            widget.max = steps
            widget.disabled = steps == 0

    def _go(self, step: int) -> None:
        """Show the network after step updates and move the replay there."""
        self._show_step(step)
        self._quiet = True
        try:
            self.position.value = step
        finally:
            self._quiet = False

    def _moved(self, change) -> None:
        """The replay moved: every panel shows the network of that step."""
        if not self._quiet and self.history is not None:
            self._show_step(change["new"])

    def _show_step(self, k: int) -> None:
        """Every panel, the loss curve and the message show step k of the history."""
        at_end = k == self.history.steps
        self.show(self.history.network if at_end else self.history.network_at(k))
        self.curve.update(self.history.E_total, k)
        self.curve.caption.value = (
            "<small>Blue: E_total after each step (log scale); orange: the step shown, "
            "which every panel follows. Play replays the run.</small>"
        )
        self.message.value = self._status(k)

    def _running(self, running: bool) -> None:
        """Lock everything but Stop while a background run goes."""
        self.lock(running)
        for widget in (self.step_button, self.train_button, self.steps):
            widget.disabled = running
        self.stop_button.disabled = not running
        self.progress.layout.display = "" if running else "none"
        steps = 0 if self.history is None else self.history.steps
        self.play.disabled = self.position.disabled = running or steps == 0
