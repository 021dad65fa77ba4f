"""Reference solution for ps3_sgd: deterministic mini-batch SGD with the t0 / (t + t1) learning schedule."""

import numpy as np


def learning_schedule(t: int, t0: float = 5.0, t1: float = 50.0) -> float:
    """Learning rate after t updates: t0 / (t + t1)."""
    return t0 / (t + t1)


def _mse(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    return float(np.mean((X @ w + b - y) ** 2))


def _mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    residual = X @ w + b - y
    m = X.shape[0]
    return (2 / m) * X.T @ residual, float((2 / m) * np.sum(residual))


def fit_sgd(
    X: np.ndarray,
    y: np.ndarray,
    epochs: int,
    batch_size: int = 1,
    t0: float = 5.0,
    t1: float = 50.0,
    w0: np.ndarray | None = None,
    b0: float = 0.0,
    seed: int = 0,
) -> tuple[np.ndarray, float, list[float]]:
    """Mini-batch SGD, reshuffled each epoch by default_rng(seed); returns (w, b, losses) per epoch."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    m, n = X.shape
    rng = np.random.default_rng(seed)
    w = np.zeros(n) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    t = 0
    losses = [_mse(X, y, w, b)]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m - batch_size + 1, batch_size):
            idx = order[start : start + batch_size]
            grad_w, grad_b = _mse_gradient(X[idx], y[idx], w, b)
            eta = learning_schedule(t, t0, t1)
            w = w - eta * grad_w
            b = b - eta * grad_b
            t += 1
        losses.append(_mse(X, y, w, b))
    return w, b, losses
