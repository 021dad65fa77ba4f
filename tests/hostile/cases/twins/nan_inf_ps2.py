# TWIN of nan_inf_ps2.py: the same shapes and lengths, with finite wrong numbers instead of NaN/inf.
# NaN and infinity must not earn more than plain wrong numbers do.
import numpy as np


def predict(X, w, b):
    return np.full(np.asarray(X).shape[0], 1e6)


def mse_loss(X, y, w, b):
    return 1e6


def mse_gradient(X, y, w, b):
    return np.full(np.asarray(X).shape[1], 1e6), 1e6


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    n = np.asarray(X).shape[1]
    return np.full(n, 1e6), 1e6, [1e6] * (iterations + 1)
