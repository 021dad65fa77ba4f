"""What hidden tests are written with: `@graded`, the `student` and `reference` fixtures' types, checks.

A hidden test is an ordinary pytest function:

    @graded("get_minimizer_x", points=1)
    def test_ten_steps(student, reference):
        expect_close(student.get_minimizer_x(10, 0.01, 3), reference.get_minimizer_x(10, 0.01, 3), decimals=6)

`student.f(...)` runs the student's f in the sandboxed worker and returns plain values; `reference`
is the reference module, loaded in the grader. Only the grader's process ever sees expected values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from autograder.compare import changed_inputs, describe_type, mismatch
from autograder.config import Tolerance
from autograder.functions import GradFn, quadratic, quartic, rosenbrock
from autograder.messages import LANGUAGES, LOCALIZED, Text, localized

__all__ = [
    "graded",
    "expect_close",
    "expect_unchanged",
    "expect_grad_calls",
    "Mismatch",
    "StudentError",
    "StudentTimeout",
    "CallResult",
    "quadratic",
    "rosenbrock",
    "quartic",
    "describe_type",
]
TOLERANCE = Tolerance()


def graded(
    function: str, points: float = 1.0, title: Text | dict[str, str] | None = None
) -> Callable[[Callable[..., Any]], Any]:
    """Mark a hidden test: which graded function it is about, what it is worth, and what students read
    as its name: `title=localized(en="one step", ko="한 걸음")` (or the same as a {"en", "ko"} dict).
    Without a title the label is made from the function's name ('test_f_one_step' -> 'one step');
    `autograder check` asks for a title in every language the manifest declares beyond English."""
    if points <= 0:
        raise ValueError("a graded test must be worth more than 0 points")
    return pytest.mark.graded(function=function, points=float(points), title=as_title(title))


def as_title(title: Text | dict[str, str] | None) -> Text | None:
    """A hidden test's title as a course text (messages.localized), checked for known languages."""
    if title is None:
        return None
    if isinstance(title, dict):
        title = localized(**title)
    if not isinstance(title, Text) or title.key != LOCALIZED:
        raise TypeError("a test's title is localized(en=..., ko=...) or a {'en': ..., 'ko': ...} dict")
    unknown = set(title.params) - set(LANGUAGES)
    if unknown:
        raise ValueError(f"a test's title in unknown language(s): {', '.join(sorted(unknown))}")
    return title



class Mismatch(AssertionError):
    """The student's value differs from the reference: the test failed, with a plain-words message."""


class StudentError(Exception):
    """The student's function raised, crashed its process, is missing, or returned something unreadable."""


class StudentTimeout(Exception):
    """The student's function ran past its time limit."""


@dataclass(frozen=True)
class CallResult:
    """What one call of a student function gave back."""

    value: Any
    inputs_after: tuple[Any, ...]
    """The positional arguments as they were after the call (to detect in-place changes)."""
    fn_calls: tuple[int, ...]
    """How many times each function argument (e.g. grad_fn) was called."""
    seconds: float


@dataclass(frozen=True)
class CallRecord:
    """One call of a student function as the session made it, kept to diagnose known mistakes."""

    function: str
    args: tuple[Any, ...]
    """The arguments exactly as the worker received them (decoded from what was sent)."""
    kwargs: dict[str, Any]
    inputs_after: bool
    """Whether the arguments' values after the call were asked for."""
    result: CallResult | None
    """What came back, when the function returned a readable value."""
    raised: str | None = None
    """The type name of the exception the student's function raised, when it raised one."""


def expect_close(
    got: Any,
    expected: Any,
    *,
    rtol: float = TOLERANCE.rtol,
    atol: float = TOLERANCE.atol,
    decimals: int | None = None,
    reveal: bool = True,
    name: str = Text("name.result"),
    names: Sequence[str] | None = None,
) -> None:
    """Raise Mismatch unless `got` equals `expected` within tolerance (recursively for tuples and lists).

    `reveal=False` keeps the expected numbers out of the message (for hidden inputs);
    `names` labels the items of a returned tuple, e.g. ("w", "b", "losses").
    """
    problem = mismatch(
        got, expected, name=name, rtol=rtol, atol=atol, decimals=decimals, reveal=reveal, names=names
    )
    if problem:
        raise Mismatch(problem)


def expect_unchanged(call: CallResult, inputs: Sequence[Any], labels: Sequence[str]) -> None:
    """Raise Mismatch if the call modified any of its array arguments in place."""
    changed = changed_inputs(inputs, call.inputs_after, labels)
    if changed:
        raise Mismatch(Text("harness.changed_in_place", labels=", ".join(changed)))


def expect_grad_calls(call: CallResult, iterations: int) -> None:
    """Raise Mismatch unless the function called its one gradient argument once per iteration.

    The count is reported by the worker, so a test should also check the returned value.
    """
    if call.fn_calls != (iterations,):
        count = call.fn_calls[0] if call.fn_calls else Text("harness.unknown_count")
        raise Mismatch(Text("harness.grad_calls", count=count, iterations=iterations))


def array(*values: Any) -> np.ndarray:
    """A float64 array, for brevity in tests."""
    return np.array(values, dtype=float)


GradFn = GradFn
