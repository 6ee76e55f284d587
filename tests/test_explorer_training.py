"""The explorer's training panel: Step, Train (here and in the background), Stop, replay."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt
from backprop_widgets.widgets.explorer import Explorer


def text(widget) -> str:
    """The text of an HTML widget."""
    return html.unescape(re.sub("<[^>]+>", "", widget.value))


def number(explorer: Explorer, css: str) -> str:
    """One shown number, by its bw-value-* class (table, values panel, training message)."""
    panels = explorer.table.value + explorer.values_panel.value + explorer.trainer.message.value
    return re.search(rf"""class=["'][^"']*\b{css}\b[^"']*["']>([^<]*)<""", panels).group(1)


@pytest.fixture
def explorer() -> Explorer:
    return Explorer()


def test_the_step_button_reaches_the_post_s_first_round(explorer):
    updated = bw.walkthrough(explorer.net)["updated"]
    explorer.trainer.step_button.click()
    assert number(explorer, "bw-value-forward-E_total") == "0.291027774"
    assert number(explorer, "bw-value-training-E_total") == "0.291027774"
    assert number(explorer, "bw-value-training-step") == "1"
    assert explorer.controls["w5"].value == updated["w5"]
    assert explorer.controls["w5"].entry.value == "0.35891648"
    assert explorer.history.steps == 1


def test_steps_are_the_core_s_training(explorer):
    for _ in range(3):
        explorer.step()
    assert explorer.net.params == bw.train(bw.tutorial(), 3).network.params


def test_steps_with_momentum_carry_the_velocity(explorer):
    explorer.settings["momentum"].value = True
    explorer.step()
    explorer.step()
    core = bw.train(explorer.history.network_at(0), 2).network
    assert explorer.net.params == core.params
    assert explorer.net.velocity == core.velocity


def test_a_step_with_trained_biases_moves_them(explorer):
    explorer.settings["train_biases"].value = True
    explorer.step()
    assert explorer.controls["b1"].value != 0.35
    assert (
        explorer.net.params
        == bw.train(bw.tutorial().with_settings(train_biases=True), 1).network.params
    )


def test_train_n_steps_is_the_core_s_history(explorer):
    explorer.train(10_000)
    core = bw.train(bw.tutorial(), 10_000)
    assert np.array_equal(explorer.history.E_total, core.E_total)
    assert explorer.net.params == core.network.params
    assert number(explorer, "bw-value-training-step") == "10000"
    assert number(explorer, "bw-value-forward-E_total") == fmt(core.E_total[-1])
    assert number(explorer, "bw-value-forward-out_o1") == fmt(core.outputs[-1, 0, 0])
    assert explorer.trainer.position.max == 10_000


def test_training_continues_the_history(explorer):
    explorer.train(20)
    explorer.step()
    assert explorer.history.steps == 21
    assert np.array_equal(explorer.history.E_total, bw.train(bw.tutorial(), 21).E_total)


def test_the_replay_moves_every_panel(explorer):
    explorer.train(100)
    history = explorer.history
    explorer.trainer.position.value = 40
    at_40 = history.network_at(40)
    assert explorer.net.params == at_40.params
    assert explorer.controls["w5"].value == at_40["w5"]
    assert number(explorer, "bw-value-forward-E_total") == fmt(history.E_total[40])
    assert number(explorer, "bw-value-training-step") == "40"
    assert explorer.trainer.curve.marker == (40, history.E_total[40])
    assert explorer.history is history  # replaying keeps the run


def test_play_steps_the_replay_slider(explorer):
    replay = explorer.trainer.position
    assert replay.play and replay.disabled  # nothing to replay yet
    explorer.train(300)
    assert not replay.disabled
    assert (replay.min, replay.max, replay.step) == (0, 300, 1)
    assert replay.play_step == 2  # about 150 frames
    assert replay.value_text == "step 300 of 300"


def test_a_step_from_a_replayed_point_drops_the_later_steps(explorer):
    explorer.train(10)
    explorer.trainer.position.value = 4
    explorer.step()
    assert explorer.history.steps == 5
    assert explorer.net.params == bw.train(bw.tutorial(), 5).network.params


def test_changing_a_value_by_hand_forgets_the_run(explorer):
    explorer.train(5)
    explorer.controls["w5"].value = 0.2
    assert explorer.history is None
    assert explorer.trainer.position.disabled and explorer.trainer.position.max == 0
    assert explorer.trainer.message.value == ""


def test_the_browser_snapping_trained_values_back_keeps_the_run(explorer):
    explorer.step()
    w5 = explorer.net["w5"]
    explorer.controls["w5"].slider.value = 0.36  # the slider shows 0.358916... on its 0.01 grid
    assert explorer.net["w5"] == w5
    assert explorer.history is not None


def test_the_train_button_runs_in_the_background_with_progress(explorer):
    seen = []
    trainer = explorer.trainer
    progress = trainer._progress

    def watch(done):
        seen.append((done, trainer.stop_button.disabled, explorer.controls["w5"].slider.disabled))
        return progress(done)

    trainer._progress = watch
    trainer.steps.value = 3000
    trainer.train_button.click()
    trainer.wait()
    assert [s[0] for s in seen] == [1000, 2000, 3000]
    assert all(not stop_disabled and locked for _, stop_disabled, locked in seen)
    assert explorer.history.steps == 3000
    assert trainer.progress.value == 3000 and trainer.progress.layout.display == "none"
    assert trainer.stop_button.disabled
    assert not explorer.controls["w5"].slider.disabled
    assert explorer.net.params == bw.train(bw.tutorial(), 3000).network.params


def test_stop_ends_a_long_run(explorer):
    trainer = explorer.trainer
    progress = trainer._progress

    def press_stop_at_2000(done):
        if done == 2000:
            trainer.stop_button.click()
        return progress(done)

    trainer._progress = press_stop_at_2000
    trainer.steps.value = 100_000
    trainer.train_button.click()
    trainer.wait()
    assert explorer.history.steps == 2000
    assert "Stopped by you after 2,000 steps" in text(trainer.message)
    assert explorer.error.value == ""


def test_training_that_diverges_stops_and_says_so(explorer):
    explorer.settings["activation_hidden"].value = "linear"
    explorer.settings["activation_output"].value = "linear"
    explorer.controls["lr"].value = 20
    explorer.train(100)
    message = text(explorer.trainer.message)
    assert "training diverged" in message and "try a smaller learning rate" in message
    assert explorer.history.steps < 100
    assert explorer.error.value == ""
    assert np.isfinite(explorer.history.E_total).all()
    assert number(explorer, "bw-value-forward-E_total") == fmt(explorer.history.E_total[-1])
    assert "nan" not in explorer.table.value.lower() and "inf" not in explorer.table.value


def test_a_training_error_shows_in_the_widget(explorer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the core broke")

    monkeypatch.setattr("backprop_widgets.widgets.state.train", broken)
    explorer.trainer.train_button.click()
    explorer.trainer.wait()
    assert "RuntimeError: the core broke" in text(explorer.error)
    assert explorer.error.layout.display != "none"
    assert not explorer.trainer.train_button.disabled  # the explorer stays usable


def test_the_loss_curve_labels_its_axis_even_within_one_decade():
    from backprop_widgets.widgets.views.plots import LossCurve

    curve = LossCurve()
    decades = ["0.0001", "0.001", "0.01", "0.1"]  # E_total goes from 0.298 to 0.0000351
    for steps, labels in ((1, ["0.24", "0.29", "0.36"]), (10_000, decades)):
        e_total = bw.train(bw.tutorial(), steps).E_total
        curve.update(np.asarray(e_total), steps)
        shown = re.findall(r'class="bw-tick-y bw-svg-end">([^<]*)<', curve.image.value)
        assert shown == labels
        low, high = curve.axes.y_low, curve.axes.y_high
        assert low < e_total.min() and e_total.max() < high  # the whole run is in view
        assert all(low <= float(label) <= high for label in shown)  # every tick in view
