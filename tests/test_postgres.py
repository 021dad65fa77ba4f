"""A PostgreSQL gradebook: `c.CourseDirectory.db_url = "postgresql+psycopg://..."` in nbgrader_config.py.

Against a real server (tests/postgres_server.py, one per test session), a small course goes through what
the kit does with its gradebook: nbgrader's generate_assignment, `autograder autograde` with two
workers writing at once, a rerun that finds everything recorded, a resubmission, nbgrader's CSV export
and the kit's per-test export, formgrader's view of the submissions (nbgrader's NbGraderAPI, which its
handlers call) and the demo's score table. Every score must be the engine's, once per student.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")

ROOT = Path(__file__).resolve().parents[1]
PS1 = "ps1_gradient_descent"
BIN = Path(sys.executable).parent
SAMPLES = ["s01", "s02", "s03", "s04"]
STUDENTS = [f"u{i:02d}" for i in range(8)]
pytestmark = pytest.mark.slow


def sample_of(student: str) -> str:
    return SAMPLES[int(student[1:]) % len(SAMPLES)]


def run(course: Path, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([str(BIN / argv[0]), *argv[1:]], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)


def make_course(folder: Path, db_url: str, students: list[str]) -> Path:
    """The kit's course with ps1 generated into the gradebook at `db_url`, and `students` submitted."""
    course = folder / "course"
    course.mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    (course / "nbgrader_config.py").write_text(config + f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    shutil.copytree(ROOT / "source" / PS1, course / "source" / PS1, ignore=shutil.ignore_patterns("__pycache__"))
    (course / "solutions").symlink_to(ROOT / "solutions", target_is_directory=True)
    done = run(course, "nbgrader", "generate_assignment", PS1)
    assert done.returncode == 0, done.stdout + done.stderr
    for student in students:
        submit(course, student, sample_of(student))
    return course


def submit(course: Path, student: str, sample: str, when: str = "2026-11-20 10:00:00.000000 UTC") -> None:
    folder = course / "submitted" / student / PS1
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "examples" / "cohort" / "exchange" / sample / PS1, folder)
    (folder / "timestamp.txt").write_text(when)


def totals(db_url: str, assignment: str = PS1) -> dict[str, float]:
    """student -> total, read with nbgrader's Gradebook API; fails on a submission recorded twice."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id="descent-kit") as gb:
        rows = gb.submission_dicts(assignment)
    students = [r["student"] for r in rows]
    assert len(students) == len(set(students)), "a submission is recorded twice"
    return {r["student"]: r["score"] for r in rows}


@pytest.fixture(scope="module")
def engine_scores() -> dict[str, float]:
    """The engine's verdict on each sample notebook (`autograder grade --json`)."""
    scores = {}
    for sample in SAMPLES:
        notebook = ROOT / "examples" / "cohort" / "exchange" / sample / PS1 / f"{PS1}.ipynb"
        out = subprocess.run([str(BIN / "autograder"), "grade", PS1, str(notebook), "--json"],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        scores[sample] = json.loads(out.stdout)["score"]
    assert len(set(scores.values())) > 1, "the samples should not all score the same"
    return scores


def test_everything_the_kit_does_with_the_gradebook_works_on_postgresql(tmp_path, postgres, engine_scores):
    db_url = postgres.new_database()
    course = make_course(tmp_path, db_url, STUDENTS)

    done = run(course, "autograder", "autograde", PS1, "--workers", "2")
    assert done.returncode == 0, done.stderr
    expected = {s: engine_scores[sample_of(s)] for s in STUDENTS}
    assert totals(db_url) == expected
    assert "full marks" in done.stdout  # the summary table, read back from PostgreSQL
    assert not list(course.glob("gradebook.db*")), "no SQLite file appears beside a PostgreSQL gradebook"
    for student in STUDENTS:
        assert (course / "autograded" / student / PS1 / f"{PS1}.ipynb").is_file()

    # Resume markers: nothing left to do; a resubmission is graded again, and only it.
    again = run(course, "autograder", "autograde", PS1)
    assert again.returncode == 0 and f"{len(STUDENTS)} submission(s): 0 to grade" in again.stderr
    first, other = STUDENTS[0], next(s for s in STUDENTS if sample_of(s) != sample_of(STUDENTS[0]))
    submit(course, first, sample_of(other), "2026-11-21 09:00:00.000000 UTC")
    resubmitted = run(course, "autograder", "autograde", PS1)
    assert resubmitted.returncode == 0 and "1 to grade" in resubmitted.stderr, resubmitted.stderr
    expected[first] = engine_scores[sample_of(other)]
    assert totals(db_url) == expected

    # nbgrader's export and the kit's per-test export read the same totals from PostgreSQL.
    exported = run(course, "nbgrader", "export", "--to", "grades.csv")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    with open(course / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    assert {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == PS1} == expected
    per_test = run(course, "nbgrader", "export", "--exporter",
                   "autograder.nbgrader_plugin.export.PerTestCsvExport", "--to", "by_test.csv")
    assert per_test.returncode == 0, per_test.stdout + per_test.stderr
    with open(course / "by_test.csv") as f:
        by_test = list(csv.DictReader(f))
    summed: dict[str, float] = {}
    for row in by_test:
        summed[row["student_id"]] = summed.get(row["student_id"], 0.0) + float(row["score"])
    assert {s: pytest.approx(v) for s, v in summed.items()} == expected

    # Formgrader's handlers ask nbgrader's NbGraderAPI; it reads the submissions from PostgreSQL.
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.nbgrader_plugin.autograde import course_config

    config = course_config(course)
    api = NbGraderAPI(CourseDirectory(config=config, root=str(course)), config=config)
    shown = {s["student"]: s["score"] for s in api.get_submissions(PS1) if s["autograded"]}
    assert shown == expected

    # The demo's score table.
    spec = importlib.util.spec_from_file_location("descent_kit_demo", ROOT / "scripts" / "demo.py")
    demo = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = demo  # its dataclasses look their module up
    spec.loader.exec_module(demo)
    table, table_rows = demo.score_table(course)
    assert {r["student"]: r["score"] for r in table_rows if r["assignment"] == PS1} == expected
    assert "postgresql" in str(table.title) and "gradebook.db" not in str(table.title)
