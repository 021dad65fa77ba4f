"""Single-submission latency of `autograder grade`, with the full sandbox and with the minimal one.

    .venv/bin/python bench/latency.py [--runs 9]

Runs the same command alternately in both modes in one session and prints the median of each and their
ratio (the sandbox's cost). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def once(mode: str, assignment: str, submission: Path) -> float:
    env = {**os.environ, "AUTOGRADER_SANDBOX": mode}
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/autograder"), "grade", assignment, str(submission), "--json"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--assignment", default="ps1_gradient_descent")
    parser.add_argument("--submission", default="solutions/ps1_gradient_descent/gradient_descent.py")
    args = parser.parse_args()
    submission = ROOT / args.submission
    times: dict[str, list[float]] = {"auto": [], "minimal": []}
    once("auto", args.assignment, submission)  # warm the file cache
    for _ in range(args.runs):
        for mode in times:
            times[mode].append(once(mode, args.assignment, submission))
    auto, minimal = (statistics.median(times[m]) for m in ("auto", "minimal"))
    print(f"{args.assignment} {args.submission} ({args.runs} runs each, alternating)")
    print(f"  full sandbox    median {auto:.3f} s")
    print(f"  minimal sandbox median {minimal:.3f} s")
    print(f"  ratio full/minimal: {auto / minimal:.2f}")


if __name__ == "__main__":
    sys.exit(main())
