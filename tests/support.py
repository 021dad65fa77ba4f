"""Helpers the kit's tests share (a module of its own: `conftest` is ambiguous with several conftest files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUTOGRADER = [sys.executable, "-m", "autograder"]


def grade(
    assignment: str,
    submission: Path | str,
    *extra: str,
    cwd: Path = ROOT,
    env: dict | None = None,
    timeout: float = 180,
) -> tuple[int, dict | None, str]:
    """Run `autograder grade --json`; return (exit status, parsed JSON or None, stderr)."""
    proc = subprocess.run(
        [*AUTOGRADER, "grade", assignment, str(submission), "--json", *extra],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        report = None
    return proc.returncode, report, proc.stderr


def by_function(report: dict) -> dict[str, tuple[float, float]]:
    """{function: (points, max_points)} summed over a report's tests."""
    out: dict[str, tuple[float, float]] = {}
    for t in report["tests"]:
        p, m = out.get(t["function"], (0.0, 0.0))
        out[t["function"]] = (p + t["points"], m + t["max_points"])
    return out
