"""The course is data: manifests are validated, `autograder check` finds faults with file and line, every
assignment of the kit passes it, and `autograder new` scaffolds one that passes it once released."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from autograder.check import check_assignment
from autograder.config import load_settings
from autograder.course import ManifestError, course_assignments, read_manifest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = load_settings(ROOT, {})
PS5 = "ps5_momentum"


def test_the_course_is_the_manifests_under_solutions():
    assignments = course_assignments(SETTINGS)
    assert len(assignments) >= 5 and PS5 in assignments
    assert assignments["ps1_gradient_descent"].functions == ("get_minimizer_x", "gradient_descent")
    assert assignments[PS5].module == "momentum.py"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('module = "m.py"\nfunctions = ["f"] x\n', 2, "not valid TOML"),
        ('module = "m.py"\n\nfunctions = []\n', 3, "functions"),
        ('functions = ["f"]\nmodule = "m"\n', 2, "module"),
        ('module = "m.py"\nfunctions = ["f"]\nlanguages = ["fr"]\n', 3, "languages"),
        ('module = "m.py"\nfunctions = ["f"]\n[limits]\nnotebook_seconds = -1\n', 4, "positive"),
        ('module = "m.py"\nfunctions = ["f"]\npoints = 3\n', 3, "unknown key"),
    ],
)
def test_a_wrong_manifest_names_its_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "ps9_x" / "assignment.toml"
    path.parent.mkdir()
    path.write_text(text)
    with pytest.raises(ManifestError) as err:
        read_manifest(path)
    assert str(err.value).startswith(f"{path}:{line}: ") and words in str(err.value)


def _broken_ps5(tmp_path: Path) -> Path:
    solutions = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions" / PS5, solutions / PS5, ignore=shutil.ignore_patterns("__pycache__"))
    return solutions / PS5


def test_check_reports_each_fault_with_file_and_line(tmp_path):
    folder = _broken_ps5(tmp_path)
    mistakes = (folder / "mistakes.py").read_text()
    # A "mistake" that is the reference itself loses no point; a text missing in Korean.
    mistakes = mistakes.replace("return _rmsprop(x, s, grad, lr, rho, eps, sqrt=False)", "return _rmsprop(x, s, grad, lr, rho, eps)")
    mistakes = mistakes.replace('"ko": "(1 - beta) 없이 velocity = beta * velocity + grad로 쓰세요.",', "")
    (folder / "mistakes.py").write_text(mistakes)
    tests = (folder / "test_hidden.py").read_text()
    # A title written in English only, in a course that declares Korean too.
    tests = tests.replace('title=localized(en="from rest", ko="정지 상태에서 출발")', 'title=localized(en="from rest")')
    # The reference fails a test whose expected value is typed in (and it has no title at all).
    tests += '\n\n@graded("rmsprop_step", points=1)\ndef test_typed_in(student, reference):\n    expect_close(student.rmsprop_step([1.0], [0.0], [1.0]), ([2.0], [0.1]))\n'
    (folder / "test_hidden.py").write_text(tests)
    settings = replace(SETTINGS, solutions_dir=folder.parent)
    found = [f.format(ROOT) for f in check_assignment(PS5, settings, kernel=False)]
    text = "\n".join(found)
    typed_in = next(i for i, line in enumerate(tests.splitlines(), 1) if "def test_typed_in" in line)
    assert f"test_hidden.py:{typed_in}: the reference fails test_typed_in" in text, text
    assert "rmsprop_step_no_sqrt (rmsprop_no_sqrt) loses no point" in text, text
    assert "text missing: mistake.momentum_ema.hint.ko" in text, text
    from_rest = next(i for i, line in enumerate(tests.splitlines(), 1) if "def test_momentum_step_from_rest" in line)
    assert f"test_hidden.py:{from_rest}: hidden test test_momentum_step_from_rest has no title in ko" in text, text
    assert f"test_hidden.py:{typed_in}: hidden test test_typed_in has no title in en, ko" in text, text
    assert len(found) == 5, text


def test_check_command_exits_1_on_a_bad_manifest(tmp_path):
    folder = _broken_ps5(tmp_path)
    (folder / "assignment.toml").write_text('module = "momentum.py"\nfunctions = "momentum_step"\n')
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "check", PS5, "--no-kernel"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "AUTOGRADER_SOLUTIONS": str(folder.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert f"{folder / 'assignment.toml'}:2: functions: must be a non-empty list" in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(course_assignments(SETTINGS)))
def test_every_assignment_of_the_kit_passes_check(assignment):
    found = check_assignment(assignment, SETTINGS, kernel=True)
    assert [f.format(ROOT) for f in found] == []


@pytest.mark.slow
def test_new_scaffolds_an_assignment_that_passes_check_once_released(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "scripts", course / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (course / "solutions").mkdir()
    bin_dir = Path(sys.executable).parent

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(argv, cwd=course, capture_output=True, text=True, timeout=600)

    made = run(str(bin_dir / "autograder"), "new", "ps6_newton")
    assert made.returncode == 0, made.stderr
    assert (course / "solutions" / "ps6_newton" / "newton.py").is_file()
    assert run(str(bin_dir / "autograder"), "new", "ps6_newton").returncode == 2  # never overwrites
    built = run(sys.executable, "scripts/build_sources.py", "--release", "ps6_newton")
    assert built.returncode == 0, built.stdout + built.stderr
    checked = run(str(bin_dir / "autograder"), "check", "ps6_newton")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == ""
