"""Every bad input a new user tried is refused with the package's error, never a raw
TypeError, OverflowError, NaN or a silent acceptance; and what used to fail quietly now
reports itself (divergence, saturated cross-entropy)."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import mpmath
import numpy as np
import pytest

import backprop_widgets as bw

NET = bw.tutorial()


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"sizes": (math.inf, 2, 2)}, "make no network"),
        ({"sizes": (math.nan, 2, 2)}, "make no network"),
        ({"sizes": (2, True, 2)}, "make no network"),
        ({"sizes": "2-2-2"}, "make no network"),
        ({"sizes": (2, 2.5, 2)}, "make no network"),
        ({"activation": None}, "activation must be a name"),
        ({"activation": 5}, "activation must be a name"),
        ({"activation": ("tanh", "relu", 5)}, "activation must be a name"),
        ({"activation": "softplus"}, "unknown activation 'softplus'"),
        ({"loss": ["squared_error"]}, "unknown loss ['squared_error']"),
        ({"samples": None}, "samples must be a list of (inputs, targets) pairs"),
        ({"samples": [(0.05, 0.1)]}, "sample 1 must be a pair (inputs, targets)"),
        ({"samples": []}, "at least one training sample"),
        ({"samples": [((0.05, "x"), (0.01, 0.99))]}, "sample 1 input 2 must be a finite number"),
        ({"lr": "0.5"}, "lr (the learning rate, eta) must be a finite number, got '0.5' (text)"),
        ({"lr": -1}, "must be positive"),
        ({"momentum": "0.5"}, "momentum (mu) must be a finite number, got '0.5' (text)"),
        ({"momentum": 1.0}, "at least 0 and below 1"),
        ({"train_biases": "no"}, "train_biases must be True or False, got 'no'"),
        ({"train_biases": None}, "train_biases must be True or False, got None"),
        ({"batch_size": True}, "batch_size must be a whole number, got True"),
        ({"batch_size": 2}, "batch_size must be a whole number from 1 to 1"),
        ({"seed": 1.5}, "seed must be text or a whole number"),
        ({"colour": "red"}, "unknown setting 'colour'"),
    ],
)
def test_bad_settings_raise_the_package_error(settings, says):
    with pytest.raises(bw.BackpropError) as error:
        NET.with_settings(**settings)
    assert says in str(error.value)
    assert type(error.value).__name__ in ("BackpropError", "NumericalError")


def test_sizes_true_no_longer_builds_a_2_1_2_network():
    with pytest.raises(bw.BackpropError):
        NET.with_settings(sizes=(2, True, 2))
    assert NET.with_settings(sizes=(2, 1, 2)).sizes == (2, 1, 2)  # a 1 is a 1


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"w5": 10**400}, "w5 is too large for a float"),
        ({"w5": math.nan}, "w5 must be a finite number"),
        ({"w5": None}, "w5 must be a finite number, got None"),
        ({"w5": "abc"}, "w5 must be a finite number, got 'abc'"),
        ({"w5": True}, "w5 must be a finite number, got True"),
        ({"w9": 1.0}, "unknown name 'w9'"),
    ],
)
def test_bad_values_raise_the_package_error(values, says):
    with pytest.raises(bw.BackpropError, match=None) as error:
        NET.with_params(**values)
    assert says in str(error.value)


def test_numbers_typed_as_text_are_values():
    assert NET.with_params(w5="0.3")["w5"] == 0.3


def test_a_loss_slice_along_an_unknown_name_is_refused():
    with pytest.raises(bw.BackpropError, match="no loss slice along 'foo'"):
        bw.loss_slice(NET, "foo", np.linspace(0, 1, 5))
    with pytest.raises(bw.BackpropError, match="values must be numbers"):
        bw.loss_slice(NET, "w5", ["a", "b"])
    slice_ = bw.loss_slice(NET, "w5", [0.4])
    assert slice_[0] == pytest.approx(bw.walkthrough(NET)["forward"]["E_total"], rel=1e-15)


def _exact_cross_entropy(net: bw.Network) -> tuple[mpmath.mpf, dict]:
    """E_total and dE_total/dw5 of a 2-2-2 sigmoid cross-entropy network, in 50 digits."""
    mpmath.mp.dps = 50
    v = {k: mpmath.mpf(repr(x)) for k, x in net.values.items()}

    def sigma(x):
        return 1 / (1 + mpmath.exp(-x))

    def error(w5):
        h1 = sigma(v["w1"] * v["i1"] + v["w2"] * v["i2"] + v["b1"])
        h2 = sigma(v["w3"] * v["i1"] + v["w4"] * v["i2"] + v["b1"])
        nets = (w5 * h1 + v["w6"] * h2 + v["b2"], v["w7"] * h1 + v["w8"] * h2 + v["b2"])
        total = 0
        for n, t in zip(nets, (v["t1"], v["t2"]), strict=True):
            # ln(sigma(n)) = -ln(1 + e^-n); ln(1 - sigma(n)) = -ln(1 + e^n): exact in mpmath
            total += t * mpmath.log(1 + mpmath.exp(-n)) + (1 - t) * mpmath.log(1 + mpmath.exp(n))
        return total

    return error(v["w5"]), {"w5": mpmath.diff(error, v["w5"])}


@pytest.mark.parametrize("w", [20.0, 36.0, 40.0, 60.0, 300.0])
def test_cross_entropy_keeps_its_digits_when_the_sigmoid_saturates(w):
    net = NET.with_settings(loss="cross_entropy").with_params(w5=w, w6=w)
    exact_e, exact_grad = _exact_cross_entropy(net)
    step = bw.walkthrough(net)
    assert step["forward"]["E_total"] == pytest.approx(float(exact_e), rel=1e-13)
    assert step["gradients"]["w5"] == pytest.approx(float(exact_grad["w5"]), rel=1e-10)
    fd = bw.finite_differences(net)
    assert math.isfinite(fd["w5"])
    assert fd["w5"] == pytest.approx(float(exact_grad["w5"]), rel=1e-5)


def test_cross_entropy_beyond_a_float_is_refused_with_the_reason():
    net = NET.with_settings(loss="cross_entropy").with_params(w5=1000, w6=1000)
    with pytest.raises(bw.NumericalError, match="sigmoid saturated"):
        bw.walkthrough(net)  # dE_total/dout_o1 is about e^1190: more than a float holds
    _, exact_grad = _exact_cross_entropy(net)  # the error itself is still a float
    fd = bw.finite_differences(net)
    assert fd["w5"] == pytest.approx(float(exact_grad["w5"]), rel=1e-5)


def test_finite_differences_that_overflow_say_why():
    net = NET.with_settings(activation="linear").with_params(w5=1e160, w6=1e160)
    with pytest.raises(bw.NumericalError, match="no finite difference for w1"):
        bw.finite_differences(net)


def test_parameters_that_blow_up_while_e_total_stays_finite_stop_training():
    net = (
        bw.tutorial()
        .with_settings(activation=("linear", "relu"), momentum=0.9, train_biases=True)
        .with_params(
            w1=0.08,
            w2=-1.88,
            w3=0.84,
            w4=1.22,
            w5=-1.65,
            w6=1.29,
            w7=0.95,
            w8=-0.97,
            b1=0.25,
            b2=-0.49,
            i1=-0.52,
            i2=-0.76,
            lr=50.0,
        )
    )
    history = bw.train(net, 100)
    assert history.stopped and "beyond 1e+12 in size" in history.stopped
    assert np.all(np.abs(history.params) <= bw.LIMIT)
    assert np.isfinite(history.E_total).all()
    # the rule, checked step by step with walkthrough(): the next update breaks it
    last = history.network
    after = bw.walkthrough(last)
    moved = [*after["updated"].values(), *after.get("velocity", {}).values()]
    assert max(map(abs, moved)) > bw.LIMIT


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backprop_widgets", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("sizes", ["nan,2,2", "inf,2,2", "1e309,2", "2,-1,2", ""])
def test_cli_sizes_that_are_not_numbers_end_in_one_line(sizes):
    out = cli("walkthrough", "--sizes", sizes)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("backprop_widgets: error: ")


def test_cli_shows_the_run_that_diverged_and_where_it_stopped():
    args = ["train", "--activation", "linear", "--set", "lr=1e3", "--iterations", "1000"]
    out = cli(*args)
    assert out.returncode == 0, out.stderr
    assert "Stopped early: training diverged at step" in out.stdout
    assert "Final forward pass" in out.stdout
    data = json.loads(cli(*args, "--format", "json").stdout)
    assert data["stopped"].startswith("training diverged at step")
    steps = len(data["history"]["E_total"]) - 1
    assert f"at step {steps + 1}:" in data["stopped"]
    assert all(math.isfinite(e) for e in data["history"]["E_total"])
    history = bw.train(bw.tutorial().with_settings(activation="linear").with_params(lr=1e3), 1000)
    assert data["history"]["E_total"] == history.E_total.tolist()


def test_per_neuron_biases_survive_a_change_of_another_setting():
    net = NET.with_settings(bias_mode="per_neuron").with_params(b_h1=0.1, b_h2=0.7)
    again = net.with_settings(samples=[((0.05, 0.1), (0.01, 0.99)), ((0.2, 0.3), (0.5, 0.5))])
    assert (again["b_h1"], again["b_h2"]) == (0.1, 0.7)  # not their mean, 0.4
    shared = net.with_settings(bias_mode="shared")
    assert shared["b1"] == pytest.approx(0.4, rel=1e-15)  # a new bias mode takes the mean
