"""ps3 with a while loop over mini-batches and an explicit update counter: correct, never a hint."""

import numpy as np


def learning_schedule(t, t0=5.0, t1=50.0):
    return t0 / (t1 + t)


def fit_sgd(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    m, n = X.shape
    rng = np.random.default_rng(seed)
    w = np.zeros(n) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    updates = 0
    losses = [float(np.mean((X @ w + b - y) ** 2))]
    for _ in range(epochs):
        order = rng.permutation(np.arange(m))
        start = 0
        while start < m:
            idx = order[start : start + batch_size]
            Xb, yb = X[idx], y[idx]
            residual = Xb @ w + b - yb
            grad_w = 2 * Xb.T @ residual / len(idx)
            grad_b = 2 * residual.sum() / len(idx)
            eta = learning_schedule(updates, t0, t1)
            w = w - eta * grad_w
            b = b - eta * grad_b
            updates += 1
            start += batch_size
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
    return w, b, losses
