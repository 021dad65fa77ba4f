# HOSTILE CASE: NaN and infinity everywhere in the linear-regression results.
# Assignment: ps2_linear_regression
# Tries: predict returns NaN, mse_loss inf, mse_gradient (NaN array, NaN), fit_gradient_descent
#        (inf array, NaN, a list of NaN losses of the right length).
# Honest: nothing is correct; every function must earn nothing.
# Bounded: no loops beyond building the lists.
import numpy as np


def predict(X, w, b):
    return np.full(np.asarray(X).shape[0], np.nan)


def mse_loss(X, y, w, b):
    return float("inf")


def mse_gradient(X, y, w, b):
    return np.full(np.asarray(X).shape[1], np.nan), float("nan")


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    n = np.asarray(X).shape[1]
    return np.full(n, np.inf), float("nan"), [float("nan")] * (iterations + 1)
