"""Compare a student's value with the reference value and say, in plain words, how they differ.

Trusted side only. Values here are what `protocol.decode` produced: None, bool, int, float, str,
float64 arrays, lists, tuples and `Opaque` stand-ins, so no student object is ever asked anything.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograder.protocol import Opaque


def describe_type(value: Any) -> str:
    """'a float', 'an array of shape (3,)', 'None', ... for messages."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return f"a bool ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({_num(value)})"
    if isinstance(value, np.ndarray):
        return f"an array of shape {tuple(value.shape)}"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} items"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    if isinstance(value, Opaque):
        return f"an object of type {value.type_name}"
    return "an unexpected value"


def _num(x: float) -> str:
    if isinstance(x, float) and math.isnan(x):
        return "NaN"
    return f"{x:.10g}"


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _as_float(x: Any) -> float | None:
    if _is_number(x):
        return float(x)
    if isinstance(x, np.ndarray) and x.size == 1 and x.ndim <= 1:
        return float(x.reshape(()))
    return None


def _as_vector(x: Any) -> np.ndarray | None:
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, (list, tuple)) and all(_is_number(v) for v in x):
        return np.array(x, dtype=float)
    return None


def mismatch(
    got: Any,
    expected: Any,
    *,
    name: str,
    rtol: float,
    atol: float,
    decimals: int | None = None,
    reveal: bool = True,
    names: Sequence[str] | None = None,
) -> str | None:
    """None when `got` matches `expected` within tolerance, else one sentence saying how it differs."""
    options = {"rtol": rtol, "atol": atol, "decimals": decimals, "reveal": reveal}
    if isinstance(expected, tuple) or (
        isinstance(expected, list) and not all(_is_number(v) for v in expected)
    ):
        if not isinstance(got, (tuple, list)):
            return f"{name} should be a tuple of {len(expected)} items, but is {describe_type(got)}"
        if len(got) != len(expected):
            return f"{name} should have {len(expected)} items, but has {len(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            item = names[i] if names and i < len(names) else f"{name}[{i}]"
            found = mismatch(g, e, name=item, **options)
            if found:
                return found
        return None
    if isinstance(expected, (np.ndarray, list)):
        return _array_mismatch(
            got, np.asarray(expected, dtype=float), name, is_list=isinstance(expected, list), **options
        )
    if _is_number(expected):
        return _number_mismatch(got, float(expected), name, **options)
    if got != expected:
        return f"{name} should be {expected!r}, but is {describe_type(got)}"
    return None


def _number_mismatch(
    got: Any, expected: float, name: str, *, rtol: float, atol: float, decimals: int | None, reveal: bool
) -> str | None:
    value = _as_float(got)
    if value is None:
        return f"{name} should be a number, but is {describe_type(got)}"
    if math.isnan(value) and not math.isnan(expected):
        return f"{name} is NaN (not a number): something overflowed or divided by zero"
    if decimals is not None:
        ok = round(value, decimals) == round(expected, decimals)
    else:
        ok = math.isclose(value, expected, rel_tol=rtol, abs_tol=atol) or value == expected
    if ok:
        return None
    return f"{name} is {_num(value)}, {_off(value, expected, reveal)}"


def _off(value: float, expected: float, reveal: bool) -> str:
    if reveal:
        return f"expected {_num(expected)} (off by {_num(abs(value - expected))})"
    if math.isinf(value) or math.isinf(expected):
        return "which is not the expected value"
    relative = abs(value - expected) / max(abs(expected), 1e-12)
    return f"which is not the expected value (relative error {relative:.2g})"


def _array_mismatch(
    got: Any,
    expected: np.ndarray,
    name: str,
    *,
    is_list: bool,
    rtol: float,
    atol: float,
    decimals: int | None,
    reveal: bool,
) -> str | None:
    vector = _as_vector(got)
    kind = "list" if is_list else "array"
    if vector is None:
        article = "a" if is_list else "an"
        return f"{name} should be {article} {kind} of {expected.size} numbers, but is {describe_type(got)}"
    if vector.shape != expected.shape:
        if vector.size == expected.size and vector.ndim != expected.ndim:
            return f"{name} has shape {vector.shape} but should have shape {expected.shape} (check your reshaping)"
        if is_list or expected.ndim == 1:
            return f"{name} has {vector.size} entries, but should have {expected.size}"
        return f"{name} has shape {vector.shape}, but should have shape {expected.shape}"
    nan = np.isnan(vector) & ~np.isnan(expected)
    if nan.any():
        where = tuple(int(i) for i in np.argwhere(nan)[0])
        return f"{name} contains NaN (not a number), first at {_index(name, where)}: something overflowed"
    close = np.isclose(vector, expected, rtol=rtol, atol=atol, equal_nan=True)
    if decimals is not None:
        close = np.round(vector, decimals) == np.round(expected, decimals)
    if close.all():
        return None
    diff = np.where(close, 0.0, np.abs(vector - expected))
    diff = np.nan_to_num(diff, nan=np.inf)
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape)) if diff.ndim else ()
    count = int((~close).sum())
    value, target = float(vector[worst]), float(expected[worst])
    return (
        f"{name}: {count} of {expected.size} entries are wrong; at {_index(name, worst)} you have "
        f"{_num(value)}, {_off(value, target, reveal)}"
    )


def _index(name: str, where: tuple[int, ...]) -> str:
    return f"{name}[{', '.join(map(str, where))}]" if where else name


def changed_inputs(before: Sequence[Any], after: Sequence[Any], labels: Sequence[str]) -> list[str]:
    """Labels of array arguments whose values differ after the call (modified in place)."""
    changed = []
    for label, b, a in zip(labels, before, after):
        if isinstance(b, np.ndarray):
            if (
                not isinstance(a, np.ndarray)
                or a.shape != b.shape
                or not np.array_equal(a, b, equal_nan=True)
            ):
                changed.append(label)
    return changed


def describe_call(function: str, args: Sequence[Any], kwargs: dict[str, Any]) -> str:
    """'fit_sgd(X: array 20x3, y: array 20, epochs=5)': the call in a student's terms, arrays summarised."""

    def show(value: Any) -> str:
        if isinstance(value, np.ndarray):
            if value.size <= 4:
                return np.array2string(value, separator=", ")
            return f"<array of shape {'x'.join(map(str, value.shape))}>"
        if hasattr(value, "describe"):
            return f"<{value.describe()}>"
        if isinstance(value, (list, tuple)) and len(value) > 4:
            return f"<{type(value).__name__} of {len(value)} items>"
        if isinstance(value, float):
            return _num(value)
        return repr(value)

    parts = [show(a) for a in args] + [f"{k}={show(v)}" for k, v in kwargs.items()]
    return f"{function}({', '.join(parts)})"
