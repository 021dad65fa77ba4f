# HOSTILE CASE: start processes meant to outlive the grader.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x starts `sleep @@SLEEP@@` in a new session (subprocess.Popen with
#        start_new_session=True, output to /dev/null); gradient_descent double-forks a daemon (setsid in
#        between) that execs a Python sleeper ignoring SIGHUP/SIGINT/SIGTERM, with "@@MARKER@@" in its argv
#        and the inherited stdout/stderr kept open. Both then return correct answers.
# Honest: both functions are correct (may earn full marks); no process may remain afterwards.
# Bounded: one of each per process; the sleepers end by themselves in under 100 s.
import os
import subprocess
import sys

import numpy as np

SLEEP = "@@SLEEP@@"
MARKER = "@@MARKER@@"
_started = set()


def get_minimizer_x(iterations, learning_rate, init):
    if "popen" not in _started:
        _started.add("popen")
        try:
            subprocess.Popen(["sleep", SLEEP], start_new_session=True, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            pass
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    if "daemon" not in _started:
        _started.add("daemon")
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:
            try:
                os.setsid()
                if os.fork() == 0:
                    code = ("import signal, time\n"
                            "for s in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):\n"
                            "    signal.signal(s, signal.SIG_IGN)\n"
                            f"time.sleep({SLEEP})\n")
                    os.execv(sys.executable, [sys.executable, "-c", code, MARKER])
            finally:
                os._exit(0)
        elif pid > 0:
            os.waitpid(pid, 0)
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
