"""Write a GradeReport for people (a table in the terminal) or for programs (the contract's JSON)."""

from __future__ import annotations

import json
from typing import IO

from autograder.results import GradeReport

LAYER_WORDS = {
    "session": "own process group",
    "rlimits": "resource limits",
    "scratch": "scratch folder",
    "mount": "course files hidden",
    "net": "no network",
    "pid": "own PID namespace",
    "uid": "unprivileged user",
}


def write_json(report: GradeReport, stream: IO[str]) -> None:
    """Exactly one JSON object, as the contract fixes it."""
    stream.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")


def write_text(report: GradeReport, stream: IO[str]) -> None:
    """A readable table of tests, points and messages, then notes and the sandbox layers."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, soft_wrap=False)
    table = Table(title=f"{report.assignment}: {report.submission}", title_justify="left", expand=False)
    table.add_column("test")
    table.add_column("function")
    table.add_column("points", justify="right")
    table.add_column("result")
    table.add_column("what went wrong", overflow="fold", max_width=70)
    style = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow"}
    for t in report.tests:
        table.add_row(
            t.name,
            t.function,
            f"{t.points:g}/{t.max_points:g}",
            f"[{style[t.status]}]{t.status}[/]",
            t.message,
            end_section=False,
        )
    console.print(table)
    console.print(f"[bold]Score: {report.score:g} / {report.max_score:g}[/bold]")
    for note in report.notes:
        console.print(f"[yellow]note:[/yellow] {note}", markup=True)
    if report.output.strip():
        lines = report.output.strip().splitlines()
        console.print(f"your code printed {len(lines)} line(s); the first ones:")
        for line in lines[:5]:
            console.print(f"  {line[:200]}", markup=False)
    layers = report.sandbox.get("layers", {})
    on = [LAYER_WORDS.get(k, k) for k, v in layers.items() if v]
    off = [LAYER_WORDS.get(k, k) for k, v in layers.items() if not v]
    console.print(
        f"[dim]sandbox: {', '.join(on)}"
        + (f"; not available here: {', '.join(off)}" if off else "")
        + "[/dim]"
    )
