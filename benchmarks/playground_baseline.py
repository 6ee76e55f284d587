"""One frame of the playground's arithmetic written by hand in NumPy: the baseline of
bench_playground.py.

A network with tanh hidden layers, one sigmoid output, binary cross-entropy averaged over a
batch, one bias per neuron, every parameter trained, plain gradient descent on mini-batches
taken in order (cycling); then every neuron's out over the picture's grid and the mean error
on the test points. Written from the textbook equations (W @ x + b, delta = f'(net) * W^T
delta_next), not from the package.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

__all__ = ["Frame"]


class Frame:
    """The weights of a playground network, and advance(): one frame's arithmetic."""

    def __init__(self, net, train, test, grid: np.ndarray, updates: int):
        p, sizes = net.params, net.sizes
        names = iter(f"w{k}" for k in range(1, 10_000))
        self.ws = [np.array([[p[next(names)] for _ in range(m)] for _ in range(n)])
                   for m, n in pairwise(sizes)]  # fmt: skip
        self.bs = [np.array([p[f"b_{n}"] for n in layer]) for layer in net.layout.layers[1:]]
        self.x = np.array([s[0] for s in train])
        self.t = np.array([s[1][0] for s in train])
        self.test_x = np.array([s[0] for s in test])
        self.test_t = np.array([s[1][0] for s in test])
        self.grid, self.lr, self.size, self.updates = grid, net.lr, net.batch_size, updates
        self.done = 0

    def _forward(self, x: np.ndarray) -> list[np.ndarray]:
        outs = [x]
        for k, (w, b) in enumerate(zip(self.ws, self.bs, strict=True)):
            z = outs[-1] @ w.T + b
            outs.append(np.tanh(z) if k < len(self.ws) - 1 else 1 / (1 + np.exp(-z)))
        return outs

    @staticmethod
    def _error(out: np.ndarray, t: np.ndarray) -> float:
        return float(-np.mean(t * np.log(out) + (1 - t) * np.log(1 - out)))

    def _update(self) -> None:
        n = len(self.t)
        rows = [(self.done * self.size + j) % n for j in range(self.size)]
        outs = self._forward(self.x[rows])
        out, t = outs[-1][:, 0], self.t[rows]
        delta = ((-(t / out) + (1 - t) / (1 - out)) * out * (1 - out))[:, None]
        for k in range(len(self.ws) - 1, -1, -1):
            gw, gb = delta.T @ outs[k] / self.size, delta.mean(axis=0)
            if k:
                delta = (delta @ self.ws[k]) * (1 - outs[k] ** 2)
            self.ws[k] = self.ws[k] - self.lr * gw
            self.bs[k] = self.bs[k] - self.lr * gb
        self.done += 1

    def advance(self) -> tuple[float, float, list[np.ndarray]]:
        """updates more updates; then E_total on the training and the test points and every
        layer's out over the grid."""
        for _ in range(self.updates):
            self._update()
        e_train = self._error(self._forward(self.x)[-1][:, 0], self.t)
        e_test = self._error(self._forward(self.test_x)[-1][:, 0], self.test_t)
        return e_train, e_test, self._forward(self.grid)

    def params(self) -> np.ndarray:
        """Every weight (in the package's order w1, w2, ...), then every bias."""
        return np.concatenate([*(w.ravel() for w in self.ws), *self.bs])
