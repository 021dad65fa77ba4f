"""Bad input gets a clear message and a grade, never a traceback.

Broken notebooks, odd encodings, partial modules and awkward paths: each must be graded (exit 0, one
contract-shaped JSON report), say in plain words what is wrong, keep the grader's own tracebacks out
of every message, and still grade the functions the problem does not touch. Usage errors (unknown
assignment, missing file) exit 2 with the reason on standard error.

Run:  .venv/bin/python -m pytest tests/hostile/test_robust_inputs.py
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from hostile_support import (
    contract_problems,
    graded_tests_of,
    grader_tracebacks,
    make_course,
    max_by_function,
    points_by_function,
    run_grader,
    summary,
)

pytestmark = pytest.mark.slow

PS1 = "ps1_gradient_descent"
G, D = "get_minimizer_x", "gradient_descent"

HONEST_G = """def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)
"""
HONEST_D = """def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
"""
MODULE = "import numpy as np\n\n\n" + HONEST_G + "\n\n" + HONEST_D
PS2 = "ps2_linear_regression"
P, L, R, F = "predict", "mse_loss", "mse_gradient", "fit_gradient_descent"
MODULE_PS2_NO_RETURN = """import numpy as np


def predict(X, w, b):
    return np.asarray(X, float) @ np.asarray(w, float) + b


def mse_loss(X, y, w, b):
    return float(np.mean((predict(X, w, b) - np.asarray(y, float)) ** 2))


def mse_gradient(X, y, w, b):
    X = np.asarray(X, float)
    r = predict(X, w, b) - np.asarray(y, float)
    return (2 / len(r)) * X.T @ r, float((2 / len(r)) * r.sum())


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    w = np.zeros(np.asarray(X).shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    for _ in range(iterations):
        grad_w, grad_b = mse_gradient(X, y, w, b)
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    # forgot to return (w, b, losses)
"""


def _notebook(*sources: str, blob: int = 0) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Problem set 1")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    if blob:
        output = nbformat.v4.new_output(
            "display_data", data={"image/png": "A" * blob, "text/plain": "<plot>"}
        )
        nb.cells[-1].outputs = [output]
    return nbformat.writes(nb).encode("utf-8")


def _notebook_v3(*sources: str) -> bytes:
    cells = [
        {"cell_type": "code", "input": s, "language": "python", "outputs": [], "metadata": {}}
        for s in sources
    ]
    return json.dumps(
        {
            "nbformat": 3,
            "nbformat_minor": 0,
            "metadata": {"name": ""},
            "worksheets": [{"cells": cells, "metadata": {}}],
        }
    ).encode("utf-8")


@dataclass(frozen=True)
class BadInput:
    """One awkward submission and what a fair grade of it looks like."""

    id: str
    path: str
    """Submission path relative to the submission folder (may hold spaces and non-ASCII)."""
    content: Callable[[], bytes]
    full: tuple[str, ...] = ()
    """Functions the problem does not touch: they must earn full marks."""
    zero: tuple[str, ...] = ()
    """Functions the problem breaks: they must earn nothing."""
    words: dict[str, str] = field(default_factory=dict)
    """Where a message must explain the problem ('*' = anywhere in the report) -> regex it must match."""
    full_or_explained: bool = False
    """The grader may either grade it fully or refuse it as a whole, with words['*'] saying why."""
    seconds: float = 30.0
    assignment: str = PS1


BAD_INPUTS = [
    BadInput(
        "invalid-json-notebook",
        "ps1.ipynb",
        lambda: _notebook(MODULE)[:-40],
        zero=(G, D),
        words={"*": r"(?i)notebook.*(json|damaged|invalid|not valid|cannot be (opened|read))"},
    ),
    BadInput(
        "nbformat-3-notebook",
        "ps1.ipynb",
        lambda: _notebook_v3("import numpy as np", HONEST_G, HONEST_D),
        full=(G, D),
        full_or_explained=True,
        words={"*": r"(?i)nbformat|version|format"},
    ),
    BadInput(
        "empty-notebook-file",
        "ps1.ipynb",
        lambda: b"",
        zero=(G, D),
        words={"*": r"(?i)empty|notebook|no code"},
    ),
    BadInput(
        "empty-module-file",
        "ps1.py",
        lambda: b"",
        zero=(G, D),
        words={"*": r"(?i)empty|no code|not defined|missing"},
    ),
    BadInput(
        "notebook-without-cells",
        "ps1.ipynb",
        lambda: _notebook(),
        zero=(G, D),
        words={"*": r"(?i)no code|empty|not defined|missing|not found"},
    ),
    BadInput(
        "huge-output-blob-notebook",
        "ps1.ipynb",
        lambda: _notebook("import numpy as np", HONEST_G, HONEST_D, blob=30 * 2**20),
        full=(G, D),
        full_or_explained=True,
        words={"*": r"(?i)\bMB\b|too (large|big)|size"},
    ),
    BadInput(
        "notebook-with-magics",
        "ps1.ipynb",
        lambda: _notebook(
            "%matplotlib inline\nimport numpy as np",
            "!ls\n" + HONEST_G,
            "%%time\n" + HONEST_D,
            "%timeit get_minimizer_x(10, 0.01, 3)\nx = !echo hi",
        ),
        full=(G, D),
    ),
    BadInput(
        "non-utf8-byte-in-one-function",
        "ps1.py",
        lambda: MODULE.replace("    x = init\n", "    x = init  # caf\xe9\n").encode("latin-1"),
        full=(D,),
        words={"*": r"(?i)utf-?8|encoding|decode"},
    ),
    BadInput(
        "syntax-error-in-one-function",
        "ps1.py",
        lambda: MODULE.replace(
            "def get_minimizer_x(iterations, learning_rate, init):",
            "def get_minimizer_x(iterations, learning_rate, init:",
        ).encode(),
        full=(D,),
        zero=(G,),
        words={G: r"(?i)syntax"},
    ),
    BadInput(
        "missing-function",
        "ps1.py",
        lambda: ("import numpy as np\n\n\n" + HONEST_G).encode(),
        full=(G,),
        zero=(D,),
        words={D: r"(?i)(not defined|missing|not found|does not define|no function|is not there)"},
    ),
    BadInput(
        "wrong-signature",
        "ps1.py",
        lambda: MODULE.replace(
            "def get_minimizer_x(iterations, learning_rate, init):",
            "def get_minimizer_x(iterations, learning_rate):\n    init = 3.0",
        ).encode(),
        full=(D,),
        zero=(G,),
        words={G: r"(?i)argument|parameter|signature"},
    ),
    BadInput(
        "function-returns-none",
        "ps2.py",
        lambda: MODULE_PS2_NO_RETURN.encode(),
        full=(P, L, R),
        zero=(F,),
        words={F: r"(?i)None|return"},
        assignment=PS2,
    ),
    BadInput("non-ascii-path-with-spaces", "학생 제출/과제 1.py", lambda: MODULE.encode(), full=(G, D)),
    BadInput(
        "non-ascii-notebook-path",
        "학생 제출/Übung 1 (final).ipynb",
        lambda: _notebook("import numpy as np", HONEST_G, HONEST_D),
        full=(G, D),
    ),
]


def _all_text(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False)


KNOWN_DEFECTS = {}


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(b, id=b.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[b.id])])
        if b.id in KNOWN_DEFECTS
        else pytest.param(b, id=b.id)
        for b in BAD_INPUTS
    ],
)
def test_bad_input_is_graded_with_a_clear_message(
    bad: BadInput, reference_report: Callable[[str], dict[str, Any]], tmp_path: Path
) -> None:
    reference = reference_report(bad.assignment)
    course = make_course(tmp_path / "run")
    submission = course.top / "submitted" / bad.path
    submission.parent.mkdir(parents=True)
    submission.write_bytes(bad.content())
    run = run_grader(course, bad.assignment, submission, timeout=bad.seconds + 30, logs=tmp_path / "logs")

    assert run.returncode == 0, run.describe()
    assert run.seconds <= bad.seconds, f"grading took {run.seconds:.1f} s\n{run.describe()}"
    report = run.report
    assert report is not None, f"stdout is not exactly one JSON object\n{run.describe()}"
    assert not contract_problems(report, bad.assignment, str(submission)), (
        contract_problems(report, bad.assignment, str(submission)),
        summary(report),
    )
    assert graded_tests_of(report) == graded_tests_of(reference), (
        "a submission must not change which tests exist"
    )
    for text in [*(t["message"] for t in report["tests"]), run.stderr.decode("utf-8", "replace")]:
        assert not grader_tracebacks(text), f"the grader's own traceback reaches the output:\n{text[:2000]}"
    unexplained = [t["name"] for t in report["tests"] if t["status"] != "passed" and not t["message"].strip()]
    assert not unexplained, f"tests lost without a message: {unexplained}\n{summary(report)}"

    earned, full = points_by_function(report), max_by_function(reference)
    if bad.full_or_explained and earned != full:
        assert report["score"] == 0, f"either graded fully or refused as a whole:\n{summary(report)}"
        assert re.search(bad.words["*"], _all_text(report)), f"no reason given:\n{summary(report)}"
        return
    for function in bad.full:
        assert earned.get(function, 0) == full[function], (
            f"{function} is unaffected but lost points:\n{summary(report)}"
        )
    for function in bad.zero:
        assert earned.get(function, 0) == 0, f"{function} is broken but earned points:\n{summary(report)}"
    for where, pattern in bad.words.items():
        if bad.full_or_explained:
            continue
        if where == "*":
            text = _all_text(report)
        else:
            text = "\n".join(t["message"] for t in report["tests"] if t["function"] == where)
        assert re.search(pattern, text), (
            f"no plain-words reason matching {pattern!r} for {where}:\n{summary(report)}"
        )


# ------------------------------------------------------------------------------------ usage errors


def test_unknown_assignment_exits_2_with_reason(tmp_path: Path) -> None:
    course = make_course(tmp_path / "run")
    submission = course.top / "ps1.py"
    submission.write_text(MODULE)
    run = run_grader(course, "ps9_no_such_assignment", submission, timeout=60, logs=tmp_path / "logs")
    err = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2, run.describe()
    assert "ps9_no_such_assignment" in err or re.search(r"(?i)unknown|no such|not an? assignment", err), err
    assert "Traceback" not in err, err


def test_missing_submission_exits_2_with_reason(tmp_path: Path) -> None:
    course = make_course(tmp_path / "run")
    missing = course.top / "nowhere" / "ps1.py"
    run = run_grader(course, PS1, missing, timeout=60, logs=tmp_path / "logs")
    err = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2, run.describe()
    assert str(missing) in err or re.search(r"(?i)not found|no such|does not exist|missing", err), err
    assert "Traceback" not in err, err
