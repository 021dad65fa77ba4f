"""ps2_linear_regression: the MSE of a linear model, its gradient, and gradient descent.

Write the body of each function below. Keep every function's name and signature: the
autograder calls them. The notebook ps2_linear_regression.ipynb explains each one.
"""

import numpy as np


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """Predictions y_hat = X @ w + b, shape (m,)."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def mse_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Mean squared error of the predictions against y."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Exact gradient (dL/dw, dL/db) of the mean squared error."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")


def fit_gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    iterations: int,
    w0: np.ndarray | None = None,
    b0: float = 0.0,
) -> tuple[np.ndarray, float, list[float]]:
    """Full-batch gradient descent on the MSE; returns (w, b, losses) with losses[k] the loss after k updates."""
    # YOUR CODE HERE
    raise NotImplementedError("replace this line with your code")
