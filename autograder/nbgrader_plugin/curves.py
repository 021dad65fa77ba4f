"""The student's loss curve or optimisation path next to the reference's, for the feedback page.

Runs on the trusted side. The student's function is called in its sandbox, in the session that ran the
hidden tests once they are done (what it prints then is discarded, and the calls are not diagnosed), on
the inputs the assignment's notebook itself uses, never on hidden ones; the reference runs here on the
same inputs, and both go on the same axes. What comes back from the sandbox is checked
(a number sequence of the expected length) before it is drawn; anything else is a sentence, not a plot.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from autograder.course import NAME, Assignment
from autograder.harness import StudentError, StudentTimeout
from autograder.messages import Messages, Text
from autograder.session import GraderFailure, StudentSession

# Caller of the student's function in the sandbox: (function name, *args, **kwargs) -> value; a plot's
# `compute` gets a `StudentCalls`, which also calls one function many times at once (`each`).
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


# ----------------------------------------------------------------- helpers for the course's plot.py files


def numbers(value: Any, length: int, what: str) -> np.ndarray:
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
    return numbers(value[2], length, Text("curves.losses_of", function=function))


def until_finite(x: np.ndarray, y: np.ndarray, positive: bool) -> Series:
    """The curve up to its first infinite, NaN (or, when `positive`, non-positive) value."""
    ok = np.isfinite(y) & ((y > 0) if positive else True)
    if ok.all():
        return Series(x, y)
    first = int(np.argmin(ok))
    key = "curves.stops_infinite" if not np.isfinite(y[first]) else "curves.stops_not_positive"
    return Series(x[:first], y[:first], Text(key, step=int(x[first])))


def loss_curve(function: str, args: tuple, kwargs: dict, length: int) -> Callable[[Call, Call], Any]:
    """A comparison of the losses list that `function(*args, **kwargs)` returns as (w, b, losses)."""

    def compute(student: Call, reference: Call) -> tuple[Series, Series]:
        steps = np.arange(length, dtype=float)
        ref = _triple_losses(reference(*args, **kwargs), length, function)
        got = _triple_losses(student(function, *args, **kwargs), length, function)
        return until_finite(steps, got, True), Series(steps, ref)

    return compute


def path_curve(function: str, call: Callable[[int], tuple[tuple, dict]], steps: list[int]) -> Callable:
    """A comparison of the 2-D points `function` returns for each k in `steps`: `call(k)` gives its
    (args, kwargs). The student's path ends where a point becomes infinite or NaN."""

    def compute(student: StudentCalls, reference: Call) -> tuple[Series, Series]:
        ref = np.array([reference(*call(k)[0], **call(k)[1]) for k in steps], dtype=float)
        got = np.array(
            [numbers(value, 2, Text("curves.point_of", function=function))
             for value in student.each(function, [call(k) for k in steps])]
        )
        finite = np.isfinite(got).all(axis=1)
        stopped = "" if finite.all() else Text("curves.stops_point", step=steps[int(np.argmin(finite))])
        return Series(got[finite, 0], got[finite, 1], stopped), Series(ref[:, 0], ref[:, 1])

    return compute


@dataclass(frozen=True)
class Contour:
    """Level lines of f drawn behind a path: f(x, y) on arrays, the view box and the levels."""

    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    levels: Any = 12


@dataclass(frozen=True)
class Plot:
    """How to compare one assignment: the calls, and how to draw them.

    Each assignment that has a feedback plot defines `plot = Plot(...)` in `solutions/<a>/plot.py`
    (instructor-only, beside the reference); the engine knows no assignment's plot.
    """

    reference_function: str
    compute: Callable[[StudentCalls, Call], tuple[Series, Series]]
    """(student, reference) -> (the student's series, the reference's): `student` is a StudentCalls,
    `reference` the reference's own function."""
    caption: Words
    xlabel: Words
    ylabel: Words
    log_y: bool = False
    contour: Contour | None = None


PLOT_FILE = "plot.py"
_LOADED: dict[Path, Plot | None] = {}


def course_plot(name: str, solutions_dir: Path | None = None) -> Plot | None:
    """The Plot of assignment `name` from solutions/<name>/plot.py, or None when it has none."""
    if solutions_dir is None:
        from autograder.config import load_settings

        solutions_dir = load_settings().solutions_dir
    if not NAME.match(name):
        return None
    path = (solutions_dir / name / PLOT_FILE).resolve()
    if path not in _LOADED:
        plot = None
        if path.is_file():
            spec = importlib.util.spec_from_file_location(f"descent_kit_plot_{name}", path)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot load {path}")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            plot = getattr(module, "plot", None)
            if not isinstance(plot, Plot):
                raise TypeError(f"{path} does not define `plot = Plot(...)`")
        _LOADED[path] = plot
    return _LOADED[path]


# ----------------------------------------------------------------- running and drawing


class StudentCalls:
    """The student's functions as a plot's `compute` calls them, aside in the submission's sandbox:
    `student(function, *args, **kwargs)` gives one value; `student.each(function, [(args, kwargs), ...])`
    gives one value per call, in one request to the sandbox (a curve of many points costs about one
    call, not one per point). Either raises at the first call that has no value."""

    def __init__(self, session: StudentSession) -> None:
        self.session = session

    def __call__(self, function: str, *args: Any, **kwargs: Any) -> Any:
        return self.session.call(function, args, kwargs, aside=True).value

    def each(self, function: str, calls: list[tuple[tuple, dict]]) -> list[Any]:
        found = self.session.call_each(function, [(tuple(args), dict(kwargs)) for args, kwargs in calls])
        return [result.value for result in found]


class PlotCalls:
    """The plot's numbers for one submission, computed in its grading session once the hidden tests
    are done (`Job.after_tests`), with the student's function called aside (see `StudentCalls`).
    `solutions_dir` holds the course's plot.py files (the current course's when not given)."""

    def __init__(self, assignment: Assignment, solutions_dir: Path | None = None) -> None:
        self.assignment, self.solutions_dir = assignment, solutions_dir
        self.curves: Curves | None = None
        self.error: Exception | None = None

    def __call__(self, session: StudentSession, reference: ModuleType) -> None:
        try:
            self.curves = compare(self.assignment, session, reference, self.solutions_dir)
        except Exception as err:  # a fault of ours, raised by `as_json` for this submission alone
            self.error = err

    def as_json(self, messages: Messages | None = None) -> dict[str, Any] | None:
        """The comparison's numbers, its words in `messages`' language; None when there is no plot."""
        if self.error is not None:
            raise self.error
        return self.curves.as_json(messages) if self.curves else None


def compare(
    assignment: Assignment, session: StudentSession, reference: ModuleType, solutions_dir: Path | None = None
) -> Curves | None:
    """The comparison for `assignment` (the numbers, not yet drawn), or None when it has none."""
    plot = course_plot(assignment.name, solutions_dir)
    if plot is None:
        return None
    ref_function = getattr(reference, plot.reference_function)
    try:
        mine, ref = plot.compute(StudentCalls(session), ref_function)
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
    try:
        plot = course_plot(str(curves.get("assignment")))
    except Exception:  # an instructor's broken plot.py costs the picture, never the feedback page
        return ""
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
        c = plot.contour
        gx, gy = np.meshgrid(np.linspace(*c.xlim, 160), np.linspace(*c.ylim, 160))
        ax.contour(gx, gy, c.f(gx, gy), levels=c.levels, cmap="Greys")
        ax.set_xlim(*c.xlim)
        ax.set_ylim(*c.ylim)
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
