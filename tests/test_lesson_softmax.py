"""Lesson 20 (softmax and categorical cross-entropy): its key numbers against the post's
network written out here in plain Python, softmax and all, from the textbook equations.

The backward pass below uses the full Jacobian of softmax, dout_j/dnet_k = out_j (1[j = k] -
out_k), and not the shortcut out - t the lesson derives, so the shortcut is checked too;
finite differences of E_total check the whole chain."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

import backprop_widgets as bw
from backprop_widgets import fmt

from .test_lessons import POST_PARAMS, notebook, stored_text

X, POST_TARGETS, ONE_HOT = (0.05, 0.10), (0.01, 0.99), (0.0, 1.0)
WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def biases(p: dict) -> tuple[list[float], list[float]]:
    """The hidden and the output biases of each neuron: shared (b1, b2) or per neuron."""
    hidden = [p.get("b_h1", p.get("b1")), p.get("b_h2", p.get("b1"))]
    output = [p.get("b_o1", p.get("b2")), p.get("b_o2", p.get("b2"))]
    return hidden, output


def softmax_step(p: dict, t=POST_TARGETS) -> dict:
    """Forward and backward pass of the 2-2-2 network with softmax outputs."""
    bh, bo = biases(p)
    h = [sigmoid(p["w1"] * X[0] + p["w2"] * X[1] + bh[0])]
    h.append(sigmoid(p["w3"] * X[0] + p["w4"] * X[1] + bh[1]))
    net = [p["w5"] * h[0] + p["w6"] * h[1] + bo[0], p["w7"] * h[0] + p["w8"] * h[1] + bo[1]]
    top = max(net)
    e = [math.exp(z - top) for z in net]
    out = [ek / sum(e) for ek in e]
    E = -sum(tk * math.log(ok) for tk, ok in zip(t, out, strict=True) if tk)
    dE_dout = [-tk / ok for tk, ok in zip(t, out, strict=True)]
    jacobian = [[out[j] * ((j == k) - out[k]) for k in range(2)] for j in range(2)]
    paths = [[dE_dout[j] * jacobian[j][k] for j in range(2)] for k in range(2)]  # [k][j]
    delta = [sum(paths[k]) for k in range(2)]
    dh = [
        (delta[0] * p["w5"] + delta[1] * p["w7"]) * h[0] * (1 - h[0]),
        (delta[0] * p["w6"] + delta[1] * p["w8"]) * h[1] * (1 - h[1]),
    ]
    g = {"w1": dh[0] * X[0], "w2": dh[0] * X[1], "w3": dh[1] * X[0], "w4": dh[1] * X[1]}
    g |= {"w5": delta[0] * h[0], "w6": delta[0] * h[1]}
    g |= {"w7": delta[1] * h[0], "w8": delta[1] * h[1]}
    g |= {"b1": dh[0] + dh[1], "b2": delta[0] + delta[1]}
    g |= {"b_h1": dh[0], "b_h2": dh[1], "b_o1": delta[0], "b_o2": delta[1]}
    return {"E": E, "out": out, "net": net, "jacobian": jacobian, "paths": paths} | {
        "delta": delta,
        "g": {k: v for k, v in g.items() if k in p},
    }


def shown() -> str:
    """Lesson 20's stored outputs (text), with every run of white space as one space."""
    return " ".join(stored_text(notebook(20)).split())


def error(p: dict, t=POST_TARGETS) -> float:
    return softmax_step(p, t)["E"]


def train(p: dict, steps: int, t=POST_TARGETS, trained=WEIGHTS, lr=0.5) -> list[dict]:
    """The post's loop; the parameters before the first step and after each one."""
    history = [dict(p)]
    for _ in range(steps):
        g = softmax_step(p, t)["g"]
        p = {k: (v - lr * g[k] if k in trained else v) for k, v in p.items()}
        history.append(p)
    return history


SOFTMAX = bw.tutorial().with_settings(
    activation=("sigmoid", "softmax"), loss="categorical_cross_entropy"
)


def test_20_the_forward_pass_and_the_two_paths_to_net_o1():
    s = softmax_step(POST_PARAMS)
    assert [fmt(o) for o in s["out"]] == ["0.470281212", "0.529718788"]
    assert fmt(sum(s["out"])) == "1.000000000"
    assert fmt(s["E"]) == "0.636599157"
    assert fmt(s["jacobian"][1][0]) == "-0.249116794"  # dout_o2/dnet_o1: zero for sigmoids
    assert [fmt(x) for x in s["paths"][0]] == ["-0.005297188", "0.465578400"]
    text = shown()
    for number in ("0.470281212", "0.529718788", "1.000000000", "1.524293535", "0.636599157"):
        assert number in text
    assert "dout_o2/dnet_o1 -out_o1 out_o2 (zero in the post) -0.249116794" in text
    assert "dE_o2/dnet_o1 the product: the path through out_o2 0.465578400" in text


def test_20_each_delta_is_out_minus_target_and_the_gradients_are_the_slopes():
    for targets in (POST_TARGETS, ONE_HOT, (0.3, 0.7)):
        s = softmax_step(POST_PARAMS, targets)
        for k in range(2):
            assert s["delta"][k] == pytest.approx(s["out"][k] - targets[k], abs=1e-15)
        for name, value in s["g"].items():
            up = error(POST_PARAMS | {name: POST_PARAMS[name] + 1e-6}, targets)
            down = error(POST_PARAMS | {name: POST_PARAMS[name] - 1e-6}, targets)
            assert value == pytest.approx((up - down) / 2e-6, abs=1e-9), (targets, name)
    s = softmax_step(POST_PARAMS)
    assert [fmt(d) for d in s["delta"]] == ["0.460281212", "-0.460281212"]
    assert fmt(s["g"]["w5"]) == "0.273071031" and fmt(s["g"]["w7"]) == "-0.273071031"
    assert abs(s["g"]["b2"]) < 1e-15  # the deltas sum to 0
    package = bw.walkthrough(SOFTMAX)
    for name, value in s["g"].items():
        assert package["gradients"][name] == pytest.approx(value, abs=1e-15), name
    text = shown()
    assert "o1 0.470281212 0.010000000 0.460281212 0.460281212" in text
    assert "dE_total/db2 = 0.000000000 (with the sigmoids of the post: 0.100400325)" in text
    assert "dE_total/dw5 = 0.273071031" in text


def test_20_the_outputs_do_not_depend_on_the_shared_output_bias():
    for b2 in (-3.0, 10.0):
        s = softmax_step(POST_PARAMS | {"b2": b2})
        assert [fmt(o) for o in s["out"]] == ["0.470281212", "0.529718788"]
        assert fmt(s["E"]) == "0.636599157"
    text = shown()
    assert "10.0 10.505905967 10.624921404 0.470281212 0.636599157" in text


def test_20_per_neuron_output_biases_learn_their_difference_and_keep_their_sum():
    start = {k: v for k, v in POST_PARAMS.items() if not k.startswith("b")}
    start |= {"b_h1": 0.35, "b_h2": 0.35, "b_o1": 0.6, "b_o2": 0.6}
    history = train(start, 10_000, trained=(*WEIGHTS, "b_h1", "b_h2", "b_o1", "b_o2"))
    assert all(abs(p["b_o1"] + p["b_o2"] - 1.2) < 1e-12 for p in history)
    assert all(abs(p["w5"] + p["w7"] - 0.9) < 1e-12 for p in history)
    assert fmt(history[10]["b_o1"]) == "-0.167775474"
    assert fmt(history[10_000]["b_o2"] - history[10_000]["b_o1"]) == "2.484198186"
    text = shown()
    assert "10 -0.167775474 1.367775474 1.200000000 1.535550948 0.900000000" in text
    assert "10000 -0.642099093 1.842099093 1.200000000 2.484198186 0.900000000" in text


def test_20_training_reaches_the_targets_and_the_error_ends_at_their_entropy():
    end = train(POST_PARAMS, 10_000)[-1]
    s = softmax_step(end)
    assert [fmt(o) for o in s["out"]] == ["0.010000000", "0.990000000"]
    entropy = -(0.01 * math.log(0.01) + 0.99 * math.log(0.99))
    assert fmt(s["E"]) == fmt(entropy) == "0.056001534"
    assert fmt(end["w5"] + end["w7"]) == "0.900000000"
    run = bw.train(SOFTMAX, 10_000)
    assert all(run.network[k] == pytest.approx(end[k], abs=1e-9) for k in WEIGHTS)
    text = shown()
    assert "10000 0.010000000 0.990000000 0.056001534 0.015913620 0.984064274" in text
    assert "-(t1 ln t1 + t2 ln t2), the smallest: 0.056001534" in text
    assert f"w5 + w7 = {fmt(end['w5'])} + {fmt(end['w7'])} = 0.900000000" in text


def test_20_with_targets_zero_and_one_the_error_falls_tenfold_per_tenfold_steps():
    history = train(POST_PARAMS, 100_000, t=ONE_HOT)
    errors = {n: error(history[n], ONE_HOT) for n in (100, 1000, 10_000, 100_000)}
    assert all(5 < errors[n] / errors[10 * n] < 15 for n in (100, 1000, 10_000))
    w7 = [p["w7"] for p in history]
    assert all(later > earlier for earlier, later in pairwise(w7))
    text = shown()
    for n in (10_000, 100_000):
        out_o1 = softmax_step(history[n], ONE_HOT)["out"][0]
        assert f"{n} {fmt(out_o1)} {fmt(1 - out_o1)} {fmt(errors[n])} {fmt(w7[n])}" in text
    assert f"{fmt(errors[100_000])} 4.997348186" in text


def test_20_the_exercise_checks_accept_the_independent_answers():
    from backprop_widgets.homework import check

    s = softmax_step(POST_PARAMS)
    check("partials.dE_total/dnet_o2", s["out"][1] - 0.99, network=SOFTMAX)
    check("gradients.w7", s["g"]["w7"], network=SOFTMAX)
    one_hot = SOFTMAX.with_params(t1=0.0, t2=1.0)
    check(
        "partials.dE_total/dnet_o1", softmax_step(POST_PARAMS, ONE_HOT)["out"][0], network=one_hot
    )
    with pytest.raises(AssertionError):
        check("partials.dE_total/dnet_o1", s["delta"][0], network=one_hot)  # t1 still 0.01
