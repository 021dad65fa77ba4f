"""Fixtures of the hostile suites: the grader's reference grades, and orphan tracking."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_support import (
    GRADED,
    become_subreaper,
    contract_problems,
    grader_missing_reason,
    make_course,
    max_by_function,
    points_by_function,
    reference_module,
    run_grader,
    snapshot,
    snapshot_changes,
    stop_being_subreaper,
    summary,
)


@pytest.fixture(scope="session", autouse=True)
def _engine_present() -> None:
    reason = grader_missing_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def _adopt_orphans() -> Iterator[None]:
    """Orphans of the grader's processes become children of the test process, where leftovers show."""
    become_subreaper()
    yield
    stop_being_subreaper()


@pytest.fixture(scope="session")
def reference_report(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """The grader's report on the reference solution of an assignment (graded once per session).

    It fixes what each function is worth and which tests exist; it must give full marks and must not
    change anything in the course.
    """
    cache: dict[str, dict[str, Any]] = {}

    def get(assignment: str) -> dict[str, Any]:
        if assignment not in cache:
            top = tmp_path_factory.mktemp(f"reference-{assignment}")
            course = make_course(top / "run")
            submitted = course.top / "submitted" / reference_module(course, assignment).name
            submitted.parent.mkdir()
            shutil.copy2(reference_module(course, assignment), submitted)
            before = snapshot(course.top)
            run = run_grader(course, assignment, submitted, timeout=120, logs=top / "logs")
            changes = snapshot_changes(before, snapshot(course.top))
            report = run.report
            problems = contract_problems(report, assignment, str(submitted)) if run.returncode == 0 else []
            if run.returncode != 0 or report is None or problems:
                pytest.fail(
                    f"the grader cannot grade the reference of {assignment}: {problems}\n{run.describe()}"
                )
            if set(max_by_function(report)) != set(GRADED[assignment]):
                pytest.fail(
                    f"the reference report of {assignment} does not cover every graded function:\n"
                    f"{summary(report)}"
                )
            if points_by_function(report) != max_by_function(report):
                pytest.fail(f"the reference of {assignment} does not get full marks:\n{summary(report)}")
            if changes:
                pytest.fail(f"grading the reference of {assignment} changed the course: {changes}")
            cache[assignment] = report
        return cache[assignment]

    return get


@pytest.fixture
def cases_dir() -> Path:
    return Path(__file__).resolve().parent / "cases"
