"""A plain-float reference for the homework topics, written out by hand (math only, no
SymPy, no package code): any layer sizes, sigmoid/tanh/ReLU, squared error or cross-entropy,
shared or per-neuron biases, hidden deltas from the original or the updated weights of the
layer above, momentum, the mean over a batch. Checked against the 2-2-2 reference."""

from __future__ import annotations

import math
from itertools import pairwise

from tests.test_homework_reference import POST
from tests.test_homework_reference import step as post_step

ACT = {
    "sigmoid": (lambda x: 1 / (1 + math.exp(-x)), lambda out, net: out * (1 - out)),
    "tanh": (math.tanh, lambda out, net: 1 - out * out),
    "relu": (lambda x: max(0.0, x), lambda out, net: 1.0 if net > 0 else 0.0),
}
LOSS = {
    "categorical_cross_entropy": (lambda t, o: -t * math.log(o), lambda t, o: -t / o),
    "squared_error": (lambda t, o: 0.5 * (t - o) ** 2, lambda t, o: o - t),
    "cross_entropy": (
        lambda t, o: -(t * math.log(o) + (1 - t) * math.log(1 - o)),
        lambda t, o: -t / o + (1 - t) / (1 - o),
    ),
}


def layers(sizes):
    """Neuron names: i1.., h1.. (one hidden layer) or h1_1.. (several), o1.."""
    hidden = len(sizes) - 2
    names = [[f"i{k}" for k in range(1, sizes[0] + 1)]]
    for layer, size in enumerate(sizes[1:-1], start=1):
        names.append([f"h{k}" if hidden == 1 else f"h{layer}_{k}" for k in range(1, size + 1)])
    return [*names, [f"o{k}" for k in range(1, sizes[-1] + 1)]]


def weights(sizes):
    """(name, source, target), numbered layer by layer, by target then source."""
    found = []
    names = layers(sizes)
    for before, layer in pairwise(names):
        for target in layer:
            for source in before:
                found.append((f"w{len(found) + 1}", source, target))
    return found


def bias_name(sizes, neuron, per_neuron):
    """b1 for the first layer of weights (shared) or b_<neuron> (per neuron)."""
    if per_neuron:
        return f"b_{neuron}"
    return f"b{next(k for k, names in enumerate(layers(sizes)) if neuron in names)}"


def forward(v, sample, sizes, act, loss, per_neuron=False):
    """net_, out_ of every neuron and E_ of every output, for one sample (inputs, targets)."""
    names, f = layers(sizes), {}
    out = dict(zip(names[0], sample[0], strict=True))
    for k, layer in enumerate(names[1:], start=1):
        for n in layer:
            net = sum(v[w] * out[s] for w, s, t in weights(sizes) if t == n)
            f[f"net_{n}"] = net + v[bias_name(sizes, n, per_neuron)]
            if act[k - 1] != "softmax":
                f[f"out_{n}"] = out[n] = ACT[act[k - 1]][0](f[f"net_{n}"])
        if act[k - 1] == "softmax":  # the whole layer: exp(net_j) / sum_k exp(net_k)
            total = sum(math.exp(f[f"net_{n}"]) for n in layer)
            for n in layer:
                f[f"out_{n}"] = out[n] = math.exp(f[f"net_{n}"]) / total
    for o, t in zip(names[-1], sample[1], strict=True):
        f[f"E_{o}"] = LOSS[loss][0](t, out[o])
    f["E_total"] = sum(f[f"E_{o}"] for o in names[-1])
    return f


def gradients(v, sample, sizes, act, loss, per_neuron=False, lr=0.5, updated_above=False):
    """dE/dout, delta per neuron and dE/dp per parameter for one sample. updated_above: the
    hidden layer's chain uses the updated weights of the layer above (2-2-2: w5..w8)."""
    names, f = layers(sizes), forward(v, sample, sizes, act, loss, per_neuron)
    dout, delta, g = {}, {}, {}
    for o, t in zip(names[-1], sample[1], strict=True):
        dout[o] = LOSS[loss][1](t, f[f"out_{o}"])
        if act[-1] != "softmax":
            delta[o] = dout[o] * ACT[act[-1]][1](f[f"out_{o}"], f[f"net_{o}"])
    if act[-1] == "softmax":  # dout_j/dnet_k = out_j (1[j = k] - out_k), summed over j
        for k in names[-1]:
            delta[k] = sum(dout[j] * f[f"out_{j}"] * ((j == k) - f[f"out_{k}"]) for j in names[-1])
    for k in range(len(names) - 2, 0, -1):
        w_above = {w: v[w] for w, s, t in weights(sizes) if t in names[k + 1]}
        if updated_above:
            w_above = {
                w: v[w] - lr * delta[t] * f[f"out_{s}"]
                for w, s, t in weights(sizes)
                if t in names[k + 1]
            }
        for h in names[k]:
            dout[h] = sum(
                delta[t] * w_above[w] for w, s, t in weights(sizes) if s == h and w in w_above
            )
            delta[h] = dout[h] * ACT[act[k - 1]][1](f[f"out_{h}"], f[f"net_{h}"])
    inputs = dict(zip(names[0], sample[0], strict=True))
    value = lambda n: inputs[n] if n in inputs else f[f"out_{n}"]  # noqa: E731
    for w, s, t in weights(sizes):
        g[w] = delta[t] * value(s)
    for layer in names[1:]:
        for n in layer:
            b = bias_name(sizes, n, per_neuron)
            g[b] = g.get(b, 0.0) + delta[n]
    return {"forward": f, "dout": dout, "delta": delta, "gradients": g}


def topic_step(
    v,
    samples,
    sizes=(2, 2, 2),
    act=("sigmoid", "sigmoid"),
    loss="squared_error",
    per_neuron=False,
    train_biases=False,
    updated_above=False,
    mu=0.0,
    velocity=None,
):
    """One update from the mean gradient of samples: gradients, velocity, updated, after."""
    lr = v["lr"]
    each = [gradients(v, s, sizes, act, loss, per_neuron, lr, updated_above) for s in samples]
    g = {p: sum(e["gradients"][p] for e in each) / len(each) for p in each[0]["gradients"]}
    trained = [p for p in g if p.startswith("w") or train_biases]
    vel = {p: mu * (velocity or {}).get(p, 0.0) + g[p] for p in trained}
    updated = v | {p: v[p] - lr * vel[p] for p in trained}
    after = [forward(updated, s, sizes, act, loss, per_neuron)["E_total"] for s in samples]
    before = [e["forward"]["E_total"] for e in each]
    return {
        "each": each,
        "gradients": g,
        "velocity": vel,
        "updated": updated,
        "E_before": sum(before) / len(before),
        "E_after": sum(after) / len(after),
    }


def test_the_general_reference_gives_the_2_2_2_reference():
    sample = ((POST["i1"], POST["i2"]), (POST["t1"], POST["t2"]))
    ours, theirs = topic_step(POST, [sample]), post_step(POST)
    for p, value in theirs["gradients"].items():
        assert math.isclose(ours["gradients"][p], value, rel_tol=1e-13)
    assert math.isclose(ours["E_after"], theirs["E_total_after"], rel_tol=1e-13)
    late = topic_step(POST, [sample], updated_above=True)
    assert f"{late['E_after']:.9f}" == "0.291027924"  # the post's printed value


def test_shared_bias_gradients_are_sums_of_deltas_and_finite_differences_agree():
    """The bias gradients against central differences of E_total."""
    sample = ((POST["i1"], POST["i2"]), (POST["t1"], POST["t2"]))
    g = gradients(POST, sample, (2, 2, 2), ("tanh", "sigmoid"), "cross_entropy")["gradients"]
    for p in ("b1", "b2", "w1", "w7"):
        h = 1e-6
        up = forward(
            POST | {p: POST[p] + h}, sample, (2, 2, 2), ("tanh", "sigmoid"), "cross_entropy"
        )
        down = forward(
            POST | {p: POST[p] - h}, sample, (2, 2, 2), ("tanh", "sigmoid"), "cross_entropy"
        )
        assert math.isclose(g[p], (up["E_total"] - down["E_total"]) / (2 * h), rel_tol=1e-6)
