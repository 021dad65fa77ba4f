"""curves.py: the student's curve next to the reference, computed at autograde time, drawn for feedback."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from autograder.config import load_settings
from autograder.course import get_assignment
from autograder.nbgrader_plugin.curves import PlotCalls, render_png
from autograder.results import GradeReport
from autograder.run import grade

ROOT = Path(__file__).resolve().parent.parent
PS1 = get_assignment("ps1_gradient_descent")
REFERENCE = (ROOT / "solutions" / PS1.name / PS1.module).read_text()


def graded_with_plot(tmp_path: Path, code: str) -> tuple[GradeReport, dict]:
    settings = load_settings(ROOT, {})
    path = tmp_path / PS1.module
    path.write_text(code)
    plot = PlotCalls(PS1)
    report = grade(PS1, path, settings, "student", after_tests=plot)
    curves = plot.as_json()
    assert curves is not None
    return report, json.loads(json.dumps(curves))  # as stored in the cache and the notebook


def curves_of(tmp_path: Path, code: str) -> dict:
    return graded_with_plot(tmp_path, code)[1]


def test_numbers_are_kept_and_the_picture_is_drawn_from_them(tmp_path):
    good = curves_of(tmp_path, REFERENCE)
    assert "png_base64" not in good and good["mine"]["y"] == good["ref"]["y"] and len(good["ref"]["x"]) == 31
    assert base64.b64decode(render_png(good)).startswith(b"\x89PNG")

    wrong = curves_of(tmp_path, REFERENCE.replace("x - learning_rate * 2", "x + learning_rate * 2"))
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


def test_the_plots_calls_leave_the_report_as_the_tests_made_it(tmp_path):
    """The plot's calls run in the grading session after the tests: what they print is dropped, and the
    mistake diagnosis sees only the tests' calls."""
    noisy = (
        REFERENCE.replace("x - learning_rate * 2", "x + learning_rate * 2")  # a known mistake
        + "\n_plain = get_minimizer_x\n\n"
        + "def get_minimizer_x(iterations, learning_rate, init):\n"
        + "    print(f'k={iterations}', end=' ')\n"
        + "    return _plain(iterations, learning_rate, init)\n"
    )
    with_plot, curves = graded_with_plot(tmp_path, noisy)
    alone = grade(PS1, tmp_path / PS1.module, load_settings(ROOT, {}), "student")

    assert "k=" in alone.output and with_plot.output == alone.output
    assert with_plot.tests == alone.tests and any(t.diagnosis for t in alone.tests)
    assert len(curves["mine"]["y"]) == 31 and curves["mine"]["y"] != curves["ref"]["y"]


def test_a_plot_call_that_breaks_the_worker_costs_the_plot_not_the_grade(tmp_path):
    code = REFERENCE + "\nimport os\n_calls = []\n_plain = get_minimizer_x\n\n" + (
        "def get_minimizer_x(iterations, learning_rate, init):\n"
        "    _calls.append(1)\n"
        "    if len(_calls) > 20:\n"  # past the hidden tests' 8 calls: the plot's
        "        os.close(1); os.close(2); os._exit(3)\n"
        "    return _plain(iterations, learning_rate, init)\n"
    )
    report, curves = graded_with_plot(tmp_path, code)
    assert report.score == report.max_score
    assert "mine" not in curves and curves["notes"][0].startswith("No plot of your results")


def test_a_curve_of_many_calls_stops_at_the_first_that_raises(tmp_path):
    """`student.each` sends the plot's 31 calls in one request; the first that raises ends the plot
    with what it raised, and the grade is the tests'."""
    code = REFERENCE + "\n_plain = get_minimizer_x\n\n" + (
        "def get_minimizer_x(iterations, learning_rate, init):\n"
        "    if iterations == 25:\n"  # the hidden tests never ask for 25 steps; the plot does
        "        raise ValueError('twenty-five is unlucky')\n"
        "    return _plain(iterations, learning_rate, init)\n"
    )
    report, curves = graded_with_plot(tmp_path, code)
    assert report.score == report.max_score
    assert "mine" not in curves and "twenty-five is unlucky" in curves["notes"][0]


def test_a_plot_call_that_hangs_costs_one_call_limit_and_the_plot(tmp_path):
    code = REFERENCE + "\nimport time\n_plain = get_minimizer_x\n\n" + (
        "def get_minimizer_x(iterations, learning_rate, init):\n"
        "    if iterations == 25:\n"
        "        time.sleep(60)\n"
        "    return _plain(iterations, learning_rate, init)\n"
    )
    import time

    started = time.monotonic()
    report, curves = graded_with_plot(tmp_path, code)
    limit = load_settings(ROOT, {}).limits.call_seconds
    assert time.monotonic() - started < limit + 20
    assert report.score == report.max_score
    assert curves["notes"] == [f"No plot of your results: get_minimizer_x did not finish within {limit:g} s "
                               "(look for a loop that never ends, or far more work than needed)"]
    assert "mine" not in curves


def test_a_path_of_many_points_comes_back_in_order(tmp_path):
    """ps4's path (51 calls through `path_curve`, one request): the reference's own code draws the
    reference's path, point for point."""
    ps4 = get_assignment("ps4_adam")
    settings = load_settings(ROOT, {})
    path = tmp_path / ps4.module
    path.write_text((ROOT / "solutions" / ps4.name / ps4.module).read_text())
    plot = PlotCalls(ps4, settings.solutions_dir)
    grade(ps4, path, settings, "student", after_tests=plot)
    curves = json.loads(json.dumps(plot.as_json()))
    assert len(curves["ref"]["x"]) == 51 and curves["mine"]["x"] == curves["ref"]["x"]
    assert curves["mine"]["y"] == curves["ref"]["y"] and not curves["notes"]
