"""Reference solution for ps2_linear_regression: the MSE of a linear model, its gradient, and gradient descent."""

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


def fit_gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    iterations: int,
    w0: np.ndarray | None = None,
    b0: float = 0.0,
) -> tuple[np.ndarray, float, list[float]]:
    """Full-batch gradient descent on the MSE; returns (w, b, losses) with losses[k] the loss after k updates."""
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(iterations):
        grad_w, grad_b = mse_gradient(X, y, w, b)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses
