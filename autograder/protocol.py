"""The JSON messages between the grader and the worker: the one place that knows their layout.

Values cross as tagged JSON (`{"t": "array", "shape": [...], "data": [...]}` and so on). The worker
encodes whatever the student returned; the grader decodes it with `decode`, which checks type, shape,
size and numbers, and never builds anything but plain Python values and float64 arrays.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.functions import GradFn

MAX_DEPTH = 8
MAX_TEXT = 2000
_NONFINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class ProtocolError(ValueError):
    """A reply from the worker that does not follow the protocol."""


@dataclass(frozen=True)
class Opaque:
    """A returned object the grader does not compare as a number: only its type name and a short repr."""

    type_name: str
    text: str


# ---------------------------------------------------------------- encoding (both sides)


def _number(x: float) -> float | str:
    return x if math.isfinite(x) else ("nan" if math.isnan(x) else ("inf" if x > 0 else "-inf"))


def encode(value: Any, depth: int = 0) -> dict[str, Any]:
    """Tagged JSON for a value. On the worker this runs next to student code, so the grader never trusts it."""
    if depth > MAX_DEPTH:
        return {"t": "other", "type": type(value).__name__, "text": "nested too deeply"}
    if value is None:
        return {"t": "none"}
    if isinstance(value, GradFn):
        return {"t": "fn", "kind": value.kind, "params": value.params}
    if isinstance(value, (bool, np.bool_)):
        return {"t": "bool", "v": bool(value), "type": type(value).__name__}
    if isinstance(value, (int, np.integer)):
        number = int.__int__(value) if isinstance(value, int) else int(value)
        return {"t": "int", "v": number if abs(number) < 2**63 else str(number), "type": type(value).__name__}
    if isinstance(value, (float, np.floating)):
        number = float.__float__(value) if isinstance(value, float) else float(value)
        return {"t": "float", "v": _number(number), "type": type(value).__name__}
    if isinstance(value, np.ndarray):
        array = np.asarray(value)
        if not np.issubdtype(array.dtype, np.number) and array.dtype != np.bool_:
            return {"t": "other", "type": f"array of {array.dtype}", "text": _short(array)}
        if np.iscomplexobj(array):
            return {"t": "other", "type": "complex array", "text": _short(array)}
        flat = np.array(array, dtype=float).ravel()
        data = [_number(x) for x in flat.tolist()] if not np.isfinite(flat).all() else flat.tolist()
        return {
            "t": "array",
            "dtype": str(array.dtype),
            "shape": list(array.shape),
            "data": data,
            "type": type(value).__name__,
        }
    if isinstance(value, (list, tuple)):
        # The base type's iterator reads what is stored; a subclass's own __iter__ could show anything.
        tag, items = ("tuple", tuple.__iter__(value)) if isinstance(value, tuple) else ("list", list.__iter__(value))
        return {"t": tag, "items": [encode(v, depth + 1) for v in items], "type": type(value).__name__}
    if isinstance(value, str):
        return {"t": "str", "v": value[:MAX_TEXT]}
    if hasattr(value, "__array__") or hasattr(value, "__float__"):
        try:
            array = np.asarray(value, dtype=float)
        except Exception:  # the object is the student's; anything may go wrong converting it
            return {"t": "other", "type": type(value).__name__, "text": _short(value)}
        encoded = encode(float(array) if array.ndim == 0 else array, depth + 1)
        return {**encoded, "type": type(value).__name__}
    return {"t": "other", "type": type(value).__name__, "text": _short(value)}


def _short(value: Any) -> str:
    try:
        return repr(value)[:200]
    except Exception:
        return "<unprintable>"


# ---------------------------------------------------------------- decoding (grader side, untrusted input)


def _float(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float, str)):
        raise ProtocolError(f"expected a number, got {type(x).__name__}")
    if isinstance(x, str):
        if x not in _NONFINITE:
            raise ProtocolError("expected a number")
        return _NONFINITE[x]
    try:
        return float(x)
    except OverflowError:
        raise ProtocolError("a number is out of range") from None


def decode(obj: Any, max_elements: int, depth: int = 0) -> Any:
    """A plain value from tagged JSON, checked all the way down; ProtocolError if anything is off."""
    budget = [max_elements]
    return _decode(obj, budget, depth)


def _decode(obj: Any, budget: list[int], depth: int) -> Any:
    if depth > MAX_DEPTH + 1 or not isinstance(obj, dict) or not isinstance(obj.get("t"), str):
        raise ProtocolError("malformed value")
    tag = obj["t"]
    if tag == "none":
        return None
    if tag == "bool":
        if not isinstance(obj.get("v"), bool):
            raise ProtocolError("malformed bool")
        return obj["v"]
    if tag == "int":
        v = obj.get("v")
        if isinstance(v, str) and v.lstrip("-").isdigit() and len(v) < 400:
            return int(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
        raise ProtocolError("malformed int")
    if tag == "float":
        return _float(obj.get("v"))
    if tag == "str":
        v = obj.get("v")
        if not isinstance(v, str):
            raise ProtocolError("malformed string")
        return v[:MAX_TEXT]
    if tag == "array":
        return _decode_array(obj, budget)
    if tag in ("list", "tuple"):
        items = obj.get("items")
        if not isinstance(items, list):
            raise ProtocolError("malformed sequence")
        budget[0] -= len(items)
        if budget[0] < 0:
            raise ProtocolError("the value is too large")
        decoded = [_decode(item, budget, depth + 1) for item in items]
        return tuple(decoded) if tag == "tuple" else decoded
    if tag == "other":
        return Opaque(str(obj.get("type", "?"))[:100], str(obj.get("text", ""))[:MAX_TEXT])
    if tag == "fn":
        kind, params = obj.get("kind"), obj.get("params")
        if not isinstance(kind, str) or not isinstance(params, dict):
            raise ProtocolError("malformed function")
        return GradFn(kind, params)
    raise ProtocolError(f"unknown value tag {tag[:20]!r}")


def _decode_array(obj: dict[str, Any], budget: list[int]) -> np.ndarray:
    shape, data = obj.get("shape"), obj.get("data")
    if not isinstance(shape, list) or not isinstance(data, list) or len(shape) > 32:
        raise ProtocolError("malformed array")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
        raise ProtocolError("malformed array shape")
    size = math.prod(shape)
    if size != len(data):
        raise ProtocolError("array data does not match its shape")
    budget[0] -= size
    if budget[0] < 0:
        raise ProtocolError("the value is too large")
    try:
        array = np.array(data if all(type(x) is float for x in data) else [_float(x) for x in data])
    except (OverflowError, ValueError, TypeError):
        raise ProtocolError("array data are not all numbers") from None
    return array.astype(np.float64, copy=False).reshape(shape)


def type_name(obj: dict[str, Any]) -> str:
    """The student's type name recorded with a value (e.g. 'LyingFloat'), for messages only."""
    return str(obj.get("type", obj.get("t", "?")))[:100]


# ---------------------------------------------------------------- messages


def dumps(message: dict[str, Any]) -> bytes:
    """One protocol line."""
    return json.dumps(message, separators=(",", ":"), allow_nan=False).encode() + b"\n"


def loads(line: bytes) -> dict[str, Any]:
    """Parse one protocol line into a dict; ProtocolError otherwise."""
    try:
        message = json.loads(line)
    except (ValueError, RecursionError) as err:
        raise ProtocolError(f"unreadable reply ({type(err).__name__})") from None
    if not isinstance(message, dict):
        raise ProtocolError("reply is not an object")
    return message
