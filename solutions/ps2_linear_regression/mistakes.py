"""Known mistakes in ps2_linear_regression (instructor-only): each a mutant of the reference solution.

The grader runs these on the trusted side to name a student's mistake (autograder/diagnose.py); their
texts are in autograder/messages.py under "mistake.<id>". A mutant calls the reference's other functions
by their public names (predict, mse_loss, mse_gradient), as a student's function calls their own, so a
mistake in mse_gradient shows up in fit_gradient_descent too and has a mutant there.
"""

import numpy as np

from autograder.diagnose import MistakeCatalog, reference_beside

_reference = reference_beside(__file__)
predict, mse_loss, mse_gradient = _reference.predict, _reference.mse_loss, _reference.mse_gradient

mistakes = MistakeCatalog()

# ------------------------------------------------------------------ predict


@mistakes.mistake("predict", "missing_bias")
def predict_missing_bias(X, w, b):
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)


@mistakes.mistake("predict", "wrong_axis")
def predict_sum_over_samples(X, w, b):
    return np.sum(np.asarray(X, dtype=float) * np.asarray(w, dtype=float), axis=0) + b


# ------------------------------------------------------------------ mse_loss


@mistakes.mistake("mse_loss", "sum_instead_of_mean")
def mse_loss_sum(X, y, w, b):
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    return float(np.sum(residual**2))


@mistakes.mistake("mse_loss", "root_mse")
def mse_loss_root(X, y, w, b):
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    return float(np.sqrt(np.mean(residual**2)))


@mistakes.mistake("mse_loss", "missing_bias")
def mse_loss_missing_bias(X, y, w, b):
    residual = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) - np.asarray(y, dtype=float)
    return float(np.mean(residual**2))


# ------------------------------------------------------------------ mse_gradient


@mistakes.mistake("mse_gradient", "sign_error")
def mse_gradient_sign_error(X, y, w, b):
    X = np.asarray(X, dtype=float)
    residual = np.asarray(y, dtype=float) - predict(X, w, b)
    m = X.shape[0]
    return (2 / m) * X.T @ residual, float((2 / m) * np.sum(residual))


@mistakes.mistake("mse_gradient", "missing_factor_2")
def mse_gradient_missing_factor_2(X, y, w, b):
    X = np.asarray(X, dtype=float)
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    m = X.shape[0]
    return (1 / m) * X.T @ residual, float((1 / m) * np.sum(residual))


@mistakes.mistake("mse_gradient", "missing_factor_2")
def mse_gradient_missing_factor_2_in_w(X, y, w, b):
    X = np.asarray(X, dtype=float)
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    m = X.shape[0]
    return (1 / m) * X.T @ residual, float((2 / m) * np.sum(residual))


@mistakes.mistake("mse_gradient", "missing_factor_2")
def mse_gradient_missing_factor_2_in_b(X, y, w, b):
    X = np.asarray(X, dtype=float)
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    m = X.shape[0]
    return (2 / m) * X.T @ residual, float((1 / m) * np.sum(residual))


@mistakes.mistake("mse_gradient", "sum_instead_of_mean")
def mse_gradient_sum(X, y, w, b):
    X = np.asarray(X, dtype=float)
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    return 2 * X.T @ residual, float(2 * np.sum(residual))


@mistakes.mistake("mse_gradient", "wrong_axis")
def mse_gradient_sum_over_features(X, y, w, b):
    X = np.asarray(X, dtype=float)
    residual = predict(X, w, b) - np.asarray(y, dtype=float)
    m = X.shape[0]
    return (2 / m) * np.sum(X * residual[:, None], axis=1), float((2 / m) * np.sum(residual))


@mistakes.mistake("mse_gradient", "missing_bias")
def mse_gradient_missing_bias(X, y, w, b):
    X = np.asarray(X, dtype=float)
    residual = X @ np.asarray(w, dtype=float) - np.asarray(y, dtype=float)
    m = X.shape[0]
    return (2 / m) * X.T @ residual, float((2 / m) * np.sum(residual))


# ------------------------------------------------------------------ fit_gradient_descent
# The loop of the reference with one thing changed; `_fit` holds the shared part.


def _fit(X, y, learning_rate, iterations, w0, b0, gradient=None, update_b=True, loss=None):
    X = np.asarray(X, dtype=float)
    gradient = gradient or mse_gradient
    loss = loss or mse_loss
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [loss(X, y, w, b)]
    for _ in range(iterations):
        grad_w, grad_b = gradient(X, y, w, b)
        w = w - learning_rate * grad_w
        if update_b:
            b = b - learning_rate * grad_b
        losses.append(loss(X, y, w, b))
    return w, b, losses


@mistakes.mistake("fit_gradient_descent", "sign_error")
def fit_gradient_descent_sign_error(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, iterations, w0, b0, gradient=mse_gradient_sign_error)


@mistakes.mistake("fit_gradient_descent", "missing_factor_2")
def fit_gradient_descent_missing_factor_2(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, iterations, w0, b0, gradient=mse_gradient_missing_factor_2)


@mistakes.mistake("fit_gradient_descent", "sum_instead_of_mean")
def fit_gradient_descent_gradient_sum(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, iterations, w0, b0, gradient=mse_gradient_sum)


@mistakes.mistake("fit_gradient_descent", "sum_instead_of_mean")
def fit_gradient_descent_loss_sum(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, iterations, w0, b0, loss=mse_loss_sum)


@mistakes.mistake("fit_gradient_descent", "sum_instead_of_mean")
def fit_gradient_descent_both_sum(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, iterations, w0, b0, gradient=mse_gradient_sum, loss=mse_loss_sum)


@mistakes.mistake("fit_gradient_descent", "b_not_updated")
def fit_gradient_descent_b_not_updated(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, iterations, w0, b0, update_b=False)


@mistakes.mistake("fit_gradient_descent", "off_by_one")
def fit_gradient_descent_one_update_too_few(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, max(iterations - 1, 0), w0, b0)


@mistakes.mistake("fit_gradient_descent", "off_by_one")
def fit_gradient_descent_one_update_too_many(X, y, learning_rate, iterations, w0=None, b0=0.0):
    return _fit(X, y, learning_rate, iterations + 1, w0, b0)


@mistakes.mistake("fit_gradient_descent", "losses_wrong_length")
def fit_gradient_descent_no_starting_loss(X, y, learning_rate, iterations, w0=None, b0=0.0):
    w, b, losses = _fit(X, y, learning_rate, iterations, w0, b0)
    return w, b, losses[1:]


@mistakes.mistake("fit_gradient_descent", "losses_wrong_length")
def fit_gradient_descent_no_final_loss(X, y, learning_rate, iterations, w0=None, b0=0.0):
    w, b, losses = _fit(X, y, learning_rate, iterations, w0, b0)
    return w, b, losses[:-1]


@mistakes.mistake("fit_gradient_descent", "losses_before_update")
def fit_gradient_descent_losses_before_update(X, y, learning_rate, iterations, w0=None, b0=0.0):
    w, b, losses = _fit(X, y, learning_rate, iterations, w0, b0)
    return w, b, losses[:1] + losses[:-1]


@mistakes.mistake("fit_gradient_descent", "in_place")
def fit_gradient_descent_in_place(X, y, learning_rate, iterations, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.asarray(w0, dtype=float)
    b = float(b0)
    losses = [mse_loss(X, y, w, b)]
    for _ in range(iterations):
        grad_w, grad_b = mse_gradient(X, y, w, b)
        w -= learning_rate * grad_w
        b = b - learning_rate * grad_b
        losses.append(mse_loss(X, y, w, b))
    return w, b, losses
