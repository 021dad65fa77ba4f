"""The engine's verdict on one nbgrader submission folder, computed once and kept by content.

A student's folder holds the notebook and the assignment's module (released as a stub); the notebook
says "submit either file". The notebook is graded; the module too when the student changed it, and the
better of the two counts (a tie goes to the notebook). Each file's result (the engine's GradeReport as
JSON, plus the loss-curve plot) is cached under the course's grading cache, keyed by the file's bytes
and by everything else that could change the result: the assignment's instructor files (hidden tests,
reference, mistake catalog), the engine's own code and its settings (limits, language, sandbox). So regrading an unchanged submission costs nothing and always agrees with itself,
and `autograder autograde` can grade many submissions in parallel before nbgrader stores them one by one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import autograder
from autograder.config import Settings, load_settings
from autograder.course import Assignment, hidden_tests_path
from autograder.results import GradeReport
from autograder.run import Grader, grade

CACHE_DIR = "grading_cache"
CACHE_VERSION = "2"  # 2: plots kept as numbers, drawn for the feedback page


@dataclass(frozen=True)
class GradedFile:
    """One file's result: the contract's JSON report and the plot (or None)."""

    file_name: str
    report: dict[str, Any]
    curves: dict[str, Any] | None

    @property
    def score(self) -> float:
        return float(self.report["score"])


@dataclass(frozen=True)
class GradedSubmission:
    """What counts for a submission folder, and what else was graded, in the folder's language."""

    chosen: GradedFile
    others: tuple[GradedFile, ...]
    lang: str
    """The language the reports and the plot speak: the notebook's own, else the course's."""

    def as_json(self) -> str:
        """As JSON text, to hand from a grading process to a recording process."""
        files = [{"file_name": g.file_name, "report": g.report, "curves": g.curves}
                 for g in (self.chosen, *self.others)]
        return json.dumps({"files": files, "lang": self.lang})

    @classmethod
    def from_json(cls, text: str) -> GradedSubmission:
        data = json.loads(text)
        files = [GradedFile(f["file_name"], f["report"], f["curves"]) for f in data["files"]]
        return cls(files[0], tuple(files[1:]), data["lang"])


def files_to_grade(folder: Path, notebook: str, assignment: Assignment, stub: Path | None) -> list[Path]:
    """The notebook, then the module if the student changed it from the released stub."""
    files = [folder / notebook] if (folder / notebook).is_file() else []
    module = folder / assignment.module
    if module.is_file() and (stub is None or not stub.is_file() or module.read_bytes() != stub.read_bytes()):
        files.append(module)
    return files


def grade_submission(
    folder: Path,
    notebook: str,
    assignment: Assignment,
    settings: Settings,
    stub: Path | None,
    shown_as: str,
    grader: Grader | None = None,
) -> GradedSubmission | None:
    """Grade the folder's files (cached); None when it holds none of them.

    `grader`, a warm `autograder.run.Grader` of this assignment, makes grading many folders cheaper.
    Messages (and the plot's words) are in the language of the folder's notebook (autograder.languages).
    """
    settings = in_folders_language(settings, folder / notebook)
    return choose(
        [
            grade_file(path, assignment, settings, f"{shown_as}/{path.name}", grader)
            for path in files_to_grade(folder, notebook, assignment, stub)
        ],
        settings.lang,
    )


def engine_settings(
    course_root: Path, solutions_dir: str = "", call_seconds: float = 0.0, load_seconds: float = 0.0
) -> Settings:
    """The engine's settings for the course at `course_root` as nbgrader's GradeWithEngine step grades
    with them: the course's and the environment's (AUTOGRADER_*), then the step's own options
    (`c.GradeWithEngine.solutions_dir`, `.call_seconds`, `.load_seconds`; empty or 0 keeps the engine's)."""
    settings = load_settings(course_root, {**os.environ, "AUTOGRADER_COURSE": str(course_root)})
    if solutions_dir:
        settings = replace(settings, solutions_dir=Path(solutions_dir).resolve())
    limits = {"call_seconds": float(call_seconds), "load_seconds": float(load_seconds)}
    return settings.with_limits(**{k: v for k, v in limits.items() if v > 0})


def in_folders_language(settings: Settings, notebook: Path) -> Settings:
    """`settings` speaking the language the submitted `notebook` says it is written in (if any): the
    language of its reports, its plot and its feedback page, and so part of its cache key."""
    from autograder.languages import notebook_language

    lang = notebook_language(notebook) or settings.lang
    return settings if lang == settings.lang else replace(settings, lang=lang)


def choose(graded: list[GradedFile], lang: str) -> GradedSubmission | None:
    """The file that counts (the best score; a tie goes to the notebook), and the others."""
    if not graded:
        return None
    chosen = max(graded, key=lambda g: (g.score, g.file_name.endswith(".ipynb")))
    return GradedSubmission(chosen, tuple(g for g in graded if g is not chosen), lang)


def grade_file(
    path: Path, assignment: Assignment, settings: Settings, shown_as: str, grader: Grader | None = None
) -> GradedFile:
    """The engine's report and the plot for one file, from the cache when nothing changed."""
    key = cache_key(path.read_bytes(), assignment, settings)
    cached = cached_file(path, assignment, settings, shown_as, key)
    if cached is not None:
        return cached
    from autograder.nbgrader_plugin.curves import PlotCalls

    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # as `autograder grade` runs pytest
    plot = PlotCalls(assignment, settings.solutions_dir)
    try:
        graded = (
            grader.grade(path, shown_as, plot)
            if grader is not None
            else grade(assignment, path, settings, shown_as, after_tests=plot)
        )
    finally:
        if grader is None:
            forget_hidden_tests(settings)
    from autograder.messages import Messages

    return store_file(path, graded, assignment, settings, plot.as_json(Messages(settings.lang)), key)


def cached_file(path: Path, assignment: Assignment, settings: Settings, shown_as: str, key: str) -> GradedFile | None:
    """The cached result for this file, whose bytes have the `cache_key` `key`, or None."""
    try:
        cached = json.loads(cache_path(settings, assignment, key).read_text())
        if cached.get("key") == key:
            return GradedFile(path.name, {**cached["report"], "submission": shown_as}, cached["curves"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def store_file(
    path: Path, graded: GradeReport, assignment: Assignment, settings: Settings, curves: dict[str, Any] | None,
    key: str,
) -> GradedFile:
    """Cache the engine's report on this file, whose bytes have the `cache_key` `key`, with the numbers
    of its plot (`PlotCalls.as_json`)."""
    report = contract_json(graded, settings)
    store_json(key, report, curves, assignment, settings)
    return GradedFile(path.name, report, curves)


def store_json(
    key: str, report: dict[str, Any], curves: dict[str, Any] | None, assignment: Assignment, settings: Settings
) -> None:
    """Cache the result of a file whose bytes have the `cache_key` `key`, given as data (the contract's
    JSON report, the plot's numbers), e.g. as a Dask worker sent it back (cluster.py)."""
    _write_atomically(cache_path(settings, assignment, key),
                      json.dumps({"key": key, "report": report, "curves": curves}))


def contract_json(report: GradeReport, settings: Settings) -> dict[str, Any]:
    """The report as `autograder grade --json` prints it: messages in the course's language."""
    from autograder.messages import Messages

    return report.in_language(Messages(settings.lang)).as_json()


def forget_hidden_tests(settings: Settings) -> None:
    """Drop imported hidden-test modules: pytest imports every test_hidden.py as `test_hidden`, and a
    second assignment graded in the same process would otherwise run the first one's tests."""
    solutions = str(settings.solutions_dir.resolve())
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(solutions):
            del sys.modules[name]


def cache_key(content: bytes, assignment: Assignment, settings: Settings) -> str:
    """Hash of the submission and of everything on the grader's side that its result depends on (the
    engine's and the hidden tests' sources as they are now)."""
    return _key(_grader_side(assignment, settings), content)


class CacheKeys:
    """`cache_key` for a grading process whose grader loaded the hidden tests and the engine once, at
    its start: the grader's side is hashed at the first key and kept (its sources are not walked
    again for every submission)."""

    def __init__(self) -> None:
        self._sides: dict[tuple[str, Settings], Any] = {}

    def key(self, content: bytes, assignment: Assignment, settings: Settings) -> str:
        side = self._sides.get((assignment.name, settings))
        if side is None:
            side = self._sides[(assignment.name, settings)] = _grader_side(assignment, settings)
        return _key(side, content)


def _grader_side(assignment: Assignment, settings: Settings) -> Any:
    digest = hashlib.sha256()
    for part in (CACHE_VERSION.encode(), assignment.name.encode(), repr(settings).encode()):
        digest.update(hashlib.sha256(part).digest())
    for part_digest in (*_sources(hidden_tests_path(settings, assignment).parent),
                        *_sources(Path(autograder.__file__).resolve().parent)):
        digest.update(part_digest)
    return digest


def _key(grader_side: Any, content: bytes) -> str:
    digest = grader_side.copy()
    digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def _sources(folder: Path) -> tuple[bytes, ...]:
    """The sha256 of the name and of the contents of each Python file under `folder` (hidden tests,
    reference, mistake catalog; or the engine's own code), in order."""
    found = []
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        found.extend(os.path.join(top, n) for n in names if n.endswith(".py"))
    signature = tuple((p, s.st_mtime_ns, s.st_size) for p in sorted(found, key=Path) for s in [os.stat(p)])
    return _read_sources(folder, signature)


@functools.lru_cache(maxsize=16)
def _read_sources(folder: Path, signature: tuple[tuple[str, int, int], ...]) -> tuple[bytes, ...]:
    """`_sources`, read again only when a file's name, size or modification time changed."""
    return tuple(hashlib.sha256(part).digest() for name, _, _ in signature
                 for part in (str(Path(name).relative_to(folder)).encode(), Path(name).read_bytes()))


def cache_path(settings: Settings, assignment: Assignment, key: str) -> Path:
    return settings.course_root / CACHE_DIR / assignment.name / f"{key}.json"


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "w") as f:
        f.write(text)
    os.replace(temporary, path)
