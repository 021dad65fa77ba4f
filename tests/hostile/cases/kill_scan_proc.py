# HOSTILE CASE: find the grader by scanning /proc and kill it.
# Assignment: ps1_gradient_descent
# Tries: lists /proc, stops (SIGSTOP) and then kills (SIGKILL) every process it can find that belongs
#        to this grading run: its own ancestors, and anything whose working directory or command line
#        is in the course (@@COURSE@@).
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x is wrong (must earn nothing).
# Bounded (safety if unsandboxed): only processes whose program is the grader, its worker or bwrap AND
#        that work in this run's course copy or are its own ancestors (so never a shell or editor that
#        happens to sit in the course); never pid 1, never itself, never the test process (@@GUARD_PID@@)
#        or its ancestors. It never signals pid -1 (everyone).
import os
import signal
import time

COURSE = "@@COURSE@@"
GUARD = int("@@GUARD_PID@@")


def _is_grader(cmd):
    """Whether a command line is the grader, its worker or its bubblewrap (by program, not by any substring)."""
    args = cmd.split(b"\0")[:4]
    return bool(args) and (
        os.path.basename(args[0]) == b"bwrap"
        or any(a.endswith(b"/autograder") or a == b"autograder" or a.startswith(b"autograder.") for a in args)
    )


def _protected():
    """The test process and its ancestors: never signalled."""
    pid, seen = GUARD, {GUARD}
    for _ in range(30):
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                pid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 1:
            break
        seen.add(pid)
    return seen

import numpy as np  # noqa: E402


def _read(pid, name):
    try:
        with open(f"/proc/{pid}/{name}", "rb") as f:
            return f.read()
    except OSError:
        return b""


def _ancestors():
    pid, seen = os.getpid(), set()
    for _ in range(20):
        try:
            pid = int(_read(pid, "stat").rsplit(b")", 1)[1].split()[1])
        except (ValueError, IndexError):
            break
        if pid <= 1:
            break
        seen.add(pid)
    return seen


def _targets():
    ancestors = _ancestors()
    protected = _protected()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        if pid <= 1 or pid == os.getpid() or pid in protected:
            continue
        cmd = _read(pid, "cmdline")
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            cwd = ""
        in_course = cwd == COURSE or cwd.startswith(COURSE + "/") or COURSE.encode() in cmd
        if (in_course or pid in ancestors) and _is_grader(cmd):
            yield pid


def get_minimizer_x(iterations, learning_rate, init):
    targets = list(_targets())
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        for pid in targets:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        time.sleep(0.2)
    return init + 1.0  # wrong on purpose


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
