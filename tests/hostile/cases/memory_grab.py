# HOSTILE CASE: grab as much memory as possible (bounded at 3 GiB).
# Assignment: ps1_gradient_descent
# Tries: gradient_descent allocates and touches 128 MiB blocks up to 3 GiB, hoping to push the machine
#        into swapping or the OOM killer; under a 2 GiB address-space limit it gets MemoryError, frees
#        everything and returns a wrong answer.
# Honest: get_minimizer_x is correct and must still earn full marks; gradient_descent must earn nothing.
# Bounded: at most 3 GiB (24 blocks of 128 MiB), once per process, freed before returning.
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
        blocks = []
        try:
            for _ in range(24):
                blocks.append(np.ones(16 * 2**20))  # 128 MiB, written, so really resident
        except MemoryError:
            pass
        del blocks
    return np.asarray(x0, dtype=float) + 1.0  # wrong on purpose
