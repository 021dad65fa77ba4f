# HOSTILE CASE: burn CPU forever inside one function, ignoring polite signals.
# Assignment: ps1_gradient_descent
# Tries: gradient_descent ignores SIGTERM, SIGINT, SIGHUP, SIGALRM and SIGXCPU, then spins the CPU in a
#        loop, hoping the grader waits forever or only ever sends catchable signals.
# Honest: get_minimizer_x is correct and must still earn full marks; gradient_descent must earn nothing.
# Bounded: the spin ends by itself after 600 s of wall time.
import signal
import time

import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM, signal.SIGXCPU):
        try:
            signal.signal(sig, signal.SIG_IGN)
        except (OSError, ValueError):
            pass
    start = time.time()
    n = 0
    while time.time() < start + 600:
        n += 1
    return np.asarray(x0, dtype=float) + n
