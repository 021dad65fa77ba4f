"""`autograder autograde A [A ...]`: nbgrader's autograde, with every submission graded in parallel.

`nbgrader autograde` alone works (nbgrader_config.py puts the engine in its pipeline) but handles one
submission after another. Here each of `--workers` processes takes one submission at a time: the
engine grades its folder with a warm grader (the result lands in the course's grading cache,
grading.py), then the same process runs `nbgrader autograde A --student S --force`, whose
GradeWithEngine step finds that result in the cache. So nbgrader itself copies the files, writes the
autograded notebook and stores the scores in gradebook.db, one submission per nbgrader run; SQLite
serialises the writers, and a submission whose write was refused ("database is locked") is tried again.

A submission counts as done once nbgrader has recorded it: a marker under grading_cache/recorded/ holds
the fingerprint of the submitted files. A run that is interrupted, or run again after some students
resubmitted, grades only what is not done; `--force` regrades everything.
"""

from __future__ import annotations

import glob
import hashlib
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.config import Settings
from autograder.course import get_assignment

RECORDED_DIR = "recorded"
LOCKED_RETRIES = 8


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


@dataclass(frozen=True)
class Outcome:
    """What happened to one submission."""

    pending: Pending
    score: float | None
    """The engine's total (None when it could not grade the folder)."""
    recorded: bool
    """Whether nbgrader stored it in the gradebook."""
    error: str = ""


def pregrade(
    pending: list[Pending], jobs: int, on_done: Callable[[Pending, float | None], None] | None = None
) -> None:
    """Grade each folder with the engine in `jobs` processes; the results go to the grading cache only.

    `on_done(pending, score)` is called as each finishes (score None when it failed; nbgrader's own
    autograde then grades it again and reports the problem).
    """
    for item, result in _in_pool(_grade_folder, pending, jobs):
        if on_done:
            on_done(item, result if isinstance(result, float) else None)


def autograde(
    course_root: Path,
    assignments: list[str],
    students: list[str] | None = None,
    workers: int = 0,
    force: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Grade and record every submission of `assignments` (of `students`) not recorded yet, or every one
    with `force`; return what happened to each, in the order they finished."""
    for assignment in assignments:
        get_assignment(assignment)
    todo = [p for p in submitted_folders(course_root, assignments, students) if force or not is_recorded(p)]
    outcomes = []
    for item, result in _in_pool(_autograde_one, todo, workers or os.cpu_count() or 1):
        outcome = result if isinstance(result, Outcome) else Outcome(item, None, False, str(result))
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    return outcomes


def _in_pool(task: Callable[[Pending], Any], pending: list[Pending], jobs: int) -> Iterator[tuple[Pending, Any]]:
    """Run `task` on each item in `jobs` processes; yield (item, result or the error's text) as each ends."""
    if not pending:
        return
    context = multiprocessing.get_context("spawn")  # the caller may run threads (progress bars)
    pool = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(pending))), mp_context=context)
    try:
        # In assignment order, so that each process switches its warm grader seldom.
        ordered = sorted(pending, key=lambda p: (p.assignment, p.student))
        futures = {pool.submit(task, p): p for p in ordered}
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as err:  # the task raised, or its worker process died
                result = f"{type(err).__name__}: {err}"
            yield futures[future], result
    except BaseException:
        # Interrupted: stop now rather than after every queued submission (the worker processes run
        # pytest, which takes Ctrl-C for itself). What was recorded stays; a rerun does the rest.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def submitted_fingerprint(pending: Pending) -> str:
    """Hash of the submitted folder's files: names and bytes, nbgrader's timestamp.txt included."""
    digest = hashlib.sha256()
    for path in sorted(p for p in pending.folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(pending.folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _marker(pending: Pending) -> Path:
    from autograder.nbgrader_plugin.grading import CACHE_DIR

    return pending.course_root / CACHE_DIR / RECORDED_DIR / pending.assignment / f"{pending.student}.txt"


def _autograded_notebook(pending: Pending) -> Path:
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=course_config(pending.course_root), root=str(pending.course_root))
    folder = coursedir.format_path(coursedir.autograded_directory, pending.student, pending.assignment)
    return Path(folder) / f"{pending.assignment}.ipynb"


def is_recorded(pending: Pending) -> bool:
    """Whether nbgrader recorded these very submitted files (and its autograded notebook is there)."""
    try:
        done = _marker(pending).read_text().strip() == submitted_fingerprint(pending)
    except OSError:
        return False
    return done and _autograded_notebook(pending).is_file()


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


def _autograde_one(pending: Pending) -> Outcome:
    """In a worker process: grade one folder with the engine, then have nbgrader record it."""
    from autograder.nbgrader_plugin.commands import NbgraderFailed, run_nbgrader

    fingerprint = submitted_fingerprint(pending)
    try:
        score = _grade_folder(pending)
        problem = ""
    except Exception as err:  # nbgrader's own run below grades it again and says what is wrong
        score, problem = None, f"{type(err).__name__}: {err}"
    _share_gradebook_engines()
    argv = ["autograde", pending.assignment, "--student", pending.student, "--force"]
    for attempt in range(LOCKED_RETRIES):
        try:
            run_nbgrader(argv, pending.course_root)
            break
        except NbgraderFailed as err:
            if "database is locked" not in str(err) or attempt == LOCKED_RETRIES - 1:
                return Outcome(pending, score, False, _last_error(str(err)) or problem)
            time.sleep(0.05 * (attempt + 1) * (1 + random.random()))
    marker = _marker(pending)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(fingerprint + "\n")
    return Outcome(pending, score, True, problem)


def _last_error(log: str) -> str:
    lines = log.strip().splitlines()
    errors = [line for line in lines if "ERROR" in line or "Error" in line]
    return (errors[-1] if errors else lines[-1] if lines else "")[:300]


_ENGINES: dict[str, Any] = {}
"""In a worker process: the one SQLAlchemy engine per database URL that nbgrader's Gradebooks share."""


def _share_gradebook_engines() -> None:
    """Make nbgrader's Gradebooks in this process share one SQLAlchemy engine per database URL.

    nbgrader opens about ten Gradebooks per submission. Each one creates an engine, so every SQL
    statement is compiled again, and checks table by table that the schema exists (`create_all`):
    together half of nbgrader's own time per submission. An engine is only a connection pool and a
    statement cache; each Gradebook keeps its own session and transactions, and `Gradebook.close()`
    still gives its connections back. The schema check runs once per engine: the tables it made do not
    go away during a run.
    """
    import nbgrader.api

    if getattr(nbgrader.api.create_engine, "descent_kit_shared", False):
        return
    create = nbgrader.api.create_engine
    create_all = nbgrader.api.Base.metadata.create_all
    checked: set[int] = set()

    def shared(url: str, *args: Any, **kwargs: Any) -> Any:
        if url not in _ENGINES:
            _ENGINES[url] = create(url, *args, **kwargs)
        return _ENGINES[url]

    def create_all_once(bind: Any, **kwargs: Any) -> None:
        if id(bind) not in checked:
            create_all(bind=bind, **kwargs)
            checked.add(id(bind))

    shared.descent_kit_shared = True  # type: ignore[attr-defined]
    nbgrader.api.create_engine = shared
    nbgrader.api.Base.metadata.create_all = create_all_once  # type: ignore[method-assign]


def command(assignments: list[str], students: list[str] | None, workers: int, force: bool) -> int:
    """`autograder autograde A [A ...]`, run in the course (or below): progress, then a summary table."""
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from autograder.config import find_course_root
    from autograder.course import UnknownAssignment
    from autograder.nbgrader_plugin.commands import prepare_process, stop_on_sigterm

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
    workers = workers or os.cpu_count() or 1
    pending = submitted_folders(root, assignments, students)
    todo = [p for p in pending if force or not is_recorded(p)]
    console = Console(stderr=True)
    skipped = len(pending) - len(todo)
    console.print(
        f"{len(pending)} submission(s): {len(todo)} to grade with {workers} process(es)"
        + (f", {skipped} already recorded (--force regrades them)" if skipped else "")
    )
    outcomes: list[Outcome] = []
    columns = (
        TextColumn("autograding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    try:
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("", total=len(todo), rate="")

            def done(outcome: Outcome) -> None:
                outcomes.append(outcome)
                elapsed = progress.tasks[0].elapsed or 1e-9
                progress.update(task, advance=1, rate=f"{len(outcomes) / elapsed:.1f}/s")

            autograde(root, assignments, students, workers, force, done)
    except KeyboardInterrupt:
        console.print(
            f"autograder: interrupted after {len(outcomes)} of {len(todo)}; "
            "run the same command again to grade the rest"
        )
        return 130
    print_summary(root, assignments, pending, outcomes, Console(width=max(Console().width, 110)))
    failed = [o for o in outcomes if not o.recorded]
    for outcome in failed:
        where = f"{outcome.pending.assignment}/{outcome.pending.student}"
        print(f"autograder: {where} was not recorded: {outcome.error}", file=sys.stderr)
    return 1 if failed else 0


def print_summary(
    root: Path, assignments: list[str], pending: list[Pending], outcomes: list[Outcome], console: Any
) -> None:
    """One row per assignment, scores read back from the gradebook."""
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory
    from rich.table import Table

    db_url = CourseDirectory(config=course_config(root), root=str(root)).db_url
    table = Table(title="autograde summary (scores as recorded in the gradebook)", title_justify="left")
    for column in ("assignment", "submissions", "graded now", "not recorded", "mean", "min", "max",
                   "full marks"):
        table.add_column(column, justify="left" if column == "assignment" else "right")
    with Gradebook(db_url) as gb:
        for assignment in assignments:
            wanted = {p.student for p in pending if p.assignment == assignment}
            scores = [r["score"] for r in gb.submission_dicts(assignment) if r["student"] in wanted]
            top = gb.find_assignment(assignment).max_score if scores else 0
            now = [o for o in outcomes if o.pending.assignment == assignment]
            spread = (
                [f"{sum(scores) / len(scores):.2f}", f"{min(scores):g}", f"{max(scores):g}",
                 f"{sum(s >= top for s in scores)}"]
                if scores else ["-"] * 4
            )
            table.add_row(assignment, str(len(wanted)), str(sum(o.recorded for o in now)),
                          str(sum(not o.recorded for o in now)), *spread)
    console.print(table)
