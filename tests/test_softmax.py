"""Softmax outputs and categorical cross-entropy: the chain factors the post would write, the
deltas out - t, no gradient for a shared output bias, and stable numbers; checked against
finite differences, the NumPy matrix reference and hand computations."""

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_widgets as bw

from . import reference
from .test_cli import cli

CCE = {"activation": ("sigmoid", "softmax"), "loss": "categorical_cross_entropy"}


@st.composite
def softmax_networks(draw):
    sizes = draw(st.sampled_from([(2, 2, 2), (2, 3, 3), (3, 2, 4), (2, 2, 2, 2), (1, 3, 2)]))
    hidden = [draw(st.sampled_from(["sigmoid", "tanh", "linear"])) for _ in sizes[2:]]
    loss = draw(st.sampled_from(["categorical_cross_entropy", "squared_error"]))
    weights = [draw(st.floats(0.05, 1)) for _ in range(sizes[-1])]
    targets = tuple(w / sum(weights) for w in weights)
    net = bw.tutorial().with_settings(
        sizes=sizes,
        activation=(*hidden, "softmax"),
        loss=loss,
        bias_mode=draw(st.sampled_from(["shared", "per_neuron"])),
        train_biases=draw(st.booleans()),
        seed=str(draw(st.integers(0, 999))),
    )
    inputs = tuple(draw(st.floats(-1, 1)) for _ in range(sizes[0]))
    net = net.with_settings(samples=[(inputs, targets)])
    values = {p: draw(st.floats(-2, 2)) for p in net.layout.params}
    return net.with_params(**values, lr=draw(st.floats(0.05, 1)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(softmax_networks())
def test_gradients_match_the_matrix_reference_and_finite_differences(net):
    step = bw.walkthrough(net)
    e, grads = reference.gradients(net, net.samples[0])
    assert step["forward"]["E_total"] == pytest.approx(e, rel=1e-12, abs=1e-14)
    estimate = bw.finite_differences(net, h=1e-6)
    for name, value in grads.items():
        assert step["gradients"][name] == pytest.approx(value, rel=1e-10, abs=1e-13), name
        assert step["gradients"][name] == pytest.approx(estimate[name], rel=1e-5, abs=1e-7), name
    outs = [step["forward"][f"out_{o}"] for o in net.layout.outputs]
    assert sum(outs) == pytest.approx(1, abs=1e-15) and all(0 < v < 1 for v in outs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(softmax_networks())
def test_with_cross_entropy_the_deltas_are_out_minus_t(net):
    net = net.with_settings(loss="categorical_cross_entropy")
    step = bw.walkthrough(net)
    ((_, targets),) = net.samples
    for o, t in zip(net.layout.outputs, targets, strict=True):
        out = step["forward"][f"out_{o}"]
        assert step["partials"][f"dE_total/dnet_{o}"] == pytest.approx(out - t, abs=1e-14)
    if net.bias_mode == "shared":  # the deltas sum to 1 - 1: the shared output bias learns nothing
        last = net.layout.biases[-1].name
        assert abs(step["gradients"][last]) < 1e-14
        assert abs(bw.finite_differences(net)[last]) < 1e-8
    else:
        for o, t in zip(net.layout.outputs, targets, strict=True):
            out = step["forward"][f"out_{o}"]
            assert step["gradients"][f"b_{o}"] == pytest.approx(out - t, abs=1e-14)


def test_the_posts_network_with_softmax_by_hand():
    net = bw.tutorial().with_settings(**CCE)
    step = bw.walkthrough(net)
    f, p = step["forward"], step["partials"]
    e1, e2 = math.exp(f["net_o1"]), math.exp(f["net_o2"])
    o1, o2 = e1 / (e1 + e2), e2 / (e1 + e2)
    assert (f["out_o1"], f["out_o2"]) == pytest.approx((o1, o2), rel=1e-15)
    assert bw.fmt(f["out_o1"]) == "0.470281212" and bw.fmt(f["out_o2"]) == "0.529718788"
    assert f["E_total"] == pytest.approx(-0.01 * math.log(o1) - 0.99 * math.log(o2), rel=1e-15)
    # every factor of the chain, as the post would write it
    assert p["dE_total/dout_o1"] == pytest.approx(-0.01 / o1, rel=1e-15)
    assert p["dout_o1/dnet_o1"] == pytest.approx(o1 * (1 - o1), rel=1e-15)
    assert p["dout_o2/dnet_o1"] == pytest.approx(-o1 * o2, rel=1e-15)  # no longer zero
    assert p["dE_o2/dnet_o1"] == pytest.approx(-0.99 / o2 * -o1 * o2, rel=1e-15)
    assert p["dE_total/dnet_o1"] == pytest.approx(p["dE_o1/dnet_o1"] + p["dE_o2/dnet_o1"])
    assert p["dE_total/dnet_o1"] == pytest.approx(o1 - 0.01, rel=1e-14)
    assert step["gradients"]["w5"] == pytest.approx((o1 - 0.01) * f["out_h1"], rel=1e-14)
    assert step["gradients"]["b2"] == pytest.approx(0, abs=1e-16)
    text = bw.walkthrough_text(net, step)
    assert "out_o1 = exp(net_o1)/(exp(net_o1) + exp(net_o2))" in text
    assert "dout_o2/dnet_o1 = -out_o1 * out_o2 = -0.470281212 * 0.529718788 = -0.249116794" in (
        text
    )
    assert "dE_total/dnet_o1 = dE_o1/dnet_o1 + dE_o2/dnet_o1 = " in text
    assert "dE_total/dw5 = dE_total/dnet_o1 * dnet_o1/dw5 = 0.460281212 * 0.593269992" in text


def test_log_sum_exp_keeps_large_nets_finite():
    """net_o1 - net_o2 = 700: e^net overflows a float, the outputs and E_total do not."""
    net = bw.tutorial().with_settings(**CCE, bias_mode="per_neuron")
    net = net.with_params(b_o1=800.0, b_o2=100.0, w5=0, w6=0, w7=0, w8=0, t1=0.25, t2=0.75)
    with pytest.raises(OverflowError):  # what the textbook formula e^net / sum e^net meets
        math.exp(800.0)
    step = bw.walkthrough(net)
    f = step["forward"]
    assert f["out_o1"] == 1.0 and f["out_o2"] == pytest.approx(math.exp(-700), rel=1e-12)
    assert f["E_total"] == pytest.approx(0.75 * 700, rel=1e-15)
    assert step["partials"]["dE_total/dnet_o1"] == pytest.approx(0.75, rel=1e-12)
    assert step["partials"]["dE_total/dnet_o2"] == pytest.approx(-0.75, rel=1e-12)
    assert bw.train(net, 5).stopped is None


def test_an_output_that_underflows_to_zero_says_why():
    net = bw.tutorial().with_settings(**CCE, bias_mode="per_neuron")
    net = net.with_params(b_o1=800.0, b_o2=-800.0)
    with pytest.raises(bw.NumericalError, match="categorical_cross_entropy divides by every"):
        bw.walkthrough(net)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"activation": "softmax"}, "softmax is for the output layer only"),
        ({"activation": ("softmax", "sigmoid")}, "softmax is for the output layer only"),
        ({"activation": ("sigmoid", "softmax"), "sizes": (2, 2, 1)}, "needs 2 outputs or more"),
        ({"loss": "categorical_cross_entropy"}, "needs softmax outputs, not sigmoid"),
        ({"activation": ("sigmoid", "softmax"), "loss": "cross_entropy"}, "use the sigmoid"),
        (
            {**CCE, "samples": [((0.05, 0.1), (0.5, 0.6))]},
            "targets from 0 to 1 that sum to 1 (a probability for each output); sample 1",
        ),
        ({**CCE, "samples": [((0.05, 0.1), (1.5, -0.5))]}, "targets from 0 to 1 that sum to 1"),
    ],
)
def test_bad_settings_say_what_to_do(changes, message):
    with pytest.raises(bw.BackpropError) as error:
        bw.tutorial().with_settings(**changes)
    assert message in str(error.value)


@pytest.mark.parametrize("batch_size", [None, 1, 2])
def test_training_matches_the_reference_loop(batch_size):
    samples = [((0.05, 0.1), (0.01, 0.99)), ((0.5, 0.2), (1.0, 0.0)), ((0.3, 0.9), (0.5, 0.5))]
    net = bw.tutorial().with_settings(
        **CCE, samples=samples, batch_size=batch_size, train_biases=True, momentum=0.4
    )
    history = bw.train(net, 40)
    expected_e, expected_params = reference.train(net, 40)
    np.testing.assert_allclose(history.E_total, expected_e, rtol=1e-11)
    for name, value in expected_params.items():
        assert history.network.params[name] == pytest.approx(value, rel=1e-10, abs=1e-13), name
    assert history.E_total[-1] < history.E_total[0]
    np.testing.assert_allclose(history.outputs.sum(axis=2), 1, atol=1e-15)


def test_cli_has_softmax_and_categorical_cross_entropy():
    args = ["--activation", "sigmoid,softmax", "--loss", "categorical_cross_entropy"]
    out = cli("walkthrough", "--format", "json", *args)
    assert out.returncode == 0, out.stderr
    net = bw.tutorial().with_settings(**CCE)
    data = json.loads(out.stdout)
    assert data == json.loads(json.dumps(bw.walkthrough(net)))
    assert data["partials"]["dout_o2/dnet_o1"] < 0 and data["gradients"]["b2"] == 0
    out = cli("train", "--iterations", "100", *args)
    assert out.returncode == 0 and "sigmoid,softmax, categorical_cross_entropy" in out.stdout
    assert f"{bw.train(net, 100).E_total[-1]:.10f}" in out.stdout
    out = cli("walkthrough", "--loss", "categorical_cross_entropy")
    assert out.returncode == 2 and "needs softmax outputs" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    out = cli("walkthrough", "--activation", "softmax")
    assert out.returncode == 2 and "output layer only" in out.stderr
