"""ps2 vectorised with np.dot, working in place on its own copies: correct, so it must never get a hint."""

import numpy as np


def predict(X, w, b):
    return np.dot(X, w) + b


def mse_loss(X, y, w, b):
    residual = np.subtract(predict(X, w, b), y)
    return float(residual.dot(residual) / residual.size)


def mse_gradient(X, y, w, b):
    residual = predict(X, w, b) - y
    m = len(y)
    return 2.0 * np.dot(np.transpose(X), residual) / m, 2.0 * residual.mean()


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    w = np.zeros(np.shape(X)[1]) if w0 is None else np.asarray(w0, dtype=float).copy()
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(iterations):
        dw, db = mse_gradient(X, y, w, b)
        w -= learning_rate * dw  # our own copy
        b -= learning_rate * db
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses
