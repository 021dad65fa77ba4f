# HOSTILE CASE: an ndarray subclass that lies about itself.
# Assignment: ps1_gradient_descent
# Tries: gradient_descent returns LyingArray whose data are wrong (x0 + 1), with __eq__ all True,
#        __ne__ all False, __array__/tolist/__iter__ reporting other numbers (stolen from the caller's
#        frames when an expected array is found there, else x0 + 2), and __array_ufunc__ answering
#        subtract/absolute with zeros and every comparison with True (so np.isclose would say "equal").
# Honest: get_minimizer_x is correct; gradient_descent must earn nothing (its data are wrong).
# Bounded: walks at most 50 frames.
import sys

import numpy as np

_NAMES = ("expected", "reference", "ref", "want", "answer", "target", "correct", "truth", "solution")


def _steal(shape, default):
    frame = sys._getframe(2)
    for _ in range(50):
        if frame is None:
            break
        for name, value in list(frame.f_locals.items()):
            if any(n in name.lower() for n in _NAMES) and type(value) is np.ndarray and value.shape == shape:
                return value.copy()
        frame = frame.f_back
    return default


class LyingArray(np.ndarray):
    def __array_finalize__(self, obj):
        self.claim = getattr(obj, "claim", None)

    def __eq__(self, other):
        return np.ones(self.shape, bool)

    def __ne__(self, other):
        return np.zeros(self.shape, bool)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.claim, dtype=dtype or float)

    def tolist(self):
        return np.asarray(self.claim).tolist()

    def __iter__(self):
        return iter(np.asarray(self.claim).tolist())

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        shape = np.broadcast(*[np.asarray(i).view(np.ndarray) if isinstance(i, np.ndarray) else np.asarray(i)
                               for i in inputs]).shape
        if ufunc in (np.subtract, np.absolute, np.fabs):
            return np.zeros(shape)
        if ufunc in (np.less_equal, np.less, np.equal, np.greater_equal, np.isfinite, np.logical_and):
            return np.ones(shape, bool)
        plain = [i.view(np.ndarray) if isinstance(i, LyingArray) else i for i in inputs]
        return getattr(ufunc, method)(*plain, **kwargs)


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    start = np.array(x0, dtype=float)
    lie = (start + 1.0).view(LyingArray)
    lie.claim = _steal(start.shape, start + 2.0)
    return lie
