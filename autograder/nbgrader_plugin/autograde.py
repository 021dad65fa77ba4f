"""`autograder autograde A [A ...]`: nbgrader's autograde, with every submission graded in parallel.

`nbgrader autograde` alone works (nbgrader_config.py puts the engine in its pipeline) but handles one
submission after another. Here each of `--workers` grading processes takes one submission at a time:
the engine grades its folder with the process's warm grader, whose pytest session stays open from one
submission to the next, in the language of the submitted notebook, and the result lands in the course's
grading cache (grading.py). Recording processes (`recorders_for`) take the graded submissions as they
come (`Graded`, the result with them, as JSON) and store them with nbgrader's own steps and
configuration: gathered into batches (`GATHER`), each in one gradebook transaction
(recording.BatchRecorder, whose GradeWithEngine step takes the result handed over); or, with
`c.DescentKit.fast_recording = False`, one at a time through nbgrader's autograde application
(commands.Autograder, whose GradeWithEngine finds the result in the cache). Either way nbgrader's steps
copy the files, write the autograded notebook and store the scores; SQLite lets one writer in at a time (in WAL mode during the run, so that readers do
not block it), and a write refused ("database is locked") is tried again.

A submission counts as done once it is recorded: a marker under grading_cache/recorded/ holds the
fingerprint of the submitted files. A run that is interrupted, or run again after some students
resubmitted, grades only what is not done; `--force` regrades everything.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import multiprocessing
import os
import queue
import random
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograder.config import Settings
from autograder.course import get_assignment

if TYPE_CHECKING:
    from autograder.nbgrader_plugin.commands import Autograder

RECORDED_DIR = "recorded"
LOCKED_RETRIES = 8
RETRY_WHEN = ("database is locked", "deadlock detected", "could not serialize access")
"""A write refused for one of these (SQLite's single writer; PostgreSQL's deadlock and serialization
checks between writers) is tried again."""


def pause_before_retry(attempt: int) -> None:
    """Wait before trying a refused write again: longer after each refusal, and never in step with the
    other writers."""
    time.sleep(0.05 * (attempt + 1) * (1 + random.random()))


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


def course_directory(course_root: Path):
    """nbgrader's CourseDirectory of the course, configured by its nbgrader_config.py."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=course_config(course_root), root=str(course_root))


def course_settings(course_root: Path) -> Settings:
    """The engine's settings exactly as nbgrader's GradeWithEngine step will use them (same cache keys),
    read from its section of the course's configuration without importing nbgrader."""
    from autograder.nbgrader_plugin.grading import engine_settings

    options = course_config(course_root).get("GradeWithEngine", {})
    return engine_settings(course_root, **{k: options[k] for k in ENGINE_OPTIONS if k in options})


ENGINE_OPTIONS = ("solutions_dir", "call_seconds", "load_seconds")
"""GradeWithEngine's options that change the engine's settings (`grading.engine_settings`)."""


def submitted_folders(
    course_root: Path, assignments: Iterable[str], students: Iterable[str] | None = None
) -> list[Pending]:
    """Every submitted/<student>/<assignment> folder of these assignments (and students), sorted."""
    coursedir = course_directory(course_root)
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
class Graded:
    """A graded submission, handed from a grading process to a recording process."""

    pending: Pending
    fingerprint: str
    """`submitted_fingerprint` of the folder, taken before it was graded (the recorded-marker's)."""
    score: float | None
    """The engine's total (None when the folder held nothing to grade)."""
    result: str | None
    """The engine's GradedSubmission as JSON (`GradedSubmission.as_json`), or None."""

    def submission(self) -> Any:
        """The GradedSubmission, or None."""
        from autograder.nbgrader_plugin.grading import GradedSubmission

        return GradedSubmission.from_json(self.result) if self.result is not None else None


@dataclass(frozen=True)
class Outcome:
    """What happened to one submission."""

    pending: Pending
    score: float | None
    """The engine's total (None when it could not grade the folder)."""
    recorded: bool
    """Whether nbgrader stored it in the gradebook."""
    error: str = ""


def autograde(
    course_root: Path,
    assignments: list[str],
    students: list[str] | None = None,
    workers: int = 0,
    force: bool = False,
    on_done: Callable[[Outcome], None] | None = None,
    scheduler: Any = None,
) -> list[Outcome]:
    """Grade and record every submission of `assignments` (of `students`) not recorded yet, or every one
    with `force`; return what happened to each, in the order they finished.

    With `scheduler` (a Dask scheduler's address, or a connected `distributed.Client`) the workers of
    that cluster grade, and `workers` processes here record (cluster.py)."""
    for assignment in assignments:
        get_assignment(assignment)
    todo = [p for p in submitted_folders(course_root, assignments, students) if force or not is_recorded(p)]
    outcomes: list[Outcome] = []
    with write_ahead_log(_gradebook_file(course_root) if todo else None):
        for assignment in assignments:
            batch = [p for p in todo if p.assignment == assignment]
            if scheduler:
                from autograder.nbgrader_plugin.cluster import run_on_cluster

                graded = run_on_cluster(scheduler, course_root, assignment, batch, workers or os.cpu_count() or 1)
            else:
                graded = _run_workers(course_root, assignment, batch, workers or os.cpu_count() or 1)
            for outcome in graded:
                outcomes.append(outcome)
                if on_done:
                    on_done(outcome)
    for outcome in outcomes:
        if not outcome.recorded:
            show_in_formgrader(outcome)
    return outcomes


def show_in_formgrader(outcome: Outcome) -> None:
    """A submission nbgrader could not record, made visible in formgrader with the reason in words.

    The submission is created in the gradebook without any score, every grade marked as needing manual
    grading, and its autograded notebook is the submitted one (structure repaired) under a first cell
    that says why it was not graded; so formgrader lists it as needing grading and its page opens.
    Nothing is scored, and no recorded-marker is written: the next `autograder autograde` grades it
    again. Best effort: if even this fails, the summary table still lists the submission.
    """
    import warnings

    import nbformat
    from nbformat.v4 import new_markdown_cell
    from nbgrader.api import Gradebook

    from autograder.nbgrader_plugin.cells import RestoreReleasedStructure
    from autograder.nbgrader_plugin.recording import store_submission
    from autograder.nbgrader_plugin.structure import read_notebook

    pending = outcome.pending
    try:
        warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's own, harmless here
        config = course_config(pending.course_root)
        coursedir = course_directory(pending.course_root)
        with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
            submission = store_submission(gb, coursedir, pending.assignment, pending.student, pending.folder)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    grade.auto_score = None
                    grade.needs_manual_grade = True
            gb.db.commit()
        submitted = pending.folder / f"{pending.assignment}.ipynb"
        try:
            nb = read_notebook(submitted.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - missing or unreadable: the released structure alone
            nb = nbformat.v4.new_notebook()
        resources = {"nbgrader": {"student": pending.student, "assignment": pending.assignment,
                                  "notebook": pending.assignment, "db_url": coursedir.db_url}}
        nb, _ = RestoreReleasedStructure(config=config).preprocess(nb, resources)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nb.cells.insert(0, new_markdown_cell(
            f"**Not graded automatically: {outcome.error or 'the grader stopped'}.** Nothing was recorded "
            "for this submission; fix the cause and run `autograder autograde` again, or grade it by hand."))
        out = Path(coursedir.format_path(coursedir.autograded_directory, pending.student, pending.assignment))
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / f"{pending.assignment}.ipynb")
    except Exception:  # noqa: BLE001, S110 - the summary table still says it was not recorded, and why
        pass


def _gradebook_file(course_root: Path) -> Path | None:
    """The course's gradebook.db, when it is an SQLite file that exists."""
    from sqlalchemy.engine import make_url

    url = make_url(course_directory(course_root).db_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = Path(url.database)
    return path if path.is_file() else None


@contextlib.contextmanager
def write_ahead_log(database: Path | None) -> Iterator[None]:
    """Keep the gradebook in SQLite's write-ahead-log mode while the workers write to it, then put
    its journal mode back as it was.

    In the default (rollback journal) mode a reader blocks a writer's commit, and nbgrader's sessions
    read for most of a submission's recording: two workers waited on SQLite's locks for a sixth of it
    (54 of 297 ms per submission, 23 ms in WAL mode, N=200). With the write-ahead log readers never
    block the writer, and commits need no flush to disk (synchronous=NORMAL, set by the workers): after
    a power cut the last few commits may be lost, but the database is never corrupt (`--force` records
    everything again). Back in its old mode at the end, the gradebook is a single file again, for tools
    and file systems without WAL.
    """
    previous = None
    if database is not None:
        try:
            with contextlib.closing(sqlite3.connect(database, timeout=30)) as db:
                previous = db.execute("PRAGMA journal_mode").fetchone()[0]
                if previous != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.Error:  # another program holds it: grade in its current mode
            previous = None
    try:
        yield
    finally:
        if previous is not None and previous != "wal":
            try:
                with contextlib.closing(sqlite3.connect(database, timeout=30)) as db:
                    db.execute(f"PRAGMA journal_mode={previous}")
            except sqlite3.Error:  # someone still has it open: it stays in WAL mode, which is valid
                pass


def _run_workers(course_root: Path, assignment: str, pending: list[Pending], workers: int) -> Iterator[Outcome]:
    """Serve `pending` (one assignment) to `workers` grading processes, whose results recording
    processes (`recorders_for`) store; yield each Outcome as it arrives."""
    if not pending:
        return
    context = multiprocessing.get_context("spawn")  # the caller may run threads (progress bars)
    jobs, graded, results = context.Queue(), context.Queue(), context.Queue()
    for item in pending:
        jobs.put(item)
    count = max(1, min(workers, len(pending)))
    for _ in range(count):
        jobs.put(None)
    settings = course_settings(course_root)  # here, so that the graders need not import nbgrader
    graders = [
        context.Process(target=_serve, args=(settings, assignment, jobs, graded, results), daemon=True)
        for _ in range(count)
    ]
    recorders = [context.Process(target=record_graded, args=(course_root, assignment, graded, results), daemon=True)
                 for _ in range(recorders_for(count))]
    for process in [*graders, *recorders]:
        process.start()
    waiting = {(p.assignment, p.student): p for p in pending}
    graders_done = False
    try:
        while waiting:
            try:
                outcome = results.get(timeout=2)
            except queue.Empty:
                if not graders_done and not any(p.is_alive() for p in graders):
                    for _ in recorders:  # after everything they sent: the recorders end when it is done
                        graded.put(None)
                    graders_done = True
                if not any(p.is_alive() for p in recorders):
                    break
                continue
            if waiting.pop((outcome.pending.assignment, outcome.pending.student), None) is not None:
                yield outcome
        for item in waiting.values():  # a worker process died under them
            yield Outcome(item, None, False, "the grading process stopped before recording it")
    finally:
        # Done, or interrupted (Ctrl-C, kill): stop the workers now. What was committed stays, and a
        # submission cut off before its batch's commit has no marker, so a rerun grades it again.
        for process in [*graders, *recorders]:
            if process.is_alive():
                process.terminate()
        for process in [*graders, *recorders]:
            process.join(timeout=10)


def recorders_for(graders: int) -> int:
    """How many recording processes keep up with `graders` grading processes: a recorder spends about
    half the processor time per submission that a grader and its sandbox spend (docs/scaling.md)."""
    return max(1, graders // 2)


def _serve(settings: Settings, assignment_name: str, jobs: Any, graded: Any, results: Any) -> None:
    """One grading process: a warm grader with one pytest session for every submission it takes; each
    result goes to the grading cache and the submission to the recorder (`graded`). `settings` are
    the course's, as nbgrader's GradeWithEngine step has them (`course_settings`)."""
    from autograder.nbgrader_plugin.commands import prepare_process

    prepare_process()
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    from autograder.run import Grader

    assignment = get_assignment(assignment_name, settings)
    pipeline = _Pipeline(assignment, settings, jobs, graded, results)
    try:
        with Grader(assignment, settings, warm=True) as grader:
            pipeline.grader = grader
            grader.grade_many(pipeline.jobs(), pipeline.reports.append)
    except Exception as err:  # the hidden tests or the sandbox failed: nothing more can be graded here
        pipeline.fail_rest(in_words(f"{type(err).__name__}: {err}"))


class _Pipeline:
    """In a grading process: feeds the grader each submission's ungraded files, caches what it reports,
    then hands the submission to the recorder, one after another."""

    def __init__(self, assignment: Any, settings: Settings, jobs: Any, graded: Any, results: Any) -> None:
        from autograder.nbgrader_plugin.grading import CacheKeys

        self.assignment, self.settings, self.jobs_queue = assignment, settings, jobs
        self.graded, self.results = graded, results
        self.grader: Any = None
        self.keys = CacheKeys()  # the grader loaded the hidden tests once, at its start
        self.reports: list[Any] = []
        self.current: Pending | None = None

    def jobs(self) -> Iterator[Any]:
        from autograder.messages import Messages
        from autograder.nbgrader_plugin.curves import PlotCalls
        from autograder.nbgrader_plugin.grading import (
            cached_file,
            choose,
            files_to_grade,
            in_folders_language,
            store_file,
        )
        from autograder.run import Job

        while (pending := self.jobs_queue.get()) is not None:
            self.current = pending
            try:
                fingerprint = submitted_fingerprint(pending)
                shown = os.path.relpath(pending.folder, pending.course_root)
                graded = []
                notebook = f"{pending.assignment}.ipynb"
                settings = in_folders_language(self.settings, pending.folder / notebook)  # as GradeWithEngine
                for path in files_to_grade(pending.folder, notebook, self.assignment, pending.stub):
                    key = self.keys.key(path.read_bytes(), self.assignment, settings)
                    result = cached_file(path, self.assignment, settings, f"{shown}/{path.name}", key)
                    if result is None:
                        plot = PlotCalls(self.assignment, settings.solutions_dir)
                        yield Job(path, f"{shown}/{path.name}", plot)
                        result = store_file(path, self.reports.pop(), self.assignment, settings,
                                            plot.as_json(Messages(settings.lang)), key)
                    graded.append(result)
                chosen = choose(graded, settings.lang)
                self.graded.put(Graded(pending, fingerprint, chosen.chosen.score if chosen else None,
                                       chosen.as_json() if chosen else None))
            except Exception as err:  # this submission only; the next one is graded as usual
                self.results.put(Outcome(pending, None, False, in_words(f"{type(err).__name__}: {err}")))
            self.current = None

    def fail_rest(self, error: str) -> None:
        if self.current is not None:
            self.results.put(Outcome(self.current, None, False, error))
        while (pending := self.jobs_queue.get()) is not None:
            self.results.put(Outcome(pending, None, False, error))


BATCH = 64
"""Submissions recorded in one gradebook transaction, at most (those gathered and waiting, up to this),
unless the course sets `c.DescentKit.recording_batch`."""


def record_graded(course_root: Path, assignment_name: str, graded: Any, results: Any) -> None:
    """A recording process: stores each submission sent on `graded` (`Graded`) in the gradebook and
    autograded/, until None; puts each Outcome on `results`.

    With `c.DescentKit.fast_recording` (the default), in batches (at least GATHER unless the end comes
    or GATHER_SECONDS pass, at most BATCH or `c.DescentKit.recording_batch`), through
    recording.BatchRecorder; otherwise one at a time
    through nbgrader's own autograde application (commands.Autograder)."""
    import warnings

    from autograder.nbgrader_plugin.commands import prepare_process

    prepare_process()  # before nbformat is imported
    _yield_to_graders()
    from autograder.nbgrader_plugin.commands import Autograder
    from autograder.nbgrader_plugin.recording import BatchRecorder

    _share_gradebook_engines()
    os.chdir(course_root)  # nbgrader's steps run in the course, as its commands do
    # nbgrader's add_submission builds rows that SQLAlchemy's autoflush meets half-made; its commands
    # print these warnings to their own log, which nobody reads.
    warnings.filterwarnings("ignore", message=".*not in session.*")
    kit = course_config(course_root).DescentKit
    fast = bool(kit.get("fast_recording", True))
    most = max(1, int(kit.get("recording_batch", BATCH)))
    done = False
    try:
        with contextlib.ExitStack() as stack:
            if fast:
                recorder = BatchRecorder(course_root, assignment_name)
                fast = recorder.staged  # False when the course put writing steps of its own in autograde
            if not fast:
                most = 1
                nbgrader = stack.enter_context(Autograder(course_root, assignment_name))
            while not done:
                batch, done = _waiting(graded, most, min(GATHER, most), GATHER_SECONDS)
                if not fast:
                    for job in batch:
                        results.put(_record(job, nbgrader))
                    continue
                # A folder without its notebook is stored on its own (record_without_notebook).
                has_notebook = [_notebook(job.pending).is_file() for job in batch]
                together = [job for job, has in zip(batch, has_notebook) if has]
                alone = [job for job, has in zip(batch, has_notebook) if not has]
                if together:
                    done_now = recorder.record([job.pending for job in together],
                                               [job.submission() for job in together])
                    for job, (_, error) in zip(together, done_now):
                        results.put(_recorded(job, error))
                for job in alone:
                    results.put(_record(job, None))
    except Exception as err:  # the recorder cannot start (nbgrader's configuration, the gradebook)
        error = in_words(f"{type(err).__name__}: {err}")
        while not done:
            batch, done = _waiting(graded, BATCH)
            for job in batch:
                results.put(Outcome(job.pending, job.score, False, error))
    finally:
        dispose_gradebook_engines()


RECORDING_NICENESS = 10
"""How much lower a recording process's scheduling priority is than the grading processes'."""


def _yield_to_graders() -> None:
    """Lower this recording process's priority, so that the processor goes first to the grading
    processes and their sandboxes, whose back-and-forth a busy recorder would otherwise hold up.

    Recording can lag behind without cost: it takes what is waiting in batches, and catches up as the
    graders finish. On this 2-core machine it cut 1 to 2 s from 33 s at N=1,000 (docs/performance.md).
    Where priorities cannot be changed (not POSIX, or a limit), nothing changes."""
    try:
        os.nice(RECORDING_NICENESS)
    except (AttributeError, OSError):
        pass


GATHER = 16
"""Submissions a recording process gathers before it records them (unless the end comes, or GATHER_SECONDS
pass): a batch costs about 3 ms on top of its submissions (its transaction, the rows it reads). The
recorder, timed alone on 400 ps1 submissions: 8.3 ms per submission one at a time, 5.9 in eights, 5.7
in sixteens, 5.4 in batches of 64. Taking only what was waiting, it recorded one at a time three times
in four (739 batches for 1,000 submissions)."""
GATHER_SECONDS = 0.5


def _waiting(graded: Any, most: int, gather: int = 1, seconds: float = 0.0) -> tuple[list[Any], bool]:
    """The next submissions on `graded`, up to `most`: the first (waiting for it), then more until there
    are `gather` (or `seconds` have passed since the first came), then those already waiting; and
    whether the end (None) came."""
    batch: list[Any] = []
    until = 0.0
    while len(batch) < most:
        try:
            if not batch:
                job = graded.get()
                until = time.monotonic() + seconds
            else:
                job = graded.get(timeout=0.001 if len(batch) >= gather else max(0.001, until - time.monotonic()))
        except queue.Empty:
            break
        if job is None:
            return batch, True
        batch.append(job)
    return batch, False


def _recorded(job: Graded, error: str) -> Outcome:
    """The Outcome of a submission stored (error "") or not, its marker written."""
    if error:
        return Outcome(job.pending, job.score, False, error)
    marker = _marker(job.pending)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(job.fingerprint + "\n")
    return Outcome(job.pending, job.score, True)


def _notebook(pending: Pending) -> Path:
    """The submitted notebook (which may be missing)."""
    return pending.folder / f"{pending.assignment}.ipynb"


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
    coursedir = course_directory(pending.course_root)
    folder = coursedir.format_path(coursedir.autograded_directory, pending.student, pending.assignment)
    return Path(folder) / f"{pending.assignment}.ipynb"


def is_recorded(pending: Pending) -> bool:
    """Whether nbgrader recorded these very submitted files (and its autograded notebook is there)."""
    try:
        done = _marker(pending).read_text().strip() == submitted_fingerprint(pending)
    except OSError:
        return False
    return done and _autograded_notebook(pending).is_file()


def _record(job: Graded, nbgrader: Autograder | None) -> Outcome:
    """Have nbgrader autograde this one submission (its GradeWithEngine finds the engine's results in
    the cache) and mark it recorded. A folder without its notebook needs no `nbgrader`."""
    from autograder.nbgrader_plugin.commands import NbgraderFailed

    pending, score = job.pending, job.score
    for attempt in range(LOCKED_RETRIES):
        try:
            if nbgrader is not None and _notebook(pending).is_file():
                nbgrader.autograde(pending.student)
            else:  # nbgrader stores nothing for a folder without its notebook ("No notebooks found")
                record_without_notebook(pending)
            break
        except NbgraderFailed as err:
            if not any(w in str(err) for w in RETRY_WHEN) or attempt == LOCKED_RETRIES - 1:
                return Outcome(pending, score, False, _last_error(str(err)))
            pause_before_retry(attempt)
        except Exception as err:  # noqa: BLE001 - said in words in the summary, never only a traceback
            if "database is locked" not in str(err) or attempt == LOCKED_RETRIES - 1:
                return Outcome(pending, score, False, in_words(f"{type(err).__name__}: {err}"))
            pause_before_retry(attempt)
    return _recorded(job, "")


def record_without_notebook(pending: Pending) -> None:
    """Record a submitted folder that lacks the assignment's notebook, with nbgrader's own steps.

    nbgrader's autograde refuses such a folder, and nothing would be stored. Here the notebook is a
    placeholder that says what was handed in; the released cells are put back (RestoreReleasedStructure),
    the engine's result for the folder (its module, if the student changed it; else nothing, 0 points)
    goes into the hidden-test cells (GradeWithEngine), and nbgrader's SaveAutoGrades stores the points.
    The autograded notebook is written where nbgrader would write it, for feedback and formgrader.
    """
    import nbformat
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import ClearOutput, LimitOutput, SaveAutoGrades

    from autograder.nbgrader_plugin.cells import RestoreReleasedStructure
    from autograder.nbgrader_plugin.grade_cells import GraderSetupError, GradeWithEngine, write_grade_cells
    from autograder.nbgrader_plugin.reading import placeholder_notebook
    from autograder.nbgrader_plugin.recording import store_submission

    config = course_config(pending.course_root)
    coursedir = course_directory(pending.course_root)
    notebook = pending.assignment
    handed_in = sorted(p.name for p in pending.folder.iterdir() if p.is_file() and p.name != "timestamp.txt")
    reason = f"no file named {notebook}.ipynb was handed in (files: {', '.join(handed_in) or 'none'})"
    nb = placeholder_notebook(f"{notebook}.ipynb", reason)
    resources = {"nbgrader": {"student": pending.student, "assignment": pending.assignment,
                              "notebook": notebook, "db_url": coursedir.db_url}}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        store_submission(gb, coursedir, pending.assignment, pending.student, pending.folder)
    for step in (RestoreReleasedStructure, ClearOutput):
        nb, resources = step(config=config).preprocess(nb, resources)
    step = GradeWithEngine(config=config)
    try:
        nb, resources = step.preprocess(nb, resources)
    except GraderSetupError:  # nothing gradeable in the folder: every hidden test scores 0
        from autograder.nbgrader_plugin.grading import GradedFile, GradedSubmission

        empty = GradedFile(f"{notebook}.ipynb", {"tests": [], "notes": [reason], "score": 0}, None)
        write_grade_cells(nb, GradedSubmission(empty, (), step.settings(pending.course_root).lang))
        nb.metadata["descent_kit"] = {**nb.metadata.get("descent_kit", {}), "graded_file": "",
                                      "report": empty.report, "curves": None, "also_graded": {},
                                      "problems": [reason]}
    for step in (LimitOutput, SaveAutoGrades):
        nb, resources = step(config=config).preprocess(nb, resources)
    out = Path(coursedir.format_path(coursedir.autograded_directory, pending.student, pending.assignment))
    out.mkdir(parents=True, exist_ok=True)
    for path in pending.folder.iterdir():
        if path.is_file() and path.suffix != ".ipynb":  # other notebooks would be fed to generate_feedback
            shutil.copy2(path, out / path.name)
    nbformat.write(nb, out / f"{notebook}.ipynb")


def in_words(error: str) -> str:
    """An error in one line for the instructor's table: its first line, and when a traceback follows
    (pytest's report of broken hidden tests), the exception it ends in."""
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    if len(lines) <= 1:
        return (lines[0] if lines else "")[:300]
    ending = [m for m in map(_RAISED.match, (line.removeprefix("E").strip() for line in lines)) if m]
    head = lines[0].split(" /", 1)[0].rstrip(":")  # pytest's report goes on with its own file paths
    return (f"{head}: {ending[-1][1]}: {ending[-1][2]}" if ending else head)[:300]


_RAISED = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception|Entry|Failed)): (.+)$")


def _last_error(log: str) -> str:
    """Why nbgrader failed, in a line: the exception its traceback ends with, else its last error line."""
    lines = log.strip().splitlines()
    raised = [m for m in map(_RAISED.match, lines) if m]
    if raised:
        return f"{raised[-1][1]}: {raised[-1][2]}"[:300]
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
    still gives its connections back. The schema check, each Gradebook's check that the course is in
    the database, and its look at the table names (is the database new?) run once per engine: neither
    the tables nor the course go away during a run.

    `Gradebook.close()` also disposed of its engine, closing the connection: the next Gradebook
    connected again, and in WAL mode the last connection's close copies the log into the database and
    flushes it to disk, ten times per submission. Here a Gradebook's close ends its session and leaves
    the connection in the engine's pool; `dispose_gradebook_engines` closes them when the worker ends.
    With `c.RestoreReleasedStructure.remember_released` (nbgrader_config.py) the released notebook's
    structure is also read once per worker (cells.remember_released_structures).
    """
    import nbgrader.api
    from sqlalchemy import event

    from autograder.nbgrader_plugin.cells import remember_released_structures

    if getattr(nbgrader.api.create_engine, "descent_kit_shared", False):
        remember_released_structures(True)
        return
    create = nbgrader.api.create_engine
    create_all = nbgrader.api.Base.metadata.create_all
    check_course = nbgrader.api.Gradebook.check_course
    inspect = nbgrader.api.inspect
    checked: set[int] = set()
    courses: set[tuple[int, str]] = set()
    tables: dict[int, list[str]] = {}

    def shared(url: str, *args: Any, **kwargs: Any) -> Any:
        if url not in _ENGINES:
            _ENGINES[url] = create(url, *args, **kwargs)
            if url.startswith("sqlite"):
                event.listen(_ENGINES[url], "connect", _no_flush_in_wal_mode)
        return _ENGINES[url]

    def create_all_once(bind: Any, **kwargs: Any) -> None:
        if id(bind) not in checked:
            create_all(bind=bind, **kwargs)
            checked.add(id(bind))

    def check_course_once(gradebook: Any, course_id: str = "default_course", **kwargs: Any) -> Any:
        # Only Gradebook.__init__ calls this, and it ignores what comes back.
        key = (id(gradebook.engine), course_id)
        if kwargs or key not in courses:
            course = check_course(gradebook, course_id, **kwargs)
            courses.add(key)
            return course
        return None

    def close_session(gradebook: Any) -> None:
        gradebook.db.remove()

    class KnownTables:
        def __init__(self, names: list[str]) -> None:
            self.names = names

        def get_table_names(self) -> list[str]:
            return list(self.names)

    def inspect_once(engine: Any) -> KnownTables:
        # Only Gradebook.__init__ calls this, to tell a new database (no tables yet) from one in use: a
        # catalog query per Gradebook, half of opening one on PostgreSQL. Tables once there stay there.
        if id(engine) not in tables:
            names = inspect(engine).get_table_names()
            if not names:
                return KnownTables(names)
            tables[id(engine)] = names
        return KnownTables(tables[id(engine)])

    remember_released_structures(True)
    shared.descent_kit_shared = True  # type: ignore[attr-defined]
    nbgrader.api.create_engine = shared
    nbgrader.api.Base.metadata.create_all = create_all_once  # type: ignore[method-assign]
    nbgrader.api.Gradebook.check_course = check_course_once  # type: ignore[method-assign]
    nbgrader.api.Gradebook.close = close_session  # type: ignore[method-assign]
    nbgrader.api.inspect = inspect_once


def dispose_gradebook_engines() -> None:
    """Close the connections the shared engines kept (see `_share_gradebook_engines`), and forget the
    released notebooks' structures read through them."""
    from autograder.nbgrader_plugin.cells import remember_released_structures

    remember_released_structures(False)
    while _ENGINES:
        _ENGINES.popitem()[1].dispose()


def _no_flush_in_wal_mode(connection: Any, record: Any) -> None:
    """Commits without a flush to disk, when the gradebook is in WAL mode (see `write_ahead_log`)."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        connection.execute("PRAGMA synchronous=NORMAL")


def command(
    assignments: list[str], students: list[str] | None, workers: int, force: bool, scheduler: str | None = None
) -> int:
    """`autograder autograde A [A ...]`, run in the course (or below): progress, then a summary table.
    With `scheduler`, the Dask cluster at that address grades (cluster.py)."""
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from autograder.config import find_course_root
    from autograder.course import UnknownAssignment
    from autograder.nbgrader_plugin.cluster import ClusterUnavailable
    from autograder.nbgrader_plugin.commands import (
        prepare_process,
        stop_on_sigterm,
        without_server_extensions,
    )

    prepare_process()
    without_server_extensions()  # this process imports nbgrader's course folders and gradebook only
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
    where = (f"on the Dask cluster at {scheduler}, recorded by {workers} process(es) here" if scheduler
             else f"with {workers} process(es)")
    console.print(
        f"{len(pending)} submission(s): {len(todo)} to grade {where}"
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

            autograde(root, assignments, students, workers, force, done, scheduler)
    except KeyboardInterrupt:
        console.print(
            f"autograder: interrupted after {len(outcomes)} of {len(todo)}; "
            "run the same command again to grade the rest"
        )
        return 130
    except ClusterUnavailable as err:
        console.print(f"autograder: {err}")
        return 2
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
    from rich.table import Table

    db_url = course_directory(root).db_url
    table = Table(title="autograde summary (scores as recorded in the gradebook)", title_justify="left")
    for column in ("assignment", "submissions", "graded now", "not recorded", "mean", "min", "max",
                   "full marks"):
        table.add_column(column, justify="left" if column == "assignment" else "right")
    with Gradebook(db_url) as gb:
        for assignment in assignments:
            failed = {o.pending.student for o in outcomes if o.pending.assignment == assignment and not o.recorded}
            wanted = {p.student for p in pending if p.assignment == assignment}
            scores = [r["score"] for r in gb.submission_dicts(assignment) if r["student"] in wanted - failed]
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
    failed = [o for o in outcomes if not o.recorded]
    if failed:
        why = Table(title="not recorded (nothing stored for these; fix the cause and run again)",
                    title_justify="left")
        for column in ("assignment", "student", "reason"):
            why.add_column(column)
        for outcome in failed:
            why.add_row(outcome.pending.assignment, outcome.pending.student, outcome.error or "unknown")
        console.print(why)
