"""run.py: the Grader, in-process, as batch grading and the nbgrader plugin use it."""

from __future__ import annotations

from pathlib import Path

from autograder.config import load_settings
from autograder.course import get_assignment
from autograder.run import Grader, Job

ROOT = Path(__file__).resolve().parent.parent


def _reference(name: str) -> Path:
    return ROOT / "solutions" / name / get_assignment(name).module


def test_assignments_graded_in_one_process_keep_their_own_hidden_tests():
    settings = load_settings(ROOT, {})
    for name in ("ps1_gradient_descent", "ps2_linear_regression", "ps1_gradient_descent"):
        with Grader(get_assignment(name), settings, warm=False) as grader:
            report = grader.grade(_reference(name), name)
        assert {t.function for t in report.tests} == set(get_assignment(name).functions)
        assert report.score == report.max_score > 0


def test_a_warm_batch_grades_each_submission_on_its_own(tmp_path):
    wrong = tmp_path / "gradient_descent.py"
    wrong.write_text(
        _reference("ps1_gradient_descent")
        .read_text()
        .replace("x - learning_rate * 2", "x + learning_rate * 2")
    )
    jobs = [
        Job(_reference("ps1_gradient_descent"), "good"),
        Job(wrong, "wrong"),
        Job(_reference("ps1_gradient_descent"), "good"),
    ]
    reports = []
    with Grader(get_assignment("ps1_gradient_descent"), load_settings(ROOT, {}), warm=True) as grader:
        grader.grade_many(jobs, reports.append)
    assert [r.submission for r in reports] == ["good", "wrong", "good"]
    assert reports[0].score == reports[2].score == reports[0].max_score
    assert reports[1].score < reports[1].max_score
    assert all(t.status == "passed" for t in reports[1].tests if t.function == "gradient_descent")


def test_a_hidden_test_that_breaks_by_itself_is_reported_with_its_traceback(tmp_path):
    import shutil

    import pytest

    from autograder.run import HiddenTestsBroken

    solutions = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions" / "ps1_gradient_descent", solutions / "ps1_gradient_descent")
    tests_file = solutions / "ps1_gradient_descent" / "test_hidden.py"
    tests_file.write_text(
        tests_file.read_text()
        + "\n\n@graded('get_minimizer_x', 1)\ndef test_instructor_typo(student):\n"
        "    settings = {}\n    student.get_minimizer_x(1.0, settings['learning_rate'], 3)\n"
    )
    # The course's own hidden tests, graded first in this process, must not stand in for the edited copy.
    assignment = get_assignment("ps1_gradient_descent")
    with Grader(assignment, load_settings(ROOT, {}), warm=False) as grader:
        assert grader.grade(_reference("ps1_gradient_descent"), "reference").score > 0
    settings = load_settings(ROOT, {"AUTOGRADER_SOLUTIONS": str(solutions)})
    with Grader(assignment, settings, warm=False) as grader:
        with pytest.raises(HiddenTestsBroken) as broken:
            grader.grade(_reference("ps1_gradient_descent"), "reference")
    text = str(broken.value)
    assert "test_instructor_typo" in text and "KeyError: 'learning_rate'" in text
    assert f'File "{tests_file}", line' in text  # Python's own traceback, naming the instructor's line


def test_grading_inside_another_program_leaves_that_programs_children_alone(tmp_path):
    """nbgrader's autograde runs the engine inside its host (formgrader's server, with the kernels it
    started; a test session, with its servers). The sweep for stray student processes must not kill
    the host's own children; a stray a submission leaves behind is still killed."""
    import subprocess
    import time

    from autograder.run import grade

    root = Path(__file__).resolve().parent.parent
    settings = load_settings(root)
    assignment = get_assignment("ps1_gradient_descent", settings)
    host_child = subprocess.Popen(["sleep", "120"])
    try:
        submission = tmp_path / "gradient_descent.py"
        submission.write_text(
            (root / "solutions" / "ps1_gradient_descent" / "gradient_descent.py").read_text()
            + "\nimport os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(120)\n"
        )
        report = grade(assignment, submission, settings, submission.name)
        assert report.score == report.max_score
        time.sleep(0.2)
        assert host_child.poll() is None, "the host's own child was killed"
    finally:
        host_child.kill()
        host_child.wait()
