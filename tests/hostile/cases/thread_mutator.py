# HOSTILE CASE: a background thread that outlives every call and keeps scribbling on arrays.
# Assignment: ps2_linear_regression
# Tries: at import starts a non-daemon thread that, every few milliseconds for up to 10 minutes,
#        overwrites every array the functions have returned (after they returned them) with NaN, zeroes
#        float64 arrays it finds in lists/tuples through gc, and sets any "expected"-like entry in any dict
#        to None; a normal interpreter exit would wait for it. mse_loss returns a wrong value; the other
#        functions compute correct values (which the thread may then corrupt).
# Honest: predict, mse_gradient and fit_gradient_descent may earn full marks; mse_loss must earn nothing.
# Bounded: sleeps 5 ms between passes; ends by itself after 600 s.
import gc
import threading
import time

import numpy as np

_NAMES = ("expected", "reference", "want", "answer")
_returned = []


def _keep(value):
    _returned.append(value)
    return value


def _scribble():
    end = time.time() + 600
    while time.time() < end:
        try:
            for array in list(_returned):
                array[...] = np.nan
            for obj in gc.get_objects():
                if isinstance(obj, dict):
                    for key in _NAMES:
                        if key in obj:
                            obj[key] = None
                elif isinstance(obj, (list, tuple)):
                    for item in obj[:50]:
                        if type(item) is np.ndarray and item.dtype == np.float64 and item.flags.writeable:
                            item[...] = 0.0
        except Exception:
            pass
        time.sleep(0.005)


threading.Thread(target=_scribble, daemon=False).start()


def predict(X, w, b):
    return _keep(np.asarray(X, float) @ np.asarray(w, float) + b)


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - np.asarray(y, float)) ** 2)) + 1.0  # wrong on purpose


def mse_gradient(X, y, w, b):
    X = np.asarray(X, float)
    r = predict(X, w, b) - np.asarray(y, float)
    m = X.shape[0]
    return _keep((2 / m) * X.T @ r), float((2 / m) * np.sum(r))


def _loss(X, y, w, b):
    return float(np.mean((X @ w + b - y) ** 2))


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [_loss(X, y, w, b)]
    for _ in range(iterations):
        grad_w, grad_b = mse_gradient(X, y, w, b)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
        losses.append(_loss(X, y, w, b))
    return _keep(w), b, losses
