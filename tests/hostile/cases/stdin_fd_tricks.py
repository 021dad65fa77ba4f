# HOSTILE CASE: steal the grader's requests and cut the channel back.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x reads everything it can from stdin and from every pipe it holds open (to eat
#        the grader's next requests), then closes every file descriptor 0..1023, then returns the correct
#        answer -- which it can no longer deliver.
# Honest: both functions are correct; gradient_descent must still earn full marks; get_minimizer_x may.
# Bounded: non-blocking reads of at most 1 MB per descriptor.
import os
import sys

import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    try:
        sys.stdin.read()
    except Exception:
        pass
    for fd in range(0, 64):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:"):
                os.set_blocking(fd, False)
                os.read(fd, 1 << 20)
        except OSError:
            pass
    os.closerange(0, 1024)
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
