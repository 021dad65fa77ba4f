# HOSTILE CASE: flood stdout and stderr.
# Assignment: ps1_gradient_descent
# Tries: gradient_descent prints 100 MiB to stdout and 100 MiB to stderr (1 MiB lines) before returning
#        the correct answer, hoping to exhaust the grader's memory, fill its report, or stall it on a
#        full pipe.
# Honest: both functions are correct; get_minimizer_x must still earn full marks; gradient_descent may.
# Bounded: 200 MiB in total, once per process.
import sys

import numpy as np

_done = []


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    if not _done:
        _done.append(True)
        line = "x" * (1 << 20)
        for _ in range(100):
            print(line)
            print(line, file=sys.stderr)
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
