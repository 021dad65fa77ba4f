"""The notebook-first authoring path: an nbgrader source notebook made with JupyterLab's Create Assignment
toolbar, next to the manifest and test_hidden.py; one command derives the reference module, the stub and the
hidden-test placeholder cells and releases it; `autograder check` passes and guards the single source."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NAME = "ps7_toolbar"


def _cell(source: str, **nbgrader) -> nbformat.NotebookNode:
    """A code cell as the Create Assignment toolbar leaves it (nbgrader metadata, schema 3)."""
    meta = {"schema_version": 3, "task": False, "solution": False, "grade": False, "locked": False, **nbgrader}
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})


def toolbar_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Gradient steps\n\nWrite `gd_step` and `minimize`."),
        nbformat.v4.new_code_cell("import numpy as np"),
        _cell(
            'def gd_step(x, grad, lr=0.1):\n    """One gradient-descent step: x - lr * grad."""\n'
            "    ### BEGIN SOLUTION\n    return np.asarray(x, dtype=float) - lr * np.asarray(grad, dtype=float)\n"
            "    ### END SOLUTION",
            solution=True,
            grade_id="answer_gd_step",
        ),
        _cell(
            "assert np.allclose(gd_step(np.array([1.0]), np.array([2.0])), [0.8])\nprint('gd_step: ok')",
            locked=True,
            grade_id="check_gd_step",
        ),
        _cell(
            'def minimize(grad_fn, x0, lr=0.1, iterations=10):\n    """Gradient descent from x0; the last point."""\n'
            "    ### BEGIN SOLUTION\n    x = np.array(x0, dtype=float)\n    for _ in range(iterations):\n"
            "        x = gd_step(x, grad_fn(x), lr)\n    return x\n    ### END SOLUTION",
            solution=True,
            grade_id="answer_minimize",
        ),
        _cell(
            "assert np.allclose(minimize(lambda p: 2 * p, [1.0], lr=0.25, iterations=2), [0.25])\nprint('ok')",
            locked=True,
            grade_id="check_minimize",
        ),
        _cell(
            "### BEGIN HIDDEN TESTS\nassert minimize(lambda p: p, [1.0], iterations=0) == 1.0\n### END HIDDEN TESTS",
            grade=True,
            locked=True,
            points=5,
            grade_id="my_own_test_cell",
        ),
    ]
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "scripts", course / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (course / "solutions").mkdir()
    # The scaffold gives the manifest, hidden tests and mistakes; this path writes no module nor template.
    made = subprocess.run([BIN / "autograder", "new", NAME, "--module", "steps.py"], cwd=course,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    (course / "solutions" / NAME / "steps.py").unlink()
    (course / "scripts" / "notebook_templates" / f"{NAME}.py").unlink()
    manifest = course / "solutions" / NAME / "assignment.toml"
    manifest.write_text(manifest.read_text().replace("languages =", 'authoring = "notebook"\nlanguages ='))
    (course / "source" / NAME).mkdir(parents=True)
    nbformat.write(toolbar_notebook(), course / "source" / NAME / f"{NAME}.ipynb")
    built = subprocess.run([sys.executable, "scripts/build_sources.py", "--release", NAME], cwd=course,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    return course


def _check(course: Path) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "autograder", "check", NAME], cwd=course, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow
def test_one_command_derives_reference_stub_and_hidden_test_cells(course):
    reference = (course / "solutions" / NAME / "steps.py").read_text()
    assert reference.startswith("# Derived from source/") and "BEGIN SOLUTION" not in reference
    assert "return np.asarray(x, dtype=float) - lr * np.asarray(grad, dtype=float)" in reference
    stub = (course / "release" / NAME / "steps.py").read_text()
    assert "NotImplementedError" in stub and "np.asarray(grad" not in stub
    source = json.loads((course / "source" / NAME / f"{NAME}.ipynb").read_text())
    ids = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in source["cells"]]
    assert "my_own_test_cell" not in ids  # the instructor's grade cell gave way to one per hidden test
    hidden = [i for i in ids if i and i.startswith("hidden_")]
    assert hidden == ["hidden_test_gd_step_example", "hidden_test_gd_step_random",
                      "hidden_test_gd_step_returns_an_array_and_keeps_its_inputs",
                      "hidden_test_minimize_quadratic", "hidden_test_minimize_calls_the_gradient_once_per_step"]
    released = (course / "release" / NAME / f"{NAME}.ipynb").read_text()
    assert "np.asarray(grad" not in released and "HIDDEN TESTS" not in released
    again = subprocess.run([sys.executable, "scripts/build_sources.py", "--check", NAME], cwd=course,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stdout  # derived once, stable


@pytest.mark.slow
def test_check_passes_and_guards_the_notebook_as_the_single_source(course):
    checked = _check(course)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
    module = course / "solutions" / NAME / "steps.py"
    original = module.read_text()
    module.write_text(original.replace("- lr * np.asarray(grad", "- 0.5 * lr * np.asarray(grad"))
    try:
        checked = _check(course)
    finally:
        module.write_text(original)
    assert checked.returncode == 1
    assert 'steps.py:' in checked.stdout and 'single source of truth (authoring = "notebook")' in checked.stdout
