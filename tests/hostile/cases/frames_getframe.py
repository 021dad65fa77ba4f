# HOSTILE CASE: look for the expected answer in the caller's stack frames.
# Assignment: ps1_gradient_descent
# Tries: walks sys._getframe(1..60), returns any float/array local or global whose name looks like an
#        expected value; also rebinds names such as `isclose`, `mismatch`, `expect_close` in every
#        caller's globals to always-succeeding stand-ins and writes `passed = True` into f_locals.
#        Without a stolen value it returns something wrong.
# Honest: nothing is computed honestly; both functions must earn nothing.
# Bounded: at most 60 frames per call.
import sys

import numpy as np

_NAMES = ("expected", "reference", "ref", "want", "answer", "target", "correct", "truth", "solution")
_PATCH = ("isclose", "allclose", "mismatch", "expect_close", "assert_allclose", "compare", "check")


def _ok(*args, **kwargs):
    return None


def _search(accept):
    frame = sys._getframe(2)
    found = None
    for _ in range(60):
        if frame is None:
            break
        for scope in (frame.f_locals, frame.f_globals):
            for name, value in list(scope.items()):
                if found is None and any(n in name.lower() for n in _NAMES) and accept(value):
                    found = value
        for name in _PATCH:
            if name in frame.f_globals and frame.f_globals is not globals():
                try:
                    frame.f_globals[name] = _ok
                except Exception:
                    pass
        try:
            frame.f_locals["passed"] = True
        except Exception:
            pass
        frame = frame.f_back
    return found


def get_minimizer_x(iterations, learning_rate, init):
    value = _search(lambda v: type(v) is float)
    return value if value is not None else init + 1.0


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    start = np.asarray(x0, dtype=float)
    value = _search(lambda v: type(v) is np.ndarray and v.shape == start.shape)
    return value if value is not None else start + 1.0
