"""Measure plain nbgrader (its default autograde pipeline, no descent-kit) on every damaged case.

Not a test: it shows what this kit changes. It builds a scratch course with only ps1's source and
nbgrader's defaults, hands in each case of make_damaged.py as a student, runs `nbgrader autograde
ps1_gradient_descent --student <case>` once per case and prints a Markdown table row per case: the
exit status, the exception nbgrader's log ends in, and the score left in gradebook.db. (This kit's
hidden-test cells hold only a comment, so plain nbgrader's scores say nothing about the code; what
matters is whether it records the notebook at all.) Takes a few seconds per case: each runs a kernel.

Usage (from the course root):
  .venv/bin/python tests/damaged/plain_nbgrader.py SCRATCH_DIR
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from make_damaged import ASSIGNMENT, ROOT, cases

BIN = Path(sys.executable).parent
RAISED = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception|Entry)): (.+)$")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    course = Path(argv[0]).resolve() / "course"
    if course.exists():
        shutil.rmtree(course)
    (course / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "plain"\n')
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT], cwd=course, env=env,
                   check=True, capture_output=True)
    outcomes = {}
    for case in cases():
        folder = course / "submitted" / case.name / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / case.file_name).write_bytes(case.data)
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
        done = subprocess.run([str(BIN / "nbgrader"), "autograde", ASSIGNMENT, "--student", case.name],
                              cwd=course, env=env, capture_output=True, text=True, timeout=600)
        lines = (done.stdout + done.stderr).splitlines()
        raised = [m for m in map(RAISED.match, lines) if m]
        errors = [line.split("] ", 1)[-1] for line in lines if "| ERROR]" in line]
        outcomes[case.name] = (done.returncode, f"{raised[-1][1]}: {raised[-1][2]}" if raised else
                               (errors[0] if errors else ""))
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {r["student"]: (r["score"], r["max_score"]) for r in gb.submission_dicts(ASSIGNMENT)}
    print("| case | plain nbgrader |")
    print("|---|---|")
    for case in cases():
        code, why = outcomes[case.name]
        score = scores.get(case.name)
        left = f"{score[0]:g}/{score[1]:g} left in the gradebook" if score else "nothing stored"
        text = f"recorded, {score[0]:g}/{score[1]:g}" if code == 0 and score else f"fails (exit {code}), {left}: {why[:90]}"
        print(f"| {case.description} | {text} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
