"""ps3_sgd: deterministic mini-batch SGD with the t0 / (t + t1) learning schedule.

Write the body of each function below. Keep every function's name and signature: the
autograder calls them. The notebook ps3_sgd.ipynb explains each one.
"""

import numpy as np


def learning_schedule(t: int, t0: float = 5.0, t1: float = 50.0) -> float:
    """Learning rate after t updates: t0 / (t + t1)."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def fit_sgd(
    X: np.ndarray,
    y: np.ndarray,
    epochs: int,
    batch_size: int = 1,
    t0: float = 5.0,
    t1: float = 50.0,
    w0: np.ndarray | None = None,
    b0: float = 0.0,
    seed: int = 0,
) -> tuple[np.ndarray, float, list[float]]:
    """Mini-batch SGD, reshuffled each epoch by default_rng(seed); returns (w, b, losses) per epoch."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")
