"""The course's assignments as the contract fixes them, and where their instructor-only files live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.config import Settings
from autograder.messages import Text


@dataclass(frozen=True)
class Assignment:
    """One assignment: the module students write and the functions that are graded."""

    name: str
    module: str
    """File name of the module students fill in, e.g. 'gradient_descent.py'."""
    functions: tuple[str, ...]

    @property
    def module_name(self) -> str:
        return self.module.removesuffix(".py")


ASSIGNMENTS: dict[str, Assignment] = {
    a.name: a
    for a in (
        Assignment("ps1_gradient_descent", "gradient_descent.py", ("get_minimizer_x", "gradient_descent")),
        Assignment(
            "ps2_linear_regression",
            "linear_regression.py",
            ("predict", "mse_loss", "mse_gradient", "fit_gradient_descent"),
        ),
        Assignment("ps3_sgd", "sgd.py", ("learning_schedule", "fit_sgd")),
        Assignment("ps4_adam", "adam.py", ("adam_step", "minimize_adam")),
    )
}


class UnknownAssignment(LookupError):
    """The named assignment is not one of the course's."""


def get_assignment(name: str) -> Assignment:
    """The assignment called `name`, or UnknownAssignment naming the valid ones."""
    try:
        return ASSIGNMENTS[name]
    except KeyError:
        raise UnknownAssignment(
            Text("course.unknown_assignment", name=repr(name), names=", ".join(ASSIGNMENTS))
        ) from None


def reference_path(settings: Settings, assignment: Assignment) -> Path:
    """The reference solution module (instructor-only)."""
    return settings.solutions_dir / assignment.name / assignment.module


def hidden_tests_path(settings: Settings, assignment: Assignment) -> Path:
    """The hidden pytest file for an assignment (instructor-only)."""
    return settings.solutions_dir / assignment.name / "test_hidden.py"
