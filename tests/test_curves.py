"""curves.py: the student's curve next to the reference, computed at autograde time, drawn for feedback."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from autograder.config import load_settings
from autograder.course import get_assignment, reference_path
from autograder.nbgrader_plugin.curves import draw_curves, render_png
from autograder.run import load_reference

ROOT = Path(__file__).resolve().parent.parent
PS1 = get_assignment("ps1_gradient_descent")


def curves_of(tmp_path: Path, code: str) -> dict:
    settings = load_settings(ROOT, {})
    path = tmp_path / PS1.module
    path.write_text(code)
    reference = load_reference(reference_path(settings, PS1), "curves_test_reference")
    drawn = draw_curves(PS1, path, settings, reference)
    assert drawn is not None
    return json.loads(json.dumps(drawn.as_json()))  # as stored in the cache and the notebook


def test_numbers_are_kept_and_the_picture_is_drawn_from_them(tmp_path):
    reference = (ROOT / "solutions" / PS1.name / PS1.module).read_text()
    good = curves_of(tmp_path, reference)
    assert "png_base64" not in good and good["mine"]["y"] == good["ref"]["y"] and len(good["ref"]["x"]) == 31
    assert base64.b64decode(render_png(good)).startswith(b"\x89PNG")

    wrong = curves_of(tmp_path, reference.replace("x - learning_rate * 2", "x + learning_rate * 2"))
    assert wrong["mine"]["y"] != wrong["ref"]["y"]


def test_a_function_that_gives_nothing_drawable_gets_a_sentence_not_a_plot(tmp_path):
    broken = curves_of(tmp_path, "def get_minimizer_x(iterations, learning_rate, init):\n    return 'far'\n")
    assert "mine" not in broken and render_png(broken) == ""
    assert broken["notes"] and broken["notes"][0].startswith("No plot of your results")


def test_malformed_stored_numbers_draw_nothing():
    base = {"assignment": PS1.name, "ref": {"x": [0, 1], "y": [1, 2]}, "caption": ""}
    for mine in ({"x": [0, 1], "y": [1]}, {"x": "01", "y": "12"}, {"x": [[0]], "y": [[1]]}, None):
        assert render_png({**base, "mine": mine}) == ""
    assert render_png({**base, "mine": {"x": [0, 1], "y": [1, 2]}, "assignment": "nope"}) == ""
