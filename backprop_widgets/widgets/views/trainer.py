"""Training: one step, N steps (in the background, with progress and stop), and replay."""

from __future__ import annotations

import threading
from collections.abc import Callable

import ipywidgets as widgets

from ...core.errors import BackpropError, NumericalError
from ...core.numbers import fmt
from ...core.training import History
from ..bind import Field, alert
from ..state import State
from .plots import LossCurve
from .range_input import RangeInput

__all__ = ["MAX_RUN", "Trainer"]

MAX_RUN = 100_000  # steps per press of Train (the history of every step is kept for replay)
FRAMES = 150  # a replay shows about this many frames


class Trainer(widgets.VBox):
    """Step and Train buttons, progress and Stop, a replay (a slider with Play) and the loss
    curve.

    Training goes through the state (state.train); the replay moves the state to a step of
    the run (state.go_to); while a run is in the background the state is busy.
    """

    def __init__(self, state: State, guard: Callable):
        self.state, self.guard = state, guard
        self.thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._make_widgets()
        self.curve = LossCurve()
        self.step_button.on_click(guard(lambda _: self.step(), "Step"))
        self.train_button.on_click(guard(lambda _: self.start(self.steps.value), "Train"))
        self.stop_button.on_click(guard(lambda _: self.stop(), "Stop"))
        self.replay = Field(self.position, self._moved, "the replay", guard, where="the replay")
        buttons = widgets.HBox(
            [self.step_button, self.steps, self.train_button, self.stop_button],
            layout={"flex_flow": "row wrap"},
        )
        parts = [buttons, self.progress, self.position, self.message, self.replay.message]
        super().__init__([*parts, self.curve.view])
        self.add_class("bw-trainer")
        self.note = ""  # how the last run ended, said under the step counter
        self.curve.clear()
        state.observe(guard(self._follow, "training"), ["history", "position", "digits"])

    @property
    def history(self) -> History | None:
        """The state's training run."""
        return self.state.history

    def _make_widgets(self) -> None:
        """The buttons, the step count, progress, the replay and the message."""
        self.step_button = widgets.Button(
            description="Step", tooltip="one update of every weight", icon="step-forward"
        )
        self.steps = widgets.BoundedIntText(
            value=10_000, min=1, max=MAX_RUN, description="steps", layout={"width": "12em"}
        )
        self.train_button = widgets.Button(
            description="Train",
            tooltip="train the number of steps set, in the background",
            icon="play",
            button_style="primary",
        )
        self.stop_button = widgets.Button(
            description="Stop", tooltip="stop training", icon="stop", disabled=True
        )
        self.progress = widgets.IntProgress(
            min=0, max=1, description="training", layout={"display": "none"}
        )
        self.position = RangeInput(
            min=0,
            max=0,
            step=1,
            description="replay: step",
            tooltip="the step of the run every panel shows; Play walks through the run",
            play=True,
            interval=60,
            disabled=True,
            layout={"width": "100%"},
        )
        self.message = widgets.HTML()
        parts = (
            (self.step_button, "step"),
            (self.steps, "setting-steps"),
            (self.train_button, "train"),
            (self.stop_button, "stop"),
            (self.progress, "progress"),
            (self.position, "step-slider"),
            (self.message, "message-training"),
        )
        for widget, name in parts:
            widget.add_class(f"bw-{name}")

    def step(self) -> None:
        """One update, applied to every control (the post's "after the first round")."""
        self.run(1)

    def run(self, steps: int) -> None:
        """Train steps updates here and now, continuing the run from the step shown."""
        self._stop.clear()
        self._finish(self._train(steps))

    def start(self, steps: int) -> None:
        """Train in the background, with progress and a Stop button."""
        if self.thread is not None and self.thread.is_alive():
            return
        self._stop.clear()
        self.progress.max, self.progress.value = steps, 0
        self._running(True)
        self.thread = threading.Thread(
            target=self.guard(self._background, "training"), args=(steps,), daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        """Ask a background run to stop at the next thousand steps."""
        self._stop.set()

    def wait(self) -> None:
        """Wait for a background run to end."""
        if self.thread is not None:
            self.thread.join()

    def _background(self, steps: int) -> None:
        """The body of a background run."""
        try:
            self._finish(self._train(steps))
        finally:
            self._running(False)

    def _train(self, steps: int) -> History | str:
        """The new run, or the message of a run that diverged at once."""
        try:
            return self.state.train(steps, progress=self._progress)
        except NumericalError as error:
            return str(error)

    def _progress(self, done: int) -> bool:
        """Show progress; False stops training."""
        self.progress.value = done
        return not self._stop.is_set()

    def _finish(self, result: History | str) -> None:
        """Say how the run went (the state already shows its last step)."""
        if isinstance(result, str):
            self.note = alert(result)
        elif result.stopped:
            self.note = alert(f"{result.stopped}; shown: the last step that can still be computed.")
        elif self._stop.is_set():
            self.note = f"Stopped by you after {result.steps:,} steps."
        else:
            self.note = ""
        self._follow()

    def _moved(self, position: float) -> None:
        """The replay moved: every panel shows the network of that step."""
        if self.history is None:
            raise BackpropError("nothing to replay yet: press Step or Train")
        self.state.go_to(round(position))

    def _follow(self, _change=None) -> None:
        """The replay, the loss curve and the message show the state's run and step."""
        history, k = self.history, self.state.position
        steps = 0 if history is None else history.steps
        self.position.play_step = max(1, steps // FRAMES)
        self.position.max = steps
        self.replay.show(k)
        self.position.value_text = f"step {k} of {steps}"
        self._running(self.state.busy)
        if history is None:
            self.curve.clear()
            self.message.value, self.note = self.note, ""
            return
        self.curve.update(history.E_total, k)
        self.curve.caption.value = (
            "<small>Blue line: E_total after each step (log scale); orange dot and dotted "
            "line: the step shown, which every panel follows. Play replays the run.</small>"
        )
        status = (
            f"step <span class='bw-value-training-step'>{k}</span> of {history.steps}: "
            f"E_total = <span class='bw-value-training-E_total'>"
            f"{fmt(history.E_total[k], self.state.digits)}</span>"
        )
        self.message.value = status + (f"<br>{self.note}" if self.note else "")
        self.note = ""  # said once: a replay or another change shows the step alone

    def _running(self, running: bool) -> None:
        """Lock everything but Stop while a background run goes."""
        if self.state.busy != running:
            self.state.busy = running
        for widget in (self.step_button, self.train_button, self.steps):
            widget.disabled = running
        self.stop_button.disabled = not running
        self.progress.layout.display = "" if running else "none"
        steps = 0 if self.history is None else self.history.steps
        self.position.disabled = running or steps == 0
