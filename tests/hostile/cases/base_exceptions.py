# HOSTILE CASE: BaseException-family exceptions that a careless `except Exception` lets through.
# Assignment: ps2_linear_regression
# Tries: predict raises KeyboardInterrupt, mse_loss raises SystemExit(0), mse_gradient raises
#        GeneratorExit; each could stop a grader that only catches Exception.
# Honest: fit_gradient_descent is correct and self-contained and must still earn full marks; the other
#         three must earn nothing.
# Bounded: no loops beyond the honest arithmetic.
import numpy as np


def predict(X, w, b):
    raise KeyboardInterrupt


def mse_loss(X, y, w, b):
    raise SystemExit(0)


def mse_gradient(X, y, w, b):
    raise GeneratorExit


def _loss(X, y, w, b):
    return float(np.mean((X @ w + b - y) ** 2))


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    m, n = X.shape
    w = np.zeros(n) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [_loss(X, y, w, b)]
    for _ in range(iterations):
        r = X @ w + b - y
        w = w - learning_rate * (2 / m) * X.T @ r
        b = b - learning_rate * float((2 / m) * np.sum(r))
        losses.append(_loss(X, y, w, b))
    return w, b, losses
