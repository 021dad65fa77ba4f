"""`autograder autograde A [A ...]`: nbgrader's autograde, with the engine's grading done in parallel first.

`nbgrader autograde` alone works (nbgrader_config.py puts the engine in its pipeline) but grades one
submission after another. This command first has the engine grade every submitted folder of the
assignments in parallel worker processes, each keeping a warm grader, each result landing in the
course's grading cache (grading.py); then it runs `nbgrader autograde A --force` for each assignment,
whose GradeWithEngine step finds every result in the cache and stores it. The scores are the same
either way: the cache is keyed by content.
"""

from __future__ import annotations

import glob
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.config import Settings
from autograder.course import get_assignment


@dataclass(frozen=True)
class Pending:
    """A submitted folder to grade."""

    course_root: Path
    assignment: str
    student: str
    folder: Path
    stub: Path
    """The released module, to tell whether the student changed theirs."""


def course_config(course_root: Path):
    """The course's nbgrader configuration, as nbgrader itself would load it from nbgrader_config.py."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()


def course_settings(course_root: Path) -> Settings:
    """The engine's settings exactly as nbgrader's GradeWithEngine step will use them (same cache keys)."""
    from autograder.nbgrader_plugin.grade_cells import GradeWithEngine

    return GradeWithEngine(config=course_config(course_root)).settings(course_root)


def submitted_folders(
    course_root: Path, assignments: Iterable[str], students: Iterable[str] | None = None
) -> list[Pending]:
    """Every submitted/<student>/<assignment> folder of these assignments (and students), sorted."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=course_config(course_root), root=str(course_root))
    wanted = set(students) if students is not None else None
    found = []
    for assignment in assignments:
        stub = (
            Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
            / get_assignment(assignment).module
        )
        pattern = coursedir.format_path(coursedir.submitted_directory, "*", assignment)
        for folder in sorted(Path(p) for p in glob.glob(pattern)):
            student = folder.parent.name
            if folder.is_dir() and (wanted is None or student in wanted):
                found.append(Pending(course_root, assignment, student, folder, stub))
    return found


def pregrade(
    pending: list[Pending], jobs: int, on_done: Callable[[Pending, float | None], None] | None = None
) -> None:
    """Grade each folder with the engine in `jobs` processes; results go to the grading cache.

    `on_done(pending, score)` is called as each finishes (score None when it failed; nbgrader's own
    autograde then grades it again and reports the problem).
    """
    if not pending:
        return
    context = multiprocessing.get_context("spawn")  # the caller may run threads (progress bars)
    pool = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(pending))), mp_context=context)
    try:
        # In assignment order, so that each process switches its warm grader seldom.
        ordered = sorted(pending, key=lambda p: (p.assignment, p.student))
        futures = {pool.submit(_grade_folder, p): p for p in ordered}
        for future in as_completed(futures):
            try:
                score = future.result()
            except Exception:
                score = None
            if on_done:
                on_done(futures[future], score)
    except BaseException:
        # Interrupted: stop now rather than after every queued submission (the worker processes run
        # pytest, which takes Ctrl-C for itself). What was cached stays; a rerun does the rest.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


_GRADERS: dict[tuple[Path, str], Any] = {}
"""In a worker process: one warm Grader per course and assignment, closed when the process ends."""


def _grade_folder(pending: Pending) -> float | None:
    """In a worker process: grade one submitted folder as GradeWithEngine will (and cache it)."""
    from autograder.nbgrader_plugin.commands import prepare_process

    prepare_process()
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    from autograder.nbgrader_plugin.grading import grade_submission

    assignment = get_assignment(pending.assignment)
    root = pending.course_root
    settings = course_settings(root)
    graded = grade_submission(
        pending.folder,
        f"{pending.assignment}.ipynb",
        assignment,
        settings,
        pending.stub,
        shown_as=os.path.relpath(pending.folder, root),
        grader=_warm_grader(root, assignment, settings),
    )
    return graded.chosen.score if graded else None


def _warm_grader(root: Path, assignment: Any, settings: Settings) -> Any:
    from multiprocessing.util import Finalize

    from autograder.nbgrader_plugin.grading import forget_hidden_tests
    from autograder.run import Grader

    key = (root, assignment.name)
    if key not in _GRADERS:
        # pytest imports each assignment's tests as `test_hidden`: a process serves one assignment.
        for other in list(_GRADERS):
            _GRADERS.pop(other).__exit__(None, None, None)
        forget_hidden_tests(settings)
        grader = Grader(assignment, settings, warm=True)
        _GRADERS[key] = grader
        Finalize(grader, grader.__exit__, args=(None, None, None), exitpriority=10)
    return _GRADERS[key]


def autograde(
    course_root: Path,
    assignments: list[str],
    students: list[str] | None = None,
    jobs: int = 0,
    on_done: Callable[[Pending, float | None], None] | None = None,
    log=None,
) -> None:
    """Pre-grade every folder of `assignments` in parallel, then `nbgrader autograde A --force` for each
    assignment (for `students`, or all of them)."""
    from autograder.nbgrader_plugin.commands import run_nbgrader

    for assignment in assignments:
        get_assignment(assignment)
    pregrade(submitted_folders(course_root, assignments, students), jobs or os.cpu_count() or 1, on_done)
    for assignment in assignments:
        for student in students or [None]:
            argv = ["autograde", assignment, "--force"] + (["--student", student] if student else [])
            run_nbgrader(argv, course_root, log)


def command(assignments: list[str], students: list[str] | None, jobs: int) -> int:
    """`autograder autograde A [A ...]`: run in the course (or below); print each submission's total."""
    import sys

    from autograder.config import find_course_root
    from autograder.course import UnknownAssignment
    from autograder.nbgrader_plugin.commands import NbgraderFailed, prepare_process, stop_on_sigterm

    prepare_process()
    stop_on_sigterm()
    root = find_course_root(Path.cwd())
    if not (root / "nbgrader_config.py").is_file():
        print(
            "autograder: run this in an nbgrader course (no nbgrader_config.py here or above)",
            file=sys.stderr,
        )
        return 2
    try:
        for assignment in assignments:
            get_assignment(assignment)
    except UnknownAssignment as err:
        print(f"autograder: {err}", file=sys.stderr)
        return 2
    pending = submitted_folders(root, assignments, students)
    print(f"grading {len(pending)} submission(s) with {jobs or os.cpu_count()} process(es)", flush=True)
    try:
        autograde(root, assignments, students, jobs)
    except NbgraderFailed as err:
        print(f"autograder: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("autograder: interrupted; run the same command again to finish", file=sys.stderr)
        return 130
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    db_url = CourseDirectory(config=course_config(root), root=str(root)).db_url
    with Gradebook(db_url) as gb:
        for item in pending:
            submission = gb.find_submission(item.assignment, item.student)
            print(f"{item.assignment}\t{item.student}\t{submission.score:g}/{submission.max_score:g}")
    return 0
