"""validate.py: students' check against the visible tests only, in the sandbox, with plain advice.

The tests use a small released notebook made here (nbgrader metadata as `nbgrader generate_assignment`
writes it), so they do not depend on the course's own release/ content.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from autograder import course
from autograder.config import load_settings
from autograder.course import get_assignment
from autograder.validate import read_visible_tests, validate

ROOT = Path(__file__).resolve().parent.parent
PS1 = get_assignment("ps1_gradient_descent")


def _cell(source: str, **nbgrader) -> dict:
    meta = {"nbgrader": {"schema_version": 3, "task": False, **nbgrader}} if nbgrader else {}
    cell_id = f"c{abs(hash(source)) % 10**8}"
    return {
        "cell_type": "code",
        "id": cell_id,
        "execution_count": None,
        "metadata": meta,
        "outputs": [],
        "source": source,
    }


STUB = """import numpy as np


def get_minimizer_x(iterations: int, learning_rate: float, init: float) -> float:
    raise NotImplementedError("replace this line with your code")


def gradient_descent(grad_fn, x0, learning_rate: float, iterations: int) -> np.ndarray:
    raise NotImplementedError("replace this line with your code")
"""
CORRECT = """import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
"""
NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {},
    "cells": [
        {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": "# Problem set 1"},
        _cell("import matplotlib.pyplot as plt\nimport numpy as np\nSTART = 3.0\nprint('ready')"),
        _cell(
            "def get_minimizer_x(iterations, learning_rate, init):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
            grade=False,
            solution=True,
            locked=False,
            grade_id="answer_get_minimizer_x",
        ),
        _cell(
            'assert get_minimizer_x(0, 0.01, START) == 3, "zero iterations must return the starting point"\n'
            "assert get_minimizer_x(10, 0.01, START) == 2.451218\n"
            'assert get_minimizer_x(3, 0.1, 1) == round(0.8**3, 6), "round to 6 decimals"\n',
            grade=False,
            solution=False,
            locked=True,
            grade_id="check_get_minimizer_x",
        ),
        _cell("def valley(v):\n    return np.array([2 * v[0], 20 * v[1]])\n\n\nplt.plot([1, 2])\nplt.show()"),
        _cell(
            "def gradient_descent(grad_fn, x0, learning_rate, iterations):\n    raise NotImplementedError()",
            grade=False,
            solution=True,
            locked=False,
            grade_id="answer_gradient_descent",
        ),
        _cell(
            "assert np.allclose(gradient_descent(valley, [1.0, 1.0], 0.05, 1), [0.9, 0.0])\n"
            "start = np.array([1.0, -2.0])\ngradient_descent(lambda v: 2 * v, start, 0.1, 3)\n"
            'assert np.array_equal(start, [1.0, -2.0]), "x0 must not change"\n',
            grade=False,
            solution=False,
            locked=True,
            grade_id="check_gradient_descent",
        ),
        _cell(
            "assert get_minimizer_x(1, 0.5, 7) == 0\n### BEGIN HIDDEN TESTS\nassert SECRET_HIDDEN_MARKER\n"
            "### END HIDDEN TESTS",
            grade=True,
            solution=False,
            locked=True,
            points=1,
            grade_id="test_one_step",
        ),
        _cell(
            "# Hidden test\n### BEGIN HIDDEN TESTS\nassert SECRET_HIDDEN_MARKER\n### END HIDDEN TESTS",
            grade=True,
            solution=False,
            locked=True,
            points=2,
            grade_id="hidden_only",
        ),
    ],
}


@pytest.fixture
def course_dir(tmp_path):
    """A course with only release/ps1_gradient_descent (the notebook and stub); no solutions at all."""
    release = tmp_path / "course" / "release" / "ps1_gradient_descent"
    release.mkdir(parents=True)
    (release / "ps1_gradient_descent.ipynb").write_text(json.dumps(NOTEBOOK))
    (release / "gradient_descent.py").write_text(STUB)
    return tmp_path / "course"


def check(course_dir: Path, tmp_path: Path, code: str, **limits):
    settings = load_settings(course_dir, environ={"AUTOGRADER_COURSE": str(course_dir)})
    settings = settings.with_limits(**limits) if limits else settings
    path = tmp_path / "gradient_descent.py"
    path.write_text(code)
    return validate(PS1, path, settings, "gradient_descent.py")


def statuses(report) -> dict[str, str]:
    return {c.name: c.status for c in report.checks}


def test_reads_check_cells_and_course_code_but_no_solutions_or_hidden_regions(course_dir):
    pieces = read_visible_tests(course_dir / "release/ps1_gradient_descent/ps1_gradient_descent.ipynb", PS1)
    tests = [p.test for p in pieces if p.test]
    assert [t.name for t in tests] == ["check_get_minimizer_x", "check_gradient_descent", "test_one_step"]
    assert tests[1].functions == ("gradient_descent",)
    code = "\n".join(p.code for p in pieces)
    assert "SECRET_HIDDEN_MARKER" not in code and "NotImplementedError" not in code
    assert "matplotlib" not in code and "plt.show" not in code and "print(" not in code
    assert "START = 3.0" in code and "def valley" in code


def test_correct_submission_is_ready(course_dir, tmp_path):
    report = check(course_dir, tmp_path, CORRECT)
    assert set(statuses(report).values()) == {"passed"}, report
    assert report.ok and report.problems == ()


def test_mistakes_are_explained(course_dir, tmp_path):
    wrong = CORRECT.replace("return round(x, 6)", "return x").replace(
        "x = np.array(x0, dtype=float)\n    for _ in range(iterations):\n        x = x -",
        "x = np.asarray(x0, dtype=float)\n    for _ in range(iterations):\n        x -=",
    )
    report = check(course_dir, tmp_path, wrong)
    by_name = {c.name: c for c in report.checks}
    assert by_name["check_get_minimizer_x"].status == "failed"
    assert "assert get_minimizer_x(10, 0.01, START) == 2.451218" in by_name["check_get_minimizer_x"].message
    assert "x0 must not change" in by_name["check_gradient_descent"].message
    assert not report.ok


def test_stub_missing_function_and_wrong_parameters(course_dir, tmp_path):
    report = check(course_dir, tmp_path, STUB)
    assert set(statuses(report).values()) == {"error"}
    assert all("not implemented yet" in c.message for c in report.checks)
    other = "import numpy as np\n\ndef get_minimizer_x(n, lr, x0):\n    return x0\n"
    problems = " ".join(check(course_dir, tmp_path, other).problems)
    assert "there is no function named gradient_descent" in problems
    assert "get_minimizer_x(n, lr, x0)" in problems and "iterations, learning_rate, init" in problems


def test_a_hanging_function_costs_only_its_check(course_dir, tmp_path):
    hangs = CORRECT.replace("    x = init\n", "    while True:\n        pass\n")
    report = check(course_dir, tmp_path, hangs, call_seconds=1.0)
    assert statuses(report)["check_get_minimizer_x"] == "timeout"
    assert statuses(report)["check_gradient_descent"] == "passed"


def test_never_touches_hidden_tests_even_from_inside(course_dir, tmp_path, monkeypatch):
    def forbidden(*args):
        raise AssertionError("validate must not look for hidden tests")

    monkeypatch.setattr(course, "hidden_tests_path", forbidden)
    monkeypatch.setattr(course, "reference_path", forbidden)
    probe = (
        "import glob\n"
        f"_found = glob.glob({str(ROOT)!r} + '/solutions/*/test_hidden.py') + glob.glob('/tmp/**/test_hidden.py', recursive=True)\n"
        "if _found:\n    raise RuntimeError('LEAK ' + open(_found[0]).read(60))\n"
    )
    settings = load_settings(ROOT)
    settings = replace(settings, course_root=course_dir, solutions_dir=ROOT / "solutions")
    path = tmp_path / "gradient_descent.py"
    path.write_text(probe + CORRECT)
    report = validate(PS1, path, settings, "gradient_descent.py")
    text = json.dumps(report.as_json())
    assert "LEAK" not in text and "SECRET_HIDDEN_MARKER" not in text
    assert "test_get_minimizer_x" not in text, "no hidden test name appears"
    assert report.ok, report


def test_a_notebook_submission_with_its_tests_beside_it(course_dir, tmp_path):
    folder = tmp_path / "ps1_gradient_descent"
    folder.mkdir()
    notebook = dict(NOTEBOOK, cells=[*NOTEBOOK["cells"]])
    notebook["cells"][2] = _cell(
        CORRECT.split("def gradient_descent")[0], grade=False, solution=True, locked=False
    )
    notebook["cells"][5] = _cell(
        "def gradient_descent" + CORRECT.split("def gradient_descent")[1],
        grade=False,
        solution=True,
        locked=False,
    )
    path = folder / "ps1_gradient_descent.ipynb"
    path.write_text(json.dumps(notebook))
    settings = replace(load_settings(tmp_path), course_root=tmp_path / "elsewhere")
    report = validate(PS1, path, settings, path.name)
    assert report.ok, report
    assert report.tests_from == str(path)


def test_command_guesses_the_assignment_and_says_it_is_not_the_grade(course_dir, tmp_path):
    folder = tmp_path / "ps1_gradient_descent"
    folder.mkdir()
    (folder / "ps1_gradient_descent.ipynb").write_text(json.dumps(NOTEBOOK))
    (folder / "gradient_descent.py").write_text(STUB)
    stub = subprocess.run(
        [sys.executable, "-m", "autograder", "validate", "ps1_gradient_descent/gradient_descent.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert stub.returncode == 1, stub.stdout + stub.stderr
    assert "not implemented yet" in stub.stdout and "earn no points" in stub.stdout
    unknown = subprocess.run(
        [sys.executable, "-m", "autograder", "validate", str(course_dir / "x.py")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unknown.returncode == 2


def test_named_assignment_in_a_students_folder_without_the_course(tmp_path):
    """nbgrader's Validate names the assignment; a student's machine has the fetched folder, no solutions/."""
    import shutil

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "ps1_gradient_descent"
    shutil.copytree(root / "release" / "ps1_gradient_descent", folder)
    named = subprocess.run(
        [sys.executable, "-m", "autograder", "validate", "ps1_gradient_descent/ps1_gradient_descent.ipynb",
         "--assignment", "ps1_gradient_descent", "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert named.returncode == 1, named.stderr
    report = json.loads(named.stdout)
    assert report["checks"] and all(c["status"] != "passed" for c in report["checks"])
    # as nbgrader's Validate calls it: the notebook saved to a scratch file, run in the assignment's folder
    scratch = tmp_path / "scratch" / "saved.ipynb"
    scratch.parent.mkdir()
    shutil.copy(folder / "ps1_gradient_descent.ipynb", scratch)
    saved = subprocess.run(
        [sys.executable, "-m", "autograder", "validate", str(scratch), "--assignment", "ps1_gradient_descent",
         "--json"],
        cwd=folder, capture_output=True, text=True, timeout=120,
    )
    assert saved.returncode == 1, saved.stderr
    other = subprocess.run(
        [sys.executable, "-m", "autograder", "validate", "ps1_gradient_descent/ps1_gradient_descent.ipynb",
         "--assignment", "ps9_nothing"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert other.returncode == 2
