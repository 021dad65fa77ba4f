"""Build the sample cohort: 16 students' work on the five assignments (one handing in late, one working
in Korean), as nbgrader submissions and LMS zips.

Every submission starts from what students get, the released notebook (release/<assignment>/), with
the answer cells filled in from the reference solution (source/, delimiters removed), and then one
typical mistake, a hostile trick or a broken file is applied as a plain text edit. Ten students hand
in through nbgrader's exchange (fetch, edit, submit); five upload to the LMS, which gives one zip per
assignment. The files are committed; rebuilding gives identical bytes.

Output, next to this file:
  students.csv                               the roster (`nbgrader db student import students.csv`)
  exchange/<student>/<assignment>/<file>     files the student changed after `nbgrader fetch_assignment`
  lms/<assignment>.zip                       the LMS download: <student>_attempt_<time>_<file>
  README.md                                  who did what

Usage (from the course root):
  .venv/bin/python examples/cohort/make_cohort.py            write the cohort
  .venv/bin/python examples/cohort/make_cohort.py --check    write nothing; exit 1 if anything is stale
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MODULES = {
    "ps1_gradient_descent": "gradient_descent.py",
    "ps2_linear_regression": "linear_regression.py",
    "ps3_sgd": "sgd.py",
    "ps4_adam": "adam.py",
    "ps5_momentum": "momentum.py",
}
ZIP_TIME = (2026, 11, 20, 9, 0, 0)


# ----------------------------------------------------------------- edits of the reference answers

# A mistake: (graded function whose code changes, [(text in the reference, replacement), ...]).
Edit = tuple[str, list[tuple[str, str]]]

MISTAKES: dict[str, Edit] = {
    # ps1
    "sign error in get_minimizer_x": (
        "get_minimizer_x",
        [("x = x - learning_rate * 2 * x", "x = x + learning_rate * 2 * x")],
    ),
    "one step too many in gradient_descent": (
        "gradient_descent",
        [("for _ in range(iterations):", "for _ in range(iterations + 1):")],
    ),
    "gradient_descent changes x0 in place": (
        "gradient_descent",
        [
            ("x = np.array(x0, dtype=float)", "x = np.asarray(x0, dtype=float)"),
            ("x = x - learning_rate * np.asarray(", "x -= learning_rate * np.asarray("),
        ],
    ),
    "syntax error in gradient_descent": (
        "gradient_descent",
        [("for _ in range(iterations):", "for _ in range(iterations)")],
    ),
    # ps2
    "mse_gradient without the factor 2": ("mse_gradient", [("(2 / m)", "(1 / m)")]),
    "mse_gradient sums instead of averaging": (
        "mse_gradient",
        [
            (
                "(2 / m) * X.T @ residual, float((2 / m) * np.sum(residual))",
                "2 * X.T @ residual, float(2 * np.sum(residual))",
            )
        ],
    ),
    "losses recorded before each update": (
        "fit_gradient_descent",
        [
            ("losses = [mse_loss(X, y, w, b)]", "losses = []"),
            (
                "        grad_w, grad_b = mse_gradient(X, y, w, b)\n",
                "        losses.append(mse_loss(X, y, w, b))\n        grad_w, grad_b = mse_gradient(X, y, w, b)\n",
            ),
            ("        losses.append(mse_loss(X, y, w, b))\n    return", "    return"),
        ],
    ),
    "b never updated": ("fit_gradient_descent", [("        b = b - learning_rate * grad_b\n", "")]),
    "one iteration too few": (
        "fit_gradient_descent",
        [("for _ in range(iterations):", "for _ in range(iterations - 1):")],
    ),
    # ps3
    "no reshuffling": ("fit_sgd", [("order = rng.permutation(m)", "order = np.arange(m)")]),
    "learning rate updated once per epoch": (
        "fit_sgd",
        [("            t += 1\n        losses.append", "        t += 1\n        losses.append")],
    ),
    "last short batch dropped": (
        "fit_sgd",
        [("range(0, m, batch_size)", "range(0, m - batch_size + 1, batch_size)")],
    ),
    "operator precedence in learning_schedule": (
        "learning_schedule",
        [("return t0 / (t + t1)", "return t0 / t + t1")],
    ),
    # ps4
    "no bias correction": (
        "adam_step",
        [("m_hat = m / (1 - beta1**t)", "m_hat = m"), ("v_hat = v / (1 - beta2**t)", "v_hat = v")],
    ),
    "steps counted from 0": ("minimize_adam", [("range(1, iterations + 1)", "range(iterations)")]),
    "eps inside the square root": ("adam_step", [("(np.sqrt(v_hat) + eps)", "np.sqrt(v_hat + eps)")]),
    "beta1 and beta2 swapped": (
        "adam_step",
        [
            (
                "m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * grad",
                "m = beta2 * np.asarray(m, dtype=float) + (1 - beta2) * grad",
            ),
            (
                "v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * grad**2",
                "v = beta1 * np.asarray(v, dtype=float) + (1 - beta1) * grad**2",
            ),
        ],
    ),
    "adam_step changes theta in place": (
        "adam_step",
        [
            (
                "theta = np.asarray(theta, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps)",
                "theta = np.asarray(theta, dtype=float)\n    theta -= lr * m_hat / (np.sqrt(v_hat) + eps)",
            )
        ],
    ),
    # crashes and hangs inside a function
    "momentum velocity averaged": (
        "momentum_step",
        [
            (
                "velocity = beta * np.asarray(velocity, dtype=float) + np.asarray(grad, dtype=float)",
                "velocity = beta * np.asarray(velocity, dtype=float) + (1 - beta) * np.asarray(grad, dtype=float)",
            )
        ],
    ),
    "RMSProp without the square root": ("rmsprop_step", [("(np.sqrt(s) + eps)", "(s + eps)")]),
    "momentum path without x0": ("minimize_momentum", [("path = [x]", "path = []")]),
    "fit_sgd crashes Python (segfault)": (
        "fit_sgd",
        [
            (
                "    X = np.asarray(X, dtype=float)\n    y = np",
                "    import ctypes\n\n    ctypes.string_at(0)  # left over from debugging\n    X = np.asarray(X, dtype=float)\n    y = np",
            )
        ],
    ),
    "fit_sgd never returns": (
        "fit_sgd",
        [
            (
                "    X = np.asarray(X, dtype=float)\n    y = np",
                "    while True:\n        pass\n    X = np.asarray(X, dtype=float)\n    y = np",
            )
        ],
    ),
    "minimize_adam calls sys.exit()": (
        "minimize_adam",
        [("    return theta", "    import sys\n\n    sys.exit('done')")],
    ),
}

MONKEYPATCH_NUMPY = """\
# Make every check pass, whatever the functions return.
import numpy.testing

np.allclose = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None
"""

LYING_FLOAT = """\
class AlwaysEqual(float):
    \"\"\"A number equal to everything, close to everything.\"\"\"

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __sub__(self, other):
        return AlwaysEqual(0.0)

    __rsub__ = __sub__

    def __abs__(self):
        return AlwaysEqual(0.0)

    def __lt__(self, other):
        return True

    __le__ = __gt__ = __ge__ = __lt__
"""

LYING_ARRAY = """\
class AgreeableArray(np.ndarray):
    \"\"\"An array that says it equals whatever it is compared with.\"\"\"

    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)

    def __ne__(self, other):
        return np.zeros(self.shape, dtype=bool)
"""


@dataclass(frozen=True)
class Work:
    """One student's hand-in for one assignment."""

    variant: str
    """What is in it, in a few words (shown in README.md)."""
    mistakes: tuple[str, ...] = ()
    notebook: Callable[[nbformat.NotebookNode], None] | None = None
    """A further edit of the notebook (extra cells, deleted cells)."""
    module_only: bool = False
    """The work is in the module; the notebook is handed in as fetched."""
    raw: bytes | None = None
    """Hand in these bytes as the notebook instead (a broken file)."""
    attempts: tuple[tuple[str, Work], ...] = ()
    """LMS only: earlier uploads (time, work) before this one."""
    lang: str = "en"
    """The notebook's language: 'ko' starts from the Korean release (release_ko/) instead."""


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str
    last_name: str
    channel: str
    """'exchange' (nbgrader fetch/submit) or 'lms' (zip download)."""
    work: dict[str, Work] = field(default_factory=dict)
    late: tuple[str, ...] = ()
    """Exchange only: assignments handed in after their due date (the demo submits them last)."""


def add_cell_after_imports(source: str, cell_id: str) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        index = next(
            i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "import numpy" in c.source
        )
        cell = nbformat.v4.new_code_cell(source)
        cell.id = cell_id
        nb.cells.insert(index + 1, cell)

    return edit


def add_cell_after_answer(
    function: str, source: str, cell_id: str
) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        cell = nbformat.v4.new_code_cell(source)
        cell.id = cell_id
        nb.cells.insert(nb.cells.index(answer_cell(nb, function)) + 1, cell)

    return edit


def replace_answer(function: str, source: str) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        answer_cell(nb, function).source = source

    return edit


def delete_graded_test_cells(nb: nbformat.NotebookNode) -> None:
    nb.cells = [
        c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("hidden_")
    ]


def chain(*edits: Callable[[nbformat.NotebookNode], None]) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        for one in edits:
            one(nb)

    return edit


CORRECT = Work("correct")


# ----------------------------------------------------------------- damaged notebooks (graded as released)


def answer_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("answer_")]


def grade_settings_changed(nb: nbformat.NotebookNode) -> None:
    """The first answer cell made a 100-point graded cell, the others' grade_ids renamed."""
    first, *others = answer_cells(nb)
    first.metadata["nbgrader"].update(grade=True, points=100)
    for cell in others:
        cell.metadata["nbgrader"]["grade_id"] = "my_" + cell.metadata["nbgrader"]["grade_id"]


def copy_answer_for_scratch(function: str, scratch: str) -> Callable[[nbformat.NotebookNode], None]:
    """The answer cell copied below itself (same grade_id), with some scratch work added."""

    def edit(nb: nbformat.NotebookNode) -> None:
        cell = answer_cell(nb, function)
        duplicate = copy.deepcopy(cell)
        duplicate.id = "scratch-copy"
        duplicate.source += "\n\n# scratch work\n" + scratch
        nb.cells.insert(nb.cells.index(cell) + 1, duplicate)

    return edit


def forge_points(nb: nbformat.NotebookNode) -> None:
    """A 1000-point graded cell with a fake output, and fake full-marks outputs in the graded-test cells."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id", "").startswith("hidden_"):
            cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": str(meta["points"])},
                                                   execution_count=1)]
    bonus = nbformat.v4.new_code_cell("print('all tests passed')")
    bonus.id = "bonus"
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "locked": True, "points": 1000,
                                  "schema_version": 3, "solution": False, "task": False}
    bonus.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1000"}, execution_count=1)]
    nb.cells.append(bonus)


def saved_by_colab(nb: nbformat.NotebookNode) -> None:
    """As Google Colab saves it: nbformat 4.0 without cell ids, its own kernelspec; a check cell edited."""
    nb.nbformat_minor = 0
    nb.metadata = nbformat.from_dict({"colab": {"provenance": []},
                                      "kernelspec": {"name": "python3", "display_name": "Python 3"},
                                      "language_info": {"name": "python"}})
    for number, cell in enumerate(nb.cells):
        cell.pop("id", None)
        cell.metadata["id"] = f"colab{number:04d}"
    check = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("check_"))
    check.source = "# this check kept failing on Colab, so I commented it out\n# " + check.source.replace(
        "\n", "\n# ")


def cohort() -> list[Student]:
    return [
        Student("s01", "Ada", "Lovelace", "exchange", {a: CORRECT for a in MODULES}),
        Student(
            "s02",
            "Alan",
            "Turing",
            "exchange",
            {
                "ps1_gradient_descent": Work("sign error", ("sign error in get_minimizer_x",)),
                "ps2_linear_regression": Work(
                    "gradient without factor 2", ("mse_gradient without the factor 2",)
                ),
                "ps3_sgd": CORRECT,
                "ps4_adam": Work("no bias correction", ("no bias correction",)),
            },
        ),
        Student(
            "s03",
            "Grace",
            "Hopper",
            "exchange",
            {
                "ps1_gradient_descent": Work("one step too many", ("one step too many in gradient_descent",)),
                "ps2_linear_regression": Work(
                    "losses before update", ("losses recorded before each update",)
                ),
                "ps3_sgd": Work("schedule per epoch", ("learning rate updated once per epoch",)),
                "ps4_adam": Work("t counted from 0", ("steps counted from 0",)),
            },
        ),
        Student(
            "s04",
            "Emmy",
            "Noether",
            "exchange",
            {
                "ps1_gradient_descent": Work(
                    "modifies x0 in place", ("gradient_descent changes x0 in place",)
                ),
                "ps2_linear_regression": Work("b never updated", ("b never updated",)),
                "ps3_sgd": Work("no reshuffling", ("no reshuffling",)),
                "ps4_adam": Work("eps inside sqrt", ("eps inside the square root",)),
            },
        ),
        Student(
            "s05",
            "Kurt",
            "Goedel",
            "exchange",
            {
                "ps1_gradient_descent": Work(
                    "monkeypatches numpy; sign error",
                    ("sign error in get_minimizer_x",),
                    add_cell_after_imports(MONKEYPATCH_NUMPY, "student-monkeypatch"),
                ),
                "ps2_linear_regression": Work(
                    "monkeypatches numpy; gradient without factor 2",
                    ("mse_gradient without the factor 2",),
                    add_cell_after_imports(MONKEYPATCH_NUMPY, "student-monkeypatch"),
                ),
            },
        ),
        Student(
            "s06",
            "Emil",
            "Post",
            "exchange",
            {
                "ps2_linear_regression": Work(
                    "lying objects (a float equal to everything)",
                    (),
                    chain(
                        add_cell_after_imports(LYING_FLOAT, "student-lying-float"),
                        replace_answer(
                            "mse_loss",
                            "def mse_loss(X, y, w, b):\n    return AlwaysEqual(0.0)",
                        ),
                    ),
                ),
                "ps4_adam": Work(
                    "lying objects (arrays equal to everything)",
                    (),
                    chain(
                        add_cell_after_imports(LYING_ARRAY, "student-lying-array"),
                        replace_answer(
                            "minimize_adam",
                            "def minimize_adam(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                            "    return np.zeros(len(x0)).view(AgreeableArray)",
                        ),
                    ),
                ),
            },
        ),
        Student(
            "s07",
            "Hedy",
            "Lamarr",
            "exchange",
            {
                "ps1_gradient_descent": Work(
                    "correct; damaged: grading settings changed, answer ids renamed", notebook=grade_settings_changed
                ),
                "ps2_linear_regression": Work("correct, in the module", module_only=True),
                "ps3_sgd": Work(
                    "last batch dropped, in the module", ("last short batch dropped",), module_only=True
                ),
                "ps5_momentum": Work("correct, in the module", module_only=True),
            },
        ),
        Student(
            "s08",
            "Katherine",
            "Johnson",
            "exchange",
            {
                "ps1_gradient_descent": Work(
                    "correct; damaged: answer cell copied for scratch work (same grade_id)",
                    notebook=copy_answer_for_scratch(
                        "gradient_descent", "path = gradient_descent(lambda x: 2 * x, [1.0], 0.1, 5)"
                    ),
                ),
                "ps2_linear_regression": Work(
                    "forged: a 1000-point cell, fake outputs; gradient without factor 2",
                    ("mse_gradient without the factor 2",),
                    forge_points,
                ),
                "ps3_sgd": Work("crash: fit_sgd kills Python", ("fit_sgd crashes Python (segfault)",)),
                "ps4_adam": Work("crash: sys.exit() in minimize_adam", ("minimize_adam calls sys.exit()",)),
                "ps5_momentum": Work("path without its starting point", ("momentum path without x0",)),
            },
        ),
        Student(
            "s09",
            "John",
            "von Neumann",
            "exchange",
            {
                "ps1_gradient_descent": Work(
                    "hang: a top-level cell runs for ever; functions correct",
                    (),
                    add_cell_after_answer(
                        "get_minimizer_x",
                        "# How far do ten billion steps get?\nfar = get_minimizer_x(10**10, 0.1, 3)",
                        "student-hang",
                    ),
                ),
                "ps3_sgd": Work("hang: fit_sgd never returns", ("fit_sgd never returns",)),
            },
        ),
        Student("s10", "Mary", "Somerville", "lms", {a: CORRECT for a in MODULES}),
        Student(
            "s11",
            "Sofia",
            "Kovalevskaya",
            "lms",
            {
                "ps1_gradient_descent": Work(
                    "correct (second upload; the first had a sign error)",
                    attempts=(
                        ("2026-11-18-21-40-00", Work("sign error", ("sign error in get_minimizer_x",))),
                    ),
                ),
                "ps2_linear_regression": Work("gradient sums", ("mse_gradient sums instead of averaging",)),
                "ps3_sgd": Work(
                    "precedence in learning_schedule", ("operator precedence in learning_schedule",)
                ),
                "ps4_adam": Work("betas swapped", ("beta1 and beta2 swapped",)),
                "ps5_momentum": Work("velocity averaged like Adam's m", ("momentum velocity averaged",)),
            },
        ),
        Student(
            "s12",
            "Srinivasa",
            "Ramanujan",
            "lms",
            {
                "ps1_gradient_descent": Work("invalid JSON (upload cut short)", raw=b"<truncated>"),
                "ps2_linear_regression": Work("one iteration too few", ("one iteration too few",)),
            },
        ),
        Student(
            "s13",
            "Henri",
            "Poincare",
            "lms",
            {
                "ps1_gradient_descent": Work("correct; saved by Colab, a check cell edited", notebook=saved_by_colab),
                "ps2_linear_regression": Work(
                    "correct, graded-test cells deleted", notebook=delete_graded_test_cells
                ),
                "ps3_sgd": Work("last batch dropped", ("last short batch dropped",)),
                "ps4_adam": Work("modifies theta in place", ("adam_step changes theta in place",)),
                "ps5_momentum": Work("RMSProp without the square root", ("RMSProp without the square root",)),
            },
        ),
        Student(
            "s14",
            "Carl",
            "Gauss",
            "lms",
            {
                "ps1_gradient_descent": Work(
                    "syntax error in one cell", ("syntax error in gradient_descent",)
                ),
                "ps4_adam": Work(
                    "valid JSON but not a notebook", raw=b'{"cells": "see attached", "nbformat": 4}\n'
                ),
            },
        ),
        Student(
            "s15",
            "Sophie",
            "Germain",
            "exchange",
            {"ps1_gradient_descent": Work("correct, handed in after the due date")},
            late=("ps1_gradient_descent",),
        ),
        # Works in the Korean notebooks (release_ko/): the grader, the feedback page and validate answer
        # in Korean; the grades are what the same code earns in English.
        Student(
            "s16",
            "Jiwoo",
            "Kim",
            "exchange",
            {
                "ps1_gradient_descent": Work(
                    "in Korean: sign error", ("sign error in get_minimizer_x",), lang="ko"
                ),
                "ps2_linear_regression": Work(
                    "in Korean: gradient without factor 2", ("mse_gradient without the factor 2",), lang="ko"
                ),
                "ps3_sgd": Work("in Korean: correct", lang="ko"),
                "ps4_adam": Work("in Korean: no bias correction", ("no bias correction",), lang="ko"),
            },
        ),
    ]


# ----------------------------------------------------------------- building the files


def answer_cell(nb: nbformat.NotebookNode, function: str) -> nbformat.NotebookNode:
    wanted = f"answer_{function}"
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == wanted)


def solved(assignment: str, lang: str = "en") -> dict[str, str]:
    """Each graded function's answer cell as a student who wrote the reference would leave it."""
    folder = ROOT / ("source" if lang == "en" else f"source_{lang}")
    source = nbformat.read(folder / assignment / f"{assignment}.ipynb", as_version=4)
    answers = {}
    for cell in source.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer_"):
            lines = [
                line
                for line in cell.source.splitlines()
                if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
            ]
            answers[grade_id.removeprefix("answer_")] = "\n".join(lines)
    return answers


def apply(text: str, edits: list[tuple[str, str]], where: str) -> str:
    for old, new in edits:
        if old not in text:
            raise SystemExit(f"{where}: the reference no longer contains {old!r}; update make_cohort.py")
        text = text.replace(old, new)
    return text


def notebook_bytes(assignment: str, work: Work) -> bytes:
    if work.raw is not None:
        return _truncated(assignment) if work.raw == b"<truncated>" else work.raw
    release = ROOT / ("release" if work.lang == "en" else f"release_{work.lang}")
    nb = nbformat.read(release / assignment / f"{assignment}.ipynb", as_version=4)
    if not work.module_only:
        answers = solved(assignment, work.lang)
        for name in work.mistakes:
            function, edits = MISTAKES[name]
            answers[function] = apply(answers[function], edits, f"{assignment}: {name}")
        for function, text in answers.items():
            answer_cell(nb, function).source = text
    if work.notebook:
        nb = copy.deepcopy(nb)
        work.notebook(nb)
    nbformat.validate(nb)
    return nbformat.writes(nb).encode() + b"\n"


def module_bytes(assignment: str, work: Work) -> bytes:
    text = (ROOT / "solutions" / assignment / MODULES[assignment]).read_text()
    for name in work.mistakes:
        text = apply(text, MISTAKES[name][1], f"{assignment} module: {name}")
    return text.encode()


def _truncated(assignment: str) -> bytes:
    whole = notebook_bytes(assignment, CORRECT)
    return whole[: len(whole) * 2 // 5]


def build() -> dict[Path, bytes]:
    """Every file of the cohort, by path."""
    files: dict[Path, bytes] = {}
    students = cohort()
    roster = ["id,first_name,last_name,email"]
    roster += [f"{s.id},{s.first_name},{s.last_name},{s.id}@example.edu" for s in students]
    files[HERE / "students.csv"] = ("\n".join(roster) + "\n").encode()
    late = ["student_id,assignment"] + [f"{s.id},{a}" for s in students for a in s.late]
    files[HERE / "late.csv"] = ("\n".join(late) + "\n").encode()
    uploads: dict[str, list[tuple[str, bytes]]] = {a: [] for a in MODULES}
    for student in students:
        for assignment, work in student.work.items():
            notebook = f"{assignment}.ipynb"
            if student.channel == "exchange":
                folder = HERE / "exchange" / student.id / assignment
                if work.module_only:
                    files[folder / MODULES[assignment]] = module_bytes(assignment, work)
                else:
                    files[folder / notebook] = notebook_bytes(assignment, work)
            else:
                for when, attempt in (*work.attempts, ("2026-11-19-23-55-00", work)):
                    uploads[assignment].append(
                        (f"{student.id}_attempt_{when}_{notebook}", notebook_bytes(assignment, attempt))
                    )
    for assignment, entries in uploads.items():
        files[HERE / "lms" / f"{assignment}.zip"] = _zip(entries)
    files[HERE / "README.md"] = readme(students).encode()
    return files


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def readme(students: list[Student]) -> str:
    names = list(MODULES)
    lines = [
        "# Sample cohort",
        "",
        f"The work of {len(students)} students on the five assignments, built by `make_cohort.py` from the released",
        "notebooks and the reference solutions (do not edit by hand; rerun the script). `python3 kit.py demo`",
        "runs the whole nbgrader lifecycle on it.",
        "",
        "- `students.csv`: the roster.",
        "- `late.csv`: exchange submissions handed in after the due date: the demo sets each assignment's",
        "  due date once the others are in, then submits these (`nbgrader_config.py` sets the penalty).",
        "- `exchange/<student>/<assignment>/`: what a student changed after `nbgrader fetch_assignment`;",
        "  the demo copies it over the fetched folder and runs `nbgrader submit`.",
        "- `lms/<assignment>.zip`: an LMS download for `nbgrader zip_collect` (files named",
        "  `<student>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file>`; the newest attempt counts).",
        "- s16 works in the Korean notebooks (`release_ko/`): everything the kit tells them is in Korean.",
        "",
        "| student | hands in by | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for s in students:
        cells = [s.work[a].variant if a in s.work else "-" for a in names]
        channel = s.channel + (" (late)" if s.late else "")
        lines.append(f"| {s.id} {s.first_name} {s.last_name} | {channel} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Scores are not written here: they are whatever `autograder grade --json` gives for each file, and",
        "the lifecycle tests check that the gradebook, the CSV export and the feedback agree with it.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    args = parser.parse_args()
    files = build()
    stale = [p for p, data in files.items() if not p.exists() or p.read_bytes() != data]
    known = {p for p in files}
    extra = [p for p in HERE.rglob("*") if p.is_file() and p.parent != HERE and p not in known]
    if args.check:
        for path in [*stale, *extra]:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale or extra else 0
    for path in extra:
        path.unlink()
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
