# Mistake cohort: adam_step adds eps under the square root.
# A copy of solutions/ps4_adam/adam.py with exactly this one bug.
"""Reference solution for ps4_adam: one Adam update (Kingma & Ba, 2015) and a minimiser built on it."""

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
    grad = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * grad
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    theta = np.asarray(theta, dtype=float) - lr * m_hat / np.sqrt(v_hat + eps)  # <- the mistake
    return theta, m, v


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
    theta = np.array(x0, dtype=float)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    for t in range(1, iterations + 1):
        theta, m, v = adam_step(theta, grad_fn(theta), m, v, t, lr, beta1, beta2, eps)
    return theta
