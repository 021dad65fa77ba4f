# HOSTILE CASE: returned objects that only pretend to be numbers or arrays.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x returns a non-float object with __float__/__index__/__eq__/__repr__ lies;
#        gradient_descent returns an object with __array__, __len__, __iter__, __getitem__, tolist and
#        __eq__ lies. Every number it reports is either stolen from the caller's frames (if an expected
#        value were reachable there) or wrong; the honest computation is never done.
# Honest: neither function computes anything; both must earn nothing.
# Bounded: walks at most 50 frames.
import sys

import numpy as np

_NAMES = ("expected", "reference", "ref", "want", "answer", "target", "correct", "truth", "solution")


def _steal(accept, default):
    frame = sys._getframe(2)
    for _ in range(50):
        if frame is None:
            break
        for name, value in list(frame.f_locals.items()):
            if any(n in name.lower() for n in _NAMES) and accept(value):
                return value
        frame = frame.f_back
    return default


class NumberLike:
    def __init__(self, claim):
        self.claim = claim

    def __float__(self):
        return float(self.claim)

    def __index__(self):
        return int(self.claim)

    def __eq__(self, other):
        return True

    def __repr__(self):
        return repr(self.claim)


class ArrayLike:
    def __init__(self, claim):
        self.claim = np.asarray(claim, dtype=float)

    def __array__(self, dtype=None, copy=None):
        return self.claim.astype(dtype or float)

    def __len__(self):
        return len(self.claim)

    def __iter__(self):
        return iter(self.claim.tolist())

    def __getitem__(self, i):
        return self.claim[i]

    def tolist(self):
        return self.claim.tolist()

    def __eq__(self, other):
        return np.ones(self.claim.shape, bool)

    @property
    def shape(self):
        return self.claim.shape


def get_minimizer_x(iterations, learning_rate, init):
    return NumberLike(_steal(lambda v: type(v) is float, init + 1.0))


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    start = np.asarray(x0, dtype=float)
    return ArrayLike(_steal(lambda v: type(v) is np.ndarray and v.shape == start.shape, start + 1.0))
