"""Full-batch training written by hand in NumPy matrix form: the baseline of bench_batch.py.

A 2-H-1 network: tanh hidden layer, sigmoid output, binary cross-entropy averaged over the
samples, one bias per neuron, every parameter trained, plain gradient descent. Written from
the textbook equations (W @ x + b, delta = f'(net) * W^T delta_next), not from the package;
the chain is the same as the post's (dE/dout * dout/dnet), so the arithmetic is the same
as the package's and the two agree to rounding.
"""

from __future__ import annotations

import numpy as np

__all__ = ["matrices", "train_tanh_sigmoid"]


def matrices(net) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """W1 (hidden x inputs), b1, w2 (hidden) and b2 from a 2-H-1 network's w1.. and b_h1.."""
    p, (n_in, n_hidden, _) = net.params, net.sizes
    w = [p[f"w{k}"] for k in range(1, n_in * n_hidden + n_hidden + 1)]
    w1 = np.array(w[: n_in * n_hidden]).reshape(n_hidden, n_in)
    b1 = np.array([p[f"b_h{k}"] for k in range(1, n_hidden + 1)])
    return w1, b1, np.array(w[n_in * n_hidden :]), p["b_o1"]


def train_tanh_sigmoid(x, t, w1, b1, w2, b2, lr, epochs) -> np.ndarray:
    """E_total (mean over samples) before each update and after the last one.

    x: samples as rows (n x inputs); t: targets (n).
    """
    n = len(t)
    history = np.empty(epochs + 1)
    for k in range(epochs + 1):
        h = np.tanh(x @ w1.T + b1)  # hidden outputs, n x hidden
        z = h @ w2 + b2
        out = 1.0 / (1.0 + np.exp(-z))
        history[k] = -np.mean(t * np.log(out) + (1 - t) * np.log(1 - out))
        if k == epochs:
            break
        delta = (-(t / out) + (1 - t) / (1 - out)) * (out * (1 - out))  # dE/dout * dout/dnet
        hidden = np.outer(delta, w2) * (1 - h * h)  # (W^T delta) * tanh'
        w2, b2 = w2 - lr * (h.T @ delta) / n, b2 - lr * delta.sum() / n
        w1, b1 = w1 - lr * (hidden.T @ x) / n, b1 - lr * hidden.sum(axis=0) / n
    return history
