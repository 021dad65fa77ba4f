"""Write GradeReports for other tools: JUnit XML, Gradescope's results.json, and Markdown for GitHub.

report.py keeps the text table and the contract's JSON; this module holds the formats other programs
read. Every writer takes a sequence of reports (one per assignment) so that a CI run that grades
several assignments gives one file of each kind. Everything a submission controls (messages carry
its exception texts, the path carries its file name) is escaped for the format it lands in.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import IO, Any

from autograder.messages import Messages
from autograder.results import GradeReport, TestResult

# ---------------------------------------------------------------- JUnit XML

# Characters XML 1.0 cannot carry at all (a student's output may hold any byte).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str, limit: int = 4000) -> str:
    text = _XML_INVALID.sub("\ufffd", text)
    return text if len(text) <= limit else text[:limit] + " [...]"


def junit_xml(reports: Sequence[GradeReport]) -> str:
    """One <testsuites> document: a <testsuite> per assignment, a <testcase> per hidden test.

    `failed` becomes <failure>, `error` and `timeout` become <error>; the score is a suite property.
    """
    root = ET.Element("testsuites", name="descent-kit autograder")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for report in reports:
        failures = sum(t.status == "failed" for t in report.tests)
        errors = sum(t.status in ("error", "timeout") for t in report.tests)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=report.assignment,
            tests=str(len(report.tests)),
            failures=str(failures),
            errors=str(errors),
            skipped="0",
            time=f"{report.seconds:.3f}",
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("submission", report.submission),
            ("score", f"{report.score:g}"),
            ("max_score", f"{report.max_score:g}"),
        ):
            ET.SubElement(properties, "property", name=name, value=_xml_text(value, 500))
        for t in report.tests:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{report.assignment}.{t.function}",
                name=t.name,
                time="0",
            )
            if t.status != "passed":
                tag = "failure" if t.status == "failed" else "error"
                detail = ET.SubElement(case, tag, message=_xml_text(t.message, 500), type=t.status)
                detail.text = _xml_text(f"{t.message}\n(0 of {t.max_points:g} points)")
        if report.notes:
            ET.SubElement(suite, "system-out").text = _xml_text("\n".join(report.notes))
        totals["tests"] += len(report.tests)
        totals["failures"] += failures
        totals["errors"] += errors
        seconds += report.seconds
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{seconds:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------- Gradescope results.json

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
FORMATS = ("text", "html", "simple_format", "md", "ansi")
_TOP_FIELDS = {
    "score": (int, float),
    "execution_time": (int, float),
    "output": str,
    "output_format": str,
    "test_output_format": str,
    "test_name_format": str,
    "visibility": str,
    "stdout_visibility": str,
    "extra_data": dict,
    "tests": list,
    "leaderboard": list,
}
_TEST_FIELDS = {
    "score": (int, float),
    "max_score": (int, float),
    "status": str,
    "name": str,
    "name_format": str,
    "number": str,
    "output": str,
    "output_format": str,
    "tags": list,
    "visibility": str,
    "extra_data": dict,
}


def _gradescope_test(report: GradeReport, t: TestResult, number: str, prefix: str, visibility: str) -> dict:
    output = t.message if t.status != "passed" else ""
    if t.status in ("error", "timeout"):
        output = f"[{t.status}] {output}"
    return {
        "score": t.points,
        "max_score": t.max_points,
        "status": "passed" if t.status == "passed" else "failed",
        "name": f"{prefix}{t.label} ({t.function})",
        "number": number,
        "output": output,
        "tags": [report.assignment, t.function, t.status],
        "visibility": visibility,
    }


def gradescope_results(
    reports: Sequence[GradeReport],
    visibility: str = "visible",
    stdout_visibility: str = "hidden",
    messages: Messages | None = None,
) -> dict[str, Any]:
    """Gradescope's results.json for one or more reports (tests are numbered function.case).

    `visibility` applies to every test (Gradescope's values: hidden, after_due_date, after_published,
    visible); the student's own prints never go into it, only into stdout, hidden by default.
    """
    if visibility not in VISIBILITIES or stdout_visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    tests = []
    lines = []
    several = len(reports) > 1
    for a_index, report in enumerate(reports, 1):
        prefix = f"{report.assignment}: " if several else ""
        functions = list(dict.fromkeys(t.function for t in report.tests))
        counters: dict[str, int] = {}
        for t in report.tests:
            counters[t.function] = counters.get(t.function, 0) + 1
            number = f"{functions.index(t.function) + 1}.{counters[t.function]}"
            tests.append(
                _gradescope_test(report, t, f"{a_index}.{number}" if several else number, prefix, visibility)
            )
        lines.append(f"{report.assignment} ({report.submission}): {report.score:g} / {report.max_score:g}")
        lines += [(messages or Messages())("gradescope.note", note=(messages or Messages()).render(n)) for n in report.notes]
    return {
        "score": sum(r.score for r in reports),
        "execution_time": round(sum(r.seconds for r in reports), 3),
        "output": "\n".join(lines),
        "output_format": "text",
        "visibility": visibility,
        "stdout_visibility": stdout_visibility,
        "extra_data": {"assignments": [r.assignment for r in reports]},
        "tests": tests,
    }


def gradescope_problems(results: Any) -> list[str]:
    """What in `results` does not follow Gradescope's documented results.json format (empty if fine)."""
    problems: list[str] = []
    if not isinstance(results, dict):
        return ["results.json must be a JSON object"]

    def check(obj: dict, fields: dict, where: str) -> None:
        for key, value in obj.items():
            if key not in fields:
                problems.append(f"{where}: unknown field {key!r}")
            elif isinstance(value, bool) or not isinstance(value, fields[key]):
                problems.append(f"{where}: {key} has the wrong type ({type(value).__name__})")
        for key in ("visibility", "stdout_visibility"):
            if key in obj and obj[key] not in VISIBILITIES:
                problems.append(f"{where}: {key} {obj[key]!r} is not one of {', '.join(VISIBILITIES)}")
        for key in ("output_format", "test_output_format", "test_name_format", "name_format"):
            if key in obj and obj[key] not in FORMATS:
                problems.append(f"{where}: {key} {obj[key]!r} is not one of {', '.join(FORMATS)}")

    check(results, _TOP_FIELDS, "results")
    tests = results.get("tests", [])
    if "score" not in results and not tests:
        problems.append("results: needs a top-level score or tests")
    for i, test in enumerate(tests if isinstance(tests, list) else []):
        where = f"tests[{i}]"
        if not isinstance(test, dict):
            problems.append(f"{where}: must be an object")
            continue
        check(test, _TEST_FIELDS, where)
        if "score" not in results and "score" not in test and "status" not in test:
            problems.append(f"{where}: needs a score when there is no top-level score")
        if "status" in test and test["status"] not in ("passed", "failed"):
            problems.append(f"{where}: status {test['status']!r} is not 'passed' or 'failed'")
        if not all(isinstance(tag, str) for tag in test.get("tags", [])):
            problems.append(f"{where}: tags must be strings")
    try:
        json.dumps(results, allow_nan=False)
    except ValueError:
        problems.append("results: contains NaN or infinity, which is not JSON")
    return problems


# ---------------------------------------------------------------- Markdown (GitHub)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(text: str, limit: int = 600) -> str:
    """Plain text made inert for GitHub Markdown: no HTML, links, mentions, tables or code breaking out."""
    text = text if len(text) <= limit else text[:limit] + " [...]"
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("@", "@\u200b")  # a zero-width space after @ keeps GitHub from mentioning anyone
    return "<br>".join(line.strip() for line in text.splitlines()) or ""


def md_code(text: str) -> str:
    """Text as an inline code span when it can be one (no backticks or line breaks), else md_text."""
    if text and "`" not in text and "\n" not in text and len(text) <= 200:
        return "`" + text.replace("|", "\\|") + "`"  # GitHub splits table cells at | even in code
    return md_text(text)


def _points(value: float) -> str:
    return f"{value:g}"


STATUS_MARK = {"passed": "✅ passed", "failed": "❌ failed", "error": "💥 error", "timeout": "⏱️ timeout"}


def _status_mark(status: str, say: Messages) -> str:
    if status not in STATUS_MARK:
        return md_text(status)
    return STATUS_MARK[status].split(" ")[0] + " " + say(f"md.status.{status}")


def markdown_report(report: GradeReport, heading: str = "###", messages: Messages | None = None) -> str:
    """One assignment: score line, a table of tests, then what went wrong and notes (in `messages`'
    language; the report's own messages as they are: pass `report.in_language(messages)`)."""
    say = messages or Messages()
    lines = [
        f"{heading} {md_code(report.assignment)}: {_points(report.score)} / {_points(report.max_score)}",
        "",
        say("md.graded_file", file=md_code(report.submission)),
        "",
        say("md.table"),
        "|---:|---|---|---:|---|",
    ]
    for number, t in enumerate(report.tests, 1):
        lines.append(
            f"| {number} | {md_text(t.label)} | {md_code(t.function)} | "
            f"{_points(t.points)}/{_points(t.max_points)} | {_status_mark(t.status, say)} |"
        )
    wrong = [(n, t) for n, t in enumerate(report.tests, 1) if t.status != "passed"]
    if wrong:
        lines += ["", f"**{say('md.wrong')}**", ""]
        lines += [
            f"- **#{n}** {md_text(t.label)} (−{_points(t.max_points)}): {md_text(t.message)}" for n, t in wrong
        ]
    if report.notes:
        lines += ["", f"**{say('md.notes')}**", ""]
        lines += [f"- {md_text(say.render(note))}" for note in report.notes]
    return "\n".join(lines) + "\n"


def markdown_reports(reports: Sequence[GradeReport]) -> str:
    """Several assignments: an overview table, then one section each."""
    if len(reports) == 1:
        return markdown_report(reports[0])
    lines = ["| assignment | graded file | score |", "|---|---|---:|"]
    for r in reports:
        lines.append(
            f"| {md_code(r.assignment)} | {md_code(r.submission)} | {_points(r.score)} / {_points(r.max_score)} |"
        )
    return "\n".join(lines) + "\n\n" + "\n".join(markdown_report(r) for r in reports)


# ---------------------------------------------------------------- writers for `autograder grade --format`


def write_junit(report: GradeReport, stream: IO[str]) -> None:
    stream.write(junit_xml([report]))


def write_gradescope(report: GradeReport, stream: IO[str], messages: Messages | None = None) -> None:
    stream.write(json.dumps(gradescope_results([report], messages=messages), indent=2, ensure_ascii=False) + "\n")


def write_markdown(report: GradeReport, stream: IO[str], messages: Messages | None = None) -> None:
    stream.write(markdown_report(report, messages=messages))
