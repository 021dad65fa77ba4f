# Broken submission: gradient_descent does not parse (a missing colon); get_minimizer_x is fine.
"""Gradient descent on f(x) = x**2 and its multivariate form."""

import numpy as np


def get_minimizer_x(iterations: int, learning_rate: float, init: float) -> float:
    """Run `iterations` steps of gradient descent on f(x) = x**2 from `init`; return x rounded to 6 places."""
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate: float, iterations: int) -> np.ndarray:
    """Run `iterations` steps of x <- x - learning_rate * grad_fn(x) from `x0`; return the final point."""
    x = np.array(x0, dtype=float)
    for _ in range(iterations)
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
