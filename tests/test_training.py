"""Training: history, several samples and batches, momentum, divergence, stopping."""

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt

from . import reference

TWO = [((0.05, 0.10), (0.01, 0.99)), ((0.50, 0.20), (0.99, 0.01)), ((0.3, 0.9), (0.5, 0.5))]


def test_post_training_history():
    history = bw.train(bw.tutorial(), 10_000)
    assert history.steps == 10_000 and history.E_total.shape == (10_001,)
    assert fmt(history.E_total[0]) == "0.298371109"
    assert fmt(history.E_total[1]) == "0.291027774"
    assert fmt(history.E_total[-1], 10) == "0.0000351019"
    assert history.params.shape == (10_001, 10) and history.outputs.shape == (10_001, 1, 2)
    assert history.param("w1")[-1] == pytest.approx(0.3785099883501318, abs=1e-12)
    assert history.network.params["w5"] == history.param("w5")[-1]
    assert np.all(np.diff(history.E_total) < 0)


def test_history_rows_are_consistent_with_the_walkthrough():
    history = bw.train(bw.tutorial().with_settings(train_biases=True), 3)
    for k in range(4):
        step = bw.walkthrough(history.network_at(k))
        assert history.E_total[k] == pytest.approx(step["forward"]["E_total"], rel=1e-14)
        assert history.outputs[k, 0, 1] == pytest.approx(step["forward"]["out_o2"], rel=1e-14)


def test_training_is_deterministic():
    a, b = bw.train(bw.tutorial(), 500), bw.train(bw.tutorial(), 500)
    assert np.array_equal(a.E_total, b.E_total) and np.array_equal(a.params, b.params)


@pytest.mark.parametrize(
    "settings_",
    [
        {"train_biases": True},
        {"momentum": 0.9},
        {"momentum": 0.5, "train_biases": True, "bias_mode": "per_neuron"},
        {"hidden_uses": "updated"},
        {"samples": TWO, "batch_size": 1},
        {"samples": TWO, "batch_size": 2, "momentum": 0.3},
        {"samples": TWO},
        {"samples": TWO, "batch_size": 1, "hidden_uses": "updated"},
        {"sizes": (2, 2, 2, 2), "activation": ("tanh", "sigmoid"), "loss": "cross_entropy"},
    ],
)
def test_training_matches_the_reference_loop(settings_):
    net = bw.tutorial().with_settings(**settings_)
    history = bw.train(net, 25)
    expected_e, expected_params = reference.train(net, 25)
    np.testing.assert_allclose(history.E_total, expected_e, rtol=1e-10)
    for name, value in expected_params.items():
        assert history.network.params[name] == pytest.approx(value, rel=1e-10, abs=1e-13), name


def test_training_biases_lowers_the_error_faster():
    frozen = bw.train(bw.tutorial(), 1000).E_total[-1]
    trained = bw.train(bw.tutorial().with_settings(train_biases=True), 1000).E_total[-1]
    assert trained < frozen


def test_divergence_stops_and_says_so():
    net = bw.tutorial().with_settings(activation="linear").with_params(lr=50)
    history = bw.train(net, 1000)
    assert (
        history.stopped
        and "diverged" in history.stopped
        and "smaller learning rate" in history.stopped
    )
    assert history.steps < 1000 and np.all(np.isfinite(history.E_total))
    assert all(np.isfinite(v) for v in history.network.params.values())


def _first_update_that_diverges(net) -> int:
    """Step by step with walkthrough(): the number of the first update whose result is not
    finite (it overflows) or holds a parameter beyond bw.LIMIT, the rule bw.train documents."""
    for k in range(1, 100):
        try:
            updated = bw.walkthrough(net)["updated"]
        except bw.NumericalError:
            return k
        if max(abs(v) for v in updated.values()) > bw.LIMIT:
            return k
        net = net.with_params(**updated)
    raise AssertionError("no divergence")


@pytest.mark.parametrize("samples", [None, TWO])
def test_divergence_names_the_update_that_overflowed(samples):
    net = bw.tutorial().with_settings(activation="linear").with_params(lr=50)
    net = net.with_settings(samples=samples) if samples else net
    k = _first_update_that_diverges(net)
    history = bw.train(net, 1000)
    assert history.stopped.startswith(f"training diverged at step {k}:")
    assert history.steps == k - 1  # the history keeps the last finite state


def test_divergence_with_several_samples():
    net = bw.tutorial().with_settings(activation="linear", samples=TWO).with_params(lr=50)
    history = bw.train(net, 1000)
    assert history.stopped and np.all(np.isfinite(history.E_total))


def test_progress_can_stop_training():
    seen = []
    history = bw.train(bw.tutorial(), 10_000, progress=lambda k: seen.append(k) or k < 3000)
    assert seen == [1000, 2000, 3000] and history.steps == 3000 and history.stopped is None


@pytest.mark.parametrize("steps", [-1, 1.5, "10", True, 10**7])
def test_bad_step_counts(steps):
    with pytest.raises(bw.BackpropError, match="steps must be a whole number"):
        bw.train(bw.tutorial(), steps)


def test_batch_walkthrough_is_the_mean_of_its_samples():
    net = bw.tutorial().with_settings(samples=TWO, batch_size=2)
    step = bw.walkthrough(net)
    assert step["batch"]["samples"] == [1, 2]
    mean = (step["samples"][0]["gradients"]["w5"] + step["samples"][1]["gradients"]["w5"]) / 2
    assert step["gradients"]["w5"] == pytest.approx(mean, rel=1e-15)
    assert step["after"]["E_total"] == pytest.approx(bw.train(net, 1).E_total[1], rel=1e-14)
