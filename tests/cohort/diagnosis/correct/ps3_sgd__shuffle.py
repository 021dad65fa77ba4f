"""ps3 shuffling a fresh index array each epoch with rng.shuffle: correct, never a hint."""

import numpy as np


def learning_schedule(t: int, t0: float = 5.0, t1: float = 50.0) -> float:
    return t0 / (t + t1)


def fit_sgd(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    m = len(y)
    rng = np.random.default_rng(seed)
    w = np.zeros(X.shape[1]) if w0 is None else np.copy(w0).astype(float)
    b = b0
    t = 0

    def loss():
        return float(np.mean((X.dot(w) + b - y) ** 2))

    losses = [loss()]
    for _epoch in range(epochs):
        indices = np.arange(m)
        rng.shuffle(indices)
        batches = [indices[i : i + batch_size] for i in range(0, m, batch_size)]
        for batch in batches:
            error = X[batch].dot(w) + b - y[batch]
            eta = learning_schedule(t, t0, t1)
            w = w - eta * (2 / len(batch)) * X[batch].T.dot(error)
            b = b - eta * (2 / len(batch)) * np.sum(error)
            t = t + 1
        losses.append(loss())
    return w, b, losses
