# Broken submission: fit_gradient_descent was never written; the other three functions are fine.
"""The MSE of a linear model and its gradient."""

import numpy as np


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Predictions y_hat = X @ w + b, shape (m,)."""
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b


def mse_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Mean squared error of the predictions against y."""
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    return float(np.mean(residual**2))


def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Exact gradient (dL/dw, dL/db) of the mean squared error."""
    X = np.asarray(X, dtype=float)
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    m = X.shape[0]
    return (2 / m) * X.T @ residual, float((2 / m) * np.sum(residual))
