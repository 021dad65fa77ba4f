"""The student's loss curve or optimisation path next to the reference's, for the feedback page.

Runs on the trusted side. The student's function is called in its sandbox, in the session that ran the
hidden tests once they are done (what it prints then is discarded, and the calls are not diagnosed), on
the inputs the assignment's notebook itself uses, never on hidden ones; the reference runs here on the
same inputs, and both go on the same axes. What comes back from the sandbox is checked
(a number sequence of the expected length) before it is drawn; anything else is a sentence, not a plot.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from autograder.course import Assignment
from autograder.functions import quadratic
from autograder.harness import StudentError, StudentTimeout
from autograder.messages import Messages, Text
from autograder.session import GraderFailure, StudentSession

# Caller of the student's function in the sandbox: (function name, *args, **kwargs) -> value.
Call = Callable[..., Any]


@dataclass(frozen=True)
class Series:
    """Points of one curve; `stopped` says why it ends early (e.g. it became infinite)."""

    x: np.ndarray
    y: np.ndarray
    stopped: str = ""
    """A catalog Text (a plain string in English when it comes back from JSON)."""


Words = str | dict[str, str]
"""A plot's caption or axis label: one string, or {language: text} for each language."""


def in_language(words: Words, lang: str) -> str:
    """`words` in `lang` (English when that language is missing)."""
    return words if isinstance(words, str) else words.get(lang) or words["en"]


class NotDrawable(Exception):
    """The student's function gave nothing that can be drawn; the message says why."""


@dataclass(frozen=True)
class Curves:
    """A comparison to draw, or why there is none.

    Only the numbers are kept at autograde time; the picture is drawn when a feedback page shows it
    (`render_png`), so grading a cohort pays for the student's calls, not for Matplotlib.
    """

    assignment: str
    mine: Series | None
    """The student's curve; None when nothing could be drawn."""
    ref: Series | None
    caption: Words
    """One sentence on what the plot shows (inputs and settings), for the student."""
    notes: tuple[str, ...] = ()
    """What went wrong calling the student's function, in plain words."""

    def as_json(self, messages: Messages | None = None) -> dict[str, Any]:
        """The numbers, with the words in `messages`' language (English by default)."""
        messages = messages or Messages()
        series = {
            name: {"x": s.x.tolist(), "y": s.y.tolist(), "stopped": messages.render(s.stopped)}
            for name, s in (("mine", self.mine), ("ref", self.ref))
            if s is not None
        }
        return {
            "assignment": self.assignment,
            **series,
            "caption": in_language(self.caption, messages.lang),
            "notes": [messages.render(note) for note in self.notes],
            "lang": messages.lang,
        }


# ----------------------------------------------------------------- the notebooks' own inputs


def _ps2_data() -> tuple[np.ndarray, np.ndarray]:
    """The data of the ps2 notebook: y = 0.3 x + 0.5 + noise, 40 points and two outliers."""
    rng = np.random.default_rng(0)
    x_clean = rng.uniform(0, 10, size=40)
    y_clean = 0.3 * x_clean + 0.5 + rng.normal(0, 0.25, size=40)
    x = np.append(x_clean, [1.0, 9.5])
    return x.reshape(-1, 1), np.append(y_clean, [4.5, 0.0])


def _ps3_data() -> tuple[np.ndarray, np.ndarray]:
    """The data of the ps3 notebook: 200 samples, 2 features."""
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 2, size=(200, 2))
    return X, X @ np.array([1.5, -0.8]) + 0.5 + rng.normal(0, 0.3, size=200)


# ----------------------------------------------------------------- one comparison per assignment


def _numbers(value: Any, length: int, what: str) -> np.ndarray:
    """`value` as a float vector of `length` entries, or NotDrawable saying what is wrong."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise NotDrawable(Text("curves.not_numbers", what=what)) from None
    if array.shape != (length,):
        raise NotDrawable(Text("curves.wrong_shape", what=what, shape=str(array.shape), length=length))
    return array


def _triple_losses(value: Any, length: int, function: str) -> np.ndarray:
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise NotDrawable(Text("curves.not_triple", function=function))
    return _numbers(value[2], length, Text("curves.losses_of", function=function))


def _until_finite(x: np.ndarray, y: np.ndarray, positive: bool) -> Series:
    ok = np.isfinite(y) & ((y > 0) if positive else True)
    if ok.all():
        return Series(x, y)
    first = int(np.argmin(ok))
    key = "curves.stops_infinite" if not np.isfinite(y[first]) else "curves.stops_not_positive"
    return Series(x[:first], y[:first], Text(key, step=int(x[first])))


def _loss_curve(function: str, args: tuple, kwargs: dict, length: int) -> Callable[[Call, Call], Any]:
    def compute(student: Call, reference: Call) -> tuple[Series, Series]:
        steps = np.arange(length, dtype=float)
        ref = _triple_losses(reference(*args, **kwargs), length, function)
        got = _triple_losses(student(function, *args, **kwargs), length, function)
        return _until_finite(steps, got, True), Series(steps, ref)

    return compute


def _ps1(student: Call, reference: Call) -> tuple[Series, Series]:
    steps = np.arange(0, 31)
    got = [student("get_minimizer_x", int(k), 0.1, 3.0) for k in steps]
    ref = [reference(int(k), 0.1, 3.0) for k in steps]
    values = _numbers(got, len(steps), Text("curves.results_of", function="get_minimizer_x"))
    return _until_finite(steps.astype(float), values, False), Series(steps.astype(float), np.array(ref))


def _ps4(student: Call, reference: Call) -> tuple[Series, Series]:
    grad = quadratic([[1.0, 0.0], [0.0, 100.0]], [0.0, 0.0])
    start = np.array([-4.0, 1.0])
    steps = list(range(0, 151, 3))
    ref = np.array([reference(grad, start, lr=0.1, iterations=k) for k in steps])
    got = np.array(
        [
            _numbers(
                student("minimize_adam", grad, start, lr=0.1, iterations=k),
                2,
                Text("curves.point_of", function="minimize_adam"),
            )
            for k in steps
        ]
    )
    finite = np.isfinite(got).all(axis=1)
    stopped = (
        ""
        if finite.all()
        else Text("curves.stops_point", step=steps[int(np.argmin(finite))])
    )
    path = Series(got[finite, 0], got[finite, 1], stopped)
    return path, Series(ref[:, 0], ref[:, 1])


@dataclass(frozen=True)
class Plot:
    """How to compare one assignment: the calls, and how to draw them."""

    reference_function: str
    compute: Callable[[Call, Call], tuple[Series, Series]]
    caption: Words
    xlabel: Words
    ylabel: Words
    log_y: bool = False
    contour: bool = False


def _plots() -> dict[str, Plot]:
    X2, y2 = _ps2_data()
    X3, y3 = _ps3_data()
    return {
        "ps1_gradient_descent": Plot(
            "get_minimizer_x",
            _ps1,
            {
                "en": "get_minimizer_x(k, 0.1, 3) for k = 0 ... 30 steps, as in the notebook's iterates plot.",
                "ko": "k = 0 ... 30스텝에 대한 get_minimizer_x(k, 0.1, 3). 노트북의 반복값 그래프와 같아요.",
            },
            {"en": "iterations k", "ko": "반복 횟수 k"},
            {"en": "x after k steps", "ko": "k스텝 뒤의 x"},
        ),
        "ps2_linear_regression": Plot(
            "fit_gradient_descent",
            _loss_curve("fit_gradient_descent", (X2, y2, 0.02, 300), {}, 301),
            {
                "en": "fit_gradient_descent(X, y, 0.02, 300) on the notebook's data (y = 0.3x + 0.5 + noise, "
                "two outliers): the loss after each step.",
                "ko": "노트북의 데이터(y = 0.3x + 0.5 + 잡음, 이상치 두 개)에 대한 "
                "fit_gradient_descent(X, y, 0.02, 300): 스텝마다의 손실.",
            },
            {"en": "iteration", "ko": "반복 횟수"},
            {"en": "MSE (log scale)", "ko": "MSE (로그 눈금)"},
            log_y=True,
        ),
        "ps3_sgd": Plot(
            "fit_sgd",
            _loss_curve("fit_sgd", (X3, y3, 30), {"batch_size": 4}, 31),
            {
                "en": "fit_sgd(X, y, 30, batch_size=4) on the notebook's 200 samples: the full-data loss after "
                "each epoch.",
                "ko": "노트북의 샘플 200개에 대한 fit_sgd(X, y, 30, batch_size=4): 에포크마다 전체 데이터의 손실.",
            },
            {"en": "epoch", "ko": "에포크"},
            {"en": "MSE (log scale)", "ko": "MSE (로그 눈금)"},
            log_y=True,
        ),
        "ps4_adam": Plot(
            "minimize_adam",
            _ps4,
            {
                "en": "minimize_adam(grad, (-4, 1), lr=0.1, iterations=k) for k = 0 ... 150 on the notebook's "
                "valley f = (x² + 100 y²) / 2: the points visited.",
                "ko": "노트북의 골짜기 f = (x² + 100 y²) / 2에서 k = 0 ... 150에 대한 "
                "minimize_adam(grad, (-4, 1), lr=0.1, iterations=k): 지나간 점들.",
            },
            "x",
            "y",
            contour=True,
        ),
    }


# ----------------------------------------------------------------- running and drawing


class PlotCalls:
    """The plot's numbers for one submission, computed in its grading session once the hidden tests
    are done (`Job.after_tests`), with the student's function called aside (see `StudentSession.call`)."""

    def __init__(self, assignment: Assignment) -> None:
        self.assignment = assignment
        self.curves: Curves | None = None
        self.error: Exception | None = None

    def __call__(self, session: StudentSession, reference: ModuleType) -> None:
        try:
            self.curves = compare(self.assignment, session, reference)
        except Exception as err:  # a fault of ours, raised by `as_json` for this submission alone
            self.error = err

    def as_json(self, messages: Messages | None = None) -> dict[str, Any] | None:
        """The comparison's numbers, its words in `messages`' language; None when there is no plot."""
        if self.error is not None:
            raise self.error
        return self.curves.as_json(messages) if self.curves else None


def compare(assignment: Assignment, session: StudentSession, reference: ModuleType) -> Curves | None:
    """The comparison for `assignment` (the numbers, not yet drawn), or None when it has none."""
    plot = _plots().get(assignment.name)
    if plot is None:
        return None
    ref_function = getattr(reference, plot.reference_function)

    def student(function: str, *args: Any, **kwargs: Any) -> Any:
        return session.call(function, args, kwargs, aside=True).value

    try:
        mine, ref = plot.compute(student, ref_function)
    except (StudentError, StudentTimeout, NotDrawable, GraderFailure) as err:
        reason = err.args[0] if len(err.args) == 1 and isinstance(err.args[0], str) else str(err)
        return Curves(assignment.name, None, None, plot.caption, (Text("curves.no_plot", reason=reason),))
    mine = _within_view(plot, mine, ref)
    notes = (Text("curves.your_curve", stopped=mine.stopped),) if mine.stopped else ()
    return Curves(assignment.name, mine, ref, plot.caption, notes)


MAX_POINTS = 10_000


def render_png(curves: dict[str, Any]) -> str:
    """The figure of a comparison made by `compare` (its JSON form), as base64 PNG; "" if none. Its words
    are in the comparison's language (`lang`, from `Curves.as_json`)."""
    plot = _plots().get(str(curves.get("assignment")))
    try:
        mine, ref = (_series_from_json(curves[name]) for name in ("mine", "ref"))
    except (KeyError, TypeError, ValueError):
        return ""
    lang = curves.get("lang") if curves.get("lang") in ("en", "ko") else "en"
    return _render(plot, mine, ref, Messages(lang)) if plot is not None else ""


def _series_from_json(raw: dict[str, Any]) -> Series:
    x, y = (np.asarray(raw[axis], dtype=float) for axis in ("x", "y"))
    if x.ndim != 1 or x.shape != y.shape or len(x) > MAX_POINTS:
        raise ValueError("not a curve")
    return Series(x, y, str(raw.get("stopped", "")))


def _within_view(plot: Plot, mine: Series, ref: Series) -> Series:
    """A diverging loss curve would squash the reference flat: cut it where it leaves the view."""
    if not plot.log_y or not len(mine.y):
        return mine
    keep = mine.y <= 1e3 * max(float(np.max(ref.y)), 1e-12)
    if keep.all():
        return mine
    first = int(np.argmin(keep))
    return Series(
        mine.x[:first], mine.y[:first], mine.stopped or Text("curves.leaves_view", step=int(mine.x[first]))
    )


def _render(plot: Plot, mine: Series, ref: Series, messages: Messages) -> str:
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from autograder.config import HANGUL_PLOT_RC

    fonts = HANGUL_PLOT_RC if messages.lang == "ko" else {}
    with warnings.catch_warnings(), np.errstate(all="ignore"), matplotlib.rc_context(fonts):
        warnings.simplefilter("ignore")
        return _draw(Figure, plot, mine, ref, messages)


def _draw(Figure: Any, plot: Plot, mine: Series, ref: Series, messages: Messages) -> str:
    fig = Figure(figsize=(6.4, 3.8), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    if plot.contour:
        gx, gy = np.meshgrid(np.linspace(-4.5, 1.5, 160), np.linspace(-1.3, 1.3, 160))
        ax.contour(gx, gy, 0.5 * (gx**2 + 100 * gy**2), levels=np.geomspace(0.01, 100, 12), cmap="Greys")
        ax.set_xlim(-4.5, 1.5)
        ax.set_ylim(-1.3, 1.3)
    draw = ax.semilogy if plot.log_y else ax.plot
    draw(ref.x, ref.y, color="black", linewidth=2.2, label=messages("curves.reference"))
    if len(mine.x):
        draw(
            mine.x,
            mine.y,
            color="tab:orange",
            linewidth=1.6,
            linestyle="--",
            marker="." if plot.contour else "",
            markersize=4,
            label=messages("curves.yours"),
        )
    ax.set_xlabel(in_language(plot.xlabel, messages.lang))
    ax.set_ylabel(in_language(plot.ylabel, messages.lang))
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=9)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
