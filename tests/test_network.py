"""The Network API: names, settings, values, bad input, repr."""

from itertools import pairwise

import pytest

import backprop_widgets as bw
from backprop_widgets.core.naming import Layout
from backprop_widgets.core.numbers import fmt


def test_post_names_and_order():
    lay = bw.tutorial().layout
    edges = [(w.name, w.source, w.target) for w in lay.weights]
    assert edges == [
        ("w1", "i1", "h1"), ("w2", "i2", "h1"), ("w3", "i1", "h2"), ("w4", "i2", "h2"),
        ("w5", "h1", "o1"), ("w6", "h2", "o1"), ("w7", "h1", "o2"), ("w8", "h2", "o2"),
    ]  # fmt: skip
    assert [(b.name, b.neurons) for b in lay.biases] == [("b1", ("h1", "h2")), ("b2", ("o1", "o2"))]
    assert bw.tutorial().names == (
        "i1", "i2", "t1", "t2", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2", "lr",
    )  # fmt: skip


def test_post_values():
    net = bw.tutorial()
    assert net.values == {
        "i1": 0.05, "i2": 0.10, "t1": 0.01, "t2": 0.99, "w1": 0.15, "w2": 0.20, "w3": 0.25,
        "w4": 0.30, "w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55, "b1": 0.35, "b2": 0.60,
        "lr": 0.5,
    }  # fmt: skip


def test_deeper_and_per_neuron_names():
    lay = Layout((2, 2, 2, 2), "per_neuron")
    assert lay.layers == (("i1", "i2"), ("h1_1", "h1_2"), ("h2_1", "h2_2"), ("o1", "o2"))
    assert [w.name for w in lay.weights][-1] == "w12"
    assert (lay.weights[4].source, lay.weights[4].target) == ("h1_1", "h2_1")
    assert [b.name for b in lay.biases] == ["b_h1_1", "b_h1_2", "b_h2_1", "b_h2_2", "b_o1", "b_o2"]
    assert [b.name for b in Layout((2, 2, 2, 2)).biases] == ["b1", "b2", "b3"]


@pytest.mark.parametrize("sizes", [(2, 2, 2), (2, 3, 2), (2, 2, 2, 2), (4, 4, 4, 2), (8, 8, 8, 4)])
def test_sizes_the_issue_asks_for(sizes):
    net = bw.tutorial().with_settings(sizes=sizes)
    step = bw.walkthrough(net)
    assert len(step["gradients"]) == len(net.layout.params)
    n_weights = sum(a * b for a, b in pairwise(sizes))
    assert len(net.layout.weights) == n_weights


def test_with_params_is_a_copy():
    net = bw.tutorial()
    other = net.with_params(w5=0.3, lr=0.1, i1="0.5")
    assert (net["w5"], other["w5"], other["lr"], other["i1"]) == (0.4, 0.3, 0.1, 0.5)


def test_settings_carry_values_over():
    net = bw.tutorial().with_params(w5=0.3)
    assert net.with_settings(activation="tanh")["w5"] == 0.3
    per = net.with_settings(bias_mode="per_neuron")
    assert per.params["b_h1"] == per.params["b_h2"] == 0.35 and per.params["b_o2"] == 0.6
    assert per.with_settings(bias_mode="shared")["b2"] == 0.6
    assert net.with_settings(sizes=(2, 3, 2)).with_settings(sizes=(2, 2, 2))["w5"] == 0.4
    assert net.with_settings(activation=("tanh", "sigmoid")).activation == ("tanh", "sigmoid")
    assert net.with_settings(sizes=(2, 2, 2, 2), activation=("relu", "sigmoid")).activation == (
        "relu", "relu", "sigmoid",
    )  # fmt: skip


def test_seeded_starting_values_are_stable():
    a = bw.tutorial().with_settings(sizes=(2, 3, 2), seed="lab1")
    b = bw.tutorial().with_settings(sizes=(2, 3, 2), seed="lab1")
    c = bw.tutorial().with_settings(sizes=(2, 3, 2), seed="lab2")
    assert a.params == b.params != c.params
    assert all(-0.5 <= v <= 0.5 for k, v in a.params.items() if k.startswith("w"))
    assert a.params["w1"] == -0.2  # pinned: sha256 of "lab1/w1", the same on every machine


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda n: n.with_params(w9=1), "unknown name 'w9'; this 2-2-2 network has: i1, i2"),
        (lambda n: n.with_params(w5=float("nan")), "w5 must be a finite number, got nan"),
        (lambda n: n.with_params(w5="abc"), "w5 must be a finite number, got 'abc'"),
        (lambda n: n.with_params(w5=True), "w5 must be a finite number"),
        (lambda n: n.with_params(lr=0), "lr (the learning rate, eta) must be positive"),
        (lambda n: n.with_params(lr=float("inf")), "lr must be a finite number"),
        (lambda n: n.with_settings(sizes=(2,)), "make no network"),
        (lambda n: n.with_settings(sizes=(2, 0, 2)), "make no network"),
        (lambda n: n.with_settings(sizes=(2, 99, 2)), "each 1 to 16 neurons"),
        (lambda n: n.with_settings(activation="swish"), "unknown activation 'swish'; choose"),
        (lambda n: n.with_settings(activation=("tanh",) * 3), "one activation for the whole"),
        (lambda n: n.with_settings(loss="hinge"), "unknown loss 'hinge'; choose one of"),
        (lambda n: n.with_settings(bias_mode="x"), "choose one of: shared, per_neuron"),
        (lambda n: n.with_settings(colour="red"), "unknown setting 'colour'"),
        (lambda n: n.with_settings(momentum=1.5), "momentum (mu) must be at least 0 and below 1"),
        (lambda n: n.with_settings(activation="tanh", loss="cross_entropy"), "use the sigmoid"),
        (lambda n: n.with_settings(loss="cross_entropy").with_params(t1=2), "targets from 0 to 1"),
        (lambda n: n.with_settings(samples=[((1,), (0, 1))]), "sample 1 needs 2 inputs"),
        (lambda n: n.with_settings(samples=[]), "at least one training sample"),
        (lambda n: n.with_settings(batch_size=2), "batch_size must be a whole number from 1 to 1"),
    ],
)
def test_bad_input_says_what_and_how(call, message):
    with pytest.raises(bw.BackpropError, match=None) as error:
        call(bw.tutorial())
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_updated_hidden_option_needs_online_updates_with_several_samples():
    two = [((0.05, 0.1), (0.01, 0.99)), ((0.1, 0.2), (0.99, 0.01))]
    with pytest.raises(bw.BackpropError, match="use batch_size=1"):
        bw.tutorial().with_settings(samples=two, hidden_uses="updated")
    assert bw.tutorial().with_settings(samples=two, hidden_uses="updated", batch_size=1)


def test_repr_reads_like_the_post():
    assert repr(bw.tutorial()) == (
        "Network 2-2-2, sigmoid, squared_error, biases shared (frozen), lr=0.5\n"
        "  inputs   i1=0.05  i2=0.1\n"
        "  targets  t1=0.01  t2=0.99\n"
        "  weights  w1=0.15 (i1->h1)  w2=0.2 (i2->h1)  w3=0.25 (i1->h2)  w4=0.3 (i2->h2)\n"
        "           w5=0.4 (h1->o1)  w6=0.45 (h2->o1)  w7=0.5 (h1->o2)  w8=0.55 (h2->o2)\n"
        "  biases   b1=0.35 (h1, h2)  b2=0.6 (o1, o2)"
    )
    assert (
        repr(bw.train(bw.tutorial(), 1)) == "History(1 steps, E_total 0.298371109 -> 0.2910277737)"
    )
    diverged = bw.train(bw.tutorial().with_settings(activation="linear").with_params(lr=50), 99)
    assert repr(diverged).startswith("History(3 steps, E_total 0.421124766 -> 4.1160298777e+20;")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.298371109, "0.298371109"),
        (-0.0000000001, "0.000000000"),  # no "-0.000000000"
        (-2.5, "-2.500000000"),
        (1e15, "1.000000000e+15"),  # huge values (divergence) stay readable
        (-7.894903128e199, "-7.894903128e+199"),
    ],
)
def test_fmt(value, text):
    assert fmt(value) == text


def test_no_hidden_layer_keeps_the_output_activation():
    net = bw.tutorial().with_settings(activation=("tanh", "sigmoid")).with_settings(sizes=(2, 2))
    assert net.activation == ("sigmoid",) and net.layout.params[-1] == "b1"
    grads = bw.walkthrough(net)["gradients"]
    fd = bw.finite_differences(net)
    assert all(abs(grads[p] - fd[p]) < 1e-7 for p in net.layout.params)


def test_momentum_walkthrough_shows_the_velocity_before_the_step():
    net = bw.train(bw.tutorial().with_settings(momentum=0.9), 2).network
    step = bw.walkthrough(net)
    assert step["state"] == net.velocity and step["state"]["w5"] != 0
    for p in net.layout.params:
        trained = p.startswith("w")  # the biases are frozen: their velocity stays 0
        v = 0.9 * step["state"][p] + step["gradients"][p] if trained else 0.0
        assert step["velocity"][p] == pytest.approx(v, abs=1e-15)
