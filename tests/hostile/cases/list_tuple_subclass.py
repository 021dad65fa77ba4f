# HOSTILE CASE: list and tuple subclasses that lie about their contents.
# Assignment: ps2_linear_regression
# Tries: mse_gradient returns a tuple subclass whose __eq__ is always True, __len__ 2 and
#        __getitem__/__iter__ serving wrong numbers; fit_gradient_descent returns (w, b, losses) where
#        losses is a list subclass holding wrong numbers whose __eq__ is True, __len__ claims
#        iterations + 1 (it holds fewer) and __iter__ repeats a wrong value.
# Honest: predict and mse_loss are correct (may earn full marks); mse_gradient and fit_gradient_descent
#         must earn nothing.
# Bounded: no loops beyond the honest arithmetic.
import numpy as np


class AgreeableTuple(tuple):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0


class AgreeableList(list):
    def __init__(self, items, claimed_len):
        super().__init__(items)
        self.claimed_len = claimed_len

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __len__(self):
        return self.claimed_len

    def __iter__(self):
        return iter([0.0] * self.claimed_len)


def predict(X, w, b):
    return np.asarray(X, float) @ np.asarray(w, float) + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - np.asarray(y, float)) ** 2))


def mse_gradient(X, y, w, b):
    n = np.asarray(X).shape[1]
    return AgreeableTuple((np.full(n, 3.0), 3.0))


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    n = np.asarray(X).shape[1]
    return np.full(n, 3.0), 3.0, AgreeableList([3.0], iterations + 1)
