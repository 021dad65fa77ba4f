"""release/: regenerated identically by nbgrader, and free of anything from solutions/."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import numpy as np
import pytest

from autograder import check
from autograder.check import normalize
from autograder.config import load_settings
from autograder.course import course_assignments

ASSIGNMENTS = course_assignments(load_settings(Path(__file__).resolve().parent.parent, {}))

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "release"
SKIPPED = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
# Text that only nbgrader's source notebooks may hold.
MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "descent-kit hidden test",
)


def released_files() -> dict[Path, bytes]:
    """Every file under release/ (what students receive), by path relative to release/."""
    return {
        path.relative_to(RELEASE): path.read_bytes()
        for path in sorted(RELEASE.rglob("*"))
        if path.is_file() and not {"__pycache__", ".ipynb_checkpoints"} & set(path.parts)
    }


def released_lines() -> dict[str, list[str]]:
    """The text students receive, line by line: notebook cell sources (and outputs) and other files."""
    lines = {}
    for relative, data in released_files().items():
        if relative.suffix == ".ipynb":
            nb = nbformat.reads(data.decode(), as_version=4)
            text = "\n".join(cell.source for cell in nb.cells)
            text += "\n".join(str(output) for cell in nb.cells for output in cell.get("outputs", []))
        else:
            text = data.decode()
        lines[str(relative)] = text.splitlines()
    return lines


def reference_body_lines() -> dict[str, str]:
    """Normalized significant lines of every reference function's body (after its docstring), from every
    assignment: what `autograder check` looks for in one assignment's release, looked for in all."""
    found: dict[str, str] = {}
    for name, assignment in ASSIGNMENTS.items():
        path = ROOT / "solutions" / name / assignment.module
        for line, number in check.reference_body_lines(path).items():
            found.setdefault(line, f"{path.relative_to(ROOT)}:{number}")
    return found


def hidden_test_lines() -> dict[str, str]:
    """Normalized significant lines of the hidden test files, imports aside (as `autograder check`)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "solutions").glob("*/test_hidden.py")):
        for line, number in check.hidden_test_lines(path).items():
            found.setdefault(line, f"{path.relative_to(ROOT)}:{number}")
    return found


def load_module(path: Path) -> ModuleType:
    """Execute a module from its path without importing it (so no __pycache__ appears next to it)."""
    module = ModuleType(path.stem)
    exec(compile(path.read_text(), str(path), "exec"), module.__dict__)
    return module


def call_with_placeholders(function) -> None:
    """Call `function` with None for every required parameter."""
    required = [p for p in inspect.signature(function).parameters.values() if p.default is p.empty]
    function(*[None] * len(required))


# --- nbgrader regenerates release/ exactly -------------------------------------------------------------------


@pytest.mark.slow
def test_generate_assignment_reproduces_the_committed_release(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source", course / "source", ignore=SKIPPED)
    shutil.copytree(ROOT / "solutions", course / "solutions", ignore=SKIPPED)
    env = {
        **os.environ,
        # nbgrader runs `alembic` from PATH when it creates a gradebook: make it the venv's.
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        # Only the course's nbgrader_config.py, not the user's ~/.jupyter one.
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
    }
    # The assignment id is a glob over source/: one nbgrader process generates all four assignments.
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "*", "--force"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0 and "ERROR" not in proc.stderr, proc.stderr[-4000:]
    assert (course / "gradebook.db").exists()
    generated = {
        path.relative_to(course / "release"): path.read_bytes()
        for path in sorted((course / "release").rglob("*"))
        if path.is_file()
    }
    committed = released_files()
    assert sorted(map(str, generated)) == sorted(map(str, committed))
    stale = [str(path) for path in committed if committed[path] != generated[path]]
    assert not stale, f"release/ is stale ({stale}); run .venv/bin/python scripts/build_sources.py --release"


# --- nothing from solutions/ reaches students -----------------------------------------------------------------


def test_every_assignment_is_released() -> None:
    files = {str(path) for path in released_files()}
    for name, assignment in ASSIGNMENTS.items():
        assert {f"{name}/{name}.ipynb", f"{name}/{assignment.module}"} <= files


def test_release_holds_no_nbgrader_markers_and_no_outputs() -> None:
    for name, lines in released_lines().items():
        for marker in MARKERS:
            assert not any(marker in line for line in lines), f"{name} contains {marker!r}"
    for path in RELEASE.glob("*/*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert all(not cell.get("outputs") for cell in nb.cells), f"{path} has outputs"


def test_release_holds_no_line_of_reference_code() -> None:
    reference = reference_body_lines()
    assert len(reference) > 20, "the reference solutions should have been found"
    leaks = [
        f"{name}: {line.strip()!r} (from {reference[normalize(line)]})"
        for name, lines in released_lines().items()
        for line in lines
        if normalize(line) in reference
    ]
    assert not leaks, "\n".join(leaks)


def test_release_holds_no_line_of_hidden_tests() -> None:
    hidden = hidden_test_lines()
    leaks = [
        f"{name}: {line.strip()!r} (from {hidden[normalize(line)]})"
        for name, lines in released_lines().items()
        for line in lines
        if normalize(line) in hidden
    ]
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_grade_cells_are_comments_only(assignment: str) -> None:
    """Hidden tests run outside the notebook: their cells carry no test logic and no expected value."""
    nb = nbformat.read(RELEASE / assignment / f"{assignment}.ipynb", as_version=4)
    grade_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    for cell in grade_cells:
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert lines and all(line.startswith("#") for line in lines), cell.source
    hidden = ROOT / "solutions" / assignment / "test_hidden.py"
    assert bool(grade_cells) == hidden.exists()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_stub_module_has_the_reference_signatures_and_no_code(assignment: str) -> None:
    module = ASSIGNMENTS[assignment].module
    stub = load_module(RELEASE / assignment / module)
    reference = load_module(ROOT / "solutions" / assignment / module)
    public = [name for name, value in vars(stub).items() if inspect.isfunction(value)]
    assert sorted(public) == sorted(ASSIGNMENTS[assignment].functions)
    for name in ASSIGNMENTS[assignment].functions:
        function = getattr(stub, name)
        assert inspect.signature(function) == inspect.signature(getattr(reference, name)), name
        assert function.__doc__ == getattr(reference, name).__doc__, name
        with pytest.raises(NotImplementedError):
            call_with_placeholders(function)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_notebook_answer_cells_are_stubs(assignment: str) -> None:
    nb = nbformat.read(RELEASE / assignment / f"{assignment}.ipynb", as_version=4)
    namespace = {"np": np}
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(answers) == len(ASSIGNMENTS[assignment].functions)
    for cell in answers:
        exec(compile(cell.source, cell.metadata["nbgrader"]["grade_id"], "exec"), namespace)
    for name in ASSIGNMENTS[assignment].functions:
        with pytest.raises(NotImplementedError):
            call_with_placeholders(namespace[name])
