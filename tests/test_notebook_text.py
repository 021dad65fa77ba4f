"""notebook_text.dumps writes exactly the text nbformat's JSON writer writes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from nbformat.v4.nbjson import BytesEncoder

from autograder.nbgrader_plugin.notebook_text import dumps

ROOT = Path(__file__).resolve().parent.parent


def nbformats(value: object) -> str:
    return json.dumps(value, cls=BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "),
                      ensure_ascii=False)


def test_every_notebook_of_the_course_is_written_as_nbformat_writes_it():
    paths = [p for p in ROOT.rglob("*.ipynb") if ".venv" not in p.parts and ".ipynb_checkpoints" not in p.parts]
    written = 0
    for path in paths:
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue  # the damaged cohort's unreadable files
        assert dumps(value) == nbformats(value), path
        written += 1
    assert written >= 20


@pytest.mark.parametrize("value", [
    {"source": ["x = 1\n", "print('한국어 ✓ \\u00e9')\n"], "outputs": [], "metadata": {}},
    {"b": [1, 2.5, -0.0, 1e300, 1e-7, 12345678901234567890, True, False, None], "a": {"z": {}, "y": []}},
    {"text": "quotes \" and \\ and \n newlines \t tabs \x00 \x1f control \u2028 \ud7a3"},
    {"nan": math.nan, "inf": math.inf, "-inf": -math.inf},
    {"data": b"iVBORw0KGgo=", "tuple": (1, (2, [3, {}]))},
    [[], [[]], [{}], {"": ""}],
    "just a string",
    3,
])
def test_made_up_values_are_written_as_nbformat_writes_them(value):
    assert dumps(value) == nbformats(value)


def test_what_is_not_a_notebook_value_is_left_to_json():
    assert dumps({1: "int keys", 2: [3]}) == nbformats({1: "int keys", 2: [3]})
    for value in ({"set": {1, 2}}, {1: "mixed", "2": "keys"}):
        with pytest.raises(TypeError):
            nbformats(value)
        with pytest.raises(TypeError):
            dumps(value)
