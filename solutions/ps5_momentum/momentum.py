"""Reference solution for ps5_momentum: heavy-ball momentum and RMSProp, one step and a whole run."""

import numpy as np


def momentum_step(x, velocity, grad, lr=0.01, beta=0.9):
    """One heavy-ball update: velocity = beta * velocity + grad, then x - lr * velocity; returns (x, velocity)."""
    velocity = beta * np.asarray(velocity, dtype=float) + np.asarray(grad, dtype=float)
    x = np.asarray(x, dtype=float) - lr * velocity
    return x, velocity


def minimize_momentum(grad_fn, x0, lr=0.01, beta=0.9, iterations=100):
    """Run `iterations` momentum steps from x0 with zero velocity; return every point visited, x0 first."""
    x = np.array(x0, dtype=float)
    velocity = np.zeros_like(x)
    path = [x]
    for _ in range(iterations):
        x, velocity = momentum_step(x, velocity, grad_fn(x), lr, beta)
        path.append(x)
    return np.vstack(path)


def rmsprop_step(x, s, grad, lr=0.01, rho=0.9, eps=1e-8):
    """One RMSProp update: s = rho * s + (1 - rho) * grad**2, then x - lr * grad / (sqrt(s) + eps); returns (x, s)."""
    grad = np.asarray(grad, dtype=float)
    s = rho * np.asarray(s, dtype=float) + (1 - rho) * grad**2
    x = np.asarray(x, dtype=float) - lr * grad / (np.sqrt(s) + eps)
    return x, s
