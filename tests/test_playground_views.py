"""The playground's widgets in the kernel: the pictures hold the numbers of a NumPy forward
pass written here (and send exactly those), the curves the core's history, the chain rule
the explorer's numbers for the same network and sample; Play and Pause; the diagram's click."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.core import plane
from backprop_widgets.core.numbers import fmt
from backprop_widgets.widgets.play_data import GRID
from backprop_widgets.widgets.views.panels import two_rows
from backprop_widgets.widgets.views.play_curves import POINTS

from . import reference
from .test_playground import outputs


def floats(data: bytes) -> np.ndarray:
    """What the browser reads: little-endian float32."""
    return np.frombuffer(data, dtype="<f4")


def grid_of(playground) -> np.ndarray:
    return plane.grid_points(playground.state.extent, GRID)


@pytest.mark.parametrize("output", ["sigmoid", "softmax", "tanh"])
def test_the_decision_picture_is_the_output_over_the_plane(output):
    playground = bw.Playground(data="xor", output=output, noise=0.1)
    playground.frame()
    net, picture = playground.state.net, playground.decision.picture
    out = outputs(net, grid_of(playground))[-1]
    want = (out[:, 1] if output == "softmax" else out[:, 0]).reshape(GRID, GRID)
    np.testing.assert_allclose(picture.grid, want, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(floats(picture.values), want.astype(np.float32).ravel())
    assert picture.cols == GRID and picture.extent == list(playground.state.extent)
    middle = {"sigmoid": 0.5, "softmax": 0.5, "tanh": 0.0}[output]
    assert picture.scale[1] == middle
    segments = plane.boundary(want, middle, playground.state.extent)
    np.testing.assert_allclose(picture.segments_array, segments, rtol=1e-12)
    np.testing.assert_array_equal(floats(picture.segments), segments.astype(np.float32).ravel())
    share = float(np.mean(want > middle))
    words = f"calls {100 * share:.0f}% of the plane positive (blue) and {100 - 100 * share:.0f}%"
    assert words in picture.label and words in playground.decision.caption.value


def test_the_points_are_drawn_with_their_class_and_set_and_the_chosen_sample_ringed():
    playground = bw.Playground(data="circle", test_fraction=0.25)
    playground.propose(pick=4)
    state, picture = playground.state, playground.decision.picture
    rows = picture.points_array
    assert len(rows) == 200 and rows[:, 3].sum() == 50  # the test points come last
    for row, (point, targets) in zip(rows, (*state.train, *state.test), strict=True):
        assert tuple(row[:2]) == point and row[2] == (targets == (1.0,))
    np.testing.assert_array_equal(floats(picture.points), rows.astype(np.float32).ravel())
    assert picture.highlight == list(state.train[4][0])  # the 5th sample of the first batch
    playground.step()  # the next batch: points 11-20
    assert picture.highlight == list(state.train[14][0])


def test_every_hidden_neuron_has_its_own_picture():
    playground = bw.Playground(data="gauss", hidden=(3, 2), activation="sigmoid")
    playground.frame()
    net = playground.state.net
    outs = outputs(net, grid_of(playground))
    assert list(playground.neurons.pictures) == ["h1_1", "h1_2", "h1_3", "h2_1", "h2_2"]
    for name, picture in playground.neurons.pictures.items():
        layer = net.layout.layer_of[name]
        want = outs[layer][:, net.layout.layers[layer].index(name)].reshape(GRID, GRID)
        np.testing.assert_allclose(picture.grid, want, rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(floats(picture.values), want.astype(np.float32).ravel())
        assert picture.scale == [0.0, 0.5, 1.0]  # sigmoid
        low, high = fmt(want.min(), 2), fmt(want.max(), 2)
        assert f"from {low} (orange) to {high} (blue)" in picture.label
        assert f"above 0.5 on {100 * np.mean(want > 0.5):.0f}% of the plane" in picture.label
    playground.propose(hidden=(2,), activation="relu")
    assert list(playground.neurons.pictures) == ["h1", "h2"]
    values = playground.neurons.pictures["h1"].grid
    top = float(np.abs(values).max()) or 1.0
    assert playground.neurons.pictures["h1"].scale == [-top, 0.0, top]
    playground.propose(hidden="")
    assert playground.neurons.pictures == {} and "No hidden layer" in str(
        playground.neurons.children[0].value
    )


def test_the_loss_curves_are_the_cores_history():
    playground = bw.Playground(data="xor", lr=0.1)
    start = playground.state.net
    for _ in range(3):
        playground.frame()
    run = bw.train(start, 60)
    steps, values = playground.curve_view.train_line
    np.testing.assert_array_equal(steps, np.arange(61))
    np.testing.assert_array_equal(values, run.E_total)
    test_steps, test_values = playground.curve_view.test_line
    assert test_steps.tolist() == [0, 20, 40, 60]
    expected = [fmt(v, 4) for v in (run.E_total[-1], test_values[-1])]
    caption = playground.curve_view.caption.value
    assert (
        f"bw-play-e-train'>{expected[0]}<" in caption
        and f"bw-play-e-test'>{expected[1]}<" in caption
    )
    # the drawn polyline, read back through the axes, is the history
    svg = playground.curve_view.image.value
    drawn = re.search(r'<polyline points="([^"]+)"[^>]*bw-play-train-line', svg).group(1)
    xy = np.array([[float(v) for v in p.split(",")] for p in drawn.split()])
    axes = playground.curve_view.axes
    back = [axes.data_y(y) for y in xy[:, 1]]
    np.testing.assert_allclose(back, run.E_total, atol=(axes.y_high - axes.y_low) / 2000)
    for _ in range(30):  # a long run is thinned to POINTS, the first and last kept
        playground.frame()
    steps, values = playground.curve_view.train_line
    assert len(steps) == POINTS and steps[0] == 0 and steps[-1] == 660
    np.testing.assert_array_equal(values, playground.state.curves.train[steps])


def test_the_chain_rule_and_gradient_are_the_explorers_for_the_same_network_and_sample():
    playground = bw.Playground(data="xor", regularization="L2", lam=0.01, batch_size=8)
    for _ in range(3):
        playground.step()
    playground.propose(param="w5", pick=3)
    state, chain = playground.state, playground.chain
    sample_net, batch_net = state.sample_net(), state.batch_net()
    assert sample_net.samples == (state.train[3 * 8 + 3],)
    explorer = bw.Explorer(sample_net)
    explorer.propose(param="w5")
    shown = explorer.derivation.math.value
    sample_lines = chain.lines[:-2]  # the sample's chain rule (then the mean, the update)
    assert len(sample_lines) > 5 and any("E_{reg}" in line for line in sample_lines)
    for line in sample_lines:
        assert f"$${two_rows(line)}$$" in shown and f"$${two_rows(line)}$$" in chain.math.value
    assert chain.values["gradients"]["w5"] == explorer.state.step["gradients"]["w5"]
    batch_explorer = bw.Explorer(batch_net)
    batch_explorer.propose(param="w5")
    batch = batch_explorer.state.step
    assert f"$${two_rows(chain.lines[-1])}$$" in batch_explorer.derivation.math.value
    assert chain.batch_values["gradients"] == batch["gradients"]
    gradient = fmt(batch["gradients"]["w5"])
    assert f"bw-play-batch-gradient'>{gradient}<" in chain.math.value
    assert chain.lines[-2].endswith(f"= {gradient}")  # the mean of the batch's gradients
    # ...which is the mean of the samples' gradients by the NumPy reference
    each = [reference.gradients(batch_net, s)[1]["w5"] for s in batch_net.samples]
    assert batch["gradients"]["w5"] == pytest.approx(np.mean(each), rel=1e-12)
    # and Step applies exactly that update
    w5_next = batch["updated"]["w5"]
    playground.step()
    assert state.net.params["w5"] == pytest.approx(w5_next, rel=1e-14)


def test_a_click_in_the_diagram_chooses_the_parameter_and_the_diagram_shows_the_sample():
    playground = bw.Playground()
    flow = playground.flow
    assert flow.chosen == "w5" and flow.model["label"] == "2-4-4-1"
    values = bw.walkthrough(playground.state.sample_net())
    texts = {e["id"]: e["text"] for e in flow.model["edges"]}
    assert texts["w9"]["backward"] == f"w9 {fmt(values['gradients']['w9'])}"
    flow.chosen = "w9"  # what a click on the edge w9 sends
    assert playground.state.param == "w9" and playground.chain.chooser.value == "w9"
    assert "\\partial w_{9}" in playground.chain.math.value
    playground.chain.chooser.value = "b_h2_1"  # the drop-down does the same
    assert flow.chosen == "b_h2_1" and playground.state.param == "b_h2_1"


def test_play_makes_frames_only_while_playing_and_pause_stops_at_once():
    playground = bw.Playground()
    ticker = playground.ticker
    ticker.tick = 1  # a request left over from before Play: nothing happens
    assert playground.state.steps == 0 and ticker.done == 1
    playground.play()
    assert ticker.playing and playground.step_button.disabled
    ticker.tick = 2
    ticker.tick = 3
    assert playground.state.steps == 40 and ticker.done == 3
    assert "Playing: press Pause" in playground.chain.math.value  # typeset when paused
    assert "Playing: the diagram shows update 0" in playground.flow_note.value
    ticker.playing = False  # Pause, from the browser
    assert not playground.state.playing and not playground.step_button.disabled
    ticker.tick = 4
    assert playground.state.steps == 40
    assert "Update 41 (the next Step)" in playground.chain.math.value


def test_divergence_is_said_in_the_status_line_and_play_stops():
    playground = bw.Playground(regularization="L2", lam=1, lr=3)
    playground.play()
    playground.ticker.tick = 1
    assert not playground.ticker.playing
    status = playground.status.value
    assert "role='alert'" in status and "training diverged at step" in status
    assert playground.error.value == ""


@pytest.mark.parametrize(
    ("name", "typed", "says"),
    [
        ("lr", "abc", "lr must be a finite number, got 'abc'; learning rate stays 0.1"),
        ("lr", "-1", "must be positive, got -1.0; learning rate stays 0.1"),
        ("hidden", "4,9", "hidden layers must be up to 4 sizes from 1 to 8"),
        ("n", "5", "n (how many points) must be from 10 to 1000, got 5; points stays 200"),
        ("n", "many", "'many' is not a number; points stays 200"),
        ("seed", "1.5", "it must be a whole number, got 1.5; seed stays 0"),
        ("lam", "-2", "must be 0 or more"),
    ],
)
def test_a_bad_entry_is_refused_beside_its_control(name, typed, says):
    playground = bw.Playground()
    if name == "lam":
        playground.propose(regularization="L2")
    before = playground.state.net
    control = playground.controls[name]
    old = control.value
    control.value = typed
    message = playground.panels[_group(name)].fields[name].message
    assert says in html.unescape(message.value) and "role='alert'" in message.value
    assert message.layout.display == ""
    assert control.value == old and playground.state.net is before


def _group(name: str) -> str:
    return {"lr": "training", "lam": "training", "hidden": "network"}.get(name, "data")


def test_a_csv_file_of_your_own_points(tmp_path):
    playground = bw.Playground()
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,target\n0.5,1.0,1\n0.5,oops,0\n")
    playground.csv.value = str(bad)
    message = html.unescape(playground.csv_message.value)
    assert "bad.csv, line 3, column 2 must be a finite number, got 'oops'" in message
    assert message.endswith("; the points stay as they were</span>")
    assert playground.state.options["data"] == "circle"
    playground.csv.value = str(tmp_path / "missing.csv")
    assert "no file" in playground.csv_message.value
    good = tmp_path / "mine.csv"
    rows = [(x, y, int(x > y)) for x in range(-3, 4) for y in range(-3, 4)]
    good.write_text("x,y,target\n" + "".join(f"{x},{y},{t}\n" for x, y, t in rows))
    playground.csv.value = str(good)
    assert playground.csv_message.layout.display == "none"
    state = playground.state
    assert state.options["data"] == "own" and len(state.train) + len(state.test) == 49
    data = playground.controls["data"]
    assert data.value == "own" and ("your points", "own") in data.options
    assert playground.controls["n"].disabled and playground.controls["noise"].disabled


def test_the_playground_is_public_and_says_what_it_shows():
    assert "Playground" in bw.__all__
    playground = bw.Playground(data="spiral", hidden=(6, 6))
    assert repr(playground).startswith("Playground(spiral, 2-6-6-1, 0 updates: training E_total")
    assert playground.OPTIONS[:3] == ("data", "n", "noise")
    assert playground.error.value == ""
