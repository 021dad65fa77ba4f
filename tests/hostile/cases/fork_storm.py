# HOSTILE CASE: a (bounded) fork storm.
# Assignment: ps1_gradient_descent
# Tries: gradient_descent forks up to 150 children, each of which becomes `sleep @@SLEEP@@` (a unique
#        duration the test looks for afterwards), then returns a wrong answer; hopes to exhaust the
#        process table or leave children behind.
# Honest: get_minimizer_x is correct (may earn full marks); gradient_descent must earn nothing.
# Bounded: at most 150 forks, once per process; stops at the first failed fork; children sleep < 100 s.
import os

import numpy as np

SLEEP = "@@SLEEP@@"
_done = []


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    if not _done:
        _done.append(True)
        for _ in range(150):
            try:
                pid = os.fork()
            except OSError:
                break
            if pid == 0:
                try:
                    os.execv("/bin/sleep", ["sleep", SLEEP])
                finally:
                    os._exit(0)
    return np.asarray(x0, dtype=float) + 1.0  # wrong on purpose
