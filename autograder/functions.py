"""Gradient functions that hidden tests pass to student code, described by data so they cross the sandbox.

A hidden test builds one (e.g. `quadratic(A, b)`), calls the reference with it on the trusted side and
sends its `spec` to the worker, which rebuilds the same function there. No code crosses the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class GradFn:
    """A gradient x -> grad f(x) from a fixed family, parameterised by arrays."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)

    def __call__(self, x: Any) -> np.ndarray:
        return build(self.kind, self.params)(x)

    def describe(self) -> str:
        """Short words for messages, e.g. 'the gradient of a quadratic in 3 variables'."""
        from autograder.messages import Text  # trusted side only; the worker never describes

        key, params = DESCRIPTIONS[self.kind](self.params)
        return Text(key, **params)


def _quadratic(params: dict[str, Any]):
    A = np.asarray(params["A"], dtype=float)
    b = np.asarray(params["b"], dtype=float)
    return lambda x: A @ np.asarray(x, dtype=float) - b


def _rosenbrock(params: dict[str, Any]):
    a, c = float(params["a"]), float(params["b"])

    def grad(x):
        x = np.asarray(x, dtype=float)
        return np.array([-2 * (a - x[0]) - 4 * c * x[0] * (x[1] - x[0] ** 2), 2 * c * (x[1] - x[0] ** 2)])

    return grad


def _quartic(params: dict[str, Any]):
    center = np.asarray(params["center"], dtype=float)
    return lambda x: 4 * (np.asarray(x, dtype=float) - center) ** 3


FAMILIES = {"quadratic": _quadratic, "rosenbrock": _rosenbrock, "quartic": _quartic}
DESCRIPTIONS = {  # message key and its parameters (autograder/messages.py)
    "quadratic": lambda p: ("fn.quadratic", {"count": len(p["b"])}),
    "rosenbrock": lambda p: ("fn.rosenbrock", {}),
    "quartic": lambda p: ("fn.quartic", {"count": len(p["center"])}),
}


def build(kind: str, params: dict[str, Any]):
    """The callable for a spec; raises KeyError for an unknown family."""
    return FAMILIES[kind](params)


def quadratic(A: Any, b: Any) -> GradFn:
    """Gradient of f(x) = x @ A @ x / 2 - b @ x (A symmetric): A @ x - b."""
    return GradFn("quadratic", {"A": np.asarray(A, dtype=float).tolist(), "b": np.asarray(b, float).tolist()})


def rosenbrock(a: float = 1.0, b: float = 100.0) -> GradFn:
    """Gradient of (a - x)**2 + b * (y - x**2)**2."""
    return GradFn("rosenbrock", {"a": float(a), "b": float(b)})


def quartic(center: Any) -> GradFn:
    """Gradient of sum((x - center)**4)."""
    return GradFn("quartic", {"center": np.asarray(center, dtype=float).tolist()})
