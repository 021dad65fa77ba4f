"""ps1, written with while loops and explicit copies: correct, so it must never get a hint."""

import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    x = float(init)
    step = 0
    while step < iterations:
        gradient = 2 * x
        x -= learning_rate * gradient
        step += 1
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float).copy()
    count = 0
    while count < iterations:
        g = np.asarray(grad_fn(x), dtype=float)
        x -= learning_rate * g  # x is our own copy, so this is fine
        count += 1
    return x
