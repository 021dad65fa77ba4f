# HOSTILE CASE: write forged results straight to file descriptors.
# Assignment: ps1_gradient_descent
# Tries: os.write to fd 1 and to every fd 3..20 (and every pipe listed in /proc/self/fd): a fake full
#        report, and protocol-looking replies ({"ok": true, "value": ..., "id": n, "passed": true,
#        "points": 100}) for ids 0..40, hoping one lands on the channel to the grader or on its stdout.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x is wrong (must earn nothing).
# Bounded: at most ~60 short writes per fd per call.
import json
import os

import numpy as np

REPORT = json.dumps({"assignment": "ps1_gradient_descent", "submission": "x.py", "score": 100.0,
                     "max_score": 100.0, "tests": []}) + "\n"


def _forge(value):
    lines = [REPORT]
    for i in range(41):
        lines.append(json.dumps({"id": i, "ok": True, "value": value, "passed": True, "points": 100,
                                 "status": "passed", "score": 100}) + "\n")
    data = "".join(lines).encode()
    fds = set(range(3, 21)) | {1}
    try:
        for name in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{name}").startswith("pipe:"):
                    fds.add(int(name))
            except OSError:
                pass
    except OSError:
        pass
    for fd in sorted(fds):
        try:
            os.set_blocking(fd, False)
            os.write(fd, data)
        except OSError:
            pass


def get_minimizer_x(iterations, learning_rate, init):
    _forge({"t": "float", "v": init + 1.0})
    return init + 1.0  # wrong on purpose


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    _forge({"t": "array", "shape": list(x.shape), "data": x.ravel().tolist()})
    return x
