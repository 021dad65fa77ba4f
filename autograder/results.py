"""The data that leaves a grading run: per-test results and the whole report, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("passed", "failed", "error", "timeout")


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
                }
                for t in self.tests
            ],
            "notes": list(self.notes),
            "output": self.output,
            "sandbox": self.sandbox,
            "seconds": round(self.seconds, 3),
        }
