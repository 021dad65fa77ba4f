# HOSTILE CASE: find the reference through inspect.stack(), gc.get_objects() and sys.modules.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x looks through inspect.stack() for frames from files named like solutions or
#        hidden tests and takes float locals from them; gradient_descent scans gc.get_objects() for
#        dicts holding 'expected'-like keys and for any *other* loaded module that defines
#        gradient_descent/get_minimizer_x (a reference loaded in the same process) and delegates to it.
#        Without a find it returns something wrong.
# Honest: nothing is computed honestly; both functions must earn nothing.
# Bounded: one pass over the stack and over gc's objects per call.
import gc
import inspect
import sys

import numpy as np

_NAMES = ("expected", "reference", "ref", "want", "answer", "target", "correct", "truth", "solution")


def _foreign(name):
    for module in list(sys.modules.values()):
        fn = getattr(module, name, None)
        if callable(fn) and getattr(fn, "__module__", None) != __name__ and fn is not globals().get(name):
            if getattr(fn, "__code__", None) is not None and fn.__code__.co_filename != __file__:
                return fn
    for obj in gc.get_objects():
        if isinstance(obj, dict) and callable(obj.get(name)) and obj is not globals():
            fn = obj[name]
            if getattr(fn, "__code__", None) is not None and fn.__code__.co_filename != __file__:
                return fn
    return None


def get_minimizer_x(iterations, learning_rate, init):
    for info in inspect.stack():
        if any(k in info.filename for k in ("solution", "hidden", "reference")):
            for name, value in info.frame.f_locals.items():
                if type(value) is float and any(n in name.lower() for n in _NAMES):
                    return value
    fn = _foreign("get_minimizer_x")
    return fn(iterations, learning_rate, init) if fn else init + 1.0


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            for key in _NAMES:
                value = obj.get(key)
                if type(value) is np.ndarray and value.shape == np.shape(x0):
                    return value.copy()
    fn = _foreign("gradient_descent")
    return fn(grad_fn, x0, learning_rate, iterations) if fn else np.asarray(x0, dtype=float) + 1.0
