# HOSTILE CASE: return values and exceptions that explode when the grader looks at them.
# Assignment: ps2_linear_regression
# Tries: predict returns a list that contains itself (infinite recursion when serialised);
#        mse_loss returns an object whose __repr__, __str__, __len__, __float__, __array__, __iter__,
#        __bool__, __hash__, __eq__, __getattr__ and __reduce__ all raise;
#        mse_gradient raises an exception whose __str__/__repr__ raise and whose class name (through a
#        metaclass property) raises too;
#        fit_gradient_descent returns a losses list of 2 million floats (a large but bounded reply).
# Honest: nothing is correct; every function must earn nothing, and the grader must not crash.
# Bounded: one list of 2e6 floats (~60 MB in the worker), no loops beyond that.
import numpy as np


class Boom(Exception):
    def __str__(self):
        raise RecursionError("str of Boom")

    def __repr__(self):
        raise RecursionError("repr of Boom")


class Untouchable:
    def _boom(self, *args, **kwargs):
        raise Boom()

    __repr__ = __str__ = __len__ = __float__ = __int__ = __index__ = __array__ = __iter__ = _boom
    __bool__ = __hash__ = __eq__ = __ne__ = __reduce__ = __reduce_ex__ = __format__ = _boom
    __getstate__ = __copy__ = __deepcopy__ = __sizeof__ = _boom

    def __getattr__(self, name):
        raise Boom()


class NamelessMeta(type):
    @property
    def __name__(cls):
        raise Boom()

    @property
    def __qualname__(cls):
        raise Boom()


class Nameless(Exception, metaclass=NamelessMeta):
    def __str__(self):
        raise Boom()

    def __repr__(self):
        raise Boom()


def predict(X, w, b):
    looped = [1.0, 2.0]
    looped.append(looped)
    return looped


def mse_loss(X, y, w, b):
    return Untouchable()


def mse_gradient(X, y, w, b):
    raise Nameless("gradient")


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    n = np.asarray(X).shape[1]
    return np.full(n, 7.0), 7.0, [7.0] * 2_000_000
