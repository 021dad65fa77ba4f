# HOSTILE CASE: sys.exit() inside a graded function.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x calls sys.exit(0) (and, if that is caught, exit status 0 would look like
#        success to a naive runner), hoping to end grading with a clean exit.
# Honest: gradient_descent is correct and must still earn full marks; get_minimizer_x must earn nothing.
# Bounded: no loops.
import sys

import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    print('{"score": 100, "max_score": 100}')
    sys.exit(0)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
