"""ps1 in a NumPy-heavy style: correct, so it must never get a hint."""

import numpy as np


def get_minimizer_x(iterations: int, learning_rate: float, init: float) -> float:
    def f_prime(x):
        return 2.0 * x

    x = np.float64(init)
    for _ in range(int(iterations)):
        x = x - learning_rate * f_prime(x)
    return round(float(x), 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.copy(np.asarray(x0)).astype(np.float64)
    for _ in range(iterations):
        step = learning_rate * np.array(grad_fn(x), dtype=np.float64)
        x = np.subtract(x, step)
    return x
