# HOSTILE CASE: os._exit(0) inside a graded function.
# Assignment: ps1_gradient_descent
# Tries: gradient_descent ends its process at once with status 0 (no cleanup, no exception to catch),
#        after printing a fake "all passed" line, hoping the grader reads the clean exit as success.
# Honest: get_minimizer_x is correct and must still earn full marks; gradient_descent must earn nothing.
# Bounded: no loops.
import os

import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    os.write(1, b'{"ok": true, "value": {"t": "array", "shape": [1], "data": [0.0]}}\n')
    os._exit(0)
    return np.asarray(x0, dtype=float)
