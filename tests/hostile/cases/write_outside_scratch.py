# HOSTILE CASE: write outside the scratch folder, including the grader's own files.
# Assignment: ps1_gradient_descent
# Tries: creates marker files in the course (@@COURSE@@), in /tmp, /var/tmp, /dev/shm, $HOME, /root and
#        up to three levels above its working directory; appends to gradebook.db and to the hidden tests;
#        overwrites the reference solution with one that returns this submission's (wrong) answers;
#        plants a fake __pycache__/*.pyc for the reference; appends to the submitted file itself.
#        get_minimizer_x returns init + 1 -- exactly what the poisoned reference would expect.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x must earn nothing.
# Bounded (safety if unsandboxed): every path is inside the test's course copy or named @@MARKER@@.
import os
import sys

import numpy as np

COURSE = "@@COURSE@@"
MARKER = "@@MARKER@@"
SUBMISSION = "@@SUBMISSION@@"
REF_DIR = os.path.join(COURSE, "solutions", "ps1_gradient_descent")
POISON = (
    "import numpy as np\n"
    "def get_minimizer_x(iterations, learning_rate, init):\n    return init + 1.0\n"
    "def gradient_descent(grad_fn, x0, learning_rate, iterations):\n    return np.asarray(x0, float) + 1.0\n"
)
PYC = f"gradient_descent.cpython-{sys.version_info[0]}{sys.version_info[1]}.pyc"


def _try(action, path, data, mode):
    try:
        if action == "mkdir":
            os.makedirs(path, exist_ok=True)
            return
        with open(path, mode) as f:
            f.write(data)
    except OSError:
        pass


def _vandalise():
    ops = [
        ("write", os.path.join(COURSE, MARKER + "-course.txt"), "x", "w"),
        ("write", os.path.join(COURSE, "gradebook.db"), f"\n{MARKER}", "a"),
        ("write", os.path.join(REF_DIR, "test_hidden.py"), f"\n# {MARKER}\n", "a"),
        ("write", os.path.join(REF_DIR, "gradient_descent.py"), POISON, "w"),
        ("mkdir", os.path.join(REF_DIR, "__pycache__"), "", ""),
        ("write", os.path.join(REF_DIR, "__pycache__", PYC), "not really bytecode " + MARKER, "w"),
        ("write", SUBMISSION, f"\n# {MARKER}\n", "a"),
        ("write", f"/tmp/{MARKER}-tmp", "x", "w"),
        ("write", f"/var/tmp/{MARKER}-vartmp", "x", "w"),
        ("write", f"/dev/shm/{MARKER}-shm", "x", "w"),
        ("write", os.path.expanduser(f"~/{MARKER}-home"), "x", "w"),
        ("write", f"/root/{MARKER}-root", "x", "w"),
    ]
    for level in (1, 2, 3):
        ops.append(("write", os.path.join(os.getcwd(), *[".."] * level, f"{MARKER}-up{level}"), "x", "w"))
    for action, path, data, mode in ops:
        _try(action, path, data, mode)


def get_minimizer_x(iterations, learning_rate, init):
    _vandalise()
    return init + 1.0  # wrong on purpose; matches the poisoned reference


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
