"""`nbgrader validate` tells the truth: the course's Validate goes through the kit's validator.

nbgrader_config.py (and a student's config, with the same two lines) sets up
autograder.nbgrader_plugin.validating; these tests run the real `nbgrader validate` command on the
released stubs, on the sample cohort's correct notebooks and on its sign-error notebook.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NBGRADER = Path(sys.executable).with_name("nbgrader")
ASSIGNMENTS = sorted(p.name for p in (ROOT / "release").iterdir() if (p / f"{p.name}.ipynb").is_file())
COHORT = ROOT / "examples" / "cohort" / "exchange"
STUDENT_CONFIG = """c = get_config()
c.CourseDirectory.course_id = "descent-kit"
from autograder.nbgrader_plugin.validating import use_kit_validator
use_kit_validator(c)
"""

pytestmark = pytest.mark.slow


def check_ids(notebook: Path) -> list[str]:
    """grade_ids of the notebook's visible checks: locked code cells that are not grade cells."""
    cells = json.loads(notebook.read_text())["cells"]
    meta = [c["metadata"].get("nbgrader", {}) for c in cells if c["cell_type"] == "code"]
    return [m["grade_id"] for m in meta if m.get("locked") and not m.get("grade") and not m.get("solution")]


def nbgrader_validate(*notebooks: Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(NBGRADER), "validate", *map(str, notebooks)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]
    return done.stdout


def test_every_untouched_stub_fails_naming_each_visible_check():
    stubs = [ROOT / "release" / a / f"{a}.ipynb" for a in ASSIGNMENTS]
    assert len(stubs) == 5
    out = nbgrader_validate(*stubs)
    assert "Success" not in out
    assert out.count("VALIDATION FAILED ON") == len(stubs)
    for stub in stubs:
        checks = check_ids(stub)
        assert checks, stub
        for check in checks:
            assert f"✘ {check} (" in out, check
        assert f"0 of {len(checks)} visible checks pass: not ready yet." in out
    assert "not implemented yet: replace this line with your code" in out
    # the hidden-test cells are placeholders; nbgrader never names them
    assert "hidden_test" not in out and "Hidden test" not in out


def test_the_reference_notebooks_pass():
    out = nbgrader_validate(*(COHORT / "s01" / a / f"{a}.ipynb" for a in ASSIGNMENTS))
    assert out.count("Success! Your notebook passes all the tests.") == len(ASSIGNMENTS) == 5, out
    assert "FAILED" not in out


def test_a_student_sign_error_fails_naming_the_check_in_the_words_of_autograder_validate(tmp_path):
    """As a student has it: no course (no release/, no solutions/), their config in ~/.jupyter."""
    home = tmp_path / "student"
    folder = home / "ps1_gradient_descent"
    folder.mkdir(parents=True)
    shutil.copy(COHORT / "s02" / "ps1_gradient_descent" / "ps1_gradient_descent.ipynb", folder)
    (home / ".jupyter").mkdir()
    (home / ".jupyter" / "nbgrader_config.py").write_text(STUDENT_CONFIG)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}
    out = nbgrader_validate(Path("ps1_gradient_descent.ipynb"), cwd=folder, env=env)
    assert "VALIDATION FAILED ON 1 CELL(S)" in out
    assert "✘ check_get_minimizer_x (get_minimizer_x)" in out
    assert "this check failed: assert np.isclose(get_minimizer_x(10, 0.01, 3), 2.451218," in out
    assert "1 of 2 visible checks pass: not ready yet." in out
    assert "check_gradient_descent" not in out  # that one passes
    kit = subprocess.run(
        [sys.executable, "-m", "autograder", "validate", "ps1_gradient_descent.ipynb", "--json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(kit.stdout)
    (failed,) = [c for c in report["checks"] if c["status"] != "passed"]
    flat = " ".join(out.split())
    assert " ".join(failed["message"].split()) in flat
