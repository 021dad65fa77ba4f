# HOSTILE CASE: find the reference solution through the course directory and delegate to it.
# Assignment: ps1_gradient_descent
# Tries: looks for solutions/ps1_gradient_descent/gradient_descent.py at the course path the attacker
#        learnt (@@COURSE@@), in the working directory of every ancestor process (/proc/<pid>/cwd),
#        in every directory above its own working directory, and under $PWD/$OLDPWD/AUTOGRADER_*; loads
#        the first one found and returns the reference's answers. Without a find it returns wrong values.
# Honest: nothing is computed honestly; both functions must earn nothing.
# Bounded: a fixed list of paths, each checked once per process.
import importlib.util
import os

import numpy as np

COURSE = "@@COURSE@@"
REL = os.path.join("solutions", "ps1_gradient_descent", "gradient_descent.py")
_cache = []


def _ancestors():
    pid, seen = os.getpid(), []
    for _ in range(20):
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                pid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 0:
            break
        seen.append(pid)
    return seen


def _candidates():
    yield os.path.join(COURSE, REL)
    for pid in _ancestors():
        yield os.path.join(f"/proc/{pid}/cwd", REL)
        yield os.path.join(f"/proc/{pid}/root", COURSE.lstrip("/"), REL)
    here = os.getcwd()
    for _ in range(10):
        yield os.path.join(here, REL)
        here = os.path.dirname(here)
    for key in ("PWD", "OLDPWD", "AUTOGRADER_COURSE", "AUTOGRADER_SOLUTIONS"):
        if os.environ.get(key):
            yield os.path.join(os.environ[key], REL)
            yield os.path.join(os.environ[key], "ps1_gradient_descent", "gradient_descent.py")


def _reference():
    if not _cache:
        module = None
        for path in _candidates():
            try:
                spec = importlib.util.spec_from_file_location("stolen_reference", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                break
            except Exception:
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
