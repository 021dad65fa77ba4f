"""Where the time goes when the kit grades one submission, and the floor this machine allows.

    .venv/bin/python bench/breakdown.py [--assignment ps1_gradient_descent] [--runs 30]

Not a test. Prints, each as the median of --runs repetitions (fewer for whole processes):
  1. process start-up and imports: a bare interpreter, and `python -X importtime` of what
     `autograder grade NOTEBOOK` imports, grouped by top-level package;
  2. the pieces of one submission: notebook parsing, sandbox start (a new bwrap + Python + NumPy worker
     against a fork of the warm template, with and without bubblewrap), loading the student's code,
     one call round trip, pytest collection, running the hidden tests, known-mistake diagnosis,
     result handling (report to JSON), and a gradebook write as nbgrader's SaveAutoGrades does it;
  3. the same, measured inside a warm batch (`Grader.grade_many`) over the cohort notebooks, per
     submission, by timing the engine's own functions from the outside (no engine code is changed);
  4. the floor: `os.fork()` of a process with NumPy loaded plus one request/reply over a pipe, and one
     round trip to a child that is already running;
  5. for comparison, what plain nbgrader pays per notebook in its kernel (nbclient): start-up, the
     `%matplotlib inline` cell, the whole student notebook;
  6. what formatting failures in Python's native style (as the engine does) saves against pytest's
     default long style, measured A/B in one process by swapping the plugin's hook from the outside.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
os.environ["PATH"] = f"{BIN}:{os.environ['PATH']}"  # nbgrader runs `alembic` when it creates a gradebook

NOTEBOOKS = ROOT / "tests" / "cohort" / "notebooks"
DIAGNOSIS = ROOT / "tests" / "cohort" / "diagnosis"


def median_ms(run: Callable[[], Any], times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def show(label: str, ms: float, note: str = "") -> None:
    print(f"  {label:<58} {ms:9.2f} ms{('  ' + note) if note else ''}")


# ----------------------------------------------------------------------------- 1. processes and imports


def process_startup(assignment: str, notebook: Path, runs: int) -> None:
    print("\n1. process start-up and imports (whole processes, median of", runs, "runs)")
    python = str(BIN / "python")
    show(
        "python -I -c pass", median_ms(lambda: subprocess.run([python, "-I", "-c", "pass"], check=True), runs)
    )
    show(
        "python -c 'import numpy'",
        median_ms(lambda: subprocess.run([python, "-c", "import numpy"], check=True), runs),
    )
    show(
        "python -c 'import nbformat'",
        median_ms(lambda: subprocess.run([python, "-c", "import nbformat"], check=True), max(3, runs // 3)),
    )
    argv = [python, "-X", "importtime", "-m", "autograder", "grade", assignment, str(notebook), "--json"]
    totals: dict[str, list[int]] = defaultdict(list)
    for _ in range(3):
        err = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True).stderr
        seen: dict[str, int] = {}
        for line in err.splitlines():
            match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
            if match:  # no leading spaces before the name: imported by the program, not by another module
                name = match.group(2).split(".")[0]
                seen[name] = seen.get(name, 0) + int(match.group(1))
        for name, us in seen.items():
            totals[name].append(us)
    print(f"  -X importtime of `autograder grade {assignment} {notebook.name}` (median of 3), top level:")
    ranked = sorted(totals.items(), key=lambda kv: -statistics.median(kv[1]))
    for name, us in ranked[:8]:
        show(f"  import {name} (with what it imports)", statistics.median(us) / 1000)
    show("  all imports", sum(statistics.median(us) for us in totals.values()) / 1000)


# ----------------------------------------------------------------------------- 2. one submission, piece by piece


def pieces(assignment_name: str, notebook: Path, runs: int) -> None:
    import nbformat  # noqa: F401 -- imported up front, so that parsing below is parsing only

    from autograder.config import load_settings
    from autograder.course import get_assignment
    from autograder.run import PYTEST_ARGS, Grader
    from autograder.sandbox import FreshLauncher, Scratch, TemplateLauncher, plan_sandbox
    from autograder.session import StudentSession
    from autograder.submission import read_submission

    print(f"\n2. one submission ({notebook.name}), piece by piece (median of {runs})")
    settings = load_settings(ROOT)
    assignment = get_assignment(assignment_name)
    limit = settings.limits.submission_bytes
    show("read + json.loads the notebook file", median_ms(lambda: json.loads(notebook.read_bytes()), runs))
    show(
        "read_submission (parse the JSON, split cells into chunks)",
        median_ms(lambda: read_submission(notebook, assignment, limit), runs),
    )
    submission = read_submission(notebook, assignment, limit)

    def start_ready(launcher: Any, scratch: Scratch) -> Any:
        worker = launcher.start(scratch.path)
        worker.receive(time.monotonic() + 60)
        return worker

    for mode in ("auto", "minimal"):
        plan = plan_sandbox(replace(settings, sandbox=mode))
        label = "bwrap + " if plan.bwrap else ""
        for kind, make in (("new interpreter", FreshLauncher), ("fork of warm template", TemplateLauncher)):
            started = time.perf_counter()
            launcher = make(plan, replace(settings, sandbox=mode))
            setup = (time.perf_counter() - started) * 1000
            samples = []
            for _ in range(runs if make is TemplateLauncher else max(3, runs // 3)):
                scratch = launcher.scratch_for(notebook)
                t0 = time.perf_counter()
                worker = start_ready(launcher, scratch)
                samples.append(time.perf_counter() - t0)
                worker.kill()
                launcher.sweep()
                scratch.remove()
            note = f"(template start-up, once: {setup:.0f} ms)" if make is TemplateLauncher else ""
            show(f"worker start, {label}{kind} [{mode}]", statistics.median(samples) * 1000, note)
            launcher.close()

    plan = plan_sandbox(settings)
    launcher = TemplateLauncher(plan, settings)
    loads, calls, closes = [], [], []
    for _ in range(runs):
        scratch = launcher.scratch_for(notebook)
        session = StudentSession(submission, assignment, settings, launcher, scratch)
        t0 = time.perf_counter()
        session.load()
        t1 = time.perf_counter()
        for _ in range(10):
            session.call(assignment.functions[0], _first_args(assignment.name), {})
        t2 = time.perf_counter()
        session.close()
        launcher.sweep()
        scratch.remove()
        t3 = time.perf_counter()
        loads.append(t1 - t0)
        calls.append((t2 - t1) / 10)
        closes.append(t3 - t2)
    show("fork from template + load the student's code (session.load)", statistics.median(loads) * 1000)
    show(f"one call round trip ({assignment.functions[0]}, session.call)", statistics.median(calls) * 1000)
    show("end of submission: kill worker, sweep, remove scratch", statistics.median(closes) * 1000)
    launcher.close()

    import pytest

    tests_file = settings.solutions_dir / assignment.name / "test_hidden.py"
    argv = [str(tests_file), "--rootdir", str(tests_file.parent), *PYTEST_ARGS, "--collect-only"]
    with open(os.devnull, "w") as quiet:
        saved, sys.stdout = sys.stdout, quiet
        try:
            collect = median_ms(lambda: pytest.main(argv), max(3, runs // 3))
        finally:
            sys.stdout = saved
    show("pytest start + collect the hidden tests (in process)", collect)

    from autograder.report import write_json

    with Grader(assignment, settings, warm=True) as grader:
        report = grader.grade(notebook, str(notebook))
    show(
        "result handling: GradeReport -> contract JSON text",
        median_ms(lambda: write_json(report, io.StringIO()), runs),
    )
    show(
        "result handling: as_json + json.dumps (what batch sends back)",
        median_ms(lambda: json.dumps(report.as_json()), runs),
    )
    show("database write: nbgrader Gradebook, 1 submission, all grades", gradebook_write(len(report.tests)))


def _first_args(assignment: str) -> tuple[Any, ...]:
    import numpy as np

    return {
        "ps1_gradient_descent": (10, 0.01, 3.0),
        "ps2_linear_regression": (np.ones((4, 2)), np.ones(2), 0.5),
        "ps3_sgd": (7,),
        "ps4_adam": (np.ones(3), np.ones(3), np.zeros(3), np.zeros(3), 1),
    }[assignment]


def gradebook_write(cells: int) -> float:
    """ms to record one autograded submission (create it, set every auto_score, commit), as nbgrader does."""
    from nbgrader.api import Gradebook

    with tempfile.TemporaryDirectory() as folder, Gradebook(f"sqlite:///{folder}/gb.db", course_id="b") as gb:
        gb.add_assignment("a")
        gb.add_notebook("nb", "a")
        for i in range(cells):
            gb.add_grade_cell(f"c{i}", "nb", "a", max_score=1, cell_type="code")
        samples = []
        for k in range(10):
            started = time.perf_counter()
            gb.add_student(f"s{k}")
            gb.add_submission("a", f"s{k}")
            for i in range(cells):
                grade = gb.find_grade(f"c{i}", "nb", "a", f"s{k}")
                grade.auto_score = 1.0
            gb.db.commit()
            samples.append(time.perf_counter() - started)
        return statistics.median(samples) * 1000


# ----------------------------------------------------------------------------- 3. inside a warm batch


class Clock:
    """Time spent in wrapped functions, by label, exclusive of wrapped functions they call in turn."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.count: dict[str, int] = defaultdict(int)
        self.stack: list[float] = []  # per open call: time spent in nested wrapped calls

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.stack.append(0.0)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                nested = self.stack.pop()
                self.seconds[label] += spent - nested
                self.count[label] += 1
                if self.stack:
                    self.stack[-1] += spent

        setattr(owner, name, timed)


def in_batch(assignment_name: str, notebooks: list[Path]) -> None:
    import _pytest.python
    import nbformat  # noqa: F401

    from autograder import run
    from autograder.config import load_settings
    from autograder.course import get_assignment
    from autograder.run import Grader, Job
    from autograder.sandbox import Scratch, TemplateLauncher
    from autograder.session import StudentSession

    settings = load_settings(ROOT)
    assignment = get_assignment(assignment_name)
    clock = Clock()
    clock.wrap(run, "read_submission", "parse notebook (read_submission)")
    clock.wrap(Scratch, "__init__", "scratch folder: create + copy")
    clock.wrap(Scratch, "remove", "scratch folder: remove")
    clock.wrap(StudentSession, "__init__", "session object")
    clock.wrap(TemplateLauncher, "start", "worker: fork request to template")
    clock.wrap(StudentSession, "_start", "worker: wait for ready + load student code")
    clock.wrap(StudentSession, "call", "student calls: encode, round trip, decode")
    clock.wrap(StudentSession, "close", "worker: kill, collect output")
    clock.wrap(TemplateLauncher, "sweep", "sweep: kill strays, empty /tmp (in kill and after)")
    clock.wrap(run, "diagnose_tests", "diagnose known mistakes")
    clock.wrap(_pytest.python.Function, "repr_failure", "pytest: format failure tracebacks")
    clock.wrap(run.GradingPlugin, "_grade", "whole submission (_grade)")
    started = time.perf_counter()
    grader = Grader(assignment, settings, warm=True)
    init = time.perf_counter() - started
    reports: list[Any] = []
    jobs = [Job(p, str(p)) for p in notebooks]
    started = time.perf_counter()
    grader.grade_many(jobs, reports.append)
    total = time.perf_counter() - started
    grader.__exit__()
    n = len(reports)
    failed = sum(t.status != "passed" for r in reports for t in r.tests)
    print(
        f"\n3. inside one warm batch process: {n} notebooks, {failed} failed tests in all "
        f"(Grader start-up, once: {init * 1000:.0f} ms; grade_many {total:.2f} s)"
    )
    print("  per submission, mean:")
    whole = sum(clock.seconds.values())
    rest = clock.seconds.pop("whole submission (_grade)")
    for label, seconds in sorted(clock.seconds.items(), key=lambda kv: -kv[1]):
        show(f"{label} [{clock.count[label]} calls]", seconds / n * 1000)
    show("rest of _grade: pytest per-test protocol, fixtures, test bodies, compare", rest / n * 1000)
    show("outside _grade: pytest session, hooks between submissions", (total - whole) / n * 1000)
    show("total per submission (grade_many / N)", total / n * 1000)


# ----------------------------------------------------------------------------- 4. the floor


def floor(runs: int) -> None:
    """Run in a fresh interpreter that has imported NumPy only, like the template."""
    import numpy as np  # noqa: F401

    print(f"\n4. the floor (a fresh python with only NumPy imported; median of {runs * 5})")

    def fork_and_call() -> None:
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(req_w)
            os.close(rep_r)
            request = os.read(req_r, 65536)
            os.write(rep_w, json.dumps({"value": sum(json.loads(request)["args"])}).encode() + b"\n")
            os._exit(0)
        os.close(req_r)
        os.close(rep_w)
        os.write(req_w, json.dumps({"op": "call", "args": [10, 0.01, 3.0]}).encode())
        os.read(rep_r, 65536)
        os.waitpid(pid, 0)
        for fd in (req_w, rep_r):
            os.close(fd)

    show("os.fork() + one JSON request/reply over pipes + waitpid", median_ms(fork_and_call, runs * 5))

    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(req_w)
        os.close(rep_r)
        reader = os.fdopen(req_r, "rb")
        while line := reader.readline():
            os.write(rep_w, json.dumps({"value": sum(json.loads(line)["args"])}).encode() + b"\n")
        os._exit(0)
    os.close(req_r)
    os.close(rep_w)
    replies = os.fdopen(rep_r, "rb")

    def round_trip() -> None:
        os.write(req_w, json.dumps({"op": "call", "args": [10, 0.01, 3.0]}).encode() + b"\n")
        replies.readline()

    show("one JSON request/reply to a running child", median_ms(round_trip, runs * 5))
    os.close(req_w)
    os.waitpid(pid, 0)


def native_tracebacks(assignment_name: str, notebooks: list[Path], rounds: int = 3) -> None:
    """A/B in one process: failures formatted in Python's native style (what the engine does) against
    pytest's default long style (what it did before), by swapping run.GradingPlugin.pytest_configure
    from the outside. Scores must be the same in both arms.
    """
    from autograder import run
    from autograder.config import load_settings
    from autograder.course import get_assignment

    engine_hook = run.GradingPlugin.pytest_configure

    def long_style(self: Any, config: Any) -> None:
        config.option.tbstyle = "auto"  # pytest's default: "long" for every frame

    settings = load_settings(ROOT)
    jobs = [run.Job(p, str(p)) for p in notebooks]
    arms = {"native tracebacks (the engine)": engine_hook, "pytest's long tracebacks (before)": long_style}
    times: dict[str, list[float]] = {arm: [] for arm in arms}
    scores: dict[str, set[float]] = {arm: set() for arm in arms}
    try:
        with run.Grader(get_assignment(assignment_name), settings, warm=True) as grader:
            for _ in range(rounds):
                for arm, hook in arms.items():
                    run.GradingPlugin.pytest_configure = hook
                    reports: list[Any] = []
                    started = time.perf_counter()
                    grader.grade_many(jobs, reports.append)
                    times[arm].append((time.perf_counter() - started) / len(jobs))
                    scores[arm].add(sum(r.score for r in reports))
    finally:
        run.GradingPlugin.pytest_configure = engine_hook
    print(f"\n6. traceback style, A/B in one warm process ({len(jobs)} notebooks, {rounds} rounds each)")
    for arm, samples in times.items():
        show(
            f"per submission, {arm}", statistics.median(samples) * 1000, f"total score {sorted(scores[arm])}"
        )


def kernel_costs(notebook: Path, runs: int) -> None:
    """What plain nbgrader pays per notebook before any test runs: a kernel, and the student's cells."""
    import nbformat
    from nbclient import NotebookClient

    student = nbformat.read(notebook, as_version=4)
    print(f"\n5. for comparison, plain nbgrader's kernel per notebook ({notebook.name}; median of {runs})")

    def execute(cells: list[Any]) -> None:
        nb = nbformat.v4.new_notebook()
        nb.metadata, nb.cells = student.metadata, cells
        NotebookClient(nb, kernel_name="python3", allow_errors=True).execute()

    code = [c for c in student.cells if c.cell_type == "code"]
    show("start a kernel, execute nothing, shut it down (nbclient)", median_ms(lambda: execute([]), runs))
    show("... and the `%matplotlib inline` + imports cell", median_ms(lambda: execute(code[:1]), runs))
    show(
        "... and every cell of the student's notebook (functions, plot)",
        median_ms(lambda: execute(code), runs),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ps1_gradient_descent")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--skip-processes", action="store_true", help="skip part 1 (whole processes)")
    parser.add_argument("--floor", action="store_true", help="only part 4 (used internally)")
    args = parser.parse_args(argv)
    if args.floor:
        floor(args.runs)
        return 0
    notebook = NOTEBOOKS / f"{args.assignment}__reference.ipynb"
    cohort = sorted((DIAGNOSIS / args.assignment).glob("*.ipynb"))
    print(
        f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs"
    )
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    if not args.skip_processes:
        process_startup(args.assignment, notebook, args.runs // 3 or 1)
    pieces(args.assignment, notebook, args.runs)
    in_batch(args.assignment, cohort * 3)
    sys.stdout.flush()
    subprocess.run([str(BIN / "python"), __file__, "--floor", "--runs", str(args.runs)], check=True)
    kernel_costs(notebook, max(3, args.runs // 6))
    native_tracebacks(args.assignment, cohort)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
