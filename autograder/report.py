"""Write a GradeReport for people (a table in the terminal) or for programs (the contract's JSON)."""

from __future__ import annotations

import json
from typing import IO

from autograder.messages import Messages, Text
from autograder.results import GradeReport

LAYERS = ("session", "rlimits", "scratch", "mount", "net", "pid", "uid")
"""Sandbox layers with words in the message catalog ("report.layer.<name>")."""


def write_json(report: GradeReport, stream: IO[str]) -> None:
    """Exactly one JSON object, as the contract fixes it."""
    stream.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")


def write_text(report: GradeReport, stream: IO[str], messages: Messages | None = None) -> None:
    """A table of tests and points, then what went wrong in full sentences, then notes and sandbox layers.

    Headings are in `messages`' language (English by default); the report's own messages are printed as
    they are, so pass `report.in_language(messages)` for a report in one language throughout.
    """
    say = messages or Messages()
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=stream, highlight=False, width=max(100, Console(file=stream).width))
    table = Table(title=f"{report.assignment}: {report.submission}", title_justify="left")
    # The test name gives way first when the terminal is narrow; numbers and results never do.
    for column, justify, min_width, max_width in (
        ("#", "right", 3, None),
        (say("report.column.test"), "left", 12, 48),
        (say("report.column.function"), "left", 12, 22),
        (say("report.column.points"), "right", 6, None),
        (say("report.column.result"), "left", 7, None),
    ):
        table.add_column(column, justify=justify, no_wrap=True, min_width=min_width, max_width=max_width,
                         overflow="ellipsis")
    style = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow"}
    for number, t in enumerate(report.tests, 1):
        table.add_row(
            str(number),
            escape(t.label),
            t.function,
            f"{t.points:g}/{t.max_points:g}",
            f"[{style[t.status]}]{say(f'report.status.{t.status}')}[/]",
        )
    console.print(table)
    console.print(f"[bold]{say('report.score', score=report.score, max_score=report.max_score)}[/bold]")
    wrong = [(n, t) for n, t in enumerate(report.tests, 1) if t.status != "passed"]
    if wrong:
        console.print(f"\n[bold]{say('report.what_went_wrong')}[/bold]")
        for number, t in wrong:
            console.print(f"  [bold]#{number}[/bold] {escape(t.message)}", markup=True)
    for note in report.notes:
        console.print(f"[yellow]{say('report.note')}[/yellow] {escape(say.render(note))}")
    if report.output.strip():
        lines = report.output.strip().splitlines()
        console.print(say("report.printed", count=len(lines)))
        for line in lines[:5]:
            console.print(f"  {line[:200]}", markup=False)
    layers = report.sandbox.get("layers", {})
    on = [_layer(k) for k, v in layers.items() if v]
    off = [_layer(k) for k, v in layers.items() if not v]
    line = (
        Text("report.sandbox_missing", layers=on, missing=off) if off else Text("report.sandbox", layers=on)
    )
    console.print(f"[dim]{say.render(line)}[/dim]")


def _layer(name: str) -> str:
    return Text(f"report.layer.{name}") if name in LAYERS else name


def write_summary(reports: list[dict], stream: IO[str]) -> None:
    """One line per submission (score, failing functions), then the mean, for batch runs."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, width=120)
    table = Table(title=f"{len(reports)} submission(s)", title_justify="left")
    for column in ("submission", "score", "lost points on"):
        table.add_column(column, overflow="fold")
    for report in sorted(reports, key=lambda r: r["submission"]):
        lost = sorted({t["function"] for t in report["tests"] if t["status"] != "passed"})
        table.add_row(report["submission"], f"{report['score']:g}/{report['max_score']:g}", ", ".join(lost))
    console.print(table)
    if reports:
        mean = sum(r["score"] for r in reports) / len(reports)
        console.print(f"mean score {mean:.2f} / {reports[0]['max_score']:g}")
