# HOSTILE CASE: hang while the module is being loaded.
# Assignment: ps1_gradient_descent
# Tries: a top-level loop that sleeps for up to 10 minutes, hoping to hang the grader forever.
# Honest: get_minimizer_x (defined before the hang) is correct and may earn full marks;
#         gradient_descent (defined after the hang, and wrong) must earn nothing.
# Bounded: sleeps (no CPU spin) and ends by itself after 600 s.
import time

import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


_start = time.time()
while time.time() < _start + 600:
    time.sleep(0.05)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    return np.asarray(x0, dtype=float) + 1.0  # wrong on purpose
