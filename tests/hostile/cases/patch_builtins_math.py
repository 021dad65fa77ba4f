# HOSTILE CASE: monkeypatch builtins and math so that comparisons always succeed.
# Assignment: ps1_gradient_descent
# Tries: builtins.abs -> 0, round -> identity, isinstance -> True, min/max/all/any lies,
#        math.isclose -> True, operator.eq -> True, float('nan') comparisons, at import.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x is wrong (must earn 0).
# Bounded: no loops, no I/O.
import builtins
import math
import operator

import numpy as np

_real_abs = builtins.abs
builtins.abs = lambda x: 0.0
builtins.round = lambda x, n=None: x
builtins.isinstance = lambda obj, cls: True
builtins.all = lambda it: True
builtins.any = lambda it: True
builtins.max = lambda *a, **k: 0.0
builtins.min = lambda *a, **k: 0.0
math.isclose = lambda *a, **k: True
math.isfinite = lambda x: True
math.isnan = lambda x: False
operator.eq = lambda a, b: True
operator.ne = lambda a, b: False


def get_minimizer_x(iterations, learning_rate, init):
    return init + 1.0  # wrong on purpose


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
