"""The nbgrader lifecycle end to end on a small cohort, with real nbgrader commands and a real gradebook.

One run of scripts/demo.py (nbgrader's own applications, in its process) takes four students through
release, fetch/submit, zip_collect, collect, autograde, feedback and export, for two assignments; then
the real `nbgrader` executable is run on the same course for two steps. The scores in gradebook.db, in
both CSV exports and in the feedback pages must equal what `autograder grade --json` gives for each
submitted file, and the hostile students (numpy monkeypatched, lying objects) must gain nothing.
A second run, killed in the middle and run again, must end with the same scores and one submission each.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")

ROOT = Path(__file__).resolve().parents[1]
COHORT = ROOT / "examples" / "cohort"
DEMO = ROOT / "scripts" / "demo.py"
PS1, PS2 = "ps1_gradient_descent", "ps2_linear_regression"
ASSIGNMENTS = f"{PS1},{PS2}"
EXCHANGE = {("s02", PS1), ("s02", PS2), ("s05", PS1), ("s05", PS2), ("s06", PS2)}
LMS = {"s12"}  # ps1: invalid JSON; ps2: one iteration too few
pytestmark = pytest.mark.slow


def small_cohort(target: Path) -> Path:
    """Four students of examples/cohort: mistakes, numpy monkeypatched, lying objects, a broken upload."""
    students = {s for s, _ in EXCHANGE} | LMS
    with open(COHORT / "students.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["id"] in students]
    target.mkdir(parents=True)
    with open(target / "students.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for student, assignment in EXCHANGE:
        shutil.copytree(
            COHORT / "exchange" / student / assignment, target / "exchange" / student / assignment
        )
    (target / "lms").mkdir()
    for assignment in (PS1, PS2):
        with zipfile.ZipFile(COHORT / "lms" / f"{assignment}.zip") as source:
            with zipfile.ZipFile(target / "lms" / f"{assignment}.zip", "w") as small:
                for info in source.infolist():
                    if info.filename.split("_attempt_")[0] in LMS:
                        small.writestr(info, source.read(info))
    return target


def run_demo(work: Path, cohort: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(DEMO),
            "--work",
            str(work),
            "--cohort",
            str(cohort),
            "--assignments",
            ASSIGNMENTS,
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def gradebook_scores(course: Path) -> dict[tuple[str, str], dict[str, float]]:
    """(student, assignment) -> {grade cell name: score}, read with nbgrader's Gradebook API."""
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                grades = {g.name: g.score for nb in submission.notebooks for g in nb.grades}
                found[(submission.student.id, assignment.name)] = grades
    return found


def engine_json(assignment: str, path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", assignment, str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def per_test(report: dict) -> dict[str, float]:
    """The engine's points by hidden test function (parametrized cases added up), as grade cell names."""
    points: dict[str, float] = {}
    for test in report["tests"]:
        name = "hidden_" + test["name"].split("[", 1)[0]
        points[name] = points.get(name, 0.0) + test["points"]
    return points


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory):
    base = tmp_path_factory.mktemp("lifecycle")
    cohort = small_cohort(base / "cohort")
    work = base / "work"
    done = run_demo(work, cohort)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return work, cohort, done.stdout


def graded_files(course: Path) -> dict[tuple[str, str], Path]:
    """The file the engine graded for each submission, as GradeWithEngine recorded it."""
    import nbformat

    found = {}
    for notebook in sorted((course / "autograded").glob("*/*/*.ipynb")):
        student, assignment = notebook.parent.parent.name, notebook.parent.name
        kit = nbformat.read(notebook, as_version=4).metadata["descent_kit"]
        found[(student, assignment)] = course / "submitted" / student / assignment / kit["graded_file"]
    return found


def feedback_points(page: str) -> dict[str, float]:
    """The summary table's points per test, from its rows' data attributes (in any order)."""
    points = {}
    for row in re.findall(r"<tr [^>]*data-test=[^>]*>", page):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', row))
        points["hidden_" + attributes["data-test"]] = float(attributes["data-points"])
    return points


def test_scores_agree_everywhere(lifecycle):
    work, _, output = lifecycle
    course = work / "course"
    stored = gradebook_scores(course)
    expected = {(s, a) for s, a in EXCHANGE} | {(s, a) for s in LMS for a in (PS1, PS2)}
    assert set(stored) == expected
    files = graded_files(course)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        reports = dict(zip(files, pool.map(lambda k: engine_json(k[1], files[k]), files)))
    with open(course / "grades.csv", newline="") as f:
        totals = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(f)}
    with open(course / "grades_by_test.csv", newline="") as f:
        by_test = {
            (r["student_id"], r["assignment"], "hidden_" + r["test"]): float(r["score"])
            for r in csv.DictReader(f)
        }
    for key, report in reports.items():
        student, assignment = key
        engine = per_test(report)
        assert stored[key] == pytest.approx(engine), key
        assert float(totals[key]["raw_score"]) == pytest.approx(report["score"]), key
        assert float(totals[key]["max_score"]) == pytest.approx(report["max_score"]), key
        for cell, points in engine.items():
            assert by_test[(student, assignment, cell)] == pytest.approx(points), (key, cell)
        page = (course / "feedback" / student / assignment / f"{assignment}.html").read_text()
        assert feedback_points(page) == pytest.approx(engine), key
        for test in report["tests"]:
            if test["message"]:
                first_line = test["message"].splitlines()[0]
                assert html.escape(first_line, quote=False) in page, (key, test["name"])
        assert '<meta name="viewport"' in page
        assert "BEGIN HIDDEN TESTS" not in page and "descent-kit hidden test:" not in page
    assert "Scores in gradebook.db" in output


def test_tricks_gain_nothing(lifecycle, tmp_path):
    course = lifecycle[0] / "course"
    stored = {k: sum(v.values()) for k, v in gradebook_scores(course).items()}
    # s05 has s02's mistakes plus numpy patched to say "close" to everything: the same score as s02.
    assert stored[("s05", PS1)] == stored[("s02", PS1)] < 15
    assert stored[("s05", PS2)] == stored[("s02", PS2)] < 22
    # s06's mse_loss returns a float subclass equal to everything: it scores what returning the
    # plain number earns, no more.
    lying = course / "submitted" / "s06" / PS2 / f"{PS2}.ipynb"
    honest = tmp_path / f"{PS2}.ipynb"
    text = lying.read_text()
    assert "return AlwaysEqual(0.0)" in text
    honest.write_text(text.replace("return AlwaysEqual(0.0)", "return 0.0"))
    assert stored[("s06", PS2)] == engine_json(PS2, honest)["score"] < 22
    # s12's ps1 upload is not valid JSON: 0 points, and the feedback says why.
    assert stored[("s12", PS1)] == 0
    page = (course / "feedback" / "s12" / PS1 / f"{PS1}.html").read_text()
    assert "JSON" in page


def test_feedback_released_and_fetched(lifecycle):
    work = lifecycle[0]
    released = list((work / "course" / "exchange" / "descent-kit" / "feedback").glob("*.html"))
    assert len(released) == len(EXCHANGE)
    fetched = list((work / "students").glob("*/*/feedback/*/*.html"))
    assert len(fetched) == len(EXCHANGE)


def test_real_nbgrader_executable_agrees(lifecycle):
    """The `nbgrader` program itself, with the course's nbgrader_config.py, stores the same scores,
    grading from nothing (no cached engine results) inside nbgrader's own process."""
    course = lifecycle[0] / "course"
    before = gradebook_scores(course)
    cache = course / "grading_cache"
    cache.rename(course / "grading_cache.kept")
    nbgrader = Path(sys.executable).with_name("nbgrader")
    env = {**os.environ, "PATH": f"{nbgrader.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    try:
        for argv in (["autograde", PS2, "--force", "--student", "s06"], ["export", "--to", "cli.csv"]):
            done = subprocess.run(
                [str(nbgrader), *argv], cwd=course, capture_output=True, text=True, env=env, timeout=300
            )
            assert done.returncode == 0, done.stderr[-3000:]
        assert list(cache.glob(f"{PS2}/*.json")), "nbgrader's autograde did not grade with the engine"
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        (course / "grading_cache.kept").rename(cache)
    assert gradebook_scores(course) == before
    with open(course / "cli.csv") as a, open(course / "grades.csv") as b:
        assert a.read() == b.read()


def test_second_run_changes_nothing(lifecycle):
    work, cohort, first = lifecycle
    course = work / "course"
    before = (course / "gradebook.db").stat().st_mtime_ns, gradebook_scores(course)
    done = run_demo(work, cohort)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Every step finished in an earlier run" in done.stdout
    assert ((course / "gradebook.db").stat().st_mtime_ns, gradebook_scores(course)) == before
    table = lambda text: text[text.index("Scores in gradebook.db") : text.index("└")]  # noqa: E731
    assert table(done.stdout) == table(first)


def test_interrupted_run_finishes_without_double_counting(lifecycle, tmp_path):
    work, cohort, _ = lifecycle
    # Same cohort, new scratch course; the engine's results come from the first run's cache (keyed by
    # content), so this test is about the lifecycle's bookkeeping, not about grading again.
    second = tmp_path / "work"
    command = [
        sys.executable,
        str(DEMO),
        "--work",
        str(second),
        "--cohort",
        str(cohort),
        "--assignments",
        ASSIGNMENTS,
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    state = second / "state.json"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if "collect:" + PS2 in json.loads(state.read_text())["done"]:
                shutil.copytree(
                    work / "course" / "grading_cache", second / "course" / "grading_cache", dirs_exist_ok=True
                )
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    recorded = second / "course" / "grading_cache" / "recorded"
    while time.monotonic() < deadline and process.poll() is None:
        if len(list(recorded.glob("*/*.txt"))) >= 2:  # autograde has recorded some submissions, not all
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the demo and everything it started, mid-step
    process.wait()
    done_steps = json.loads(state.read_text())["done"]
    assert "autograde" not in done_steps, "the demo finished autograding before it could be interrupted"
    resumed = run_demo(second, cohort)
    assert resumed.returncode == 0, resumed.stdout[-3000:] + resumed.stderr[-3000:]
    assert "Resuming" in resumed.stdout
    assert gradebook_scores(second / "course") == gradebook_scores(work / "course")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{second / 'course' / 'gradebook.db'}") as gb:
        pairs = [(s.student.id, a.name) for a in gb.assignments for s in a.submissions]
    assert sorted(pairs) == sorted(set(pairs))
    with open(second / "course" / "grades.csv") as a, open(work / "course" / "grades.csv") as b:
        # due date and timestamp: the demo lets each run's deadline pass when that run gets there
        drop_time = lambda rows: [r.split(",")[:1] + r.split(",")[3:] for r in rows]  # noqa: E731
        assert drop_time(a.read().splitlines()) == drop_time(b.read().splitlines())


def test_sample_cohort_is_up_to_date():
    """examples/cohort/ is what make_cohort.py builds from the current release/ and solutions/."""
    done = subprocess.run(
        [sys.executable, str(COHORT / "make_cohort.py"), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr + "\nrun: .venv/bin/python examples/cohort/make_cohort.py"
