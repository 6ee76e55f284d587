"""Gradients against independent computations: a NumPy matrix-form reference, central
finite differences, SymPy differentiating the closed form, and a hand-written plain-float
version of the post's step."""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import backprop_widgets as bw
from backprop_widgets.core.functions import numeric_modules
from backprop_widgets.core.symbolic import graph_for

from . import reference

SIZES = [(2, 2, 2), (2, 3, 2), (1, 2, 1), (3, 2, 2), (2, 2, 2, 2), (2, 3, 2, 1)]
ACTS = ["sigmoid", "tanh", "relu", "linear"]


@st.composite
def networks(draw):
    sizes = draw(st.sampled_from(SIZES))
    n_layers = len(sizes) - 1
    loss = draw(st.sampled_from(["squared_error", "cross_entropy"]))
    acts = [draw(st.sampled_from(ACTS)) for _ in range(n_layers)]
    if loss == "cross_entropy":
        acts[-1] = "sigmoid"
    net = bw.tutorial().with_settings(
        sizes=sizes,
        activation=tuple(acts),
        loss=loss,
        bias_mode=draw(st.sampled_from(["shared", "per_neuron"])),
        train_biases=draw(st.booleans()),
    )
    number = st.floats(-1.5, 1.5, allow_nan=False)
    values = {p: draw(number) for p in net.layout.params}
    values |= {i: draw(st.floats(-1, 1)) for i in net.layout.inputs}
    values |= {t: draw(st.floats(0.01, 0.99)) for t in net.layout.targets}
    return net.with_params(**values, lr=draw(st.floats(0.01, 2)))


def _kinked(net) -> bool:
    """ReLU at (or next to) its kink, where a finite difference straddles two slopes."""
    forward = bw.walkthrough(net)["forward"]
    return "relu" in net.activation and any(
        abs(v) < 1e-4 for k, v in forward.items() if k.startswith("net_")
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_gradients_match_the_matrix_reference(net):
    step = bw.walkthrough(net)
    e, grads = reference.gradients(net, net.samples[0])
    assert step["forward"]["E_total"] == pytest.approx(e, rel=1e-12, abs=1e-12)
    for name, value in grads.items():
        assert step["gradients"][name] == pytest.approx(value, rel=1e-9, abs=1e-12), name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_gradients_match_central_finite_differences(net):
    assume(not _kinked(net))
    step = bw.walkthrough(net)
    estimate = bw.finite_differences(net, h=1e-6)
    for name, value in step["gradients"].items():
        assert value == pytest.approx(estimate[name], rel=1e-5, abs=1e-7), name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_update_is_old_minus_lr_times_gradient(net):
    step = bw.walkthrough(net)
    for name, old in net.params.items():
        frozen = name.startswith("b") and not net.train_biases
        expected = old if frozen else old - net.lr * step["gradients"][name]
        assert step["updated"][name] == pytest.approx(expected, rel=1e-15, abs=1e-15)
    after = bw.walkthrough(net.with_params(**step["updated"]))["forward"]["E_total"]
    assert step["after"]["E_total"] == pytest.approx(after, rel=1e-12)


@pytest.mark.parametrize(
    "settings_",
    [
        {},
        {"activation": ("tanh", "sigmoid"), "loss": "cross_entropy"},
        {"bias_mode": "per_neuron", "train_biases": True},
        {"sizes": (2, 2, 2, 2)},
    ],
    ids=["post", "tanh-ce", "per-neuron", "2-2-2-2"],
)
def test_factor_chain_equals_sympy_differentiating_the_closed_form(settings_):
    """SymPy's full derivative of E_total (written in the parameters) agrees with the
    chain-rule factors, and the closed form of each gradient evaluates to the same number."""
    net = bw.tutorial().with_settings(**settings_)
    graph = graph_for(net.shape)
    args = [graph.symbols[q] for q in graph.arguments]
    values = [net.values[k] for _, k in graph.arguments]
    e_total = graph.closed_form("forward", "E_total")
    step = bw.walkthrough(net)
    for name in net.layout.params:
        symbol = graph.symbols[("params", name)]
        full = sp.lambdify(args, sp.diff(e_total, symbol), modules=numeric_modules("math"))
        closed = sp.lambdify(args, graph.closed_form("gradients", name), numeric_modules("math"))
        assert full(*values) == pytest.approx(step["gradients"][name], rel=1e-12, abs=1e-15)
        assert closed(*values) == pytest.approx(step["gradients"][name], rel=1e-12, abs=1e-15)


def _baselines():
    path = Path(__file__).parents[1] / "benchmarks" / "baselines.py"
    spec = importlib.util.spec_from_file_location("baselines", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=14, max_size=14), st.floats(0.01, 1))
def test_post_shape_matches_hand_written_plain_floats(numbers, lr):
    baselines = _baselines()
    names = [n for n in baselines.TUTORIAL_VALUES if n != "lr"]
    values = dict(zip(names, numbers, strict=True)) | {"lr": lr}
    step = bw.walkthrough(bw.tutorial().with_params(**values))
    plain = baselines.plain_float_step(**values)
    expected = dict(zip(baselines.PLAIN_FLOAT_KEYS, plain, strict=True))
    for key, value in expected.items():
        section, name = key.split(".", 1)
        assert step[section][name] == pytest.approx(value, rel=1e-12, abs=1e-14), key


def test_updated_hidden_option_uses_updated_w5_to_w8():
    net = bw.tutorial().with_settings(hidden_uses="updated")
    step = bw.walkthrough(net)
    assert step["partials"]["dnet_o1/dout_h1"] == step["updated"]["w5"]
    _, expected = reference.gradients(net, net.samples[0])
    for name, value in expected.items():
        assert step["gradients"][name] == pytest.approx(value, rel=1e-12)
    # w5..w8 do not change; the hidden gradients then are no longer dE_total/dw
    plain = bw.walkthrough(bw.tutorial())
    assert step["gradients"]["w5"] == plain["gradients"]["w5"]
    assert not math.isclose(step["gradients"]["w1"], bw.finite_differences(net)["w1"], rel_tol=1e-4)


def test_finite_differences_and_loss_slice_agree_with_the_walkthrough():
    net = bw.tutorial()
    grid = np.array([0.3, 0.4, 0.5])
    values = bw.loss_slice(net, "w5", grid)
    for w5, e in zip(grid, values, strict=True):
        assert e == pytest.approx(
            bw.walkthrough(net.with_params(w5=w5))["forward"]["E_total"], rel=1e-12
        )
