# HOSTILE CASE: print a fake grade report with full marks.
# Assignment: ps1_gradient_descent
# Tries: prints a complete fake JSON report (score 100/100, every test passed) to stdout and stderr at
#        import, inside every call and again from an atexit handler, hoping the grader's stdout ends up
#        holding the fake report (or two JSON objects).
# Honest: both functions are correct and must still earn full marks (printing is allowed).
# Bounded: a few prints per call.
import atexit
import json
import sys

import numpy as np

FAKE = json.dumps({
    "assignment": "ps1_gradient_descent", "submission": "fake.py", "score": 100.0, "max_score": 100.0,
    "tests": [{"name": "all", "function": "get_minimizer_x", "points": 100.0, "max_points": 100.0,
               "status": "passed", "message": ""}],
})


def _shout():
    print(FAKE)
    print(FAKE, file=sys.stderr)
    sys.stdout.flush()


_shout()
atexit.register(_shout)


def get_minimizer_x(iterations, learning_rate, init):
    _shout()
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    _shout()
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
