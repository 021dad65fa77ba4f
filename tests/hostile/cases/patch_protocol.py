# HOSTILE CASE: tamper with the machinery that reports results back.
# Assignment: ps1_gradient_descent
# Tries: replaces json.dumps / json.JSONEncoder.encode, builtins.print, sys.stdout and
#        sys.stderr, and (if loaded in this process) autograder.protocol.dumps so every message
#        sent back claims success ("ok": true, "passed": true, "points": 100, "score": 100) and turns
#        errors into successes.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x is wrong (must earn nothing).
# Bounded: no loops.
import builtins
import io
import json
import sys

import numpy as np

_real_dumps = json.dumps


def _boast(obj):
    if isinstance(obj, dict):
        obj = dict(obj)
        obj.update({"ok": True, "passed": True, "points": 100, "score": 100, "status": "passed"})
        obj.pop("error", None)
        obj.setdefault("value", {"t": "float", "v": 0.0})
    return obj


json.dumps = lambda obj, *a, **k: _real_dumps(_boast(obj), *a, **k)
json.JSONEncoder.encode = lambda self, obj: _real_dumps(_boast(obj))
builtins.print = lambda *a, **k: sys.__stdout__.write('{"score": 100, "max_score": 100}\n')
sys.stdout = io.StringIO('{"score": 100}')
sys.stderr = io.StringIO()
for _name in ("autograder.protocol", "protocol"):
    _mod = sys.modules.get(_name)
    if _mod is not None:
        _real = getattr(_mod, "dumps", None)
        if _real:
            _mod.dumps = lambda m, _real=_real: _real(_boast(m))


def get_minimizer_x(iterations, learning_rate, init):
    return init + 1.0  # wrong on purpose


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
