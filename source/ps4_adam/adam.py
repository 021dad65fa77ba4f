"""ps4_adam: one Adam update (Kingma & Ba, 2015) and a minimiser built on it.

Write the body of each function below. Keep every function's name and signature: the
autograder calls them. The notebook ps4_adam.ipynb explains each one.
"""

import numpy as np


def adam_step(
    theta: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One bias-corrected Adam update at step t (counting from 1); returns (theta, m, v)."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def minimize_adam(
    grad_fn,
    x0,
    lr: float = 0.001,
    iterations: int = 1000,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> np.ndarray:
    """Run `iterations` Adam steps from x0 with zero moments; return the final point."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")
