"""`autograder batch`: many submissions in parallel warm graders, each report equal to a single grade."""

from __future__ import annotations

import json
import re
import subprocess

from support import AUTOGRADER, ROOT, grade

PS1 = "ps1_gradient_descent"
SUBMISSIONS = [
    ROOT / "tests" / "cohort" / "notebooks" / f"{PS1}__reference.ipynb",
    ROOT / "tests" / "cohort" / "notebooks" / f"{PS1}__sign_error_minimizer.ipynb",
    ROOT / "solutions" / PS1 / "gradient_descent.py",
    ROOT / "tests" / "cohort" / "broken" / f"{PS1}__syntax_error.py",
]
HANGUL = re.compile("[\uac00-\ud7a3]")


def batch(tmp_path, *extra: str) -> tuple[subprocess.CompletedProcess, list[dict]]:
    out = tmp_path / "reports.jsonl"
    done = subprocess.run(
        [*AUTOGRADER, "batch", PS1, *map(str, SUBMISSIONS), "--workers", "2", "--jsonl", str(out), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done, [json.loads(line) for line in out.read_text().splitlines()]


def test_each_report_equals_grading_that_file_alone(tmp_path):
    done, reports = batch(tmp_path)
    assert sorted(r["submission"] for r in reports) == sorted(map(str, SUBMISSIONS))
    for report in reports:
        _, alone, _ = grade(PS1, report["submission"])
        assert [(t["name"], t["points"], t["status"]) for t in report["tests"]] == [
            (t["name"], t["points"], t["status"]) for t in alone["tests"]
        ], report["submission"]
    scores = {r["submission"]: r["score"] for r in reports}
    assert scores[str(SUBMISSIONS[0])] == scores[str(SUBMISSIONS[2])] == reports[0]["max_score"]
    assert scores[str(SUBMISSIONS[1])] < reports[0]["max_score"]
    assert "4/4" in done.stderr and "/s" in done.stderr  # progress bar with its rate
    assert "4 submission(s)" in done.stdout and "mean score" in done.stdout  # the summary


def test_messages_follow_the_language_asked_for(tmp_path):
    _, english = batch(tmp_path)
    _, korean = batch(tmp_path, "--lang", "ko")
    failed = lambda reports: " ".join(t["message"] for r in reports for t in r["tests"] if t["message"])  # noqa: E731
    assert failed(english) and not HANGUL.search(failed(english))
    assert HANGUL.search(failed(korean))
