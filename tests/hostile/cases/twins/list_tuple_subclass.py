# TWIN of list_tuple_subclass.py: the same stored values as plain tuple and list, without the lies.
# What this earns caps what the lying version may earn.
import numpy as np


def predict(X, w, b):
    return np.asarray(X, float) @ np.asarray(w, float) + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - np.asarray(y, float)) ** 2))


def mse_gradient(X, y, w, b):
    n = np.asarray(X).shape[1]
    return (np.full(n, 3.0), 3.0)


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    n = np.asarray(X).shape[1]
    return np.full(n, 3.0), 3.0, [3.0]
