# Broken submission: fit_sgd never returns (a leftover `while True: pass`); learning_schedule is fine.
"""Mini-batch SGD with the t0 / (t + t1) learning schedule."""

import numpy as np


def learning_schedule(t: int, t0: float = 5.0, t1: float = 50.0) -> float:
    """Learning rate after t updates: t0 / (t + t1)."""
    return t0 / (t + t1)


def fit_sgd(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    """Mini-batch SGD, reshuffled each epoch by default_rng(seed); returns (w, b, losses) per epoch."""
    while True:
        pass
    return np.zeros(X.shape[1]), b0, []
