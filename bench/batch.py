"""Batch grading throughput: this kit against plain `nbgrader autograde`, on the same synthetic cohort.

    .venv/bin/python bench/batch.py --assignment ps1_gradient_descent --sizes 50 200 1000 --nbgrader-max 200

Not a test (numbers depend on the machine). Everything is built in a temporary directory, removed at
the end unless --keep is given:

1. A cohort of N student notebooks per size: a markdown cell, a `%matplotlib inline` cell with the
   imports, one code cell per function and a plotting cell, like a real student's. Each is built from
   the reference solution (`solutions/<assignment>/<module>.py`), another correct implementation
   (`tests/cohort/diagnosis/correct/`), a known mistake (`tests/cohort/mistakes/`,
   `tests/cohort/diagnosis/<assignment>/`) or a broken variant (syntax error, missing function, a
   function that raises, `tests/cohort/broken/` without its hangs). Mix: 50% correct, 35% mistaken,
   15% broken, drawn with a fixed seed; the sizes share one sequence, so 50 is a prefix of 200.
2. A throwaway nbgrader course, as an instructor would use plain nbgrader: its source notebook has a
   solution cell per graded function, a 0-point grade cell holding the test helpers, and, for every
   hidden test case of `solutions/<assignment>/test_hidden.py`, one grade cell worth the same points.
   Each hidden block runs that test's own code in the student's kernel: `student.f(...)` calls the
   kernel's `f`, `reference.f(...)` replays the value the reference solution returned when this script
   ran the tests at build time, and `expect_close` asserts with `np.isclose` / `round` exactly as
   `autograder/compare.py` decides. (The kit reads neither kind of grade cell.)
   `nbgrader generate_assignment` releases it; each cohort notebook is poured into the released
   notebook (the student's cells in the solution cells) as `submitted/<student>/<assignment>/
   <assignment>.ipynb`.
3. The kit's own course, as an instructor would use it: this repository's nbgrader_config.py, the
   assignment's source/ and solutions/, released by `nbgrader generate_assignment`; the same students'
   code poured into the kit's released notebook as submitted/<student>/<assignment>/.
4. For each size, three runs, each timed from the outside, with the CPU time of its whole process
   tree (getrusage of the children) and its peak memory (RSS and PSS summed over the tree, sampled
   from /proc every 0.25 s):
   - kit batch: `autograder batch ASSIGNMENT <the notebooks> --workers W` (engine only, JSON lines);
   - kit autograde: `autograder autograde ASSIGNMENT --workers W` in the kit's course, which also has
     nbgrader write every autograded notebook and every grade into gradebook.db (--no-autograde skips);
   - nbgrader (up to --nbgrader-max): `nbgrader autograde ASSIGNMENT`.
   Per-student totals of nbgrader and both kit runs are compared on the honest (correct or mistaken,
   not broken) submissions, and the two kit runs on all of them; any difference is printed.
"""

from __future__ import annotations

import argparse
import ast
import copy
import datetime
import importlib.util
import inspect
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
COHORT = ROOT / "tests" / "cohort"
sys.path.insert(0, str(ROOT))

from autograder.config import load_settings  # noqa: E402
from autograder.course import Assignment, course_assignments  # noqa: E402

ASSIGNMENTS = course_assignments(load_settings(ROOT, {}))  # solutions/*/assignment.toml

MIX = (("correct", 0.50), ("mistaken", 0.35), ("broken", 0.15))
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


# ===================================================================================== the cohort


@dataclass(frozen=True)
class Variant:
    """One way a student may have written the module."""

    kind: str
    """'correct', 'mistaken' or 'broken'."""
    label: str
    source: str


@dataclass
class Split:
    """A module cut into notebook cells: imports and loose statements, and one block per function."""

    doc: str = ""
    setup: list[str] = field(default_factory=list)
    blocks: dict[str, str] = field(default_factory=dict)


def split_module(text: str) -> Split:
    """Cut module source into cells without running it; works on source that does not parse."""
    split = Split()
    lines = text.splitlines(keepends=True)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        tree = None
    if tree is None:
        # Cut at top-level `def`/`class`/decorators; what comes before them must parse (it is imports).
        starts = [i for i, line in enumerate(lines) if re.match(r"(@|def |async def |class )", line)]
        head = "".join(lines[: starts[0]]) if starts else text
        split = split_module(head) if starts else Split()
        for a, b in zip(starts, [*starts[1:], len(lines)]):
            block = "".join(lines[a:b]).rstrip() + "\n"
            name = re.search(r"(?:def|class)\s+(\w+)", block)
            if name and not all(line.startswith("@") for line in lines[a:b] if line.strip()):
                split.blocks[name.group(1)] = block
            elif name is None:
                split.setup.append(block)
        return split
    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        split.doc = str(body[0].value.value)
        body = body[1:]
    for node in body:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        segment = "".join(lines[start - 1 : node.end_lineno]).rstrip() + "\n"
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            split.blocks[node.name] = segment
        else:
            split.setup.append(segment)
    return split


def _broken_variants(reference: str, assignment: Assignment) -> list[Variant]:
    """Broken by hand from the reference: does not parse, a function missing, a function that raises."""
    first, last = assignment.functions[0], assignment.functions[-1]
    split = split_module(reference)
    out = []
    block = split.blocks[last]
    loop = re.search(r"^(\s+for .*):\n", block, re.M) or re.search(r"^(\s+\S.*):\n", block[4:], re.M)
    if loop:
        out.append(
            Variant("broken", "syntax_error", reference.replace(loop.group(0), loop.group(1) + "\n", 1))
        )
    out.append(Variant("broken", f"missing_{last}", reference.replace(block, "")))
    body = re.search(rf"def {first}\(.*?\).*?:\n(    \"\"\".*?\"\"\"\n)?", split.blocks[first], re.S)
    if body:
        raising = body.group(0) + '    raise ValueError("I could not get this one to work")\n'
        out.append(Variant("broken", f"{first}_raises", reference.replace(body.group(0), raising, 1)))
    return out


def variants(assignment: Assignment) -> dict[str, list[Variant]]:
    """Every variant available for the assignment, by kind."""
    name = assignment.name
    reference = (ROOT / "solutions" / name / assignment.module).read_text()
    found: dict[str, list[Variant]] = {"correct": [Variant("correct", "reference", reference)]}
    for path in sorted((COHORT / "diagnosis" / "correct").glob(f"{name}__*.py")):
        found["correct"].append(Variant("correct", path.stem.split("__", 1)[1], path.read_text()))
    mistakes = sorted((COHORT / "mistakes").glob(f"{name}__*.py"))
    mistakes += sorted((COHORT / "diagnosis" / name).glob("*.py"))
    found["mistaken"] = [
        Variant("mistaken", path.stem.removeprefix(f"{name}__"), path.read_text()) for path in mistakes
    ]
    found["broken"] = _broken_variants(reference, assignment)
    for path in sorted((COHORT / "broken").glob(f"{name}__*.py")):
        if "infinite" not in path.stem:  # a hang costs nbgrader its whole cell timeout: not what we measure
            found["broken"].append(
                Variant("broken", "cohort_" + path.stem.split("__", 1)[1], path.read_text())
            )
    return found


def cohort(assignment: Assignment, size: int, seed: int = 0) -> list[tuple[str, Variant]]:
    """(student id, variant) for `size` students; the same seed gives the same prefix for every size."""
    pool = variants(assignment)
    rng = random.Random(seed)
    kinds, weights = zip(*MIX)
    turn = dict.fromkeys(kinds, 0)
    students = []
    for i in range(size):
        kind = rng.choices(kinds, weights)[0]
        choices = pool[kind]
        students.append((f"s{i:05d}", choices[turn[kind] % len(choices)]))
        turn[kind] += 1
    return students


def _plot_cell(assignment: str) -> str:
    """The plotting cell of tests/cohort/make_notebooks.py, the notebooks the kit's tests use."""
    spec = importlib.util.spec_from_file_location("make_notebooks", COHORT / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PLOTS[assignment].rstrip("\n")


# ===================================================================================== hidden tests


# The hidden tests' vocabulary (autograder.harness), rebuilt for the student's kernel. Comparisons
# follow autograder/compare.py and values are normalised as autograder/protocol.py does, so that an
# honest submission earns the same points either way.
KERNEL_PRELUDE = """
import copy
import math
import warnings

import numpy as np


class Mismatch(AssertionError):
    pass


class StudentError(Exception):
    pass


class StudentTimeout(Exception):
    pass


class CallResult:
    def __init__(self, value, inputs_after, fn_calls, seconds):
        self.value, self.inputs_after, self.fn_calls, self.seconds = value, inputs_after, fn_calls, seconds


class _Mark:
    def parametrize(self, *args, **kwargs):
        return lambda f: f


class pytest:
    mark = _Mark()


def graded(function, points=1.0, title=None):
    return lambda f: f


def localized(**texts):
    return texts.get("en", "")


class _Grad:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, x):
        return self.fn(x)


def quadratic(A, b):
    A, b = np.asarray(A, dtype=float), np.asarray(b, dtype=float)
    return _Grad(lambda x: A @ np.asarray(x, dtype=float) - b)


def quartic(center):
    center = np.asarray(center, dtype=float)
    return _Grad(lambda x: 4 * (np.asarray(x, dtype=float) - center) ** 3)


def rosenbrock(a=1.0, b=100.0):
    a, c = float(a), float(b)

    def grad(x):
        x = np.asarray(x, dtype=float)
        return np.array([-2 * (a - x[0]) - 4 * c * x[0] * (x[1] - x[0] ** 2), 2 * c * (x[1] - x[0] ** 2)])

    return _Grad(grad)


def describe_type(value):
    return type(value).__name__


def _plain(v):
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    if isinstance(v, np.ndarray):
        return np.array(v, dtype=float)
    if isinstance(v, (list, tuple)):
        items = [_plain(x) for x in v]
        return tuple(items) if isinstance(v, tuple) else items
    if hasattr(v, "__array__") or hasattr(v, "__float__"):
        a = np.asarray(v, dtype=float)
        return float(a) if a.ndim == 0 else a
    return v


def _number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _close(got, expected, rtol, atol, decimals):
    if isinstance(expected, tuple) or (isinstance(expected, list) and not all(_number(v) for v in expected)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return False
        return all(_close(g, e, rtol, atol, decimals) for g, e in zip(got, expected))
    if isinstance(expected, (np.ndarray, list)):
        expected = np.asarray(expected, dtype=float)
        if isinstance(got, np.ndarray):
            vector = got
        elif isinstance(got, (list, tuple)) and all(_number(v) for v in got):
            vector = np.array(got, dtype=float)
        else:
            return False
        if vector.shape != expected.shape or (np.isnan(vector) & ~np.isnan(expected)).any():
            return False
        close = np.isclose(vector, expected, rtol=rtol, atol=atol, equal_nan=True)
        if decimals is not None:
            close = np.round(vector, decimals) == np.round(expected, decimals)
        return bool(close.all())
    if _number(expected):
        if _number(got):
            value = float(got)
        elif isinstance(got, np.ndarray) and got.size == 1 and got.ndim <= 1:
            value = float(got.reshape(()))
        else:
            return False
        expected = float(expected)
        if math.isnan(value) and not math.isnan(expected):
            return False
        if decimals is not None:
            return round(value, decimals) == round(expected, decimals)
        return math.isclose(value, expected, rel_tol=rtol, abs_tol=atol) or value == expected
    return got == expected


def expect_close(got, expected, *, rtol=1e-6, atol=1e-9, decimals=None, reveal=True, name="the result",
                 names=None):
    assert _close(got, expected, rtol, atol, decimals), f"{name}: expected {expected!r:.80}, got {got!r:.80}"


def expect_unchanged(call, inputs, labels):
    for label, before, after in zip(labels, inputs, call.inputs_after):
        if isinstance(before, np.ndarray):
            same = isinstance(after, np.ndarray) and after.shape == before.shape
            assert same and np.array_equal(after, before, equal_nan=True), f"{label} was modified in place"


def expect_grad_calls(call, iterations):
    assert call.fn_calls == (iterations,), f"grad_fn called {call.fn_calls} times, not {iterations}"


class _Student:
    def __init__(self, namespace):
        self._namespace = namespace

    def call(self, function, *args, inputs_after=False, **kwargs):
        counts = []

        def pass_in(value):
            if isinstance(value, _Grad):
                slot = len(counts)
                counts.append(0)

                def grad_fn(x):
                    counts[slot] += 1
                    return value(x)

                return grad_fn
            return copy.deepcopy(value)

        args = [pass_in(a) for a in args]
        kwargs = {k: pass_in(v) for k, v in kwargs.items()}
        value = _plain(self._namespace[function](*args, **kwargs))
        after = tuple(None if callable(a) else _plain(a) for a in args) if inputs_after else ()
        return CallResult(value, after, tuple(counts), 0.0)

    def __getattr__(self, function):
        if function.startswith("_"):
            raise AttributeError(function)
        return lambda *args, **kwargs: self.call(function, *args, **kwargs).value


class _Replay:
    def __init__(self, values):
        self._values = list(values)

    def __getattr__(self, function):
        if function.startswith("_"):
            raise AttributeError(function)

        def replay(*args, **kwargs):
            name, value = self._values.pop(0)
            assert name == function, f"hidden test out of step: {name} != {function}"
            return copy.deepcopy(value)

        return replay
"""
PRELUDE_NAMES = {
    "Mismatch",
    "StudentError",
    "StudentTimeout",
    "CallResult",
    "graded",
    "localized",
    "quadratic",
    "quartic",
    "rosenbrock",
    "describe_type",
    "expect_close",
    "expect_unchanged",
    "expect_grad_calls",
}


def literal(value: Any) -> str:
    """Python source that rebuilds `value` exactly (floats through repr, arrays with dtype and shape)."""
    if value is None or isinstance(value, (bool, str)):
        return repr(value)
    if isinstance(value, np.bool_):
        return f"np.bool_({bool(value)})"
    if isinstance(value, np.integer):
        return f"np.int64({int(value)})"
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, np.floating):
        return f"np.float64({literal(float(value))})"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"float('{value}')"
    if isinstance(value, np.ndarray):
        items = ", ".join(literal(float(x)) for x in value.ravel().tolist())
        return f"np.array([{items}], dtype=np.{value.dtype}).reshape({tuple(value.shape)!r})"
    if isinstance(value, tuple):
        return "(" + "".join(literal(v) + ", " for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} into a hidden test")


@dataclass(frozen=True)
class HiddenCase:
    """One collected hidden test case and the nbgrader grade cell that checks the same in the kernel."""

    nodeid: str
    function: str
    points: float
    cell: str


class _ReferenceAsStudent:
    """The `student` fixture at build time: a correct student, so every test runs to its end."""

    def __init__(self, module: Any) -> None:
        self.module = module

    def call(self, function: str, *args: Any, inputs_after: bool = False, **kwargs: Any) -> Any:
        from autograder.functions import GradFn
        from autograder.harness import CallResult

        counts: list[int] = []

        def pass_in(value: Any) -> Any:
            if isinstance(value, GradFn):
                counts.append(0)
                slot = len(counts) - 1

                def grad_fn(x: Any) -> Any:
                    counts[slot] += 1
                    return value(x)

                return grad_fn
            return copy.deepcopy(value)

        call_args = [pass_in(a) for a in args]
        value = getattr(self.module, function)(*call_args, **{k: pass_in(v) for k, v in kwargs.items()})
        after = tuple(None if callable(a) else a for a in call_args) if inputs_after else ()
        return CallResult(value, after, tuple(counts), 0.0)

    def __getattr__(self, function: str) -> Any:
        if function.startswith("_"):
            raise AttributeError(function)
        return lambda *args, **kwargs: self.call(function, *args, **kwargs).value


class _RecordingReference:
    """The `reference` fixture at build time: the reference module, writing down what each call returned."""

    def __init__(self, module: Any, log: list[tuple[str, Any]]) -> None:
        self.module, self.log = module, log

    def __getattr__(self, function: str) -> Any:
        if function.startswith("_"):
            raise AttributeError(function)

        def call(*args: Any, **kwargs: Any) -> Any:
            value = getattr(self.module, function)(*args, **kwargs)
            self.log.append((function, copy.deepcopy(value)))
            return value

        return call


def hidden_cases(assignment: Assignment) -> tuple[str, list[HiddenCase]]:
    """Run the hidden tests once with the reference as the student; write one grade cell per case.

    Returns the code of the helper cell (the harness for the kernel, then the hidden test file's own
    constants and helpers) and the cases.
    """
    import pytest

    from autograder.run import load_reference

    folder = ROOT / "solutions" / assignment.name
    tests_file = folder / "test_hidden.py"
    module = load_reference(folder / assignment.module, f"bench_reference_{assignment.name}")
    logs: dict[str, list[tuple[str, Any]]] = {}
    collected: list[Any] = []
    failed: list[str] = []

    class Recorder:
        @pytest.fixture
        def student(self) -> Any:
            return _ReferenceAsStudent(module)

        @pytest.fixture
        def reference(self, request: Any) -> Any:
            return _RecordingReference(module, logs.setdefault(request.node.nodeid, []))

        def pytest_collection_modifyitems(self, items: list[Any]) -> None:
            collected.extend(items)

        def pytest_runtest_logreport(self, report: Any) -> None:
            if report.failed:
                failed.append(f"{report.nodeid}: {report.longreprtext[-1500:]}")

    args = [
        str(tests_file),
        "--rootdir",
        str(folder),
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--import-mode=importlib",
        "-W",
        "ignore::pytest.PytestUnknownMarkWarning",
    ]
    with open(os.devnull, "w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        try:
            pytest.main(args, plugins=[Recorder()])
        finally:
            sys.stdout = stdout
            for name in [m for m in sys.modules if m.split(".")[-1] == "test_hidden"]:
                del sys.modules[name]  # every assignment's file has this name
    if failed or not collected:
        raise SystemExit("the hidden tests do not pass on the reference:\n" + "\n".join(failed))

    source = tests_file.read_text()
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    shared, tests = [], {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("autograder"):
            missing = {a.asname or a.name for a in node.names} - PRELUDE_NAMES
            if missing:
                raise SystemExit(f"bench/batch.py has no kernel version of {sorted(missing)}")
            continue
        if isinstance(node, ast.Import) and [a.name for a in node.names] == ["pytest"]:
            continue
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        text = "".join(lines[start - 1 : node.end_lineno])
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            tests[node.name] = text
        else:
            shared.append(text)

    cases = []
    for item in collected:
        marker = item.get_closest_marker("graded")
        if marker is None:
            continue
        params = dict(getattr(item, "callspec", None).params) if hasattr(item, "callspec") else {}
        wanted = inspect.signature(item.function).parameters
        kwargs = {"student": "_Student(globals())", "reference": "_Replay(_expected)"}
        call = ", ".join(f"{k}={v}" for k, v in kwargs.items() if k in wanted)
        call += "".join(f", {k}={literal(v)}" for k, v in params.items())
        expected = "[" + ", ".join(f"({n!r}, {literal(v)})" for n, v in logs.get(item.nodeid, [])) + "]"
        body = "\n".join(
            [
                tests[item.originalname],
                f"_expected = {expected}",
                "with warnings.catch_warnings(), np.errstate(all='ignore'):",
                '    warnings.simplefilter("ignore")',
                f"    {item.originalname}({call.lstrip(', ')})",
            ]
        )
        cell = f"def _hidden_test():\n{textwrap.indent(body, '    ')}\n\n\n_hidden_test()\ndel _hidden_test"
        compile(cell, item.nodeid, "exec")
        cases.append(HiddenCase(item.nodeid, marker.kwargs["function"], float(marker.kwargs["points"]), cell))
    helpers = "\n".join([KERNEL_PRELUDE.strip("\n"), "", *shared])
    compile(helpers, "helpers", "exec")
    return helpers, cases


# ===================================================================================== nbgrader course


def _code(source: str, nbgrader: dict[str, Any] | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    if nbgrader is not None:
        cell.metadata["nbgrader"] = {"schema_version": 3, "task": False, **nbgrader}
    return cell


def source_notebook(assignment: Assignment, helpers: str, cases: list[HiddenCase]) -> nbformat.NotebookNode:
    """The instructor's notebook: a solution cell per function, then a 0-point grade cell with the test
    helpers and one grade cell per hidden case (the kit reads neither kind of grade cell)."""
    reference = split_module((ROOT / "solutions" / assignment.name / assignment.module).read_text())
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {assignment.name}\n\n{reference.doc}"))
    setup = ["%matplotlib inline\nimport matplotlib.pyplot as plt\n", *reference.setup]
    setup += [block for name, block in reference.blocks.items() if name not in assignment.functions]
    nb.cells.append(_code("".join(setup).rstrip()))
    for function in assignment.functions:
        solution = f"### BEGIN SOLUTION\n{reference.blocks[function].rstrip()}\n### END SOLUTION"
        meta = {"grade": False, "solution": True, "locked": False, "grade_id": f"answer_{function}"}
        nb.cells.append(_code(solution, meta))
    nb.cells.append(_code(_plot_cell(assignment.name)))
    helpers_cell = f"# helpers of the hidden tests\n### BEGIN HIDDEN TESTS\n{helpers}\n### END HIDDEN TESTS"
    meta = {"grade": True, "solution": False, "locked": True, "points": 0, "grade_id": "hidden_helpers"}
    nb.cells.append(_code(helpers_cell, meta))
    for index, case in enumerate(cases):
        cell = f"# hidden test {case.nodeid}\n### BEGIN HIDDEN TESTS\n{case.cell}\n### END HIDDEN TESTS"
        points = int(case.points) if case.points == int(case.points) else case.points
        meta = {
            "grade": True,
            "solution": False,
            "locked": True,
            "points": points,
            "grade_id": f"hidden_{index}",
        }
        nb.cells.append(_code(cell, meta))
    return nb


NBGRADER_CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.root = {root!r}
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
"""


def nbgrader_env(course: Path) -> dict[str, str]:
    """nbgrader with no configuration but the course's own (not /work/main's, not ~/.jupyter's)."""
    config = course / ".jupyter-config"
    config.mkdir(exist_ok=True)
    return {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "PATH": f"{BIN}:{os.environ['PATH']}"}


def build_course(
    course: Path, assignment: Assignment, helpers: str, cases: list[HiddenCase]
) -> nbformat.NotebookNode:
    """A fresh nbgrader course with the assignment generated; returns the released notebook."""
    (course / "source" / assignment.name).mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(root=str(course), stub=CODE_STUB))
    nbformat.write(
        source_notebook(assignment, helpers, cases),
        course / "source" / assignment.name / f"{assignment.name}.ipynb",
    )
    run = subprocess.run(
        [str(BIN / "nbgrader"), "generate_assignment", assignment.name, "--force"],
        cwd=course,
        env=nbgrader_env(course),
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise SystemExit(f"nbgrader generate_assignment failed:\n{run.stdout}\n{run.stderr}")
    return nbformat.read(course / "release" / assignment.name / f"{assignment.name}.ipynb", as_version=4)


def submitted_notebook(
    released: nbformat.NotebookNode, assignment: Assignment, student: str, variant: Variant
) -> nbformat.NotebookNode:
    """The released notebook as this student hands it in: their cells in place of the stubs."""
    nb = copy.deepcopy(released)
    split = split_module(variant.source)
    setup = ["%matplotlib inline\nimport matplotlib.pyplot as plt\n", *split.setup]
    setup += [block for name, block in split.blocks.items() if name not in assignment.functions]
    nb.cells[0].source = f"# {assignment.name}\n\nStudent {student}.\n\n{split.doc}".rstrip()
    nb.cells[1].source = "".join(setup).rstrip()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        function = grade_id.removeprefix("answer_")
        if grade_id.startswith("answer_") and function in split.blocks:
            cell.source = split.blocks[function].rstrip()
    return nb


def place_cohort(
    course: Path, assignment: Assignment, released: nbformat.NotebookNode, students: list[tuple[str, Variant]]
) -> list[Path]:
    """Write each student's notebook as nbgrader's submitted/<student>/<assignment>/<assignment>.ipynb."""
    paths = []
    for student, variant in students:
        folder = course / "submitted" / student / assignment.name
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2025-01-01 12:00:00.000000 UTC")
        path = folder / f"{assignment.name}.ipynb"
        nbformat.write(submitted_notebook(released, assignment, student, variant), path)
        paths.append(path)
    return paths


def build_kit_course(course: Path, assignment: Assignment) -> nbformat.NotebookNode:
    """The kit's nbgrader course with the assignment generated; returns the released notebook."""
    course.mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "source" / assignment.name, course / "source" / assignment.name,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    (course / "solutions").symlink_to(ROOT / "solutions", target_is_directory=True)
    run = subprocess.run(
        [str(BIN / "nbgrader"), "generate_assignment", assignment.name, "--force"],
        cwd=course, env=nbgrader_env(course), capture_output=True, text=True,
    )
    if run.returncode != 0:
        raise SystemExit(f"nbgrader generate_assignment (kit course) failed:\n{run.stdout}\n{run.stderr}")
    return nbformat.read(course / "release" / assignment.name / f"{assignment.name}.ipynb", as_version=4)


def kit_notebook(
    released: nbformat.NotebookNode, assignment: Assignment, student: str, variant: Variant
) -> nbformat.NotebookNode:
    """The kit's released notebook as this student hands it in: the same code as their plain-nbgrader
    notebook, in the answer cells, with their imports and helpers in the first code cell. Their name
    goes in the first cell, as in the plain-nbgrader notebook, so no two students hand in the same
    bytes (the kit caches results by content, which would flatter it)."""
    nb = copy.deepcopy(released)
    nb.cells[0].source = f"Student {student}.\n\n{nb.cells[0].source}"
    split = split_module(variant.source)
    setup = ["%matplotlib inline\n", *split.setup]
    setup += [block for name, block in split.blocks.items() if name not in assignment.functions]
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    first_code.source = "".join(setup).rstrip()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        function = grade_id.removeprefix("answer_")
        if grade_id.startswith("answer_"):
            cell.source = split.blocks[function].rstrip() if function in split.blocks else "# (deleted)"
    return nb


def place_kit_cohort(
    course: Path, assignment: Assignment, released: nbformat.NotebookNode, students: list[tuple[str, Variant]]
) -> None:
    for student, variant in students:
        folder = course / "submitted" / student / assignment.name
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2025-01-01 12:00:00.000000 UTC")
        nbformat.write(kit_notebook(released, assignment, student, variant), folder / f"{assignment.name}.ipynb")


# ===================================================================================== measuring


def _tree(root: int) -> list[int]:
    """`root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares pages among the processes that map them."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process tree every `interval` seconds; keeps the peaks."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.peak_processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pids = _tree(self.pid)
            rss, pss = map(sum, zip(*(_memory_kib(p) for p in pids))) if pids else (0, 0)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self.done.wait(self.interval)


@dataclass
class Timed:
    seconds: float
    """Wall-clock seconds, from the outside."""
    cpu_seconds: float
    """User + system CPU seconds of the whole process tree (less sensitive to other load than wall time)."""
    peak_rss_mib: float
    """Peak of the summed RSS of the process tree (pages shared after fork counted in every process)."""
    peak_pss_mib: float
    """Peak of the summed PSS (shared pages split among their processes)."""
    processes: int
    load_before: float
    load_after: float
    machine_cpu_seconds: float = 0.0
    """Busy CPU seconds of the whole machine during the run (/proc/stat): counts the sandboxed processes
    the tree's own accounting misses, and anything else running, so only meaningful on a quiet machine."""


def machine_busy_seconds() -> float:
    """CPU seconds the machine has spent busy since boot (all cores; not idle, not waiting for I/O)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def run_timed(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> Timed:
    """Run a command with output to `log`, timing it and sampling its memory; fail loudly if it fails."""
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before = machine_busy_seconds()
    with open(log, "w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(process.pid)
        sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(argv[:3])} ... exited with {code}; see {log}")
    return Timed(
        seconds,
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        sampler.peak_rss / 1024,
        sampler.peak_pss / 1024,
        sampler.peak_processes,
        load_before,
        os.getloadavg()[0],
        machine_busy_seconds() - busy_before,
    )


def kit_scores(jsonl: Path) -> dict[str, float]:
    scores = {}
    for line in jsonl.read_text().splitlines():
        report = json.loads(line)
        scores[Path(report["submission"]).parts[-3]] = float(report["score"])
    return scores


def nbgrader_scores(course: Path, assignment: str, course_id: str = "bench") -> dict[str, float]:
    """student -> total, as recorded in the course's gradebook.db."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=course_id) as gb:
        return {s.student.id: float(s.score) for s in gb.assignment_submissions(assignment)}


@dataclass
class Row:
    size: int
    kit: Timed
    full: Timed | None = None
    """`autograder autograde` into the gradebook."""
    nbgrader: Timed | None = None
    compared: int = 0
    differences: list[str] = field(default_factory=list)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(
            line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}, Python {platform.python_version()}"


def report(rows: list[Row], assignment: str, workers: int, nbgrader_max: int) -> None:
    measured = [r for r in rows if r.nbgrader]
    base = max(measured, key=lambda r: r.size) if measured else None
    print(
        f"\n{assignment}: kit = `autograder batch --workers {workers}`, nbgrader = `nbgrader autograde` "
        "(sequential, one kernel per notebook). Wall-clock seconds from the outside; CPU = user + system "
        "seconds of the whole process tree; load = 1-minute load average before / after."
    )
    head = ("N", "kit s", "kit sub/s", "kit ms/sub", "kit CPU ms/sub", "kit peak RSS / PSS MiB", "kit load")
    head += ("nbgrader s", "nbg sub/s", "nbg s/sub", "nbg CPU s/sub", "nbg peak RSS MiB", "nbg load", "ratio")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        k = r.kit
        kit_per = k.seconds / r.size
        cells = [str(r.size), f"{k.seconds:.1f}", f"{r.size / k.seconds:.1f}", f"{kit_per * 1000:.1f}"]
        cells += [f"{k.cpu_seconds / r.size * 1000:.0f}", f"{k.peak_rss_mib:.0f} / {k.peak_pss_mib:.0f}"]
        cells += [f"{k.load_before:.2f} / {k.load_after:.2f}"]
        if r.nbgrader:
            n = r.nbgrader
            cells += [f"{n.seconds:.1f}", f"{r.size / n.seconds:.2f}", f"{n.seconds / r.size:.2f}"]
            cells += [f"{n.cpu_seconds / r.size:.2f}", f"{n.peak_rss_mib:.0f}"]
            cells += [f"{n.load_before:.2f} / {n.load_after:.2f}", f"{(n.seconds / r.size) / kit_per:.1f}x"]
        else:
            cells += [f"not run (N > {nbgrader_max})", "", "", "", "", ""]
            per = base.nbgrader.seconds / base.size if base else None
            cells += [f"{per / kit_per:.1f}x (nbgrader's s/sub at N={base.size})" if base and per else "-"]
        print("| " + " | ".join(cells) + " |")
    full = [r for r in rows if r.full]
    if full:
        print(
            f"\nThe whole job into the gradebook: kit = `autograder autograde --workers {workers}` (the engine "
            "grades, and nbgrader's steps write each autograded notebook and its grades), nbgrader as above. "
            "machine CPU = busy CPU seconds of the whole machine during the run (includes the sandboxed "
            "processes; other load too); x engine-only = this run's ms/sub over `autograder batch`'s."
        )
        head = ("N", "kit s", "kit sub/s", "kit ms/sub", "kit CPU ms/sub", "machine CPU ms/sub (batch)",
                "kit peak RSS / PSS MiB", "kit load", "x engine-only", "nbg s/sub", "ratio")
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for r in full:
            f = r.full
            per = f.seconds / r.size
            cells = [str(r.size), f"{f.seconds:.1f}", f"{r.size / f.seconds:.1f}", f"{per * 1000:.0f}",
                     f"{f.cpu_seconds / r.size * 1000:.0f}",
                     f"{f.machine_cpu_seconds / r.size * 1000:.0f} ({r.kit.machine_cpu_seconds / r.size * 1000:.0f})",
                     f"{f.peak_rss_mib:.0f} / {f.peak_pss_mib:.0f}",
                     f"{f.load_before:.2f} / {f.load_after:.2f}", f"{f.seconds / r.kit.seconds:.2f}x"]
            if r.nbgrader:
                nbg = r.nbgrader.seconds / r.size
                cells += [f"{nbg:.2f}", f"{nbg / per:.1f}x"]
            elif base:
                nbg = base.nbgrader.seconds / base.size
                cells += [f"{nbg:.2f} (at N={base.size})", f"{nbg / per:.1f}x"]
            else:
                cells += ["-", "-"]
            print("| " + " | ".join(cells) + " |")
        if len(full) >= 2:
            slope, fixed = np.polyfit([r.size for r in full], [r.full.seconds for r in full], 1)
            print(f"kit autograde time vs N: least squares t = {fixed:.2f} s + {slope * 1000:.1f} ms x N")
    if len(rows) >= 2:
        sizes = np.array([r.size for r in rows], dtype=float)
        seconds = np.array([r.kit.seconds for r in rows])
        slope, fixed = np.polyfit(sizes, seconds, 1)
        exponent = np.polyfit(np.log(sizes), np.log(seconds), 1)[0]
        print(
            f"\nkit time vs N: least squares t = {fixed:.2f} s + {slope * 1000:.1f} ms x N; "
            f"log-log slope {exponent:.2f} (1 = linear, < 1 = fixed cost still amortising)"
        )
        first, last = rows[0], rows[-1]
        growth = (last.kit.seconds / last.size) / (first.kit.seconds / first.size)
        print(f"kit seconds per submission at N={last.size} / at N={first.size}: {growth:.2f}")
        steps = ", ".join(
            f"N={a.size}->{b.size}: {(b.kit.seconds - a.kit.seconds) / (b.size - a.size) * 1000:.1f} ms"
            for a, b in zip(rows, rows[1:])
        )
        print(f"kit marginal wall time per extra submission: {steps}")
        cpu = ", ".join(f"N={r.size}: {r.kit.cpu_seconds / r.size * 1000:.0f} ms" for r in rows)
        print(f"kit CPU per submission: {cpu}")
    for r in rows:
        if r.nbgrader or r.full:
            verdict = "identical" if not r.differences else f"{len(r.differences)} DIFFERENT"
            compared = [f"nbgrader vs kit on {r.compared} honest submissions"] if r.nbgrader else []
            compared += [f"kit batch vs kit gradebook on all {r.size}"] if r.full else []
            print(f"N={r.size}: totals ({'; '.join(compared)}): {verdict}")
            for line in r.differences:
                print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ps1_gradient_descent", choices=sorted(ASSIGNMENTS))
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--nbgrader-max", type=int, default=200, help="largest N graded by nbgrader too")
    parser.add_argument("--workers", type=int, default=2, help="autograder batch --workers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--no-autograde", action="store_true", help="skip the `autograder autograde` runs")
    args = parser.parse_args(argv)
    assignment = ASSIGNMENTS[args.assignment]
    sizes = sorted(set(args.sizes))
    work = Path(tempfile.mkdtemp(prefix="descent-kit-bench-"))
    print(f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}  {machine()}")
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"working in {work}")
    try:
        started = time.perf_counter()
        helpers, cases = hidden_cases(assignment)
        template = work / "template"
        released = build_course(template, assignment, helpers, cases)
        points = sum(c.points for c in cases)
        print(
            f"built: {len(cases)} hidden test cases ({points:g} points) as grade cells; "
            f"generate_assignment done in {time.perf_counter() - started:.1f} s"
        )
        kit_template = work / "kit-template"
        kit_released = None if args.no_autograde else build_kit_course(kit_template, assignment)
        everyone = cohort(assignment, max(sizes), args.seed)
        rows = []
        for size in sizes:
            students = everyone[:size]
            course = work / f"n{size}"
            shutil.copytree(template, course, ignore=shutil.ignore_patterns(".jupyter-config"))
            (course / "nbgrader_config.py").write_text(
                NBGRADER_CONFIG.format(root=str(course), stub=CODE_STUB)
            )
            paths = place_cohort(course, assignment, released, students)
            counts = {kind: sum(v.kind == kind for _, v in students) for kind, _ in MIX}
            print(
                f"\nN={size}: {counts['correct']} correct, {counts['mistaken']} mistaken, {counts['broken']} broken"
            )
            jsonl = course / "kit.jsonl"
            kit = run_timed(
                [
                    str(BIN / "autograder"),
                    "batch",
                    assignment.name,
                    *map(str, paths),
                    "--workers",
                    str(args.workers),
                    "--jsonl",
                    str(jsonl),
                ],
                ROOT,
                {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"},
                course / "kit.log",
            )
            print(
                f"  kit:      {kit.seconds:7.1f} s  ({size / kit.seconds:.1f}/s), load {kit.load_before:.2f}"
            )
            row = Row(size, kit)
            ours = kit_scores(jsonl)
            if kit_released is not None:
                kit_course = work / f"kit-n{size}"
                shutil.copytree(kit_template, kit_course, symlinks=True,
                                ignore=shutil.ignore_patterns(".jupyter-config"))
                place_kit_cohort(kit_course, assignment, kit_released, students)
                row.full = run_timed(
                    [str(BIN / "autograder"), "autograde", assignment.name, "--workers", str(args.workers)],
                    kit_course,
                    nbgrader_env(kit_course),
                    kit_course / "autograde.log",
                )
                f = row.full
                print(f"  kit autograde: {f.seconds:7.1f} s  ({size / f.seconds:.1f}/s), load {f.load_before:.2f}")
                recorded = nbgrader_scores(kit_course, assignment.name, course_id="descent-kit")
                for student, variant in students:
                    a, b = ours.get(student), recorded.get(student)
                    if a is None or b is None or not math.isclose(a, b, abs_tol=1e-9):
                        row.differences.append(
                            f"{student} ({variant.kind} {variant.label}): kit batch {a}, kit gradebook {b}"
                        )
            if size <= args.nbgrader_max:
                row.nbgrader = run_timed(
                    [str(BIN / "nbgrader"), "autograde", assignment.name],
                    course,
                    nbgrader_env(course),
                    course / "nbgrader.log",
                )
                n = row.nbgrader
                print(f"  nbgrader: {n.seconds:7.1f} s  ({size / n.seconds:.2f}/s), load {n.load_before:.2f}")
                theirs = nbgrader_scores(course, assignment.name)
                for student, variant in students:
                    if variant.kind == "broken":
                        continue
                    row.compared += 1
                    a, b = ours.get(student), theirs.get(student)
                    if a is None or b is None or not math.isclose(a, b, abs_tol=1e-9):
                        row.differences.append(
                            f"{student} ({variant.kind} {variant.label}): kit {a}, nbgrader {b}"
                        )
            rows.append(row)
        report(rows, assignment.name, args.workers, args.nbgrader_max)
        print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 1 if any(r.differences for r in rows) else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
