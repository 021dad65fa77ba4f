# HOSTILE CASE: search the whole filesystem for any copy of the reference solution and delegate to it.
# Assignment: ps1_gradient_descent
# Tries: glob over / (paths like /*/*/solutions/*/gradient_descent.py up to six levels deep), then a
#        walk of / (skipping /proc, /sys, /dev) for files named gradient_descent.py under a directory
#        called solution(s) or source; loads the first one that defines get_minimizer_x and returns the
#        reference's answers. Without a find it returns wrong values.
# Honest: nothing is computed honestly; both functions must earn nothing.
# Bounded: the walk stops after 3 seconds or 300,000 directory entries, once per process.
import glob
import importlib.util
import os
import time

import numpy as np

NAME = "gradient_descent.py"
_cache = []


def _candidates():
    for depth in range(0, 6):
        for folder in ("solutions", "solution", "source", "release"):
            pattern = "/" + "*/" * depth + folder + "/*/" + NAME
            yield from sorted(glob.glob(pattern))
    start, entries = time.monotonic(), 0
    for dirpath, dirnames, filenames in os.walk("/"):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in ("/proc", "/sys", "/dev")]
        entries += len(dirnames) + len(filenames)
        if entries > 300_000 or time.monotonic() - start > 3:
            return
        if NAME in filenames and any(k in dirpath for k in ("solution", "source")):
            yield os.path.join(dirpath, NAME)


def _reference():
    if not _cache:
        module = None
        here = os.path.realpath(os.getcwd())
        for path in _candidates():
            if os.path.realpath(path).startswith(here):
                continue
            try:
                spec = importlib.util.spec_from_file_location("stolen_reference", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                if callable(getattr(module, "get_minimizer_x", None)):
                    print(f"borrowed the reference from {path}")
                    break
            except Exception:
                pass
            module = None
        _cache.append(module)
    return _cache[0]


def get_minimizer_x(iterations, learning_rate, init):
    ref = _reference()
    return ref.get_minimizer_x(iterations, learning_rate, init) if ref else init + 1.0


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    ref = _reference()
    if ref:
        return ref.gradient_descent(grad_fn, x0, learning_rate, iterations)
    return np.asarray(x0, dtype=float) + 1.0
