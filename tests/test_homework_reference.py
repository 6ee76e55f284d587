"""A plain-float reference for the homework tests: the post's equations written out by hand
(math.exp, no SymPy, no package code), and its own check against the post's numbers."""

from __future__ import annotations

import math


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def forward(v: dict, w: dict | None = None) -> dict:
    """net, out of every neuron and the errors, with weights w (default: those in v)."""
    w = w or v
    f = {"net_h1": w["w1"] * v["i1"] + w["w2"] * v["i2"] + v["b1"]}
    f["out_h1"] = sigmoid(f["net_h1"])
    f["net_h2"] = w["w3"] * v["i1"] + w["w4"] * v["i2"] + v["b1"]
    f["out_h2"] = sigmoid(f["net_h2"])
    f["net_o1"] = w["w5"] * f["out_h1"] + w["w6"] * f["out_h2"] + v["b2"]
    f["out_o1"] = sigmoid(f["net_o1"])
    f["net_o2"] = w["w7"] * f["out_h1"] + w["w8"] * f["out_h2"] + v["b2"]
    f["out_o2"] = sigmoid(f["net_o2"])
    f["E_o1"] = 0.5 * (v["t1"] - f["out_o1"]) ** 2
    f["E_o2"] = 0.5 * (v["t2"] - f["out_o2"]) ** 2
    f["E_total"] = f["E_o1"] + f["E_o2"]
    return f


def step(v: dict, hidden_uses_updated: bool = False) -> dict:
    """One step of the post: forward, deltas, gradients, updated weights, E_total after."""
    f = forward(v)
    delta_o1 = -(v["t1"] - f["out_o1"]) * f["out_o1"] * (1 - f["out_o1"])
    delta_o2 = -(v["t2"] - f["out_o2"]) * f["out_o2"] * (1 - f["out_o2"])
    g = {
        "w5": delta_o1 * f["out_h1"],
        "w6": delta_o1 * f["out_h2"],
        "w7": delta_o2 * f["out_h1"],
        "w8": delta_o2 * f["out_h2"],
    }
    late = {k: v[k] - v["lr"] * g[k] for k in g} if hidden_uses_updated else v
    dE_dout_h1 = delta_o1 * late["w5"] + delta_o2 * late["w7"]
    dE_dout_h2 = delta_o1 * late["w6"] + delta_o2 * late["w8"]
    delta_h1 = dE_dout_h1 * f["out_h1"] * (1 - f["out_h1"])
    delta_h2 = dE_dout_h2 * f["out_h2"] * (1 - f["out_h2"])
    g |= {
        "w1": delta_h1 * v["i1"],
        "w2": delta_h1 * v["i2"],
        "w3": delta_h2 * v["i1"],
        "w4": delta_h2 * v["i2"],
    }
    updated = {k: v[k] - v["lr"] * g[k] for k in g}
    return {
        "forward": f,
        "delta_o1": delta_o1,
        "delta_o2": delta_o2,
        "dE_total/dout_h1": dE_dout_h1,
        "dE_total/dout_h2": dE_dout_h2,
        "gradients": g,
        "updated": updated,
        "E_total_after": forward(v, updated)["E_total"],
    }


POST = {
    "i1": 0.05,
    "i2": 0.10,
    "t1": 0.01,
    "t2": 0.99,
    "w1": 0.15,
    "w2": 0.20,
    "w3": 0.25,
    "w4": 0.30,
    "w5": 0.40,
    "w6": 0.45,
    "w7": 0.50,
    "w8": 0.55,
    "b1": 0.35,
    "b2": 0.60,
    "lr": 0.5,
}


def test_the_reference_gives_the_posts_numbers():
    s = step(POST)
    assert f"{s['forward']['out_h1']:.9f}" == "0.593269992"
    assert f"{s['forward']['E_total']:.9f}" == "0.298371109"
    assert f"{s['gradients']['w5']:.9f}" == "0.082167041"
    assert f"{s['updated']['w5']:.8f}" == "0.35891648"
    assert f"{s['gradients']['w1']:.9f}" == "0.000438568"
    assert f"{s['updated']['w1']:.9f}" == "0.149780716"


def test_the_reference_with_updated_hidden_weights_gives_the_posts_error_after_the_step():
    """The post prints 0.291027924 after the first step: the updated w5..w8 variant."""
    assert f"{step(POST, hidden_uses_updated=True)['E_total_after']:.9f}" == "0.291027924"
    assert f"{step(POST)['E_total_after']:.9f}" == "0.291027774"
