"""A notebook as the text nbformat writes, made several times faster.

nbformat writes a notebook with `json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "),
ensure_ascii=False)`, and with an indent Python's json module runs its pure-Python encoder: a chain of
generators, about a fifth of what recording a submission costs. `dumps` makes the same text for the
values a notebook holds (dicts with string keys, lists, strings, numbers, booleans, None; bytes as
nbformat's BytesEncoder writes them: as ASCII text), with the same C routine for strings; anything else is left to
json.dumps itself. tests/test_notebook_text.py compares both on every notebook of the course and on
made-up values.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from typing import Any


class _Other(Exception):
    """A value `dumps` leaves to json.dumps."""


def dumps(nb: Any) -> str:
    """json.dumps(nb, cls=nbformat's BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "),
    ensure_ascii=False), the same text."""
    chunks: list[str] = []
    try:
        _encode(nb, chunks, "\n")
    except _Other:
        from nbformat.v4.nbjson import BytesEncoder

        return json.dumps(nb, cls=BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "),
                          ensure_ascii=False)
    return "".join(chunks)


def _encode(value: Any, chunks: list[str], newline: str) -> None:
    if isinstance(value, str):
        chunks.append(encode_basestring(value))
    elif value is None:
        chunks.append("null")
    elif value is True:
        chunks.append("true")
    elif value is False:
        chunks.append("false")
    elif isinstance(value, int):
        chunks.append(int.__repr__(value))
    elif isinstance(value, float):
        chunks.append(_float(value))
    elif isinstance(value, dict):
        if not value:
            chunks.append("{}")
            return
        inner = newline + " "
        separator = "{" + inner
        for key, item in sorted(value.items()):
            if not isinstance(key, str):
                raise _Other
            chunks.append(separator)
            chunks.append(encode_basestring(key))
            chunks.append(": ")
            _encode(item, chunks, inner)
            separator = "," + inner
        chunks.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            chunks.append("[]")
            return
        inner = newline + " "
        separator = "[" + inner
        for item in value:
            chunks.append(separator)
            _encode(item, chunks, inner)
            separator = "," + inner
        chunks.append(newline + "]")
    elif isinstance(value, bytes):  # nbformat's BytesEncoder: already base64, as ASCII
        chunks.append(encode_basestring(value.decode("ascii")))
    else:
        raise _Other


def _float(value: float) -> str:
    if math.isfinite(value):
        return float.__repr__(value)
    if value != value:
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"
