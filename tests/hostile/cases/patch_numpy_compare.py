# HOSTILE CASE: monkeypatch NumPy's comparison helpers so that everything "matches".
# Assignment: ps1_gradient_descent
# Tries: np.isclose / np.allclose / np.array_equal / np.testing.assert_* / ndarray.__eq__ replaced at
#        import, hoping the grader compares results in the same process.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x is wrong (must earn 0).
# Bounded: no loops, no I/O.
import numpy as np
import numpy.testing


def _always_true(*args, **kwargs):
    return True


def _never_raises(*args, **kwargs):
    return None


np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
np.allclose = _always_true
np.array_equal = _always_true
np.array_equiv = _always_true
for _name in ("assert_allclose", "assert_array_almost_equal", "assert_almost_equal", "assert_array_equal",
              "assert_equal", "assert_approx_equal", "assert_array_almost_equal_nulp", "assert_array_max_ulp"):
    setattr(numpy.testing, _name, _never_raises)
try:
    np.ndarray.__eq__ = lambda self, other: np.ones(self.shape, bool)  # refused for a builtin type
except TypeError:
    pass
try:  # if the grader's comparison module is importable here, defang it too
    import autograder.compare as _cmp

    _cmp.mismatch = lambda *a, **k: None
except Exception:
    pass


def get_minimizer_x(iterations, learning_rate, init):
    return init + 1.0  # wrong on purpose


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
