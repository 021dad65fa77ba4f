"""The hostile cohort: submissions that try to cheat, snoop, escape or wreck the grader.

Each case in cases/ is graded in a throw-away copy of the course. Whatever it tries, the grader must
exit 0 with exactly one contract-shaped JSON report, within a time bound; no function may score more
than it earns honestly (declared per case below); nothing may be left running; nothing outside the
scratch folder may be created or changed; no planted secret may come back in the output; and the
test's loopback sockets must hear nothing.

Run:  .venv/bin/python -m pytest tests/hostile/test_hostile.py   (3-4 minutes, serial)
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hostile_support import (
    CASES,
    GRADED,
    MAX_STDOUT,
    Listeners,
    bwrap_usable,
    child_pids,
    contract_problems,
    fill_template,
    graded_tests_of,
    grader_tracebacks,
    kill_processes,
    leftover_processes,
    make_course,
    marker_files,
    max_by_function,
    new_markers,
    points_by_function,
    remove_paths,
    run_grader,
    snapshot,
    snapshot_changes,
    summary,
)

pytestmark = pytest.mark.slow

PS1, PS2 = "ps1_gradient_descent", "ps2_linear_regression"
G, D = "get_minimizer_x", "gradient_descent"
P, L, R, F = "predict", "mse_loss", "mse_gradient", "fit_gradient_descent"


@dataclass(frozen=True)
class Case:
    """One hostile submission and what the grader may give it."""

    file: str
    assignment: str
    honest: tuple[str, ...] = ()
    """Functions the case computes honestly: they may earn up to full marks; every other function 0."""
    must_earn: tuple[str, ...] = ()
    """Honest functions the attack does not touch: they must still earn full marks."""
    seconds: float = 40.0
    """Bound on the whole grading run."""
    twin: bool = False
    """cases/twins/<file> holds the same values without the tricks; what it earns caps the dishonest functions
    (for tests that award points for a shape or length alone)."""


COHORT = [
    # tampering with the comparison machinery
    Case("patch_numpy_compare.py", PS1, honest=(D,)),
    Case("patch_builtins_math.py", PS1, honest=(D,)),
    Case("patch_protocol.py", PS1, honest=(D,)),
    Case("frames_getframe.py", PS1),
    Case("inspect_stack_gc.py", PS1),
    # lying return values
    Case("lying_float.py", PS1, honest=(D,)),
    Case("lying_ndarray.py", PS1, honest=(G,)),
    Case("array_like_objects.py", PS1),
    Case("list_tuple_subclass.py", PS2, honest=(P, L), must_earn=(P, L), twin=True),
    Case("raising_dunders.py", PS2),
    Case("nan_inf_ps1.py", PS1),
    Case("nan_inf_ps2.py", PS2, twin=True),
    Case("wrong_shapes_types.py", PS2),
    Case("pickle_reduce.py", PS1, honest=(D,)),
    # leaving early
    Case("sysexit_in_function.py", PS1, honest=(D,), must_earn=(D,)),
    Case("sysexit_at_import.py", PS1, honest=(G,)),
    Case("os_exit_in_function.py", PS1, honest=(G,), must_earn=(G,)),
    Case("base_exceptions.py", PS2, honest=(F,), must_earn=(F,)),
    # snooping
    Case("find_reference_course.py", PS1),
    Case("find_reference_anywhere.py", PS1),
    Case("read_hidden_tests.py", PS1),
    Case("exfiltrate_canary.py", PS1),
    Case("proc_parent_memory.py", PS1, honest=(D,)),
    Case("network_connect.py", PS1, honest=(D,)),
    # forging output
    Case("fake_report_stdout.py", PS1, honest=(G, D), must_earn=(G, D)),
    Case("fd_write_forgery.py", PS1, honest=(D,)),
    Case("huge_output.py", PS1, honest=(G, D), must_earn=(G,)),
    Case("stdin_fd_tricks.py", PS1, honest=(G, D), must_earn=(D,)),
    # attacking the grader and the machine
    Case("signal_parent.py", PS1, honest=(D,)),
    Case("kill_scan_proc.py", PS1, honest=(D,)),
    Case("fork_storm.py", PS1, honest=(G,)),
    Case("memory_grab.py", PS1, honest=(G,), must_earn=(G,)),
    Case("ctypes_tricks.py", PS2, honest=(P,), must_earn=(P,)),
    Case("hang_at_import.py", PS1, honest=(G,), seconds=60),
    Case("cpu_spin_in_function.py", PS1, honest=(G,), must_earn=(G,), seconds=60),
    Case("thread_mutator.py", PS2, honest=(P, R, F)),
    Case("write_outside_scratch.py", PS1, honest=(D,)),
    Case("background_survivor.py", PS1, honest=(G, D)),
    # notebooks
    Case("nb_patch_numpy_fake_outputs.ipynb", PS1, honest=(D,)),
    Case("nb_shell_magics.ipynb", PS1, honest=(G, D)),
    Case("nb_exit_and_hang.ipynb", PS1, honest=(G, D), seconds=60),
]
KNOWN_DEFECTS: dict[str, str] = {}
"""Case file -> reason, for cases the engine is known to fail (marked xfail(strict=True))."""


def _params() -> list[Any]:
    return [
        pytest.param(
            c,
            id=c.file,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[c.file])]
            if c.file in KNOWN_DEFECTS
            else [],
        )
        for c in COHORT
    ]


def test_cohort_is_complete_and_documented() -> None:
    files = sorted(p.name for p in CASES.iterdir() if p.suffix in (".py", ".ipynb"))
    assert sorted(c.file for c in COHORT) == files, "every file in cases/ needs a Case entry, and vice versa"
    assert len(files) >= 30
    for case in COHORT:
        text = (CASES / case.file).read_text(encoding="utf-8")
        assert "HOSTILE CASE:" in text[:2000], f"{case.file}: header comment missing"
        assert case.twin == (CASES / "twins" / case.file).exists(), (
            f"{case.file}: twin flag and twins/ disagree"
        )
        assert set(case.honest) <= set(GRADED[case.assignment]) and set(case.must_earn) <= set(case.honest)
        # Safety on a shared machine: never signal every process, never aim at anything but markers.
        assert not re.search(r"kill\(\s*-1\b|killpg\(\s*0\b|rm\s+-rf|shutil\.rmtree", text), case.file


@pytest.mark.parametrize("case", _params())
def test_hostile_submission(
    case: Case, reference_report: Callable[[str], dict[str, Any]], tmp_path: Path
) -> None:
    reference = reference_report(case.assignment)
    caps = _twin_points(case, tmp_path) if case.twin else {}
    course = make_course(tmp_path / "run")
    marker, sleep_marker = new_markers()
    listeners = Listeners()
    submission = course.top / "submitted" / case.file
    submission.parent.mkdir()
    tcp_port, udp_port = listeners.ports
    submission.write_text(
        fill_template(
            (CASES / case.file).read_text(encoding="utf-8"),
            {
                "MARKER": marker,
                "SLEEP": sleep_marker,
                "COURSE": str(course.root),
                "PORT": str(tcp_port),
                "UDPPORT": str(udp_port),
                "GUARD_PID": str(os.getpid()),
                "SUBMISSION": str(submission),
            },
        ),
        encoding="utf-8",
    )
    before = snapshot(course.top)
    children = child_pids()
    try:
        run = run_grader(
            course, case.assignment, submission, timeout=case.seconds + 30, logs=tmp_path / "logs"
        )
        leftovers = leftover_processes((marker, sleep_marker), ignore=children)
        kill_processes(leftovers)
        strays = marker_files(marker)
        remove_paths(strays)
        heard = listeners.received()
    finally:
        listeners.close()
    changes = snapshot_changes(before, snapshot(course.top))

    problems: list[str] = []
    if run.returncode != 0:
        problems.append(
            "the grader was killed after the time bound"
            if run.returncode is None
            else f"exit status {run.returncode}, not 0"
        )
    if run.seconds > case.seconds:
        problems.append(f"grading took {run.seconds:.1f} s, over the {case.seconds:.0f} s bound")
    if run.stdout_size > MAX_STDOUT:
        problems.append(f"stdout is {run.stdout_size} bytes: student output leaked into the report")
    report = run.report
    shape = (
        contract_problems(report, case.assignment, str(submission))
        if report is not None
        else ["stdout is not exactly one JSON object"]
    )
    problems += shape
    if report is not None and not shape:
        problems += _score_problems(case, report, reference, caps)
        for text in [*(t["message"] for t in report["tests"]), run.stderr.decode("utf-8", "replace")]:
            frames = grader_tracebacks(text)
            if frames:
                problems.append(f"the grader's own traceback reaches the output: {frames[:2]}")
                break
    output = run.stdout + run.stderr
    for label, secret in course.canaries.items():
        if secret.encode() in output:
            problems.append(f"the {label} canary ({secret}) came back in the grader's output")
    problems += [f"left running: {p}" for p in leftovers]
    problems += [f"file outside the scratch folder: {p}" for p in strays]
    problems += [f"course copy {c}" for c in changes]
    problems += [f"network reached the test: {h}" for h in heard]
    assert not problems, "; ".join(problems) + "\n" + (summary(report) if report else run.describe())


def _twin_points(case: Case, tmp_path: Path) -> dict[str, float]:
    """Points per function that the case's plain twin earns."""
    course = make_course(tmp_path / "twin")
    submission = course.top / "submitted" / case.file
    submission.parent.mkdir()
    submission.write_bytes((CASES / "twins" / case.file).read_bytes())
    run = run_grader(course, case.assignment, submission, timeout=120, logs=tmp_path / "twin-logs")
    report = run.report
    assert run.returncode == 0 and report is not None, f"the twin cannot be graded:\n{run.describe()}"
    return points_by_function(report)


def _score_problems(
    case: Case, report: dict[str, Any], reference: dict[str, Any], caps: dict[str, float]
) -> list[str]:
    problems = []
    if graded_tests_of(report) != graded_tests_of(reference):
        problems.append("the set of graded tests (names, functions, max points) differs from the reference's")
    if abs(report["max_score"] - reference["max_score"]) > 1e-9:
        problems.append(
            f"max_score {report['max_score']} differs from the reference's {reference['max_score']}"
        )
    earned = points_by_function(report)
    full = max_by_function(reference)
    for function in GRADED[case.assignment]:
        got = earned.get(function, 0.0)
        allowed = full[function] if function in case.honest else caps.get(function, 0.0)
        if got > allowed + 1e-9:
            problems.append(f"{function} earned {got} points; its honest maximum is {allowed}")
        if function in case.must_earn and got < full[function] - 1e-9:
            problems.append(
                f"{function} is honest and untouched by the attack but earned {got}/{full[function]}"
            )
    return problems


def test_sandbox_layers_reported(reference_report: Callable[[str], dict[str, Any]]) -> None:
    """The report names its isolation layers, and uses those this host supports."""
    report = reference_report(PS1)
    sandbox = report.get("sandbox")
    assert isinstance(sandbox, dict), f"no 'sandbox' field in the report: {sorted(report)}"
    layers = sandbox.get("layers", {})
    expected = {"session", "rlimits", "scratch"}
    if bwrap_usable():
        expected |= {"mount", "net", "pid"}
    if os.geteuid() == 0:
        expected.add("uid")
    off = sorted(name for name in expected if layers.get(name) is not True)
    assert not off, (
        f"layers this host supports but the grader does not use: {off}; notes: {sandbox.get('notes')}"
    )
