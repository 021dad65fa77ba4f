"""ps5_momentum: heavy-ball momentum and RMSProp, one step and a whole run.

Write the body of each function below. Keep every function's name and signature: the
autograder calls them. The notebook ps5_momentum.ipynb explains each one.
"""

import numpy as np


def momentum_step(x, velocity, grad, lr=0.01, beta=0.9):
    """One heavy-ball update: velocity = beta * velocity + grad, then x - lr * velocity; returns (x, velocity)."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def minimize_momentum(grad_fn, x0, lr=0.01, beta=0.9, iterations=100):
    """Run `iterations` momentum steps from x0 with zero velocity; return every point visited, x0 first."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def rmsprop_step(x, s, grad, lr=0.01, rho=0.9, eps=1e-8):
    """One RMSProp update: s = rho * s + (1 - rho) * grad**2, then x - lr * grad / (sqrt(s) + eps); returns (x, s)."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")
