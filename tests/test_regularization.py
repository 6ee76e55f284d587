"""L1 and L2 regularisation: E_reg in E_total, dE_reg/dw in every weight's gradient, checked
against central finite differences, the NumPy matrix reference and hand computations."""

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_widgets as bw

from . import reference
from .strategies import shape_settings
from .test_cli import cli

POST_WEIGHTS = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]


@st.composite
def regularised(draw):
    sizes = draw(st.sampled_from([(2, 2, 2), (2, 3, 1), (3, 2, 2), (2, 2, 2, 2)]))
    net = bw.tutorial().with_settings(
        **shape_settings(draw, sizes, ("sigmoid", "tanh", "linear")),
        regularization=draw(st.sampled_from(["L1", "L2"])),
        lam=draw(st.floats(0.0, 0.5)),
        seed=str(draw(st.integers(0, 999))),
    )
    number = st.floats(-1.5, 1.5).filter(lambda v: abs(v) > 1e-3)  # L1's kink is at 0
    values = {w.name: draw(number) for w in net.layout.weights}
    values |= {i: draw(st.floats(-1, 1)) for i in net.layout.inputs}
    return net.with_params(**values)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regularised())
def test_every_gradient_matches_finite_differences(net):
    step = bw.walkthrough(net)
    estimate = bw.finite_differences(net, h=1e-6)
    for name, value in step["gradients"].items():
        assert value == pytest.approx(estimate[name], rel=1e-5, abs=1e-7), name


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regularised())
def test_every_gradient_matches_the_matrix_reference(net):
    step = bw.walkthrough(net)
    e, grads = reference.gradients(net, net.samples[0])
    assert step["forward"]["E_total"] == pytest.approx(e, rel=1e-12, abs=1e-14)
    for name, value in grads.items():
        assert step["gradients"][name] == pytest.approx(value, rel=1e-10, abs=1e-13), name


@pytest.mark.parametrize("kind", ["L1", "L2"])
def test_the_posts_numbers_by_hand(kind):
    """The post's network with lam = 0.01: E_reg, dE_reg/dw and the gradients, by hand."""
    lam = 0.01
    plain = bw.walkthrough(bw.tutorial())
    net = bw.tutorial().with_settings(regularization=kind, lam=lam)
    step = bw.walkthrough(net)
    if kind == "L2":
        e_reg = lam / 2 * sum(w * w for w in POST_WEIGHTS)  # 0.00565
        slopes = [lam * w for w in POST_WEIGHTS]
    else:
        e_reg = lam * sum(POST_WEIGHTS)  # 0.028
        slopes = [lam] * 8
    assert step["forward"]["E_reg"] == pytest.approx(e_reg, rel=1e-15)
    total = plain["forward"]["E_total"] + e_reg
    assert step["forward"]["E_total"] == pytest.approx(total, rel=1e-15)
    for k, slope in enumerate(slopes, start=1):
        assert step["partials"][f"dE_reg/dw{k}"] == pytest.approx(slope, rel=1e-15)
        expected = plain["gradients"][f"w{k}"] + slope
        assert step["gradients"][f"w{k}"] == pytest.approx(expected, rel=1e-14)
    for bias in ("b1", "b2"):  # biases are not regularised
        assert step["gradients"][bias] == plain["gradients"][bias]
    assert bw.fmt(step["gradients"]["w5"]) == ("0.086167041" if kind == "L2" else "0.092167041")


def test_lam_is_a_value_like_lr_and_mu():
    net = bw.tutorial().with_settings(regularization="L2")
    assert net.names[-2:] == ("lr", "lam") and net["lam"] == 0.01
    assert "lam" not in bw.tutorial().names
    assert net.with_params(lam=0.2)["lam"] == 0.2
    assert net.with_params(lam="0.05").lam == 0.05
    both = net.with_settings(momentum=0.9)
    assert both.names[-3:] == ("lr", "mu", "lam")
    assert bw.walkthrough(net.with_params(lam=0))["gradients"] == pytest.approx(
        bw.walkthrough(bw.tutorial())["gradients"], rel=1e-15
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda n: n.with_settings(regularization="L3"), "choose one of: none, L2, L1"),
        (lambda n: n.with_settings(regularization="L2", lam=-0.1), "must be 0 or more"),
        (lambda n: n.with_settings(regularization="L2", lam=math.inf), "finite number"),
        (lambda n: n.with_settings(lam=0.1), "choose regularization L1 or L2 too"),
        (lambda n: n.with_params(lam=0.1), "choose regularization L1 or L2 too"),
        (lambda n: n.with_settings(regularization="L1").with_params(lam="x"), "finite number"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(bw.BackpropError) as error:
        call(bw.tutorial())
    assert message in str(error.value)


def test_the_derivation_shows_the_penalty():
    net = bw.tutorial().with_settings(regularization="L2", lam=0.01)
    step = bw.walkthrough(net)
    text = bw.walkthrough_text(net, step)
    assert "dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 + dE_reg/dw5" in text
    assert "0.741365070 * 0.186815602 * 0.593269992 + 0.004000000 = 0.086167041" in text
    assert "dE_reg/dw5 = lam * w5 = 0.01 * 0.4 = 0.004000000" in text
    assert "E_total = E_o1 + E_o2 + E_reg = 0.274811083 + 0.023560026 + 0.005650000" in text
    lines = bw.derivation_lines(net, step, "w5")
    assert r"\frac{\partial E_{reg}}{\partial w_{5}} = \lambda \cdot w_{5} = 0.01 \cdot 0.4" in (
        "\n".join(lines)
    )
    l1 = bw.tutorial().with_settings(regularization="L1", lam=0.01)
    text = bw.walkthrough_text(l1, bw.walkthrough(l1))
    assert "dE_reg/dw5 = lam * sign(w5) = 0.01 * sign(0.4) = 0.010000000" in text
    assert "E_reg = lam * (|w1| + |w2| + |w3|" in text
    assert "L1 regularisation lam=0.01" in repr(l1)


def test_l1_at_zero_uses_the_subgradient_zero():
    net = bw.tutorial().with_settings(regularization="L1", lam=0.5).with_params(w5=0.0)
    step = bw.walkthrough(net)
    assert step["partials"]["dE_reg/dw5"] == 0.0
    plain = bw.walkthrough(bw.tutorial().with_params(w5=0.0))
    assert step["gradients"]["w5"] == plain["gradients"]["w5"]


@pytest.mark.parametrize("kind", ["L1", "L2"])
@pytest.mark.parametrize("batch_size", [None, 1, 2])
def test_training_matches_the_reference_loop(kind, batch_size):
    samples = [((0.05, 0.1), (0.01, 0.99)), ((0.5, 0.2), (0.99, 0.01)), ((0.3, 0.9), (0.5, 0.5))]
    net = bw.tutorial().with_settings(
        regularization=kind,
        lam=0.05,
        samples=samples,
        batch_size=batch_size,
        momentum=0.5,
        train_biases=True,
    )
    history = bw.train(net, 30)
    expected_e, expected_params = reference.train(net, 30)
    np.testing.assert_allclose(history.E_total, expected_e, rtol=1e-11)
    for name, value in expected_params.items():
        assert history.network.params[name] == pytest.approx(value, rel=1e-11, abs=1e-14), name
    single = net.with_settings(samples=samples[:1], batch_size=None)
    expected_e, _ = reference.train(single, 30)
    np.testing.assert_allclose(bw.train(single, 30).E_total, expected_e, rtol=1e-11)


def test_l2_shrinks_the_weights_and_l1_makes_some_zero_ish():
    net = bw.tutorial().with_settings(train_biases=True)
    plain = bw.train(net, 3000).network
    l2 = bw.train(net.with_settings(regularization="L2", lam=0.05), 3000).network
    l1 = bw.train(net.with_settings(regularization="L1", lam=0.05), 3000).network

    def size(n, power):
        return sum(abs(n.params[w.name]) ** power for w in n.layout.weights)

    assert size(l2, 2) < 0.5 * size(plain, 2)
    assert size(l1, 1) < 0.5 * size(plain, 1)
    # L1 pulls the weights that matter least to (oscillate around) zero
    assert min(abs(l1.params[w.name]) for w in l1.layout.weights) < 0.05 * 0.5 + 1e-9


def test_cli_takes_the_settings_from_the_table():
    out = cli(
        "walkthrough", "--format", "json", "--regularization", "L2", "--lam", "0.02",
        "--set", "w5=0.3",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    net = bw.tutorial().with_settings(regularization="L2", lam=0.02).with_params(w5=0.3)
    assert json.loads(out.stdout) == json.loads(json.dumps(bw.walkthrough(net)))
    out = cli("walkthrough", "--lam", "0.1")
    assert out.returncode == 2 and "choose regularization L1 or L2 too" in out.stderr
    assert out.stderr.count("\n") == 1
    out = cli("train", "--iterations", "5", "--regularization", "L1", "--set", "lam=0.1")
    assert out.returncode == 0 and "L1 regularisation lam=0.1" in out.stdout


@pytest.mark.parametrize("kind", ["L1", "L2"])
def test_closed_form_includes_the_penalty(kind):
    net = bw.tutorial().with_settings(regularization=kind, lam=0.03).with_params(w5=-0.7)
    value = float(bw.closed_form(net, "w5").subs(net.values))
    assert value == pytest.approx(bw.walkthrough(net)["gradients"]["w5"], rel=1e-12)
