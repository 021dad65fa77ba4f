"""ps1_gradient_descent: gradient descent on f(x) = x**2 and its multivariate form.

Write the body of each function below. Keep every function's name and signature: the
autograder calls them. The notebook ps1_gradient_descent.ipynb explains each one.
"""

import numpy as np


def get_minimizer_x(iterations: int, learning_rate: float, init: float) -> float:
    """Run `iterations` steps of gradient descent on f(x) = x**2 from `init`; return x rounded to 6 places."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def gradient_descent(grad_fn, x0, learning_rate: float, iterations: int) -> np.ndarray:
    """Run `iterations` steps of x <- x - learning_rate * grad_fn(x) from `x0`; return the final point."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")
