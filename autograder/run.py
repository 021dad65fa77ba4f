"""Grade one submission: parse it, start its sandboxed session, run the hidden pytest cases, collect results.

The hidden tests run in this (trusted) process through pytest; each `student.f(...)` they make goes to
the worker. The pipeline, in order: read_submission -> plan_sandbox -> StudentSession -> pytest -> report.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from autograder.config import Settings
from autograder.course import Assignment, hidden_tests_path, reference_path
from autograder.harness import CallResult, Mismatch, StudentError, StudentTimeout
from autograder.results import GradeReport, TestResult
from autograder.sandbox import Scratch, become_subreaper, plan_sandbox
from autograder.session import GraderFailure, StudentSession
from autograder.submission import read_submission

PYTEST_ARGS = (
    "-p",
    "no:cacheprovider",
    "-p",
    "no:terminal",
    "-p",
    "no:stepwise",
    "--assert=plain",
    "--import-mode=importlib",
    "-o",
    "addopts=",
    "-W",
    "ignore::pytest.PytestUnknownMarkWarning",
)


class HiddenTestsMissing(FileNotFoundError):
    """The instructor-only hidden tests for an assignment are not on this machine."""


class HiddenTestsBroken(RuntimeError):
    """The hidden tests could not be collected or are not marked with @graded (an instructor's error)."""


class StudentProxy:
    """`student.f(*args)` calls the student's f in the sandbox; `student.call(...)` gives more detail."""

    def __init__(self, session: StudentSession) -> None:
        self._session = session

    def call(self, function: str, *args: Any, inputs_after: bool = False, **kwargs: Any) -> CallResult:
        return self._session.call(function, args, kwargs, inputs_after=inputs_after)

    def __getattr__(self, function: str) -> Any:
        if function.startswith("_"):
            raise AttributeError(function)
        return lambda *args, **kwargs: self.call(function, *args, **kwargs).value


class GradingPlugin:
    """pytest plugin: provides the fixtures and turns each test's outcome into a TestResult."""

    def __init__(self, session: StudentSession, reference: ModuleType) -> None:
        self.session = session
        self.reference_module = reference
        self.results: dict[str, TestResult] = {}
        self.order: list[str] = []
        self.meta: dict[str, tuple[str, float]] = {}
        self.errors: list[str] = []
        self.failure: GraderFailure | None = None

    @pytest.fixture
    def student(self) -> StudentProxy:
        return StudentProxy(self.session)

    @pytest.fixture
    def reference(self) -> ModuleType:
        return self.reference_module

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longreprtext[-2000:]}")

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        for item in items:
            marker = item.get_closest_marker("graded")
            if marker is None:
                self.errors.append(f"{item.nodeid}: hidden test without @graded(function, points)")
                continue
            self.order.append(item.nodeid)
            self.meta[item.nodeid] = (marker.kwargs["function"], marker.kwargs["points"])

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: Any, call: Any) -> Any:
        outcome = yield
        report = outcome.get_result()
        if item.nodeid not in self.meta or (report.when != "call" and not report.failed):
            return
        if item.nodeid in self.results and self.results[item.nodeid].status != "passed":
            return
        function, points = self.meta[item.nodeid]
        status, message = self._judge(report, call)
        self.results[item.nodeid] = TestResult(
            item.name, function, points if status == "passed" else 0.0, points, status, message
        )

    def _judge(self, report: Any, call: Any) -> tuple[str, str]:
        if report.passed:
            return "passed", ""
        error = call.excinfo.value if call.excinfo else None
        if isinstance(error, Mismatch):
            call_text = self.session.last_call
            return "failed", f"{call_text}: {error}" if call_text else str(error)
        if isinstance(error, StudentTimeout):
            return "timeout", str(error)
        if isinstance(error, StudentError):
            return "error", str(error)
        if isinstance(error, GraderFailure):
            self.failure = error
            return "error", "the grader could not run your code (not your fault); ask your instructor"
        self.errors.append(f"hidden test {report.nodeid} failed on the grader's side:\n{report.longreprtext}")
        return "error", "this test failed inside the grader (not your fault); your instructor has been told"


def load_reference(path: Path, name: str) -> ModuleType:
    """Import the reference module from `path` in this (trusted) process."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise HiddenTestsMissing(f"cannot load the reference solution {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def grade(assignment: Assignment, submission_path: Path, settings: Settings, shown_as: str) -> GradeReport:
    """Grade `submission_path` against the assignment's hidden tests; never raises for bad submissions."""
    started = time.monotonic()
    tests_file = hidden_tests_path(settings, assignment)
    ref_file = reference_path(settings, assignment)
    if not tests_file.is_file() or not ref_file.is_file():
        raise HiddenTestsMissing(
            f"the hidden tests for {assignment.name} are not here ({tests_file}); they are instructor-only. "
            "Students can check their work with the notebook's visible tests."
        )
    submission = read_submission(submission_path, assignment, settings.limits.submission_bytes)
    plan = plan_sandbox(settings)
    become_subreaper()
    scratch = Scratch(submission_path, plan)
    session = StudentSession(submission, assignment, settings, plan, scratch)
    plugin = GradingPlugin(session, load_reference(ref_file, f"descent_kit_reference_{assignment.name}"))
    try:
        pytest.main([str(tests_file), "--rootdir", str(tests_file.parent), *PYTEST_ARGS], plugins=[plugin])
        output = session.close()
    finally:
        session.close()
        scratch.remove()
    if plugin.failure:
        raise plugin.failure
    if plugin.errors:
        raise HiddenTestsBroken("\n".join(plugin.errors))
    tests = tuple(plugin.results[nodeid] for nodeid in plugin.order if nodeid in plugin.results)
    notes = submission.problems + (session.loaded.problems if session.loaded else ())
    return GradeReport(
        assignment.name,
        shown_as,
        tests,
        tuple(dict.fromkeys(notes)),
        output,
        plan.as_json(),
        time.monotonic() - started,
    )
