# HOSTILE CASE: NaN and infinity instead of numbers.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x returns NaN (a comparison written as `not abs(a - b) > tol` would pass it);
#        gradient_descent returns an array of +inf/-inf/NaN.
# Honest: nothing is correct; both functions must earn nothing.
# Bounded: no loops.
import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    return float("nan")


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.asarray(x0, dtype=float)
    out = np.full(x.shape, np.nan)
    out.flat[::2] = np.inf
    if out.size > 1:
        out.flat[1] = -np.inf
    return out
