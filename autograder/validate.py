"""`autograder validate`: run a submission against the notebook's visible tests, in the sandbox, quickly.

For students, before they submit. It never opens the hidden tests or the reference solution (it does
not even need them on the machine), and it awards no points: a green validate says the submission loads,
defines every graded function with the right parameters and passes the checks everybody can read.

Visible tests are the read-only check cells of the released notebook (nbgrader metadata
`solution: false, grade: false, locked: true`), plus any visible asserts of graded test cells with
their `### BEGIN HIDDEN TESTS` regions removed. They are public, so they run inside the sandboxed worker,
each after the student's code, as one more piece of code; the worker only says which pieces raised.
A submission that tampers with its worker can make its own checks look green, which fools nobody but
itself: the grade comes from the hidden tests, run by the trusted grader.

Pipeline: guess_assignment -> find_visible_tests -> read_visible_tests -> run in the worker -> judge.
"""

from __future__ import annotations

import ast
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from autograder.config import Settings
from autograder.course import Assignment, course_assignments
from autograder.messages import Messages, Text
from autograder.submission import NOTEBOOK_KEEPS, Chunk, read_submission

HIDDEN_REGION = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[ \t]*$\n?", re.M | re.S
)
LEFT_OUT_IMPORTS = ("matplotlib", "seaborn", "IPython")
"""Plotting and display libraries: slow to import and never needed by a check."""
START_SECONDS = 20.0
"""Time for the worker's interpreter to start: the grader's, not the student's."""


@dataclass(frozen=True)
class VisibleTest:
    """One check cell of the released notebook."""

    name: str
    """Its nbgrader grade_id, e.g. 'check_get_minimizer_x'."""
    functions: tuple[str, ...]
    """The graded functions it calls."""
    code: str


@dataclass(frozen=True)
class CheckResult:
    """How a submission did on one visible test."""

    name: str
    functions: tuple[str, ...]
    status: str
    """passed, failed, error or timeout."""
    message: str = ""


@dataclass(frozen=True)
class ValidationReport:
    """Everything `validate` found: checks run, and what to fix before submitting."""

    assignment: str
    submission: str
    tests_from: str
    """The notebook the visible tests were read from."""
    checks: tuple[CheckResult, ...]
    problems: tuple[str, ...]
    """What to fix, in plain words (missing functions, wrong parameters, code that does not load)."""
    seconds: float
    lang: str = "en"
    """The language of every message: the submitted notebook's (autograder.languages)."""

    @property
    def ok(self) -> bool:
        return not self.problems and all(c.status == "passed" for c in self.checks)

    def as_json(self) -> dict[str, Any]:
        return {
            "assignment": self.assignment,
            "submission": self.submission,
            "tests_from": self.tests_from,
            "ok": self.ok,
            "checks": [
                {"name": c.name, "functions": list(c.functions), "status": c.status, "message": c.message}
                for c in self.checks
            ],
            "problems": list(self.problems),
            "seconds": round(self.seconds, 3),
            "lang": self.lang,
        }


class NoVisibleTests(FileNotFoundError):
    """No released notebook with visible tests was found for the assignment."""


# ---------------------------------------------------------------- finding the tests


def guess_assignment(path: Path, settings: Settings | None = None) -> Assignment | None:
    """The assignment a file belongs to, from its name or its folder's name."""
    for a in course_assignments(settings).values():
        if path.name == a.module or path.stem == a.name or path.parent.name == a.name:
            return a
    return _from_released_notebook(path)


def _from_released_notebook(path: Path) -> Assignment | None:
    """Outside the course (a student's folder `<assignment>/` with the released `<assignment>.ipynb`):
    the assignment as that notebook describes it, its graded functions read from its answer cells."""
    notebook = path if path.suffix == ".ipynb" else path.parent / f"{path.parent.name}.ipynb"
    if notebook.stem != path.parent.name or not notebook.is_file():
        return None
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        ids = [str(c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")) for c in cells]
    except (OSError, ValueError, AttributeError):
        return None
    functions = tuple(i.removeprefix("answer_") for i in ids if i.startswith("answer_"))
    # the module students may fill in instead sits beside the notebook; a notebook is checked without it
    module = path.name if path.suffix == ".py" else next((p.name for p in path.parent.glob("*.py")), "")
    if not functions or not module and path.suffix == ".py":
        return None
    return Assignment(path.parent.name, module, functions)


def find_visible_tests(assignment: Assignment, submission: Path, settings: Settings) -> Path:
    """The released notebook in the run's language: the course's release_<lang>/ copy (a language other
    than the course's) or release/ copy if present, else the one beside the submission."""
    candidates = [
        settings.course_root / f"release_{settings.lang}" / assignment.name / f"{assignment.name}.ipynb",
        settings.course_root / "release" / assignment.name / f"{assignment.name}.ipynb",
        submission.parent / f"{assignment.name}.ipynb",
        *sorted(submission.parent.glob("*.ipynb")),
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise NoVisibleTests(
        f"no notebook with the visible tests of {assignment.name} was found (looked for "
        f"{assignment.name}.ipynb beside {submission.name} and in the course's release/ folder); "
        "use --tests NOTEBOOK"
    )


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _has_code(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


@dataclass(frozen=True)
class Piece:
    """A piece of the released notebook, in order: course code (data, helpers) or a visible test."""

    code: str
    test: VisibleTest | None = None


def read_visible_tests(notebook: Path, assignment: Assignment) -> list[Piece]:
    """The released notebook's course code and visible tests, in notebook order.

    Course code is what its ordinary code cells define (imports, data, helper functions), without
    plots, prints or plotting imports; visible tests are its read-only check cells. The file is read
    as plain JSON: importing nbformat costs seconds (its schema validator), and nothing is executed here.
    """
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        cells = [c for c in nb["cells"] if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise NoVisibleTests(f"cannot read the notebook {notebook}: {err}") from None
    pieces: list[Piece] = []
    for index, cell in enumerate(cells, 1):
        if cell.get("cell_type") != "code":
            continue
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        text = _source(cell)
        if meta.get("solution"):
            continue
        if meta.get("locked") or meta.get("grade"):
            code = HIDDEN_REGION.sub("", text)
            if _has_code(code):
                name = str(meta.get("grade_id") or f"cell {index}")
                used = tuple(f for f in assignment.functions if re.search(rf"\b{f}\s*\(", code))
                pieces.append(Piece(code, VisibleTest(name, used, code)))
            continue
        pieces += [Piece(code) for code in _course_code(text)]
    return pieces


def _course_code(text: str) -> list[str]:
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    keep = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [getattr(node, "module", None) or "", *(a.name for a in node.names)]
            if any(n.split(".")[0] in LEFT_OUT_IMPORTS for n in names if n):
                continue
        elif not isinstance(node, NOTEBOOK_KEEPS):
            continue
        keep.append(ast.get_source_segment(text, node) or "")
    return [k for k in keep if k]


def _stub_parameters(settings: Settings, assignment: Assignment) -> dict[str, list[str]]:
    """Parameter names of the released stub module's functions, if the course's release/ is here."""
    stub = settings.course_root / "release" / assignment.name / assignment.module
    try:
        tree = ast.parse(stub.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return {}
    params = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in assignment.functions:
            a = node.args
            params[node.name] = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
    return params


# ---------------------------------------------------------------- running


@dataclass(frozen=True)
class _Run:
    errors: dict[str, dict[str, Any]]
    """First error of each origin, as the worker reported it."""
    functions: dict[str, Any]
    stopped: dict[int, str]
    """Chunks that hung or killed the worker, and what happened."""


def _run(
    chunks: Sequence[Chunk],
    budgets: Sequence[float],
    assignment: Assignment,
    settings: Settings,
    submission: Path,
) -> _Run:
    """Load all chunks in one sandboxed worker, restarting it past any chunk that hangs or kills it."""
    import secrets

    from autograder.sandbox import (
        FreshLauncher,
        WorkerDied,
        WorkerTimeout,
        become_subreaper,
        plan_sandbox,
    )
    from autograder.session import GraderFailure

    plan = plan_sandbox(settings)
    become_subreaper()
    launcher = FreshLauncher(plan, settings)
    scratch = launcher.scratch_for(submission)
    stopped: dict[int, str] = {}
    try:
        for _ in range(settings.limits.restarts + 1):
            worker = launcher.start(scratch.path)
            try:
                try:
                    ready = worker.receive(time.monotonic() + START_SECONDS)
                except (WorkerDied, WorkerTimeout) as err:
                    raise GraderFailure(f"the sandboxed worker did not start ({err})") from None
                if ready.get("op") != "ready":
                    raise GraderFailure("the sandboxed worker did not start properly")
                request = {
                    "op": "load",
                    "id": secrets.token_hex(8),
                    "module": assignment.module_name,
                    "functions": list(assignment.functions),
                    "skip": sorted(stopped),
                    "chunks": [
                        {"origin": c.origin, "code": c.code, "first_line": c.first_line} for c in chunks
                    ],
                }
                worker.send(request)
                current, deadline = None, time.monotonic() + settings.limits.load_seconds
                try:
                    while True:
                        message = worker.receive(deadline)
                        if message.get("event") == "chunk" and isinstance(message.get("index"), int):
                            current = message["index"]
                            if not 0 <= current < len(chunks):
                                raise WorkerDied("the worker named a piece of code that does not exist")
                            deadline = time.monotonic() + budgets[current]
                        elif message.get("id") == request["id"]:
                            break
                except (WorkerDied, WorkerTimeout) as err:
                    if current is None or current in stopped:
                        raise GraderFailure(
                            "your code could not be loaded: the process running it failed"
                        ) from None
                    stopped[current] = (
                        Text("validate.still_running", seconds=budgets[current])
                        if isinstance(err, WorkerTimeout)
                        else Text("validate.stopped_process", error=str(err))
                    )
                    continue
            finally:
                worker.kill()
            errors: dict[str, dict[str, Any]] = {}
            for e in message.get("errors", []) if isinstance(message.get("errors"), list) else []:
                if isinstance(e, dict) and isinstance(e.get("origin"), str):
                    errors.setdefault(e["origin"], e)
            functions = message.get("functions") if isinstance(message.get("functions"), dict) else {}
            return _Run(errors, functions, stopped)
        raise GraderFailure("your code stopped the worker too many times")
    finally:
        launcher.close()
        scratch.remove()


def _short(value: Any, limit: int = 300) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


def _judge(test: VisibleTest, origin: str, error: dict[str, Any] | None, say: Messages) -> CheckResult:
    if error is None:
        return CheckResult(test.name, test.functions, "passed")
    kind, text, where = (_short(error.get(k, ""), 400) for k in ("type", "text", "where"))
    match = re.match(r"line (\d+)(?: in \S+)? \((.*)\)$", where)
    line = ""
    if match and match.group(2) == origin:
        lines = test.code.splitlines()
        number = int(match.group(1))
        line = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    if kind == "AssertionError":
        key = "validate.check_failed_said" if text else "validate.check_failed"
        return CheckResult(test.name, test.functions, "failed", say(key, said=text, line=line).strip())
    if kind == "NotImplementedError":
        return CheckResult(
            test.name,
            test.functions,
            "error",
            say("validate.not_implemented", text=text, where=where) if where else text,
        )
    place = say("validate.at", where=where) if where and not (match and match.group(2) == origin) else ""
    during = say("validate.while_running", line=line) if line else ""
    return CheckResult(test.name, test.functions, "error", f"{kind}: {text}{place}{during}")


def validate(
    assignment: Assignment,
    submission_path: Path,
    settings: Settings,
    shown_as: str,
    tests_notebook: Path | None = None,
) -> ValidationReport:
    """Check a submission against the visible tests only; never raises for a bad submission."""
    started = time.monotonic()
    say = Messages(settings.lang)
    notebook = tests_notebook or find_visible_tests(assignment, submission_path, settings)
    pieces = read_visible_tests(notebook, assignment)
    submission = read_submission(submission_path, assignment, settings.limits.submission_bytes)
    chunks = list(submission.chunks)
    budgets = [settings.limits.load_seconds] * len(chunks)
    placed: list[tuple[int, VisibleTest, str]] = []
    for piece in pieces:
        if piece.test is None:
            chunks.append(Chunk("course code", piece.code, 1))
            budgets.append(settings.limits.load_seconds)
        else:
            origin = f"visible test {piece.test.name}"
            placed.append((len(chunks), piece.test, origin))
            chunks.append(Chunk(origin, piece.code, 1))
            budgets.append(settings.limits.call_seconds)
    run = _run(chunks, budgets, assignment, settings, submission_path)

    checks = []
    for index, test, origin in placed:
        if index in run.stopped:
            status = "timeout" if "still running" in run.stopped[index] else "error"
            checks.append(
                CheckResult(
                    test.name, test.functions, status, say("validate.check_was", what=run.stopped[index])
                )
            )
        else:
            checks.append(_judge(test, origin, run.errors.get(origin), say))

    problems = [say.render(problem) for problem in submission.problems]
    for index, what in sorted(run.stopped.items()):
        if index < len(submission.chunks):
            c = submission.chunks[index]
            problems.append(say("validate.skipped", origin=c.origin, line=c.first_line, what=what))
    for origin, e in run.errors.items():
        if not origin.startswith(("visible test ", "course code")):
            problems.append(
                f"{_short(e.get('where') or origin)}: {_short(e.get('type'))}: {_short(e.get('text'))}"
            )
    wanted = _stub_parameters(settings, assignment)
    for name in assignment.functions:
        info = run.functions.get(name) if isinstance(run.functions.get(name), dict) else {}
        if not info.get("callable"):
            problems.append(
                say("validate.not_a_function", name=name)
                if info.get("defined")
                else say("validate.no_function", name=name)
            )
        elif name in wanted and isinstance(info.get("params"), list) and info["params"] != wanted[name]:
            got = ", ".join(str(p) for p in info["params"])
            problems.append(say("validate.other_parameters", name=name, got=got, wanted=", ".join(wanted[name])))
    return ValidationReport(
        assignment.name,
        shown_as,
        str(notebook),
        tuple(checks),
        tuple(dict.fromkeys(problems)),
        time.monotonic() - started,
        say.lang,
    )


# ---------------------------------------------------------------- output


def write_text(report: ValidationReport, stream: IO[str]) -> None:
    """Checks with a tick or a cross, then what to fix; says plainly that this is not the grade."""
    from rich.console import Console
    from rich.markup import escape

    say = Messages(report.lang)
    console = Console(file=stream, highlight=False, width=100)
    console.print(f"[bold]{escape(report.assignment)}[/bold]: {escape(report.submission)}")
    console.print(f"[dim]{escape(say('validate.tests_from', notebook=report.tests_from))}[/dim]")
    marks = {
        "passed": "[green]✔[/green]",
        "failed": "[red]✘[/red]",
        "error": "[red]✘[/red]",
        "timeout": "[yellow]⧗[/yellow]",
    }
    for c in report.checks:
        rest = check_line(c).partition(" ")[2]
        console.print(f"  {marks.get(c.status, '?')} {escape(rest)}")
        if c.message:
            console.print(f"      {escape(c.message)}")
    if report.problems:
        console.print(f"\n[bold]{escape(say('validate.fix_first'))}[/bold]")
        for n, p in enumerate(report.problems, 1):
            console.print(f"  {n}. {escape(p)}")
    colour = "green" if report.ok else "red"
    said = verdict(report)
    console.print("\n" + escape(summary(report)).replace(escape(said), f"[{colour}]{escape(said)}[/{colour}]", 1))


MARKS = {"passed": "✔", "failed": "✘", "error": "✘", "timeout": "⧗"}
"""The sign before each check's name, by status."""


def check_line(check: CheckResult) -> str:
    """'✘ check_get_minimizer_x (get_minimizer_x)': a check's sign, name and the functions it calls."""
    about = f" ({', '.join(check.functions)})" if check.functions else ""
    return f"{MARKS.get(check.status, '?')} {check.name}{about}"


def verdict(report: ValidationReport) -> str:
    """'ready to submit' or 'not ready yet', in the report's language."""
    return Messages(report.lang)("validate.ready" if report.ok else "validate.not_ready")


def summary(report: ValidationReport) -> str:
    """The closing sentence: how many checks pass, the verdict, and that these checks are not the grade."""
    passed = sum(c.status == "passed" for c in report.checks)
    return Messages(report.lang)(
        "validate.summary", passed=passed, total=len(report.checks), verdict=verdict(report), seconds=report.seconds
    )


def write_json(report: ValidationReport, stream: IO[str]) -> None:
    stream.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
