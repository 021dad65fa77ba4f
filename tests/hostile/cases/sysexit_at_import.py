# HOSTILE CASE: sys.exit() at import time.
# Assignment: ps1_gradient_descent
# Tries: the module calls sys.exit(0) while it is being loaded, hoping the grader stops with status 0
#        (or takes the aborted import as a success).
# Honest: get_minimizer_x (defined before the exit) is correct and may earn full marks;
#         gradient_descent (defined after the exit, and wrong) must earn nothing.
# Bounded: no loops.
import sys

import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


sys.exit(0)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    return np.asarray(x0, dtype=float) + 1.0  # wrong on purpose
