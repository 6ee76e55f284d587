"""An independent reference: backpropagation in matrix form with NumPy, written from the
textbook equations (delta = f'(net) * W^T delta_next), not from the package's graph."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

ACTIVATIONS = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, a: a * (1 - a)),
    "tanh": (np.tanh, lambda z, a: 1 - a * a),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    "linear": (lambda z: z, lambda z, a: np.ones_like(z)),
    "softmax": (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), None),  # Jacobian
}


def loss(kind: str, t: np.ndarray, a: np.ndarray) -> tuple[float, np.ndarray]:
    """E_total and dE_total/da."""
    if kind == "squared_error":
        return float(0.5 * np.sum((t - a) ** 2)), a - t
    if kind == "categorical_cross_entropy":
        return float(-np.sum(t * np.log(a))), -t / a
    e = -np.sum(t * np.log(a) + (1 - t) * np.log(1 - a))
    return float(e), -t / a + (1 - t) / (1 - a)


def matrices(net) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Weights as one matrix per layer (rows: targets, columns: sources), biases as vectors."""
    sizes, p = net.sizes, net.params
    names = iter(f"w{k}" for k in range(1, 10_000))
    ws = [
        np.array([[p[next(names)] for _ in range(m)] for _ in range(n)]) for m, n in pairwise(sizes)
    ]
    bs = []
    for layer, n in enumerate(sizes[1:], start=1):
        if net.bias_mode == "shared":
            bs.append(np.full(n, p[f"b{layer}"]))
        else:
            neurons = net.layout.layers[layer]
            bs.append(np.array([p[f"b_{name}"] for name in neurons]))
    return ws, bs


def forward(net, ws, bs, x):
    """net and out of every layer."""
    zs, outs = [], [np.asarray(x, float)]
    for layer, (w, b) in enumerate(zip(ws, bs, strict=True)):
        z = w @ outs[-1] + b
        zs.append(z)
        outs.append(ACTIVATIONS[net.activation[layer]][0](z))
    return zs, outs


def penalty(net, ws) -> tuple[float, list[np.ndarray]]:
    """E_reg and its gradient for every weight matrix: L2 lam/2 sum w^2, L1 lam sum |w|."""
    kind = getattr(net, "regularization", "none")
    if kind == "none":
        return 0.0, [np.zeros_like(w) for w in ws]
    if kind == "L2":
        return net.lam / 2 * sum(float(np.sum(w * w)) for w in ws), [net.lam * w for w in ws]
    return net.lam * sum(float(np.sum(np.abs(w))) for w in ws), [net.lam * np.sign(w) for w in ws]


def gradients(net, sample) -> tuple[float, dict[str, float]]:
    """E_total and every gradient for one sample (hidden_uses honoured)."""
    ws, bs = matrices(net)
    x, t = (np.asarray(v, float) for v in sample)
    zs, outs = forward(net, ws, bs, x)
    e, de_da = loss(net.loss, t, outs[-1])
    e_reg, d_reg = penalty(net, ws)
    e += e_reg
    gw, gb = [None] * len(ws), [None] * len(ws)
    if net.activation[-1] == "softmax":  # da_j/dz_k = a_j (delta_jk - a_k): a full Jacobian
        a = outs[-1]
        delta = (np.diag(a) - np.outer(a, a)).T @ de_da
    else:
        delta = de_da * ACTIVATIONS[net.activation[-1]][1](zs[-1], outs[-1])
    for layer in range(len(ws) - 1, -1, -1):
        gw[layer], gb[layer] = np.outer(delta, outs[layer]) + d_reg[layer], delta
        if layer:
            w = ws[layer] - net.lr * gw[layer] if net.hidden_uses == "updated" else ws[layer]
            slope = ACTIVATIONS[net.activation[layer - 1]][1](zs[layer - 1], outs[layer])
            delta = (w.T @ delta) * slope
    found = {f"w{k}": v for k, v in enumerate(np.concatenate([g.ravel() for g in gw]), start=1)}
    for layer, g in enumerate(gb, start=1):
        if net.bias_mode == "shared":
            found[f"b{layer}"] = float(g.sum())
        else:
            found |= {f"b_{n}": float(v) for n, v in zip(net.layout.layers[layer], g, strict=True)}
    return e, {k: float(v) for k, v in found.items()}


def train(net, steps: int) -> tuple[list[float], dict[str, float]]:
    """Plain loop: batches in sample order, mean gradient, momentum, frozen biases."""
    params, velocity = dict(net.params), {k: 0.0 for k in net.params}
    n, size = len(net.samples), net.batch_size or len(net.samples)
    history = []
    for step in range(steps + 1):
        current = net.with_params(**params)
        history.append(np.mean([gradients(current, s)[0] for s in net.samples]))
        if step == steps:
            break
        batch = [net.samples[(step * size + j) % n] for j in range(size)]
        grads = [gradients(current, s)[1] for s in batch]
        for k in params:
            if k.startswith("b") and not net.train_biases:
                continue
            g = sum(d[k] for d in grads) / len(grads)
            velocity[k] = net.momentum * velocity[k] + g
            params[k] -= net.lr * velocity[k]
    return history, params
