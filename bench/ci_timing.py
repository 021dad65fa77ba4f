"""Time `autograder ci` for one assignment: from the command's start to its results on disk.

    .venv/bin/python bench/ci_timing.py [--runs 9] [--assignment ps1_gradient_descent]

Each run is a fresh `autograder ci` process, as in the workflow: it reads a synthetic pull-request
event, talks to a fake GitHub API on localhost (tests/fake_github.py), decrypts a bundle of the
assignment's hidden tests, grades the reference solution in the sandbox, writes the summary, the
comment, junit.xml and results.json. Printed: the median and range of the wall-clock time of the
whole process, and of the part `autograder ci` measures itself (ci.json "seconds": event to outputs,
without interpreter start-up). Not run as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_github import FakeGitHub, FakePullRequest  # noqa: E402

from autograder.bundle import make_bundle, new_key  # noqa: E402
from autograder.course import get_assignment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--assignment", default="ps1_gradient_descent")
    args = parser.parse_args()
    assignment = get_assignment(args.assignment)
    tmp = Path(tempfile.mkdtemp(prefix="descent-kit-bench-"))
    key = new_key()
    bundle = tmp / "hidden-tests.bundle"
    bundle.write_bytes(make_bundle(ROOT / "solutions", [assignment.name], key))
    source = (ROOT / "solutions" / assignment.name / assignment.module).read_bytes()
    pr = FakePullRequest(files={f"{assignment.name}/{assignment.module}": source})
    walls, inside = [], []
    with FakeGitHub(pr) as api:
        for run in range(args.runs):
            out = tmp / f"out{run}"
            env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AUTOGRADER_"))}
            env.update(
                GITHUB_EVENT_PATH=str(pr.event(tmp / "event.json")),
                GITHUB_API_URL=api.url,
                GITHUB_TOKEN=api.token,
                GITHUB_STEP_SUMMARY=str(tmp / "summary.md"),
                GITHUB_OUTPUT=str(tmp / "output"),
                AUTOGRADER_BUNDLE_KEY=key,
            )
            started = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "autograder", "ci", "--bundle", str(bundle), "--out", str(out)],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
            )
            walls.append(time.perf_counter() - started)
            if proc.returncode != 0 or not (out / "results.json").is_file():
                sys.exit(f"run {run} failed ({proc.returncode}): {proc.stderr[-2000:]}")
            overview = json.loads((out / "ci.json").read_text())
            inside.append(overview["seconds"])
            score = overview["graded"][0]["score"]
            print(
                f"run {run + 1}: {walls[-1]:.2f} s wall, {inside[-1]:.2f} s in ci, score {score:g}",
                flush=True,
            )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\n{assignment.name}, {args.runs} runs, load average {load:.1f} on {os.cpu_count()} CPUs:\n"
        f"  autograder ci start -> results written: median {statistics.median(walls):.2f} s "
        f"(min {min(walls):.2f}, max {max(walls):.2f})\n"
        f"  event read -> outputs written (ci.json seconds): median {statistics.median(inside):.2f} s "
        f"(min {min(inside):.2f}, max {max(inside):.2f})"
    )


if __name__ == "__main__":
    main()
