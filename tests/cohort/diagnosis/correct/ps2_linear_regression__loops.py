"""ps2 with explicit Python loops over samples and features: correct, so it must never get a hint."""

import numpy as np


def predict(X, w, b):
    X = np.asarray(X, dtype=float)
    out = np.zeros(X.shape[0])
    for i in range(X.shape[0]):
        total = 0.0
        for j in range(X.shape[1]):
            total += X[i, j] * w[j]
        out[i] = total + b
    return out


def mse_loss(X, y, w, b):
    y_hat = predict(X, w, b)
    total = 0.0
    for i in range(len(y)):
        total += (y_hat[i] - y[i]) ** 2
    return total / len(y)


def mse_gradient(X, y, w, b):
    X = np.asarray(X, dtype=float)
    m, n = X.shape
    y_hat = predict(X, w, b)
    grad_w = np.zeros(n)
    grad_b = 0.0
    for i in range(m):
        error = y_hat[i] - y[i]
        for j in range(n):
            grad_w[j] += 2 * error * X[i, j] / m
        grad_b += 2 * error / m
    return grad_w, grad_b


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    n = np.asarray(X).shape[1]
    w = np.zeros(n) if w0 is None else np.array(w0, dtype=float)
    b = b0
    losses = [mse_loss(X, y, w, b)]
    for _ in range(iterations):
        grad_w, grad_b = mse_gradient(X, y, w, b)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses
