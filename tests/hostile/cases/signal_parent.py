# HOSTILE CASE: signal the process that runs it (the grader, if nothing is in between).
# Assignment: ps1_gradient_descent
# Tries: sends SIGSTOP, SIGTERM, SIGINT, SIGHUP and finally SIGKILL to its parent and to the parent's
#        process group, hoping to freeze or kill the grader before it writes a report.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x is wrong (must earn nothing).
# Bounded (safety if unsandboxed): only signals a parent whose program is the grader, its worker or
#        bwrap; never pid 1, never the test process (@@GUARD_PID@@) or its ancestors.
import os
import signal

import numpy as np

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


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def _may_signal(pid):
    if pid <= 1 or pid == os.getpid() or pid in _protected():
        return False
    return _is_grader(_cmdline(pid))


def _group_ok(pgid):
    try:
        return pgid > 1 and pgid != os.getpgid(GUARD) and pgid != os.getpgrp()
    except OSError:
        return pgid > 1 and pgid != os.getpgrp()


def get_minimizer_x(iterations, learning_rate, init):
    parent = os.getppid()
    if _may_signal(parent):
        for sig in (signal.SIGSTOP, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL):
            for kill, target in ((os.kill, parent), (os.killpg, _pgid(parent))):
                if target and (kill is os.kill or _group_ok(target)):
                    try:
                        kill(target, sig)
                    except OSError:
                        pass
    return init + 1.0  # wrong on purpose


def _pgid(pid):
    try:
        return os.getpgid(pid)
    except OSError:
        return 0


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
