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
    """A table of tests and points, then what went wrong in full sentences, then notes and sandbox layers."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, width=max(100, Console(file=stream).width))
    table = Table(title=f"{report.assignment}: {report.submission}", title_justify="left")
    for column, justify in (
        ("#", "right"),
        ("test", "left"),
        ("function", "left"),
        ("points", "right"),
        ("result", "left"),
    ):
        table.add_column(column, justify=justify, no_wrap=True)
    style = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow"}
    for number, t in enumerate(report.tests, 1):
        table.add_row(
            str(number),
            t.name,
            t.function,
            f"{t.points:g}/{t.max_points:g}",
            f"[{style[t.status]}]{t.status}[/]",
        )
    console.print(table)
    console.print(f"[bold]Score: {report.score:g} / {report.max_score:g}[/bold]")
    wrong = [(n, t) for n, t in enumerate(report.tests, 1) if t.status != "passed"]
    if wrong:
        console.print("\n[bold]What went wrong[/bold]")
        for number, t in wrong:
            console.print(f"  [bold]#{number}[/bold] {t.message}", markup=True)
    for note in report.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    if report.output.strip():
        lines = report.output.strip().splitlines()
        console.print(f"your code printed {len(lines)} line(s); the first ones:")
        for line in lines[:5]:
            console.print(f"  {line[:200]}", markup=False)
    layers = report.sandbox.get("layers", {})
    on = [LAYER_WORDS.get(k, k) for k, v in layers.items() if v]
    off = [LAYER_WORDS.get(k, k) for k, v in layers.items() if not v]
    missing = f"; not available here: {', '.join(off)}" if off else ""
    console.print(f"[dim]sandbox: {', '.join(on)}{missing}[/dim]")
