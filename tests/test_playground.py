"""The playground's state, against independent computations: training equals bw.train on
the same network, the curves are the core's history and a NumPy forward pass over the test
points, accuracy and the plane's shares are counted by hand, and every bad option is refused
with nothing changed."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.core import plane
from backprop_widgets.widgets import play_data, play_state
from backprop_widgets.widgets.play_state import PlayState

from . import reference


def outputs(net, points: np.ndarray) -> list[np.ndarray]:
    """Every layer's out for many points at once (rows), in NumPy from the textbook
    equations: out = f(W out_before + b); the weights read by tests/reference.matrices."""
    ws, bs = reference.matrices(net)
    outs = [np.asarray(points, float)]
    for layer, (w, b) in enumerate(zip(ws, bs, strict=True)):
        z = outs[-1] @ w.T + b
        if net.activation[layer] == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            outs.append(e / e.sum(axis=1, keepdims=True))
        else:
            outs.append(reference.ACTIVATIONS[net.activation[layer]][0](z))
    return outs


def mean_error(net, samples) -> float:
    """E_total averaged over the samples, with the penalty E_reg (tests/reference.py)."""
    points = np.array([s[0] for s in samples])
    targets = np.array([s[1] for s in samples])
    out = outputs(net, points)[-1]
    each = [reference.loss(net.loss, t, a)[0] for t, a in zip(targets, out, strict=True)]
    return float(np.mean(each)) + reference.penalty(net, reference.matrices(net)[0])[0]


def test_the_docstring_examples_run():
    for module in (plane, play_data, play_state):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_it_starts_with_tensorflow_playgrounds_choices_on_the_circle_but_lr_0_1():
    state = PlayState()
    net = state.net
    assert net.layout.label == "2-4-4-1" and net.activation == ("tanh", "tanh", "sigmoid")
    settings = (net.loss, net.lr, net.batch_size, net.regularization)
    assert settings == ("cross_entropy", 0.1, 10, "none")
    assert net.bias_mode == "per_neuron" and net.train_biases
    train, test = bw.datasets.load("circle", 200, 0.0, 0, test_fraction=0.3)
    assert state.train == train == net.samples and state.test == test
    start = bw.tutorial().with_settings(
        sizes=(2, 4, 4, 1), activation=("tanh", "sigmoid"), loss="cross_entropy",
        bias_mode="per_neuron", train_biases=True, samples=train, batch_size=10, seed="0",
    ).with_params(lr=0.1)  # fmt: skip
    assert net.params == start.params
    assert state.steps == 0 and state.curves.train.tolist() == [bw.train(start, 0).E_total[0]]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"data": "xor", "batch_size": 7, "regularization": "L2", "lam": 0.01, "lr": 0.1},
        {"data": "gauss", "output": "softmax", "hidden": (3,), "batch_size": 140},
        {"data": "spiral", "output": "tanh", "activation": "relu", "regularization": "L1"},
    ],
    ids=["circle", "xor-L2", "gauss-softmax-full-batch", "spiral-tanh-L1"],
)
def test_training_equals_bw_train_on_the_same_network(options):
    state = PlayState(**options)
    start = state.net
    for count in (20, 1, 20, 3, 13):  # frames and single steps, across the cycle of batches
        state.advance(count)
    run = bw.train(start, 57)
    assert state.steps == 57 and state.net.params == run.network.params
    np.testing.assert_array_equal(state.curves.train, run.E_total)
    for k in (0, 21, 57):  # the core's E_total is the mean over the training points
        assert run.E_total[k] == pytest.approx(
            mean_error(run.network_at(k), state.train), rel=1e-12
        )


def test_the_test_curve_is_the_test_error_after_every_frame():
    state = PlayState(data="xor", regularization="L2", lam=0.003)
    start = state.net
    for count in (20, 20, 5):
        state.advance(count)
    assert state.curves.test_steps.tolist() == [0, 20, 40, 45]
    run = bw.train(start, 45)
    expected = [mean_error(run.network_at(k), state.test) for k in (0, 20, 40, 45)]
    np.testing.assert_allclose(state.curves.test, expected, rtol=1e-12)
    assert state.snapshot.e_test == state.curves.test[-1]


def test_the_snapshot_holds_every_neuron_over_the_grid_and_the_counts():
    state = PlayState(data="gauss", noise=0.3, output="softmax")
    state.advance(40)
    shot, net = state.snapshot, state.net
    grid = plane.grid_points(state.extent, play_data.GRID)
    outs = outputs(net, grid)
    names = [n for layer in net.layout.layers[1:] for n in layer]
    layers = [
        (net.layout.layer_of[n], net.layout.layers[net.layout.layer_of[n]].index(n)) for n in names
    ]
    for name, (layer, k) in zip(names, layers, strict=True):
        want = outs[layer][:, k].reshape(play_data.GRID, play_data.GRID)
        np.testing.assert_allclose(shot.neurons[name], want, rtol=1e-12, atol=1e-15)
    assert shot.positive_share == pytest.approx(np.mean(outs[-1][:, 1] > outs[-1][:, 0]))
    for samples, accuracy in ((state.train, shot.train_accuracy), (state.test, shot.test_accuracy)):
        out = outputs(net, np.array([s[0] for s in samples]))[-1]
        truth = [t[1] == 1.0 for _, t in samples]
        right = sum((o[1] > o[0]) == y for o, y in zip(out, truth, strict=True))
        assert accuracy == right / len(samples)
    assert shot.train_accuracy > 0.9  # two clouds are easy


def test_a_grid_of_cells_covers_the_square_top_row_first():
    points = plane.grid_points((-6.0, 6.0), 4)
    assert points[:4].tolist() == [[-4.5, 4.5], [-1.5, 4.5], [1.5, 4.5], [4.5, 4.5]]
    assert points[-1].tolist() == [4.5, -4.5]
    assert plane.extent_of(np.array([[1.0, -9.0]])) == pytest.approx((-9.9, 9.9))
    assert plane.extent_of(np.array([[1.0, 2.0]])) == (-6.0, 6.0)


def test_the_boundary_of_a_round_picture_is_a_circle():
    extent, size = (-6.0, 6.0), 60
    xy = plane.grid_points(extent, size)
    radius = np.hypot(xy[:, 0], xy[:, 1]).reshape(size, size)
    segments = plane.boundary(radius, 3.0, extent)
    ends = segments.reshape(-1, 2)
    assert len(segments) > 40
    # each end lies on a cell edge, where linear interpolation of the radius gives 3: within
    # the curvature's error of the true circle
    np.testing.assert_allclose(np.hypot(ends[:, 0], ends[:, 1]), 3.0, atol=0.02)
    assert plane.boundary(radius, 99.0, extent).shape == (0, 4)  # nothing crosses


def test_own_points_train_with_the_targets_the_output_needs():
    rows = [(x, y, 1 if x * y > 0 else 0) for x in (-2, -1, 1, 2) for y in (-2, -1.5, 1, 2)]
    state = PlayState(bw.datasets.from_rows(rows), test_fraction=0.25, batch_size=4)
    assert state.options["data"] == "own" and len(state.train) == 12 and len(state.test) == 4
    assert {s[1] for s in state.train} == {(1.0,), (0.0,)}
    state.propose(output="softmax")
    assert state.net.loss == "categorical_cross_entropy"
    assert {s[1] for s in state.train} == {(0.0, 1.0), (1.0, 0.0)}
    positives = {s[0] for s in state.train + state.test if s[1] == (0.0, 1.0)}
    assert positives == {(float(x), float(y)) for x, y, t in rows if t == 1}
    state.propose(output="tanh")
    assert {s[1] for s in state.train} == {(1.0,), (-1.0,)} and state.net.loss == "squared_error"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"data": "moons"}, "unknown data set 'moons'; choose one of: circle, xor, gauss, spiral"),
        ({"data": "own"}, "unknown data set 'own'"),
        ({"n": 5}, "n (how many points) must be from 10 to 1000, got 5"),
        ({"n": 2.5}, "n (how many points) must be a whole number, got 2.5"),
        ({"noise": 0.6}, "noise must be from 0 to 0.5, got 0.6"),
        ({"noise": float("nan")}, "noise must be a finite number"),
        ({"test_fraction": 1}, "test_fraction must be from 0.05 to 0.95, got 1"),
        ({"seed": -1}, "seed must be a whole number (0 or more), got -1"),
        ({"hidden": "4,x"}, "hidden layers must be up to 4 sizes from 1 to 8"),
        ({"hidden": (9,)}, "hidden layers must be up to 4 sizes from 1 to 8"),
        ({"hidden": (1, 1, 1, 1, 1)}, "hidden layers must be up to 4 sizes"),
        ({"activation": "softmax"}, "unknown hidden activation 'softmax'"),
        ({"output": "relu"}, "unknown output 'relu'; choose one of: sigmoid, tanh, softmax"),
        (
            {"loss": "cross_entropy", "output": "tanh"},
            "cross_entropy needs outputs between 0 and 1",
        ),
        ({"loss": "categorical_cross_entropy"}, "categorical_cross_entropy needs softmax outputs"),
        ({"lr": 0}, "lr (the learning rate, eta) must be positive"),
        ({"lr": "fast"}, "lr must be a finite number, got 'fast'"),
        ({"lam": -0.1}, "lam (the regularisation rate, lambda) must be 0 or more"),
        ({"batch_size": 141}, "the batch size 141 is more than the 140 training points"),
        ({"batch_size": 0}, "batch_size must be a whole number from 1 to 140"),
        ({"test_fraction": 0.95, "n": 100}, "the batch size 10 is more than the 5 training points"),
        ({"speed": 51}, "speed (updates per frame) must be from 1 to 50, got 51"),
        ({"param": "w99"}, "no parameter 'w99'; choose one of w1, w2"),
        ({"pick": 10}, "pick must be a whole number from 0 to 9 (a sample of the batch of 10)"),
        ({"depth": 3}, "unknown option 'depth'; choose from: data, n, noise"),
    ],
)
def test_every_bad_option_is_refused_and_nothing_changes(change, says):
    state = PlayState()
    state.advance(3)
    before = (state.options, state.net, state.steps, state.curves, state.revision)
    with pytest.raises(bw.BackpropError) as error:
        state.propose(**change)
    assert says in str(error.value)
    assert (state.options, state.net, state.steps, state.curves, state.revision) == before


def test_own_points_that_are_not_two_classes_in_the_plane_are_refused():
    state = PlayState()
    for points, says in (
        ([((1.0, 2.0, 3.0), (1.0,))], "point 1 has 3 inputs; the plane needs 2 (x, y)"),
        ([((1.0, 2.0), (0.5,))], "point 1 has the targets (0.5,): the playground sorts points"),
        ([], "points must be samples ((x, y), (target,))"),
    ):
        with pytest.raises(bw.BackpropError) as error:
            state.use_points(points)
        assert says in str(error.value)
        assert state.options["data"] == "circle" and state.own == ()
    with pytest.raises(bw.BackpropError, match="has 3 inputs"):
        PlayState([((1.0, 2.0, 3.0), (1.0,))])


def test_lr_batch_size_and_regularisation_change_while_the_weights_stay():
    state = PlayState()
    state.advance(20)
    params, curve = dict(state.net.params), state.curves.train.copy()
    state.propose(lr=0.3, batch_size=5, regularization="L2", lam=0.01)
    assert state.net.params == params and state.steps == 20
    np.testing.assert_array_equal(state.curves.train, curve)
    assert (state.net.lr, state.net.batch_size, state.net.lam) == (0.3, 5, 0.01)
    going_on = bw.train(state.net, 7, start=20)
    state.advance(7)
    assert state.net.params == going_on.network.params
    np.testing.assert_array_equal(state.curves.train[21:], going_on.E_total[1:])
    state.propose(hidden=(3,))  # a new design starts again
    assert state.steps == 0 and state.net.layout.label == "2-3-1"
    assert len(state.curves.train) == 1


def test_divergence_stops_training_and_says_why_as_the_core_does():
    state = PlayState(regularization="L2", lam=1, lr=3)  # each update scales w by 1 - 3 = -2
    start = state.net
    state.playing = True
    state.advance(50)
    run = bw.train(start, 50)
    assert run.stopped and state.stopped == run.stopped
    assert (
        "training diverged at step" in state.stopped
        and "try a smaller learning rate" in state.stopped
    )
    assert not state.playing and state.steps == run.steps < 50
    assert state.net.params == run.network.params
    state.advance(5)  # nothing more happens until a change
    assert state.steps == run.steps
    state.propose(lr=0.001)
    assert state.stopped == ""


def test_the_next_batch_follows_the_cycle_of_training():
    state = PlayState(batch_size=30)
    state.advance(4)  # 4 * 30 = 120: the next batch takes points 121-140, then 1-10
    assert state.batch == [*range(120, 140), *range(10)]
    batch_net = state.batch_net()
    assert batch_net.samples == tuple(state.train[k] for k in state.batch)
    assert bw.walkthrough(batch_net)["updated"] == pytest.approx(
        bw.train(state.net, 1, start=4).network.params, rel=1e-13, abs=1e-15
    )
    state.propose(pick=3)
    assert state.sample_net().samples == (state.train[123],)
