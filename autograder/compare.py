"""Compare a student's value with the reference value and say, in plain words, how they differ.

Trusted side only. Values here are what `protocol.decode` produced: None, bool, int, float, str,
float64 arrays, lists, tuples and `Opaque` stand-ins, so no student object is ever asked anything.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from autograder.messages import Text
from autograder.protocol import Opaque


def describe_type(value: Any) -> str:
    """'a float', 'an array of shape (3,)', 'None', ... for messages."""
    if value is None:
        return Text("type.none")
    if isinstance(value, bool):
        return Text("type.bool", value=value)
    if isinstance(value, (int, float)):
        return Text("type.number", value=_num(value))
    if isinstance(value, np.ndarray):
        return Text("type.array", shape=tuple(value.shape))
    if isinstance(value, tuple):
        return Text("type.tuple", count=len(value))
    if isinstance(value, list):
        return Text("type.list", count=len(value))
    if isinstance(value, str):
        return Text("type.string", text=repr(value[:40]))
    if isinstance(value, Opaque):
        return Text("type.object", type_name=value.type_name)
    return Text("type.unexpected")


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
            return Text("compare.not_a_sequence", name=name, count=len(expected), got=describe_type(got))
        if len(got) != len(expected):
            return Text("compare.wrong_count", name=name, expected=len(expected), got=len(got))
        for i, (g, e) in enumerate(zip(got, expected)):
            item = names[i] if names and i < len(names) else Text("name.item", name=name, index=i)
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
        return Text("compare.not_equal", name=name, expected=repr(expected), got=describe_type(got))
    return None


def _number_mismatch(
    got: Any, expected: float, name: str, *, rtol: float, atol: float, decimals: int | None, reveal: bool
) -> str | None:
    value = _as_float(got)
    if value is None:
        return Text("compare.not_a_number", name=name, got=describe_type(got))
    if math.isnan(value) and not math.isnan(expected):
        return Text("compare.nan_number", name=name)
    if decimals is not None:
        ok = round(value, decimals) == round(expected, decimals)
    else:
        ok = math.isclose(value, expected, rel_tol=rtol, abs_tol=atol) or value == expected
    if ok:
        return None
    return Text("compare.number_off", name=name, value=_num(value), off=_off(value, expected, reveal))


def _off(value: float, expected: float, reveal: bool) -> str:
    if reveal:
        return Text("compare.off", expected=_num(expected), difference=_num(abs(value - expected)))
    if math.isinf(value) or math.isinf(expected):
        return Text("compare.off_hidden_inf")
    relative = abs(value - expected) / max(abs(expected), 1e-12)
    return Text("compare.off_hidden", relative=f"{relative:.2g}")


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
    if vector is None:
        key = "compare.not_a_list" if is_list else "compare.not_an_array"
        return Text(key, name=name, count=expected.size, got=describe_type(got))
    if vector.shape != expected.shape:
        if vector.size == expected.size and vector.ndim != expected.ndim:
            return Text("compare.reshape", name=name, got=vector.shape, expected=expected.shape)
        if is_list or expected.ndim == 1:
            return Text("compare.entry_count", name=name, got=vector.size, expected=expected.size)
        return Text("compare.shape", name=name, got=vector.shape, expected=expected.shape)
    nan = np.isnan(vector) & ~np.isnan(expected)
    if nan.any():
        where = tuple(int(i) for i in np.argwhere(nan)[0])
        return Text("compare.nan_array", name=name, where=_index(name, where))
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
    return Text(
        "compare.entries_wrong",
        name=name,
        count=count,
        size=expected.size,
        where=_index(name, worst),
        value=_num(value),
        off=_off(value, target, reveal),
    )


def _index(name: str, where: tuple[int, ...]) -> str:
    return Text("name.item", name=name, index=", ".join(map(str, where))) if where else name


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
            return Text("call.array", shape="x".join(map(str, value.shape)))
        if hasattr(value, "describe"):
            return Text("call.described", description=value.describe())
        if isinstance(value, (list, tuple)) and len(value) > 4:
            return Text("call.sequence", kind=type(value).__name__, count=len(value))
        if isinstance(value, float):
            return _num(value)
        return repr(value)

    parts = [show(a) for a in args] + [Text("call.keyword", name=k, value=show(v)) for k, v in kwargs.items()]
    return Text("call.signature", function=function, args=parts)
