"""Grade many submissions of one assignment in parallel, each worker process paying its set-up once.

Each of N processes owns one warm `Grader` (pytest collected once, workers forked from a template) and
pulls jobs from a shared queue, so fast and slow submissions balance out. Reports come back as the
contract's JSON objects (messages in the settings' language), in completion order.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from autograder.config import Settings
from autograder.course import Assignment

_DONE = None


def _jobs_from(jobs: Any) -> Iterator[Any]:
    from pathlib import Path

    from autograder.run import Job

    while (item := jobs.get()) is not _DONE:
        yield Job(Path(item[0]), item[1])


def _serve(assignment: Assignment, settings: Settings, jobs: Any, results: Any, explicit_lang: bool) -> None:
    """One batch process: grade jobs from the queue until it is empty; send each report as JSON."""
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    from autograder.languages import language_for
    from autograder.messages import Messages
    from autograder.run import Grader

    def send(report: Any) -> None:
        # Each report in its own notebook's language, unless --lang chose one for all.
        lang = language_for(Path(report.submission), settings.lang if explicit_lang else None, settings.lang)
        results.put(("report", report.in_language(Messages(lang)).as_json()))

    try:
        with Grader(assignment, settings, warm=True) as grader:
            grader.grade_many(_jobs_from(jobs), send)
    except Exception as err:  # reported to the parent, which decides what to do
        results.put(("failed", f"{type(err).__name__}: {err}"))
    results.put(("exit", None))


def grade_batch(
    assignment: Assignment,
    submissions: Sequence[tuple[str, str]],
    settings: Settings,
    workers: int,
    on_report: Callable[[dict[str, Any]], None],
    explicit_lang: bool = False,
) -> list[str]:
    """Grade (path, shown_as) pairs with `workers` processes; returns grader failures (empty when all went well)."""
    context = multiprocessing.get_context("spawn")
    jobs, results = context.Queue(), context.Queue()
    for path, shown_as in submissions:
        jobs.put((path, shown_as))
    workers = max(1, min(workers, len(submissions)))
    for _ in range(workers):
        jobs.put(_DONE)
    processes = [context.Process(target=_serve, args=(assignment, settings, jobs, results, explicit_lang), daemon=True)
                 for _ in range(workers)]
    for process in processes:
        process.start()
    failures: list[str] = []
    running = workers
    while running:
        try:
            kind, payload = results.get(timeout=5)
        except queue.Empty:
            if not any(p.is_alive() for p in processes):
                failures.append("a batch process died without reporting")
                break
            continue
        if kind == "report":
            on_report(payload)
        elif kind == "failed":
            failures.append(payload)
        else:
            running -= 1
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    return failures
