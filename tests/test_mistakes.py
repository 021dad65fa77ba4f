"""The cohort, graded end to end: references earn full marks, each typical mistake costs points on its own
function(s) only, and broken submissions still get a grade.

Every submission under tests/cohort/ is graded once, two at a time, by the real command line
(`python -m autograder grade ... --json`, the same as `.venv/bin/autograder`), and the tests read the
reports. See tests/cohort/make_notebooks.py for how the notebook forms are built.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from support import ROOT, by_function, grade

pytestmark = pytest.mark.slow

COHORT = ROOT / "tests" / "cohort"
REFERENCES = {
    "ps1_gradient_descent": "gradient_descent.py",
    "ps2_linear_regression": "linear_regression.py",
    "ps3_sgd": "sgd.py",
    "ps4_adam": "adam.py",
}

# The functions each mistake must cost points on: the one with the bug, and those that call it (the
# reference's fit_gradient_descent calls mse_loss and mse_gradient; fit_sgd calls learning_schedule;
# minimize_adam calls adam_step). Every test of every other function must pass.
MISTAKES = {
    "ps1_gradient_descent__sign_error_minimizer": {"get_minimizer_x"},
    "ps1_gradient_descent__sign_error_gradient_descent": {"gradient_descent"},
    "ps1_gradient_descent__off_by_one_minimizer": {"get_minimizer_x"},
    "ps1_gradient_descent__off_by_one_gradient_descent": {"gradient_descent"},
    "ps1_gradient_descent__modifies_x0_in_place": {"gradient_descent"},
    "ps2_linear_regression__gradient_missing_factor_2": {"mse_gradient", "fit_gradient_descent"},
    "ps2_linear_regression__gradient_sum_instead_of_mean": {"mse_gradient", "fit_gradient_descent"},
    "ps2_linear_regression__loss_sum_instead_of_mean": {"mse_loss", "fit_gradient_descent"},
    "ps2_linear_regression__off_by_one_iterations": {"fit_gradient_descent"},
    "ps2_linear_regression__losses_recorded_before_update": {"fit_gradient_descent"},
    "ps2_linear_regression__b_not_updated": {"fit_gradient_descent"},
    "ps2_linear_regression__modifies_w0_in_place": {"fit_gradient_descent"},
    "ps3_sgd__schedule_precedence": {"learning_schedule", "fit_sgd"},
    "ps3_sgd__no_shuffle": {"fit_sgd"},
    "ps3_sgd__schedule_per_epoch": {"fit_sgd"},
    "ps3_sgd__global_random": {"fit_sgd"},
    "ps3_sgd__drops_last_batch": {"fit_sgd"},
    "ps3_sgd__gradient_divided_by_m": {"fit_sgd"},
    "ps4_adam__no_bias_correction": {"adam_step", "minimize_adam"},
    "ps4_adam__betas_swapped": {"adam_step", "minimize_adam"},
    "ps4_adam__eps_inside_sqrt": {"adam_step", "minimize_adam"},
    "ps4_adam__t_from_zero": {"minimize_adam"},
    "ps4_adam__modifies_theta_in_place": {"adam_step"},
}
# Mistakes whose only symptom is an argument changed in place: exactly that one test fails.
IN_PLACE = {
    "ps1_gradient_descent__modifies_x0_in_place": "test_gradient_descent_does_not_modify_x0",
    "ps2_linear_regression__modifies_w0_in_place": "test_fit_gradient_descent_does_not_modify_inputs",
    "ps4_adam__modifies_theta_in_place": "test_adam_step_does_not_modify_inputs",
}
NOTEBOOK_MISTAKES = sorted(
    p.stem for p in (COHORT / "notebooks").glob("*.ipynb") if "__reference" not in p.stem
)

# Broken submissions: the function that breaks, and the status its tests must get.
BROKEN = {
    "ps1_gradient_descent__syntax_error": ("gradient_descent", "error"),
    "ps2_linear_regression__missing_function": ("fit_gradient_descent", "error"),
    "ps3_sgd__infinite_loop": ("fit_sgd", "timeout"),
    "ps4_adam__sys_exit": ("minimize_adam", "error"),
}


def _jobs() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """{key: (assignment, submission path relative to the repo, extra arguments)} for the whole cohort."""
    jobs = {}
    for assignment, module in REFERENCES.items():
        jobs[f"{assignment}__reference.py"] = (assignment, f"solutions/{assignment}/{module}", ())
        jobs[f"{assignment}__reference.ipynb"] = (
            assignment,
            f"tests/cohort/notebooks/{assignment}__reference.ipynb",
            (),
        )
    for name in MISTAKES:
        jobs[f"{name}.py"] = (name.split("__")[0], f"tests/cohort/mistakes/{name}.py", ())
    for name in NOTEBOOK_MISTAKES:
        jobs[f"{name}.ipynb"] = (name.split("__")[0], f"tests/cohort/notebooks/{name}.ipynb", ())
    for name in BROKEN:
        extra = ("--timeout", "2") if name.endswith("infinite_loop") else ()
        jobs[f"{name}.py"] = (name.split("__")[0], f"tests/cohort/broken/{name}.py", extra)
    return jobs


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[int, dict | None, str]]:
    """Every cohort submission graded once: {key: (exit status, JSON report, stderr)}."""
    jobs = _jobs()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda job: grade(job[0], job[1], *job[2]), jobs.values())
        return dict(zip(jobs, results))


def _report(reports: dict, key: str) -> dict:
    code, report, stderr = reports[key]
    assert code == 0, f"{key}: exit status {code}: {stderr[-2000:]}"
    assert report is not None, f"{key}: no JSON on standard output"
    return report


def _lost(report: dict) -> set[str]:
    return {function for function, (points, most) in by_function(report).items() if points < most}


# ------------------------------------------------------------------ the cohort's files


def test_every_mistake_file_is_listed_here():
    on_disk = {p.stem for p in (COHORT / "mistakes").glob("*.py")}
    assert on_disk == set(MISTAKES)
    assert {p.stem for p in (COHORT / "broken").glob("*.py")} == set(BROKEN)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_mistake_is_a_small_change_of_the_reference(name):
    assignment = name.split("__")[0]
    reference = (ROOT / "solutions" / assignment / REFERENCES[assignment]).read_text().splitlines()
    mistake = (COHORT / "mistakes" / f"{name}.py").read_text().splitlines()
    assert mistake[0].startswith("# Mistake cohort: "), "the first line says what the mistake is"
    changed = [
        line
        for line in difflib.unified_diff(reference, mistake[2:], lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert 0 < len(changed) <= 6, changed


def test_notebooks_are_derived_from_the_modules():
    spec = importlib.util.spec_from_file_location("make_notebooks", COHORT / "make_notebooks.py")
    assert spec is not None and spec.loader is not None
    make_notebooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_notebooks)
    wanted = make_notebooks.targets()
    stale = [path.name for path, text in wanted.items() if not path.is_file() or path.read_text() != text]
    assert stale == [], "rebuild them with: .venv/bin/python tests/cohort/make_notebooks.py"
    assert set(wanted) == set((COHORT / "notebooks").glob("*.ipynb"))


# ------------------------------------------------------------------ references


@pytest.mark.parametrize("form", ["py", "ipynb"])
@pytest.mark.parametrize("assignment", sorted(REFERENCES))
def test_reference_gets_full_marks(reports, assignment, form):
    report = _report(reports, f"{assignment}__reference.{form}")
    failures = [(t["name"], t["message"]) for t in report["tests"] if t["status"] != "passed"]
    assert failures == []
    assert report["score"] == report["max_score"] > 0
    assert report["notes"] == []


@pytest.mark.parametrize("assignment", sorted(REFERENCES))
def test_reference_notebook_runs_the_same_tests_as_the_module(reports, assignment):
    module = _report(reports, f"{assignment}__reference.py")
    notebook = _report(reports, f"{assignment}__reference.ipynb")
    assert [t["name"] for t in notebook["tests"]] == [t["name"] for t in module["tests"]]


def test_each_assignment_has_between_12_and_25_hidden_tests(reports):
    for assignment in REFERENCES:
        assert 12 <= len(_report(reports, f"{assignment}__reference.py")["tests"]) <= 25, assignment


# ------------------------------------------------------------------ mistakes


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_mistake_costs_points_on_its_functions_only(reports, name):
    report = _report(reports, f"{name}.py")
    assert _lost(report) == MISTAKES[name]
    for t in report["tests"]:
        if t["function"] not in MISTAKES[name]:
            assert t["status"] == "passed", (t["name"], t["message"])
        else:
            assert (t["status"] == "passed") == (t["points"] == t["max_points"] > 0)
    assert report["notes"] == []


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_mistake_messages_name_the_call_and_what_was_expected(reports, name):
    report = _report(reports, f"{name}.py")
    lost = [t for t in report["tests"] if t["status"] != "passed"]
    failed = [t for t in lost if t["status"] == "failed"]
    assert failed, "a wrong answer is a failed test, not an error"
    for t in lost:
        assert t["message"], t["name"]
    for t in failed:
        # "fit_sgd(<array of shape 20x3>, ...): w: 3 of 3 entries are wrong; at w[0] you have ..., expected ..."
        assert t["message"].startswith(f"{t['function']}("), t["message"]
        assert any(word in t["message"] for word in ("expected", "should", "NaN", "in place")), t["message"]
    # Wrong numbers (not NaN, not only an argument changed in place) are shown next to the expected ones.
    if name != "ps4_adam__t_from_zero" and name not in IN_PLACE:
        assert any(re.search(r"expected -?\d.* \(off by ", t["message"]) for t in failed)


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_modifying_an_argument_in_place_fails_only_the_in_place_test(reports, name):
    report = _report(reports, f"{name}.py")
    lost = [t for t in report["tests"] if t["status"] != "passed"]
    assert [t["name"] for t in lost] == [IN_PLACE[name]]
    assert "in place" in lost[0]["message"]


def test_losses_recorded_at_the_wrong_time_keep_the_points_for_w_and_b(reports):
    report = _report(reports, "ps2_linear_regression__losses_recorded_before_update.py")
    status = {t["name"]: t["status"] for t in report["tests"]}
    assert status["test_fit_gradient_descent_small_example_parameters"] == "passed"
    assert status["test_fit_gradient_descent_small_example_losses"] == "failed"


def test_a_schedule_that_divides_by_zero_is_reported_as_an_error_with_its_line(reports):
    report = _report(reports, "ps3_sgd__schedule_precedence.py")
    first = report["tests"][0]
    assert first["name"] == "test_learning_schedule_default_constants[0]" and first["status"] == "error"
    assert "ZeroDivisionError" in first["message"] and "line 10 in learning_schedule" in first["message"]


@pytest.mark.parametrize("name", NOTEBOOK_MISTAKES)
def test_mistake_notebook_grades_like_its_module(reports, name):
    module = _report(reports, f"{name}.py")
    notebook = _report(reports, f"{name}.ipynb")
    outcome = [(t["name"], t["status"], t["points"]) for t in module["tests"]]
    assert [(t["name"], t["status"], t["points"]) for t in notebook["tests"]] == outcome


# ------------------------------------------------------------------ broken submissions


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_function_scores_zero_and_the_others_are_graded_normally(reports, name):
    report = _report(reports, f"{name}.py")
    broken, status = BROKEN[name]
    points = by_function(report)
    assert points[broken][0] == 0
    assert all(p == most > 0 for f, (p, most) in points.items() if f != broken), points
    assert {t["status"] for t in report["tests"] if t["function"] == broken} == {status}
    assert report["score"] == sum(most for f, (_, most) in points.items() if f != broken)


def test_syntax_error_names_the_line_and_the_function(reports):
    report = _report(reports, "ps1_gradient_descent__syntax_error.py")
    assert any("line 18" in note and "syntax error" in note for note in report["notes"]), report["notes"]
    for t in report["tests"]:
        if t["function"] == "gradient_descent":
            assert "syntax error" in t["message"] and "line 18" in t["message"], t["message"]


def test_missing_function_is_named(reports):
    report = _report(reports, "ps2_linear_regression__missing_function.py")
    for t in report["tests"]:
        if t["function"] == "fit_gradient_descent":
            assert "does not define a function named fit_gradient_descent" in t["message"], t["message"]


def test_infinite_loop_times_out_once_and_is_not_run_again(reports):
    report = _report(reports, "ps3_sgd__infinite_loop.py")
    messages = [t["message"] for t in report["tests"] if t["function"] == "fit_sgd"]
    assert "did not finish within 2 s" in messages[0]
    assert all("not run" in m and "ran out of time" in m for m in messages[1:])


def test_sys_exit_is_reported_as_such(reports):
    report = _report(reports, "ps4_adam__sys_exit.py")
    for t in report["tests"]:
        if t["function"] == "minimize_adam":
            assert "sys.exit()" in t["message"] and "minimize_adam" in t["message"], t["message"]
