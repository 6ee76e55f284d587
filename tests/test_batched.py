"""Several samples through the vectorised code: one sample's walkthrough, the batch mean and
training agree with each other, and with a NumPy matrix version written by hand."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_widgets as bw

from . import reference
from .strategies import PLAYGROUND, shape_settings

TOL = {"rel": 1e-13, "abs": 1e-15}  # a few units in the last place of values near 0.1


def _one(net, sample):
    """The network with this one sample alone (same parameters and velocities)."""
    return _with(net, [sample], net.params, net.velocity)


@st.composite
def batched(draw):
    sizes = draw(st.sampled_from([(2, 2, 2), (2, 3, 1), (3, 2, 2), (2, 2, 2, 2)]))
    n = draw(st.integers(2, 7))
    point = st.floats(-2, 2)
    samples = [
        (
            tuple(draw(point) for _ in range(sizes[0])),
            tuple(draw(st.floats(0.01, 0.99)) for _ in range(sizes[-1])),
        )
        for _ in range(n)
    ]
    net = bw.tutorial().with_settings(
        **shape_settings(draw, sizes),
        momentum=draw(st.sampled_from([0.0, 0.5])),
        samples=samples,
        batch_size=draw(st.sampled_from([None, 1, 2, n])),
        seed=str(draw(st.integers(0, 99))),
    )
    return net.with_params(lr=draw(st.floats(0.05, 1)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batched())
def test_batch_gradient_is_the_mean_of_each_samples_walkthrough(net):
    step = bw.walkthrough(net)
    batch = bw.batch_indices(net, 0)
    each = [bw.walkthrough(_one(net, net.samples[k])) for k in batch]
    for p in net.layout.params:
        mean = sum(s["gradients"][p] for s in each) / len(each)
        assert step["gradients"][p] == pytest.approx(mean, **TOL), p
    for listed, alone in zip(step["samples"], each, strict=True):
        assert listed["gradients"] == alone["gradients"]
    e_all = [bw.walkthrough(_one(net, s))["forward"]["E_total"] for s in net.samples]
    assert step["batch"]["E_total"] == pytest.approx(sum(e_all) / len(e_all), **TOL)


def _with(net, samples, params, velocity):
    """net with these samples (one batch, all of them) and these numbers."""
    changed = net.with_settings(samples=samples, batch_size=None)
    return bw.Network(changed.settings, params, velocity)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batched())
def test_training_repeats_the_walkthrough_step_by_step(net):
    """Each update of train() is the walkthrough of its batch; each recorded E_total the mean
    of every sample's own E_total; each recorded output that sample's own forward pass."""
    history = bw.train(net, 6)
    assert history.stopped is None
    params, velocity = net.params, {}
    for k in range(7):
        np.testing.assert_allclose(history.params[k], list(params.values()), **_tol())
        alone = [bw.walkthrough(_with(net, [s], params, velocity)) for s in net.samples]
        mean = sum(a["forward"]["E_total"] for a in alone) / len(alone)
        assert history.E_total[k] == pytest.approx(mean, **TOL)
        for s, a in enumerate(alone):
            for j, o in enumerate(net.layout.outputs):
                assert history.outputs[k, s, j] == pytest.approx(a["forward"][f"out_{o}"], **TOL)
        batch = [net.samples[i] for i in bw.batch_indices(net, k)]
        step = bw.walkthrough(_with(net, batch, params, velocity))
        params, velocity = step["updated"], step.get("velocity", {})


def _tol():
    return {"rtol": TOL["rel"], "atol": TOL["abs"]}


@pytest.mark.parametrize("size", [None, 1, 2, 3, 5])
def test_batches_cycle_in_order_as_the_reference_loop(size):
    samples = [((0.1 * k, 0.3 - 0.05 * k), (0.2 + 0.1 * k, 0.8 - 0.1 * k)) for k in range(5)]
    net = bw.tutorial().with_settings(samples=samples, batch_size=size, momentum=0.3)
    history = bw.train(net, 13)
    expected_e, expected_params = reference.train(net, 13)
    np.testing.assert_allclose(history.E_total, expected_e, rtol=1e-12)
    for name, value in expected_params.items():
        assert history.network.params[name] == pytest.approx(value, rel=1e-12, abs=1e-15)


def test_training_continues_where_it_stopped():
    samples = [((0.1 * k, 0.2), (0.9, 0.1 * k)) for k in range(1, 6)]
    net = bw.tutorial().with_settings(samples=samples, batch_size=2, momentum=0.5)
    whole = bw.train(net, 7)
    first = bw.train(net, 3)
    rest = bw.train(first.network, 4, start=3)
    np.testing.assert_array_equal(whole.E_total[3:], rest.E_total)
    assert whole.network.params == rest.network.params
    assert whole.network.velocity == rest.network.velocity


def test_one_sample_loop_and_batch_code_agree():
    """The post's sample twice is the post's sample: the batch mean of two equal samples
    trains exactly as the compiled float loop does."""
    post = bw.tutorial().with_settings(train_biases=True)
    twice = post.with_settings(samples=[post.samples[0]] * 2)
    one, two = bw.train(post, 200), bw.train(twice, 200)
    np.testing.assert_allclose(two.E_total, one.E_total, rtol=1e-13)
    np.testing.assert_allclose(two.params, one.params, rtol=1e-13)
    np.testing.assert_allclose(two.outputs[:, 1], one.outputs[:, 0], rtol=1e-13)


def _numpy_baseline():
    path = Path(__file__).parents[1] / "benchmarks" / "numpy_baseline.py"
    spec = importlib.util.spec_from_file_location("numpy_baseline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_full_batch_training_matches_hand_written_numpy():
    """The benchmark's network and data: the same E_total history as the matrix form."""
    baseline = _numpy_baseline()
    rng = np.random.default_rng(5)
    x = rng.uniform(-5, 5, (200, 2))
    t = (x[:, 0] * x[:, 1] > 0).astype(float)
    net = bw.tutorial().with_settings(
        **PLAYGROUND,
        samples=[(tuple(p), (c,)) for p, c in zip(x.tolist(), t.tolist(), strict=True)],
        seed="bench",
    )
    history = bw.train(net.with_params(lr=0.1), 300)
    expected = baseline.train_tanh_sigmoid(x, t, *baseline.matrices(net), 0.1, 300)
    np.testing.assert_allclose(history.E_total, expected, rtol=1e-12)
    assert expected[-1] < 0.6 * expected[0]  # it learns: not a test of two flat curves
    w1, b1, w2, b2 = baseline.matrices(history.network)
    h = np.tanh(x @ w1.T + b1)
    np.testing.assert_allclose(history.outputs[-1, :, 0], 1 / (1 + np.exp(-(h @ w2 + b2))))


def test_divergence_with_many_samples_stops_at_the_first_bad_update():
    samples = [((0.5 * k, 1.0), (1.0, 0.0)) for k in range(1, 9)]
    net = bw.tutorial().with_settings(activation="linear", samples=samples).with_params(lr=20)
    history = bw.train(net, 500)
    assert history.stopped and history.stopped.startswith("training diverged at step")
    k = int(history.stopped.split("step ")[1].split(":")[0])
    assert history.steps == k - 1 and np.all(np.isfinite(history.E_total))
    current = history.network
    updated = bw.walkthrough(current)["updated"]  # the update that breaks the rule
    assert max(abs(v) for v in updated.values()) > bw.LIMIT or not np.isfinite(
        bw.walkthrough(current.with_params(**updated))["batch"]["E_total"]
    )


@pytest.mark.parametrize("n", [1, 3])
def test_no_steps_is_the_starting_point(n):
    net = bw.tutorial().with_settings(samples=[((0.05 * k, 0.1), (0.01, 0.99)) for k in range(n)])
    history = bw.train(net, 0)
    assert history.steps == 0 and history.outputs.shape == (1, n, 2)
    assert history.E_total[0] == pytest.approx(
        bw.walkthrough(net)["forward" if n == 1 else "batch"]["E_total"], rel=1e-15
    )
    assert history.network.params == net.params


@pytest.mark.parametrize(
    "settings_",
    [
        {},
        {"sizes": (2, 4, 4, 1), "activation": ("tanh", "sigmoid"), "bias_mode": "per_neuron"},
        {"activation": ("relu", "softmax"), "loss": "categorical_cross_entropy"},
        {"sizes": (3, 2, 2), "activation": "linear", "regularization": "L2"},
    ],
)
def test_every_neurons_out_over_many_points(settings_):
    """The pictures of what each neuron computes: one vectorised call over a grid agrees with
    the walkthrough of each point and with the matrix reference's forward pass."""
    net = bw.tutorial().with_settings(**settings_, seed="grid")
    rng = np.random.default_rng(0)
    points = rng.uniform(-6, 6, (25, net.sizes[0]))
    found = bw.neuron_outputs(net, points)
    neurons = [n for layer in net.layout.layers[1:] for n in layer]
    assert list(found) == neurons and all(v.shape == (25,) for v in found.values())
    ws, bs = reference.matrices(net)
    for k, point in enumerate(points):
        alone = net.with_params(**dict(zip(net.layout.inputs, point, strict=True)))
        forward = bw.walkthrough(alone)["forward"]
        _, outs = reference.forward(net, ws, bs, point)
        expected = np.concatenate(outs[1:])
        for j, n in enumerate(neurons):
            assert found[n][k] == pytest.approx(forward[f"out_{n}"], **TOL), n
            assert found[n][k] == pytest.approx(expected[j], rel=1e-12, abs=1e-14), n


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([[0.1, 0.2, 0.3]], "inputs must be rows of 2 numbers (i1, i2), one row per point"),
        ([0.1, 0.2], "one row per point; got an array of shape (2,)"),
        ([], "one row per point"),
        ([[0.1, float("nan")]], "finite numbers"),
        ([["a", "b"]], "inputs must be rows of 2 numbers"),
    ],
)
def test_neuron_outputs_refuses_bad_points(points, message):
    with pytest.raises(bw.BackpropError) as error:
        bw.neuron_outputs(bw.tutorial(), points)
    assert message in str(error.value)
