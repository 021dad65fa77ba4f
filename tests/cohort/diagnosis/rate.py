"""Diagnosis rate: how many known mistakes the grader names correctly, on two cohorts.

  diagnosis cohort   tests/cohort/diagnosis/ (manifest.json, built by make_cohort.py): every mistake of
                     solutions/*/mistakes.py, module and notebook form, plus correct submissions;
  kit cohort         tests/cohort/mistakes/*.py and tests/cohort/notebooks/*.ipynb: the kit's own
                     mistake cohort, written by hand, independently of mistakes.py.

A mistaken submission counts as named correctly when every failed test of the function with the mistake
names exactly that mistake (and at least one test fails), and no test anywhere names another mistake. A
correct submission counts as correct when no test fails and none carries a diagnosis.

Usage (from the course root):  .venv/bin/python tests/cohort/diagnosis/rate.py [--lang ko]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from autograder.config import load_settings  # noqa: E402
from autograder.course import get_assignment  # noqa: E402
from autograder.messages import LANGUAGES, Messages  # noqa: E402
from autograder.results import GradeReport  # noqa: E402
from autograder.run import Grader, Job  # noqa: E402

# The kit's hand-written mistake cohort: submission stem -> (function with the mistake, expected id).
KIT_EXPECTED = {
    "ps1_gradient_descent__modifies_x0_in_place": ("gradient_descent", "in_place"),
    "ps1_gradient_descent__off_by_one_gradient_descent": ("gradient_descent", "off_by_one"),
    "ps1_gradient_descent__off_by_one_minimizer": ("get_minimizer_x", "off_by_one"),
    "ps1_gradient_descent__sign_error_gradient_descent": ("gradient_descent", "sign_error"),
    "ps1_gradient_descent__sign_error_minimizer": ("get_minimizer_x", "sign_error"),
    "ps2_linear_regression__b_not_updated": ("fit_gradient_descent", "b_not_updated"),
    "ps2_linear_regression__gradient_missing_factor_2": ("mse_gradient", "missing_factor_2"),
    "ps2_linear_regression__gradient_sum_instead_of_mean": ("mse_gradient", "sum_instead_of_mean"),
    "ps2_linear_regression__loss_sum_instead_of_mean": ("mse_loss", "sum_instead_of_mean"),
    "ps2_linear_regression__losses_recorded_before_update": ("fit_gradient_descent", "losses_before_update"),
    "ps2_linear_regression__modifies_w0_in_place": ("fit_gradient_descent", "in_place"),
    "ps2_linear_regression__off_by_one_iterations": ("fit_gradient_descent", "off_by_one"),
    "ps3_sgd__drops_last_batch": ("fit_sgd", "drops_last_batch"),
    "ps3_sgd__global_random": ("fit_sgd", "global_random"),
    "ps3_sgd__gradient_divided_by_m": ("fit_sgd", "batch_gradient_over_m"),
    "ps3_sgd__no_shuffle": ("fit_sgd", "no_shuffle"),
    "ps3_sgd__schedule_per_epoch": ("fit_sgd", "schedule_per_epoch"),
    "ps3_sgd__schedule_precedence": ("learning_schedule", "operator_precedence"),
    "ps4_adam__betas_swapped": ("adam_step", "betas_swapped"),
    "ps4_adam__eps_inside_sqrt": ("adam_step", "eps_inside_sqrt"),
    "ps4_adam__modifies_theta_in_place": ("adam_step", "in_place"),
    "ps4_adam__no_bias_correction": ("adam_step", "no_bias_correction"),
    "ps4_adam__t_from_zero": ("minimize_adam", "bias_correction_t_from_0"),
}


@dataclass(frozen=True)
class Entry:
    """One submission and what the grader must say about it."""

    assignment: str
    path: Path
    form: str
    """'module' or 'notebook'."""
    function: str | None
    """The graded function with the mistake; None for a correct submission."""
    mistake: str | None
    """The id it must be diagnosed with; None for a correct submission."""
    label: str


def diagnosis_cohort() -> list[Entry]:
    """Every submission listed in manifest.json."""
    manifest = json.loads((HERE / "manifest.json").read_text())
    return [
        Entry(
            e["assignment"],
            ROOT / e["path"],
            e["form"],
            e["function"],
            e["mistake"],
            f"{e['assignment']}/{e['function'] or 'correct'}:{e['mistake'] or ''}:{e['variant']} ({e['form']})",
        )
        for e in manifest
    ]


def kit_cohort() -> list[Entry]:
    """The kit's hand-written mistakes, in whichever forms exist."""
    entries = []
    for stem, (function, mistake) in KIT_EXPECTED.items():
        assignment = stem.split("__")[0]
        for path, form in (
            (ROOT / "tests/cohort/mistakes" / f"{stem}.py", "module"),
            (ROOT / "tests/cohort/notebooks" / f"{stem}.ipynb", "notebook"),
        ):
            if path.is_file():
                entries.append(Entry(assignment, path, form, function, mistake, f"{stem} ({form})"))
    return entries


def grade_entries(entries: Iterable[Entry]) -> dict[Path, dict[str, dict]]:
    """{path: {"en": report JSON, "ko": report JSON}}: every entry graded once, one process per assignment.

    A grading process runs the hidden tests of one assignment only (pytest caches the test module), so
    the assignments are graded side by side in child processes, each with a warm grader.
    """
    by_assignment: dict[str, list[Entry]] = {}
    for entry in entries:
        by_assignment.setdefault(entry.assignment, []).append(entry)
    children = {
        assignment: subprocess.Popen(
            [sys.executable, __file__, "--grade", assignment, *(str(e.path) for e in group)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for assignment, group in by_assignment.items()
    }
    reports: dict[Path, dict[str, dict]] = {}
    for assignment, child in children.items():
        out, _ = child.communicate(timeout=1800)
        if child.returncode:
            raise RuntimeError(f"grading {assignment} failed with status {child.returncode}")
        for line in out.splitlines():
            if line.startswith("{"):
                item = json.loads(line)
                reports[Path(item["path"])] = item["reports"]
    return reports


def _grade_child(assignment: str, paths: list[str]) -> None:
    """In a child process: grade `paths`, print one JSON line per report, in every language."""
    settings = load_settings(ROOT)
    languages = [Messages(lang) for lang in LANGUAGES]

    def emit(report: GradeReport) -> None:
        rendered = {m.lang: report.in_language(m).as_json() for m in languages}
        print(json.dumps({"path": str(ROOT / report.submission), "reports": rendered}, ensure_ascii=False))

    jobs = [Job(Path(p), str(Path(p).relative_to(ROOT))) for p in paths]
    with Grader(get_assignment(assignment), settings, warm=True) as grader:
        grader.grade_many(jobs, emit)


def judge(entry: Entry, report: dict) -> str:
    """'' when the grader said the right thing about `entry` in `report` (its JSON), else why not."""
    tests = report["tests"]
    if entry.mistake is None:
        wrong = [t["name"] for t in tests if t["status"] != "passed"]
        hinted = [t["name"] for t in tests if t.get("diagnosis")]
        if wrong or hinted:
            return f"correct submission: failed {wrong}, diagnosed {hinted}"
        return ""
    failed = [t for t in tests if t["function"] == entry.function and t["status"] == "failed"]
    if not failed:
        return "no test of the function fails (the hidden tests do not see this mistake)"
    for t in failed:
        diagnosis = t.get("diagnosis") or {}
        if diagnosis.get("id") != entry.mistake:
            return (
                f"{t['name']}: {diagnosis.get('outcome', 'no diagnosis')} {diagnosis.get('candidates', '')}"
            )
    others = {t["diagnosis"]["id"] for t in tests if t.get("diagnosis") and t["diagnosis"]["id"]}
    if others - {entry.mistake}:
        return f"other mistakes named elsewhere: {sorted(others - {entry.mistake})}"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", default="en", choices=LANGUAGES, help="language of the sample messages")
    parser.add_argument("--grade", nargs="+", metavar=("ASSIGNMENT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.grade:
        _grade_child(args.grade[0], args.grade[1:])
        return 0
    for title, entries in (("diagnosis cohort", diagnosis_cohort()), ("kit cohort", kit_cohort())):
        reports = grade_entries(entries)
        mistaken = [e for e in entries if e.mistake]
        correct = [e for e in entries if not e.mistake]
        print(f"\n== {title}: {len(mistaken)} mistaken and {len(correct)} correct submissions")
        named = clean = 0
        for entry in entries:
            problem = judge(entry, reports[entry.path][args.lang])
            named += bool(entry.mistake) and not problem
            clean += not entry.mistake and not problem
            print(("ok   " if not problem else "MISS ") + entry.label + (f": {problem}" if problem else ""))
        print(f"-- named correctly: {named}/{len(mistaken)} = {named / max(len(mistaken), 1):.1%}")
        if correct:
            print(f"-- correct submissions with no failure and no hint: {clean}/{len(correct)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
