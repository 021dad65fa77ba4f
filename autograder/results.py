"""The data that leaves a grading run: per-test results and the whole report, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autograder.messages import Messages

STATUSES = ("passed", "failed", "error", "timeout")


@dataclass(frozen=True)
class Diagnosis:
    """What the grader recognised in a failed test: a known mistake, several, or none (diagnose.py)."""

    outcome: str
    """'named' (one known mistake fits), 'ambiguous' (several fit) or 'unknown' (none fits)."""
    id: str | None
    """The mistake's id in the catalog when named, e.g. 'sign_error'."""
    candidates: tuple[str, ...]
    """Ids of every known mistake that fits (one when named, two or more when ambiguous)."""
    message: str
    """The sentence added to the test's message."""
    name: str = ""
    explanation: str = ""
    hint: str = ""

    def in_language(self, messages: Messages) -> Diagnosis:
        return replace(
            self,
            message=messages.render(self.message),
            name=messages.render(self.name),
            explanation=messages.render(self.explanation),
            hint=messages.render(self.hint),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outcome": self.outcome,
            "candidates": list(self.candidates),
            "name": self.name,
            "explanation": self.explanation,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class TestResult:
    """One hidden test's outcome."""

    name: str
    function: str
    """The graded function the test is about."""
    points: float
    max_points: float
    status: str
    """One of passed, failed, error, timeout; points are 0 unless passed."""
    message: str = ""
    """Plain words on what went wrong; empty when passed."""
    diagnosis: Diagnosis | None = None
    """The known mistake the failure points to, if the grader recognised one (never when passed)."""
    title: str = ""
    """What students read as the test's name: the course's title (`@graded(..., title=...)`, a
    localized Text until the report is put in one language), or '' when the test has none."""

    @property
    def heading(self) -> str:
        """The title, else words made from the name ('test_mse_loss_perfect_fit' -> 'perfect fit')."""
        return str(self.title) or test_label(self.name.split("[", 1)[0], self.function)

    @property
    def label(self) -> str:
        """The heading, and a parametrized case's parameters: 'contract examples [0-0.01-3]'."""
        _, bracket, params = self.name.partition("[")
        return f"{self.heading} [{params}" if bracket else self.heading


def test_label(name: str, function: str) -> str:
    """A hidden test's label when it has no title: 'test_mse_loss_perfect_fit_is_zero' -> 'perfect fit is zero'."""
    words = name.removeprefix("test_")
    words = words.removeprefix(f"{function}_") if function else words
    return words.replace("_", " ")


test_label.__test__ = False  # type: ignore[attr-defined]  # a helper, not a pytest test


@dataclass(frozen=True)
class GradeReport:
    """A submission's grade."""

    assignment: str
    submission: str
    """The path as the user gave it."""
    tests: tuple[TestResult, ...]
    notes: tuple[str, ...] = ()
    """What went wrong reading or running the submission outside any one test."""
    output: str = ""
    """What the student's code printed (capped)."""
    sandbox: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return sum(t.points for t in self.tests)

    @property
    def max_score(self) -> float:
        return sum(t.max_points for t in self.tests)

    def in_language(self, messages: Messages) -> GradeReport:
        """This report with every message rendered in `messages`' language (writers then print as is)."""
        tests = tuple(
            replace(
                t,
                message=messages.render(t.message),
                title=messages.render(t.title),
                diagnosis=t.diagnosis.in_language(messages) if t.diagnosis else None,
            )
            for t in self.tests
        )
        return replace(self, tests=tests, notes=tuple(messages.render(n) for n in self.notes))

    def as_json(self) -> dict[str, Any]:
        """The contract's JSON object (plus the sandbox layers and notes)."""
        return {
            "assignment": self.assignment,
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "tests": [
                {
                    "name": t.name,
                    "function": t.function,
                    "points": t.points,
                    "max_points": t.max_points,
                    "status": t.status,
                    "message": t.message,
                    "title": t.heading,
                    "diagnosis": t.diagnosis.as_json() if t.diagnosis else None,
                }
                for t in self.tests
            ],
            "notes": list(self.notes),
            "output": self.output,
            "sandbox": self.sandbox,
            "seconds": round(self.seconds, 3),
        }
