"""Known mistakes -> hints: name the student's mistake when their results match a mutant of the reference.

Each assignment may have `solutions/<assignment>/mistakes.py` (instructor-only, beside the reference):
a `MistakeCatalog` called `mistakes` whose entries are mutants of the reference solution, registered
with the graded function they break and a mistake id whose texts are in `autograder.messages`:

    mistakes = MistakeCatalog()

    @mistakes.mistake("gradient_descent", "sign_error")
    def gradient_descent_sign_error(grad_fn, x0, learning_rate, iterations):
        ...  # the reference's code with the one mistake

Several functions registered under the same function and id are variants of one mistake (e.g. one step
too many or one too few). After the hidden tests have run, for each graded function with a failed test,
every mutant is run here, in the trusted process, on every input the student's function was called with;
a mistake is *named* when exactly one mistake id has a variant that reproduces all of the student's
results (values, arguments changed in place, gradient calls, exceptions) within the tests' tolerance,
and the reference does not. Two or more matching ids are *ambiguous* (the inputs cannot tell them
apart); none is *unknown*. A test gets the verdict only if one of its own calls differs from the
reference, so a correct submission never gets a hint.
"""

from __future__ import annotations

import copy
import importlib.util
import math
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from autograder import protocol
from autograder.compare import mismatch
from autograder.config import Tolerance
from autograder.functions import GradFn, build
from autograder.harness import CallRecord
from autograder.messages import CATALOG, LANGUAGES, Text, localized
from autograder.results import Diagnosis, TestResult

CATALOG_FILE = "mistakes.py"
PARTS = ("name", "explanation", "hint")
DECODE_LIMIT = 10**8


@dataclass(frozen=True)
class Mistake:
    """One known mistake in one graded function: its id and the mutants that reproduce it."""

    function: str
    id: str
    variants: tuple[Callable[..., Any], ...]
    """Mutants of the reference function, each a different way of making the same mistake."""
    texts: Mapping[str, Mapping[str, str]] | None = field(default=None, compare=False, hash=False)
    """The course's own texts, {part: {language: text}}; None: the engine's catalog has them."""

    def text(self, part: str) -> Text:
        """Its 'name', 'explanation' or 'hint', from the catalog's own texts or the message catalog."""
        if self.texts is not None:
            return localized(
                **{lang: t.replace("{function}", self.function) for lang, t in self.texts.get(part, {}).items()}
            )
        return Text(f"mistake.{self.id}.{part}", function=self.function)


class MistakeCatalog:
    """The known mistakes of one assignment, filled by the @mistake decorator in mistakes.py."""

    def __init__(self, compare: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """`compare` overrides the tolerance per function, e.g. {"get_minimizer_x": {"decimals": 6}}."""
        self.compare = {k: dict(v) for k, v in (compare or {}).items()}
        self._variants: dict[tuple[str, str], list[Callable[..., Any]]] = {}
        self._texts: dict[str, dict[str, dict[str, str]]] = {}

    def mistake(
        self, function: str, id: str, texts: Mapping[str, Mapping[str, str]] | None = None
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Register the decorated function as a variant of mistake `id` in the graded `function`.

        `texts` gives the mistake's words in the course itself, {"name"|"explanation"|"hint": {"en": ...,
        "ko": ...}} ({function} is replaced by the graded function's name); without it they must be in
        autograder/messages.py as "mistake.<id>.<part>". Give them once per id.
        """
        if texts is not None:
            self._texts[id] = {part: dict(by_lang) for part, by_lang in texts.items()}

        def register(mutant: Callable[..., Any]) -> Callable[..., Any]:
            self._variants.setdefault((function, id), []).append(mutant)
            return mutant

        return register

    def mistakes(self, function: str | None = None) -> tuple[Mistake, ...]:
        """The mistakes of `function` (all of them when None), in registration order."""
        return tuple(
            Mistake(f, i, tuple(v), self._texts.get(i))
            for (f, i), v in self._variants.items()
            if function in (None, f)
        )

    def missing_texts(self, languages: Sequence[str] = LANGUAGES) -> list[str]:
        """Texts the catalog's mistakes need but lack, as "mistake.<id>.<part>[.<lang>]" (should be empty)."""
        missing = set()
        for m in self.mistakes():
            for part in PARTS:
                if m.texts is None:
                    if f"mistake.{m.id}.{part}" not in CATALOG:
                        missing.add(f"mistake.{m.id}.{part}")
                else:
                    missing |= {
                        f"mistake.{m.id}.{part}.{lang}"
                        for lang in languages
                        if not str(m.texts.get(part, {}).get(lang, "")).strip()
                    }
        return sorted(missing)


def mistakes_path(solutions_dir: Path, assignment: str) -> Path:
    """Where an assignment's catalog of known mistakes lives (instructor-only)."""
    return solutions_dir / assignment / CATALOG_FILE


def load_catalog(path: Path) -> MistakeCatalog | None:
    """The `mistakes` catalog of a mistakes.py file, or None when the assignment has none."""
    if not path.is_file():
        return None
    module = _import(path, f"descent_kit_mistakes_{path.parent.name}")
    catalog = getattr(module, "mistakes", None)
    if not isinstance(catalog, MistakeCatalog):
        raise TypeError(f"{path} does not define `mistakes = MistakeCatalog(...)`")
    return catalog


def reference_beside(mistakes_file: str | Path) -> ModuleType:
    """The reference solution in the same folder as a mistakes.py, for mutants that reuse its code."""
    from autograder.course import MANIFEST, read_manifest

    folder = Path(mistakes_file).resolve().parent
    module = read_manifest(folder / MANIFEST).module
    return _import(folder / module, f"descent_kit_reference_for_mistakes_{folder.name}")


def _import(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- running a function the way the worker does


@dataclass(frozen=True)
class Observation:
    """What one function did on one call, in the terms the worker reports for the student's function."""

    value: Any = None
    inputs_after: tuple[Any, ...] = ()
    fn_calls: tuple[int, ...] = ()
    raised: str | None = None
    """The exception's type name when the function raised."""


def observe(function: Callable[..., Any], record: CallRecord) -> Observation:
    """Run `function` on a copy of the call's inputs, as the worker would: counted gradients and all."""
    counts: list[int] = []

    def prepare(value: Any) -> Any:
        if isinstance(value, GradFn):
            fn = build(value.kind, value.params)
            slot = len(counts)
            counts.append(0)

            def grad_fn(x: Any) -> Any:
                counts[slot] += 1
                return fn(x)

            return grad_fn
        return copy.deepcopy(value)

    args = [prepare(a) for a in record.args]
    kwargs = {k: prepare(v) for k, v in record.kwargs.items()}
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = function(*args, **kwargs)
        value = protocol.decode(protocol.encode(value), DECODE_LIMIT)
        after = (
            tuple(None if callable(a) else protocol.decode(protocol.encode(a), DECODE_LIMIT) for a in args)
            if record.inputs_after
            else ()
        )
    except Exception as err:  # a mutant may fail where the student's code failed too; that is evidence
        return Observation(raised=type(err).__name__)
    return Observation(value, after, tuple(counts))


def _student(record: CallRecord) -> Observation | None:
    if record.raised is not None:
        return Observation(raised=record.raised)
    if record.result is None:
        return None
    result = record.result
    return Observation(result.value, tuple(result.inputs_after), tuple(result.fn_calls))


def _same_value(got: Any, expected: Any, options: Mapping[str, Any]) -> bool:
    if isinstance(got, (tuple, list)) and isinstance(expected, (tuple, list)) and len(got) == len(expected):
        if not all(isinstance(v, (int, float)) for v in expected):
            return all(_same_value(g, e, options) for g, e in zip(got, expected))
    if isinstance(got, float) and isinstance(expected, float) and math.isnan(got) and math.isnan(expected):
        return True
    return mismatch(got, expected, name="", **options) is None


def agrees(student: Observation, other: Observation, options: Mapping[str, Any]) -> bool:
    """Did `other` (a mutant or the reference) do what the student's function did, within tolerance?"""
    if student.raised is not None or other.raised is not None:
        return student.raised == other.raised
    if student.fn_calls != other.fn_calls or not _same_value(student.value, other.value, options):
        return False
    if not student.inputs_after:  # not asked for, so not reported
        return True
    return len(student.inputs_after) == len(other.inputs_after) and all(
        _same_value(mine, theirs, options) for mine, theirs in zip(student.inputs_after, other.inputs_after)
    )


# ---------------------------------------------------------------- the verdict for one function


@dataclass
class _Evidence:
    record: CallRecord
    student: Observation
    refutes_reference: bool


@dataclass(frozen=True)
class Verdict:
    """What the student's calls of one graded function say about the known mistakes."""

    function: str
    outcome: str
    """'named' (exactly one mistake fits), 'ambiguous' (several fit) or 'unknown' (none fits)."""
    mistakes: tuple[Mistake, ...] = ()
    refuting: frozenset[int] = field(default_factory=frozenset)
    """Indices (into the session's calls) of calls where the student's result differs from the reference."""

    def diagnosis(self) -> Diagnosis:
        """The per-test diagnosis: ids, texts, and the sentence appended to the test's message."""
        if self.outcome == "named":
            (mistake,) = self.mistakes
            message = Text(
                "diagnose.named",
                name=mistake.text("name"),
                explanation=mistake.text("explanation"),
                hint=mistake.text("hint"),
            )
            return Diagnosis(
                "named",
                mistake.id,
                (mistake.id,),
                message,
                mistake.text("name"),
                mistake.text("explanation"),
                mistake.text("hint"),
            )
        if self.outcome == "ambiguous":
            names = [m.text("name") for m in self.mistakes]
            return Diagnosis(
                "ambiguous", None, tuple(m.id for m in self.mistakes), Text("diagnose.ambiguous", names=names)
            )
        return Diagnosis("unknown", None, (), Text("diagnose.unknown"))


def judge_function(
    function: str,
    calls: Sequence[tuple[int, CallRecord]],
    catalog: MistakeCatalog,
    reference: Callable[..., Any],
    tolerance: Tolerance,
    deadline: float,
) -> Verdict | None:
    """The verdict on one function from all of its calls, or None when there is nothing to say.

    Nothing is said when the function has no known mistakes, when no call returned a value that
    differs from the reference (the failure is about something else), or when the time is up.
    """
    mistakes = catalog.mistakes(function)
    if not mistakes:
        return None
    options = {"rtol": tolerance.rtol, "atol": tolerance.atol, **catalog.compare.get(function, {})}
    evidence: dict[int, _Evidence] = {}
    for index, record in calls:
        student = _student(record)
        if student is None:
            continue
        expected = observe(reference, record)
        evidence[index] = _Evidence(record, student, not agrees(student, expected, options))
        if time.monotonic() > deadline:
            return None
    if not any(e.refutes_reference and e.student.raised is None for e in evidence.values()):
        return None
    # Calls that tell the reference from the student first: most mutants fail on one of them at once.
    ordered = sorted(evidence.values(), key=lambda e: not e.refutes_reference)
    fitting = []
    for mistake in mistakes:
        for variant in mistake.variants:
            if time.monotonic() > deadline:
                return None
            if all(agrees(e.student, observe(variant, e.record), options) for e in ordered):
                fitting.append(mistake)
                break
    refuting = frozenset(i for i, e in evidence.items() if e.refutes_reference)
    outcome = "named" if len(fitting) == 1 else "ambiguous" if fitting else "unknown"
    return Verdict(function, outcome, tuple(fitting), refuting)


def diagnose_tests(
    tests: Sequence[TestResult],
    test_calls: Sequence[Iterable[int]],
    calls: Sequence[CallRecord],
    catalog: MistakeCatalog,
    reference: ModuleType,
    tolerance: Tolerance,
    seconds: float,
) -> tuple[TestResult, ...]:
    """`tests` with a diagnosis on each failed test whose own calls differ from the reference.

    `test_calls[i]` are the indices into `calls` of the calls test i made. A test that failed gets the
    function's verdict (named, ambiguous or unknown); a test that ended in an error (the student's
    function raised) gets it only when a mistake is named that raises the same way.
    """
    deadline = time.monotonic() + seconds
    verdicts: dict[str, Verdict | None] = {}
    said_unknown: set[str] = set()
    out = []
    for test, indices in zip(tests, test_calls):
        indices = list(indices)
        if test.status not in ("failed", "error") or not hasattr(reference, test.function):
            out.append(test)
            continue
        if test.function not in verdicts:
            mine = [(i, c) for i, c in enumerate(calls) if c.function == test.function]
            verdicts[test.function] = judge_function(
                test.function, mine, catalog, getattr(reference, test.function), tolerance, deadline
            )
        verdict = verdicts[test.function]
        if verdict is None or not any(i in verdict.refuting for i in indices):
            out.append(test)
            continue
        if test.status == "error" and verdict.outcome != "named":
            out.append(test)
            continue
        diagnosis = verdict.diagnosis()
        if diagnosis.outcome == "unknown" and test.function in said_unknown:
            out.append(replace(test, diagnosis=diagnosis))  # said once per function is enough to read
            continue
        if diagnosis.outcome == "unknown":
            said_unknown.add(test.function)
        message = Text("run.with_diagnosis", message=test.message, diagnosis=diagnosis.message)
        out.append(replace(test, message=message, diagnosis=diagnosis))
    return tuple(out)
