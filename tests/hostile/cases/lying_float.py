# HOSTILE CASE: a float subclass that lies about itself.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x returns LyingFloat whose real value is wrong, but __eq__ is always True,
#        __ne__ False, ordering always True, a - b == 0, abs() == 0, and __float__, __round__,
#        __repr__, __str__ and __format__ all report a different number: one stolen from the caller's
#        frames if an expected value can be found there, otherwise another wrong number.
# Honest: gradient_descent is correct; get_minimizer_x must earn nothing (as a plain float it is wrong).
# Bounded: walks at most 50 frames.
import sys

import numpy as np

_NAMES = ("expected", "reference", "ref", "want", "answer", "target", "correct", "truth", "solution")


def _steal(default):
    frame = sys._getframe(2)
    for _ in range(50):
        if frame is None:
            break
        for name, value in list(frame.f_locals.items()):
            if any(n in name.lower() for n in _NAMES) and type(value) in (float, int):
                return float(value)
        frame = frame.f_back
    return default


class LyingFloat(float):
    def __new__(cls, value, claim):
        obj = super().__new__(cls, value)
        obj.claim = float(claim)
        return obj

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __lt__(self, other):
        return True

    __le__ = __gt__ = __ge__ = __lt__

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__

    def __abs__(self):
        return 0.0

    def __hash__(self):
        return 0

    def __float__(self):
        return self.claim

    def __round__(self, ndigits=None):
        return self.claim

    def __repr__(self):
        return repr(self.claim)

    __str__ = __repr__

    def __format__(self, spec):
        return format(self.claim, spec)

    def __array__(self, dtype=None, copy=None):
        return np.array(self.claim)


def get_minimizer_x(iterations, learning_rate, init):
    wrong = init + 1.0
    return LyingFloat(wrong, _steal(init + 2.0))


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
