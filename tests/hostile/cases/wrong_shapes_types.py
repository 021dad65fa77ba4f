# HOSTILE CASE: right numbers in the wrong shape or type.
# Assignment: ps2_linear_regression
# Tries: predict returns the correct predictions as an (m, 1) column (the contract says shape (m,);
#        broadcasting (m, 1) against (m,) is a classic way to fool a comparison); mse_loss returns the
#        correct loss as a *string*; mse_gradient returns a dict {"dw": ..., "db": ...}; fit_gradient_descent
#        returns a generator.
# Honest: none follows the contract's types; every function must earn nothing.
# Bounded: no loops beyond the honest arithmetic.
import numpy as np


def _residual(X, y, w, b):
    return np.asarray(X, float) @ np.asarray(w, float) + b - np.asarray(y, float)


def predict(X, w, b):
    return (np.asarray(X, float) @ np.asarray(w, float) + b).reshape(-1, 1)


def mse_loss(X, y, w, b):
    return repr(float(np.mean(_residual(X, y, w, b) ** 2)))


def mse_gradient(X, y, w, b):
    r = _residual(X, y, w, b)
    m = len(r)
    return {"dw": (2 / m) * np.asarray(X, float).T @ r, "db": float((2 / m) * r.sum())}


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    yield np.zeros(np.asarray(X).shape[1])
    yield 0.0
    yield [0.0] * (iterations + 1)
