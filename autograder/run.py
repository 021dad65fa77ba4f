"""Grade submissions: parse each, start its sandboxed session, run the hidden pytest cases, collect results.

The hidden tests run in this (trusted) process through pytest; each `student.f(...)` they make goes to
the worker. pytest starts once per batch: its collected tests are run again for every submission.
The pipeline, in order: read_submission -> Scratch + StudentSession -> hidden tests -> GradeReport.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from autograder.compare import describe_type
from autograder.config import Settings
from autograder.course import Assignment, hidden_tests_path, reference_path
from autograder.diagnose import MistakeCatalog, diagnose_tests, load_catalog, mistakes_path
from autograder.harness import CallRecord, CallResult, Mismatch, StudentError, StudentTimeout
from autograder.messages import Text
from autograder.results import GradeReport, TestResult
from autograder.sandbox import (
    FreshLauncher,
    Launcher,
    SandboxPlan,
    TemplateLauncher,
    become_subreaper,
    plan_sandbox,
)
from autograder.session import GraderFailure, StudentSession
from autograder.submission import read_submission

# Built-in plugins the hidden tests never need; leaving them out saves start-up, and `unraisableexception`
# would force a full garbage collection per run.
PYTEST_ARGS = (
    *("-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:stepwise", "-p", "no:unraisableexception"),
    *("-p", "no:threadexception", "-p", "no:junitxml", "-p", "no:doctest", "-p", "no:pastebin"),
    *("-p", "no:logging", "--assert=plain", "--import-mode=importlib", "-o", "addopts="),
    *("-W", "ignore::pytest.PytestUnknownMarkWarning"),
)


class HiddenTestsMissing(FileNotFoundError):
    """The instructor-only hidden tests for an assignment are not on this machine."""


class HiddenTestsBroken(RuntimeError):
    """The hidden tests could not be collected or are not marked with @graded (an instructor's error)."""


@dataclass(frozen=True)
class Job:
    """One submission to grade: where it is, and how to name it in the report."""

    path: Path
    shown_as: str
    after_tests: Callable[[StudentSession, ModuleType], None] | None = None
    """Called with the submission's session and the reference once the hidden tests are done, before
    the session ends (the feedback plot's calls, made `aside`); it must not raise."""


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
    """pytest plugin: runs the collected hidden tests once per submission and records TestResults."""

    def __init__(self, grader: Grader, jobs: Iterable[Job], on_report: Callable[[GradeReport], None]) -> None:
        self.grader = grader
        self.jobs = jobs
        self.on_report = on_report
        self.session: StudentSession | None = None
        self.results: dict[str, TestResult] = {}
        self.order: list[str] = []
        self.meta: dict[str, tuple[str, float, str]] = {}
        self.errors: list[str] = []
        self.failure: GraderFailure | None = None
        self.first_call: dict[str, int] = {}
        self.test_calls: dict[str, range] = {}

    @pytest.fixture
    def student(self) -> StudentProxy:
        assert self.session is not None
        return StudentProxy(self.session)

    @pytest.fixture
    def reference(self) -> ModuleType:
        return self.grader.reference

    def pytest_configure(self, config: Any) -> None:
        # A failed test is the usual outcome for a mistaken submission, and its report is read only when
        # the hidden tests themselves break. pytest's default "long" traceback re-parses the test file for
        # every frame (half of a mistaken submission's grading time); Python's own format is enough.
        config.option.tbstyle = "native"

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longreprtext[-2000:]}")

    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        for item in items:
            marker = item.get_closest_marker("graded")
            if marker is None:
                self.errors.append(Text("run.not_graded", test=item.nodeid))
                continue
            self.order.append(item.nodeid)
            self.meta[item.nodeid] = (
                marker.kwargs["function"], marker.kwargs["points"], marker.kwargs.get("title") or ""
            )

    def pytest_runtestloop(self, session: Any) -> bool:
        from _pytest.runner import runtestprotocol

        if self.errors:
            return True
        items = [item for item in session.items if item.nodeid in self.meta]
        try:
            for job in self.jobs:
                self.on_report(self._grade(job, lambda: [runtestprotocol(item, log=False) for item in items]))
                if self.failure or self.errors:
                    break
        except Exception as err:  # a fault of the grader itself: report it instead of pytest's INTERNALERROR
            import traceback

            self.errors.append("".join(traceback.format_exception(err)))
        return True

    def _grade(self, job: Job, run_tests: Callable[[], object]) -> GradeReport:
        grader = self.grader
        started = time.monotonic()
        submission = read_submission(job.path, grader.assignment, grader.settings.limits.submission_bytes)
        scratch = grader.launcher.scratch_for(job.path)
        self.session = StudentSession(submission, grader.assignment, grader.settings, grader.launcher, scratch)
        self.results = {}
        self.test_calls = {}
        after_tests_seconds = 0.0
        try:
            run_tests()
            if job.after_tests is not None:
                begun = time.monotonic()
                job.after_tests(self.session, grader.reference)
                after_tests_seconds = time.monotonic() - begun
        finally:
            output = self.session.close()  # killing its worker also kills whatever that worker left behind
            scratch.remove()
        loaded = self.session.loaded
        ran = [nodeid for nodeid in self.order if nodeid in self.results]
        tests = tuple(self.results[nodeid] for nodeid in ran)
        if grader.mistakes is not None:
            calls = [self.test_calls.get(nodeid, range(0)) for nodeid in ran]
            tests = diagnose_tests(
                tests,
                calls,
                self.session.calls,
                grader.mistakes,
                grader.reference,
                grader.settings.tolerance,
                grader.settings.limits.diagnose_seconds,
            )
        notes = submission.problems + _repairs(job.path, grader) + (loaded.problems if loaded else ())
        return GradeReport(grader.assignment.name, job.shown_as, tests, tuple(dict.fromkeys(notes)), output,
                           grader.plan.as_json(), time.monotonic() - started - after_tests_seconds)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: Any) -> None:
        self.first_call[item.nodeid] = len(self.session.calls) if self.session else 0

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: Any, call: Any) -> Any:
        outcome = yield
        report = outcome.get_result()
        if item.nodeid not in self.meta or (report.when != "call" and not report.failed):
            return
        if item.nodeid in self.results and self.results[item.nodeid].status != "passed":
            return
        function, points, title = self.meta[item.nodeid]
        status, message = self._judge(report, call)
        if self.session is not None:
            self.test_calls[item.nodeid] = range(self.first_call.get(item.nodeid, 0), len(self.session.calls))
        self.results[item.nodeid] = TestResult(
            item.name, function, points if status == "passed" else 0.0, points, status, message, title=title
        )

    def _judge(self, report: Any, call: Any) -> tuple[str, str]:
        if report.passed:
            return "passed", ""
        error = call.excinfo.value if call.excinfo else None
        if isinstance(error, Mismatch):
            call_text = self.session.last_call if self.session else ""
            problem = _message(error)
            if call_text:
                problem = Text("run.call_failed", call=call_text, problem=problem)
            return "failed", problem
        if isinstance(error, (StudentTimeout, StudentError)):
            return ("timeout" if isinstance(error, StudentTimeout) else "error"), _message(error)
        if isinstance(error, GraderFailure):
            self.failure = error
            return "error", Text("run.grader_could_not_run")
        returned = self._value_returned_in(report.nodeid)
        if returned is not None and error is not None:
            # The test tripped over the student's value (a None from a forgotten return, a generator...):
            # that is the value's failure, not a broken test. The reference passes every hidden test.
            problem = Text("run.unusable_result", kind=describe_type(returned.result.value),
                           error=f"{type(error).__name__}: {str(error)[:200]}")
            return "failed", Text("run.call_failed", call=self.session.last_call, problem=problem)
        self.errors.append(Text("run.hidden_test_failed", test=report.nodeid, details=report.longreprtext))
        return "error", Text("run.test_broken")


    def _value_returned_in(self, nodeid: str) -> CallRecord | None:
        """The last student call of this test that returned a value, if any."""
        if self.session is None:
            return None
        calls = self.session.calls[self.first_call.get(nodeid, 0) :]
        returned = [c for c in calls if c.result is not None]
        return returned[-1] if returned else None


def _message(error: BaseException) -> str:
    """An exception's message, keeping a catalog Text translatable (str() would fix it in English)."""
    return error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) else str(error)


def load_reference(path: Path, name: str) -> ModuleType:
    """Import the reference module from `path` in this (trusted) process."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise HiddenTestsMissing(Text("run.reference_missing", path=str(path)))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Grader:
    """Grades submissions of one assignment, paying set-up costs once.

    With `warm=True` workers are forked from a template process that has NumPy loaded already (worth it
    from a few submissions on); otherwise each worker is a new sandboxed interpreter.
    """

    @staticmethod
    def check_hidden_tests(assignment: Assignment, settings: Settings) -> None:
        """Raise HiddenTestsMissing unless the reference and hidden tests are on this machine."""
        tests_file = hidden_tests_path(settings, assignment)
        if not tests_file.is_file() or not reference_path(settings, assignment).is_file():
            raise HiddenTestsMissing(
                Text("run.hidden_tests_missing", assignment=assignment.name, path=str(tests_file))
            )

    def __init__(
        self, assignment: Assignment, settings: Settings, warm: bool, launcher: Launcher | None = None
    ) -> None:
        self.check_hidden_tests(assignment, settings)
        self.assignment = assignment
        self.settings = settings
        self.tests_file = hidden_tests_path(settings, assignment)
        ref_file = reference_path(settings, assignment)
        self.reference = load_reference(ref_file, f"descent_kit_reference_{assignment.name}")
        self.plan: SandboxPlan = launcher.plan if launcher else plan_sandbox(settings)
        become_subreaper()
        self.launcher: Launcher = launcher or (TemplateLauncher if warm else FreshLauncher)(self.plan, settings)
        catalog = mistakes_path(settings.solutions_dir, assignment.name)
        try:
            self.mistakes: MistakeCatalog | None = load_catalog(catalog)
        except Exception as err:  # an instructor's file; grading must say so rather than guess
            raise HiddenTestsBroken(f"{catalog}: {err!r}") from err

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.launcher.close()

    def grade_many(self, jobs: Iterable[Job], on_report: Callable[[GradeReport], None]) -> None:
        """Grade each job in turn, handing each report to `on_report` as soon as it is ready."""
        plugin = GradingPlugin(self, jobs, on_report)
        # pytest's importlib mode reuses a module already imported under the same name, which would let
        # hidden tests graded earlier in this process (another solutions folder, an older edit) stand in.
        sys.modules.pop(f"{self.tests_file.parent.name}.{self.tests_file.stem}", None)
        # rootdir above the assignment folders gives each test_hidden.py its own module name
        # (<assignment>.test_hidden, ...), so assignments graded in one process never mix.
        pytest.main([str(self.tests_file), "--rootdir", str(self.tests_file.parent.parent), *PYTEST_ARGS],
                    plugins=[plugin])
        if plugin.failure:
            raise plugin.failure
        if plugin.errors:
            raise HiddenTestsBroken("\n".join(plugin.errors))

    def grade(
        self,
        submission_path: Path,
        shown_as: str,
        after_tests: Callable[[StudentSession, ModuleType], None] | None = None,
    ) -> GradeReport:
        """Grade one submission (see `Job` for `after_tests`); never raises for bad submissions."""
        reports: list[GradeReport] = []
        self.grade_many([Job(submission_path, shown_as, after_tests)], reports.append)
        return reports[0]


def grade(
    assignment: Assignment,
    submission_path: Path,
    settings: Settings,
    shown_as: str,
    launcher: FreshLauncher | None = None,
    after_tests: Callable[[StudentSession, ModuleType], None] | None = None,
) -> GradeReport:
    """Grade one submission against the assignment's hidden tests; never raises for bad submissions.

    `launcher` may already be starting this submission's worker (see `FreshLauncher.prestart`); for
    `after_tests` see `Job`.
    """
    with Grader(assignment, settings, warm=False, launcher=launcher) as grader:
        return grader.grade(submission_path, shown_as, after_tests)


def _repairs(path: Path, grader: Any) -> tuple[Text, ...]:
    """For a notebook: what was repaired in its nbgrader structure, against the course's released notebook
    (release/<assignment>/<assignment>.ipynb), one note per kind; nothing without a released notebook."""
    from autograder.languages import notebook_language

    name = grader.assignment.name
    root = grader.settings.course_root
    lang = notebook_language(path) if path.suffix.lower() == ".ipynb" else None
    folders = ([f"release_{lang}"] if lang else []) + ["release"]  # the student's language's, if the course has it
    released = next(
        (root / f / name / f"{name}.ipynb" for f in folders if (root / f / name / f"{name}.ipynb").is_file()),
        root / "release" / name / f"{name}.ipynb",
    )
    if path.suffix.lower() != ".ipynb" or not released.is_file():
        return ()
    sys.modules.setdefault("rfc3987_syntax", None)  # as submission.py: jsonschema's slow optional import
    from autograder.nbgrader_plugin.structure import repair_notes, repairs_against

    try:
        return repair_notes(repairs_against(path.read_bytes(), released))
    except OSError:
        return ()

