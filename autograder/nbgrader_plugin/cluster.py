"""`autograder autograde A --scheduler ADDRESS`: grading on the workers of a Dask cluster, recording here.

The machine that runs the command holds the course (submitted/, the gradebook's URL, the hidden tests).
For each submission still to record it sends the files to grade (the notebook, and the module when the
student changed it) to the cluster; a Dask worker grades them with its warm grader (the same sandboxed
template and pytest session per assignment as a local worker: `WarmGrader`) and answers with data
only: a JSON text holding, per file, the contract's report and the plot's numbers. Here each answer is
checked, put in the grading cache, and recorded exactly as a local run records it
(`autograde.record_graded`: its GradeWithEngine takes the result handed over, the marker follows).
The reports and the plot speak the language of the submitted notebook, decided here (`Upload.lang`).

The assignment's instructor files (hidden tests, reference, mistake catalog) travel to the workers
once per run, through the cluster's own connections (TLS in the documented setup, docs/scaling.md), and
live in a private temporary folder of each worker process. A Dask worker that dies takes nothing with
it: the scheduler gives its tasks to another worker, and each submission is recorded here once, when
its answer arrives; a submission whose answer never came has no marker, so a rerun grades it.

Only this module imports `distributed`, and only when `--scheduler` is given.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import math
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from autograder.config import Settings
from autograder.course import Assignment

LOST_RETRIES = 3
"""Times a submission is sent again when the cluster lost it (its worker, or the workers holding the
instructor files, died; Dask itself already moves a dead worker's tasks elsewhere)."""

IN_FLIGHT = 256
"""Submissions sent to the cluster and not answered yet, at most (the rest wait here, not in memory
on the scheduler)."""


class ClusterUnavailable(RuntimeError):
    """`distributed` is not installed, or the scheduler cannot be reached."""


@dataclass(frozen=True)
class InstructorFiles:
    """An assignment's instructor-only files (its folder under solutions/), as sent to the workers."""

    assignment: Assignment
    files: tuple[tuple[str, bytes], ...]
    """(path relative to the assignment's solutions folder, bytes), sorted."""
    digest: str
    """sha256 over names and bytes: a worker keeps one warm grader per assignment and digest."""


@dataclass(frozen=True)
class Upload:
    """One submission's files to grade, as sent to a worker."""

    shown_as: str
    """The folder as reports name it, e.g. submitted/u01/ps1_gradient_descent."""
    files: tuple[tuple[str, bytes], ...]
    """(file name, bytes), the notebook first."""
    lang: str
    """The language the reports and the plot are to speak (the notebook's, else the course's)."""


def instructor_files(settings: Settings, assignment: Assignment) -> InstructorFiles:
    """Read the assignment's folder under the course's solutions (Python files and data, no caches)."""
    folder = settings.solutions_dir / assignment.name
    files = tuple(
        (str(p.relative_to(folder)), p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    )
    digest = hashlib.sha256()
    for name, content in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return InstructorFiles(assignment, files, digest.hexdigest())


# ------------------------------------------------------------------ on a Dask worker


def grade_upload(instructor: InstructorFiles, settings: Settings, upload: Upload) -> str:
    """A Dask task: grade `upload`'s files with this worker process's warm grader of the assignment.

    Returns JSON text, a list of {"file_name", "report", "curves"}: the report as `autograder grade
    --json` prints it, the plot's numbers (or null). Raises only for faults on the grader's side.
    """
    return _warm_grader(instructor, settings).grade_upload(upload)


_GRADER_LOCK = threading.Lock()
_GRADER: dict[str, WarmGrader] = {}
"""In a worker process: its one warm grader (the last assignment it graded)."""


def _warm_grader(instructor: InstructorFiles, settings: Settings) -> WarmGrader:
    key = hashlib.sha256(f"{instructor.digest}\0{settings!r}".encode()).hexdigest()
    with _GRADER_LOCK:
        current = _GRADER.get("current")
        if current is None or current.key != key or current.failure is not None:
            if current is not None:  # one pytest session per process at a time
                current.close()
            current = _GRADER["current"] = WarmGrader(key, instructor, settings)
        return current


@atexit.register
def _close_grader() -> None:
    with _GRADER_LOCK:
        if "current" in _GRADER:
            _GRADER.pop("current").close()


class WarmGrader:
    """One assignment's grader in a worker process: the instructor files in a private folder, and a
    thread running the grader's one pytest session over the submissions it is handed, one at a time."""

    def __init__(self, key: str, instructor: InstructorFiles, settings: Settings) -> None:
        self.key = key
        self.assignment = instructor.assignment
        self.folder = Path(tempfile.mkdtemp(prefix="descent-kit-worker-"))  # mode 0700
        solutions = self.folder / "solutions"
        for name, content in instructor.files:
            path = solutions / self.assignment.name / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        (self.folder / "uploads").mkdir()
        self.settings = replace(settings, course_root=self.folder, solutions_dir=solutions)
        self.jobs: queue.Queue[Any] = queue.Queue()
        self.reports: queue.Queue[Any] = queue.Queue()
        self.failure: str | None = None
        self.lock = threading.Lock()
        self.count = 0
        self.thread = threading.Thread(target=self._serve, name="descent-kit-grader", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        from autograder.run import Grader

        os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        try:
            with Grader(self.assignment, self.settings, warm=True) as grader:
                grader.grade_many(iter(self.jobs.get, None), self.reports.put)
        except BaseException as err:  # noqa: B036 - whatever stops the session, the waiting task hears of it
            self.failure = f"{type(err).__name__}: {str(err)[:500]}"
        finally:
            self.failure = self.failure or "the grading session ended"
            self.reports.put(None)

    def grade_upload(self, upload: Upload) -> str:
        from autograder.messages import Messages
        from autograder.nbgrader_plugin.curves import PlotCalls
        from autograder.nbgrader_plugin.grading import contract_json
        from autograder.run import Job

        settings = replace(self.settings, lang=upload.lang)
        with self.lock:
            self.count += 1
            folder = self.folder / "uploads" / str(self.count)
            folder.mkdir()
            try:
                graded = []
                for name, content in upload.files:
                    if self.failure is not None:
                        raise RuntimeError(f"the worker's grader stopped: {self.failure}")
                    path = folder / Path(name).name
                    path.write_bytes(content)
                    plot = PlotCalls(self.assignment, self.settings.solutions_dir)
                    self.jobs.put(Job(path, f"{upload.shown_as}/{path.name}", plot))
                    report = self.reports.get()
                    if report is None:
                        raise RuntimeError(f"the worker's grader stopped: {self.failure}")
                    graded.append({"file_name": path.name, "report": contract_json(report, settings),
                                   "curves": plot.as_json(Messages(settings.lang))})
                return json.dumps(graded)
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


# ------------------------------------------------------------------ on the recording side


def connect(address: str) -> Any:
    """A Dask client of the scheduler at `address`; TLS settings come from Dask's configuration
    (DASK_DISTRIBUTED__COMM__TLS__* or ~/.config/dask/*.yaml, docs/scaling.md)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterUnavailable(
            "--scheduler needs Dask's distributed package: pip install 'descent-kit-autograder[dask]'"
        ) from None
    import dask

    if address.startswith("tls://") and not dask.config.get("distributed.comm.tls.ca-file", None):
        raise ClusterUnavailable(
            f"the scheduler at {address} speaks TLS: set DASK_DISTRIBUTED__COMM__TLS__CA_FILE, "
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT and DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY (docs/scaling.md)"
        )
    try:  # waits distributed.comm.timeouts.connect (30 s unless configured)
        return Client(address, set_as_default=False)
    except Exception as err:  # refused, timed out, certificate not accepted: say so, no traceback
        reason = " ".join(str(err).split())[:300] or type(err).__name__
        _quietly_collect()
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def _quietly_collect() -> None:
    """Collect the half-made Client now: its `__del__` would print a traceback of its own at exit."""
    import gc
    import sys

    hook, sys.unraisablehook = sys.unraisablehook, lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def parse_answer(answer: str, upload: Upload) -> list[dict[str, Any]]:
    """The worker's JSON answer, checked: one entry per file sent, reports with finite scores in range."""
    graded = json.loads(answer)
    sent = [Path(name).name for name, _ in upload.files]
    if not isinstance(graded, list) or [g.get("file_name") if isinstance(g, dict) else None
                                         for g in graded] != sent:
        raise ValueError("the worker's answer does not match the files sent")
    for g in graded:
        report, curves = g.get("report"), g.get("curves")
        if not isinstance(report, dict) or not isinstance(report.get("tests"), list):
            raise ValueError("the worker's answer holds no report")
        score, top = report.get("score"), report.get("max_score")
        if not all(isinstance(x, (int, float)) and math.isfinite(x) for x in (score, top)) or not 0 <= score <= top:
            raise ValueError("the worker's answer holds an impossible score")
        if curves is not None and not isinstance(curves, dict):
            raise ValueError("the worker's answer holds a malformed plot")
    return graded


def run_on_cluster(
    address: Any, course_root: Path, assignment_name: str, pending: list[Any], recorders: int = 1
) -> Iterator[Any]:
    """Grade `pending` (one assignment) on the cluster at `address` and have `recorders` processes here
    record each submission as its answer arrives; yield each `autograde.Outcome`.

    `address` may also be a connected `distributed.Client` (e.g. a Dask Gateway cluster's
    `get_client()`, whose address needs the gateway's own connection class); it is left open."""
    import multiprocessing

    from autograder.course import get_assignment
    from autograder.nbgrader_plugin.autograde import (
        Graded,
        Outcome,
        course_settings,
        record_graded,
        submitted_fingerprint,
    )
    from autograder.nbgrader_plugin.grading import (
        CacheKeys,
        GradedFile,
        choose,
        files_to_grade,
        in_folders_language,
        store_json,
    )

    if not pending:
        return
    assignment = get_assignment(assignment_name)
    settings = course_settings(course_root)
    keys = CacheKeys()  # the instructor files are read once, below, and sent to the workers as they are
    client = connect(address) if isinstance(address, str) else address
    from distributed import as_completed

    context = multiprocessing.get_context("spawn")  # this process runs Dask's threads
    jobs, results = context.Queue(), context.Queue()
    count = max(1, min(recorders, len(pending)))
    processes = [context.Process(target=record_graded, args=(course_root, assignment_name, jobs, results),
                                 daemon=True) for _ in range(count)]
    for process in processes:
        process.start()
    recording: dict[tuple[str, str], Any] = {}

    def recorded(block: bool) -> Iterator[Any]:
        """Outcomes the recorders have finished (waiting for at least one when `block`)."""
        while recording:
            try:
                outcome = results.get(timeout=2 if block else 0.001)
            except queue.Empty:
                if not block:
                    return
                if not any(p.is_alive() for p in processes):  # they died: nothing more will come
                    for item in recording.values():
                        yield Outcome(item, None, False, "the recording process stopped before recording it")
                    recording.clear()
                    return
                continue
            if recording.pop((outcome.pending.assignment, outcome.pending.student), None) is not None:
                yield outcome
                block = False

    try:
        files = instructor_files(settings, assignment)
        shared = {"instructor": client.scatter(files, broadcast=True, hash=False)}
        waiting = list(pending)
        sent: dict[Any, tuple[Any, str, Upload, int]] = {}

        def submit(item: Any, fingerprint: str, upload: Upload, attempt: int) -> Any:
            if shared["instructor"].status != "finished":  # every worker holding it died: send it again
                shared["instructor"] = client.scatter(files, broadcast=True, hash=False)
            key = f"descent-kit-{item.assignment}-{item.student}-{fingerprint[:16]}-{attempt}"
            future = client.submit(grade_upload, shared["instructor"], settings, upload, pure=False, key=key)
            sent[future] = (item, fingerprint, upload, attempt)
            return future

        def send() -> Any:
            item = waiting.pop(0)
            fingerprint = submitted_fingerprint(item)
            shown = os.path.relpath(item.folder, item.course_root)
            paths = files_to_grade(item.folder, f"{item.assignment}.ipynb", assignment, item.stub)
            lang = in_folders_language(settings, item.folder / f"{item.assignment}.ipynb").lang
            return submit(item, fingerprint, Upload(shown, tuple((p.name, p.read_bytes()) for p in paths), lang), 0)

        futures = as_completed([send() for _ in range(min(IN_FLIGHT, len(waiting)))], loop=client.loop)
        for future in futures:
            item, fingerprint, upload, attempt = sent.pop(future)
            if waiting:
                futures.add(send())
            if attempt < LOST_RETRIES and _lost(future):  # its worker (or its data's) died: grade it again
                future.release()
                futures.add(submit(item, fingerprint, upload, attempt + 1))
                continue
            try:
                if not upload.files:
                    raise ValueError(f"nothing to grade in {upload.shown_as}")
                answer = parse_answer(future.result(), upload)
                graded = []
                spoken = replace(settings, lang=upload.lang)  # the cache key GradeWithEngine computes
                for (name, content), g in zip(upload.files, answer):
                    store_json(keys.key(content, assignment, spoken), g["report"], g["curves"], assignment, spoken)
                    graded.append(GradedFile(name, g["report"], g["curves"]))
                chosen = choose(graded, upload.lang)
                recording[(item.assignment, item.student)] = item
                jobs.put(Graded(item, fingerprint, chosen.chosen.score if chosen else None,
                                chosen.as_json() if chosen else None))
            except Exception as err:  # this submission only (a grader-side fault, a bad answer)
                yield Outcome(item, None, False, f"{type(err).__name__}: {str(err)[:300]}")
            future.release()
            yield from recorded(block=False)
        for _ in processes:
            jobs.put(None)
        while recording:
            yield from recorded(block=True)
    finally:
        # Done, or interrupted: stop the recorders now. What nbgrader recorded stays, and a submission
        # cut off mid-write has no marker, so a rerun grades it again.
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=10)
        if client is not address:
            client.close()


def _lost(future: Any) -> bool:
    """Whether the cluster lost this task (cancelled after the data it needed was lost, or given up
    after killing workers), rather than the grader failing on it."""
    from distributed.scheduler import KilledWorker

    if future.status == "cancelled":
        return True
    return future.status == "error" and isinstance(future.exception(), KilledWorker)
