"""Due dates and the late-submission penalty, through real nbgrader commands.

late.py's arithmetic on its own; then the demo (nbgrader's own applications) on two students of the
sample cohort, both with correct ps1 work: s01 on time, s15 after the due date. The gradebook, the
feedback page and `nbgrader export` (the real executable) must show s15's penalty, and only s15's.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.nbgrader_plugin.late import DAY_SECONDS, PercentPerDayLate, penalty_percent

ROOT = Path(__file__).resolve().parents[1]
COHORT = ROOT / "examples" / "cohort"
PS1 = "ps1_gradient_descent"


def test_penalty_is_a_share_per_started_day_capped():
    assert penalty_percent(0, 10, 50) == 0
    assert penalty_percent(1, 10, 50) == 10
    assert penalty_percent(DAY_SECONDS, 10, 50) == 10
    assert penalty_percent(DAY_SECONDS + 1, 10, 50) == 20
    assert penalty_percent(30 * DAY_SECONDS, 10, 50) == 50
    plugin = PercentPerDayLate(percent_per_day=25, max_percent=60)
    assert plugin.late_submission_penalty("s1", 12.0, 2.5 * DAY_SECONDS) == pytest.approx(7.2)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("late")
    cohort = base / "cohort"
    (cohort / "lms").mkdir(parents=True)
    with open(COHORT / "students.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["id"] in {"s01", "s15"}]
    with open(cohort / "students.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    shutil.copy(COHORT / "late.csv", cohort / "late.csv")
    for student in ("s01", "s15"):
        shutil.copytree(COHORT / "exchange" / student / PS1, cohort / "exchange" / student / PS1)
    work = base / "work"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--work", str(work), "--cohort", str(cohort)]
        + ["--assignments", PS1, "--jobs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return work / "course"


@pytest.mark.slow
def test_the_late_student_loses_ten_percent_everywhere(course):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assignment = gb.find_assignment(PS1)
        assert assignment.duedate is not None
        on_time, late = gb.find_submission(PS1, "s01"), gb.find_submission(PS1, "s15")
        assert on_time.total_seconds_late == 0 and not on_time.late_submission_penalty
        assert late.total_seconds_late > 0
        full = late.max_score
        assert on_time.score == late.score == full  # both correct: the penalty is all that differs
        assert late.late_submission_penalty == pytest.approx(0.1 * full)

    page = (course / "feedback" / "s15" / PS1 / f"{PS1}.html").read_text()
    assert f"Your score: {0.9 * full:g} / {full:g} points" in page
    assert f"Handed in after the due date: {0.1 * full:g} points were taken off" in page
    assert (
        "Handed in after the due date" not in (course / "feedback" / "s01" / PS1 / f"{PS1}.html").read_text()
    )

    # formgrader shows the autograded notebook: the late one opens with the penalty; the feedback page
    # says it once, in the student's words, not in the instructor's note
    import nbformat

    first = nbformat.read(course / "autograded" / "s15" / PS1 / f"{PS1}.ipynb", as_version=4).cells[0]
    assert first.cell_type == "markdown" and "**Handed in late**" in first.source
    assert f"takes {0.1 * full:g} points off this notebook's {full:g}" in first.source
    on_time_first = nbformat.read(course / "autograded" / "s01" / PS1 / f"{PS1}.ipynb", as_version=4).cells[0]
    assert "Handed in late" not in on_time_first.source
    assert "formgrader's totals" not in page

    nbgrader = Path(sys.executable).with_name("nbgrader")
    done = subprocess.run(
        [str(nbgrader), "export", "--to", "late_check.csv"], cwd=course, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with open(course / "late_check.csv", newline="") as f:
        exported = {r["student_id"]: r for r in csv.DictReader(f)}
    assert float(exported["s15"]["late_submission_penalty"]) == pytest.approx(0.1 * full)
    assert float(exported["s15"]["score"]) == pytest.approx(0.9 * full)
    assert float(exported["s01"]["late_submission_penalty"]) == 0
    assert float(exported["s01"]["score"]) == pytest.approx(full)
    assert exported["s15"]["duedate"] and exported["s15"]["timestamp"] > exported["s15"]["duedate"]
