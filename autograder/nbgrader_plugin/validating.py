"""nbgrader's Validate answered by the kit's validator, so that it tells a student the truth.

nbgrader's `Validator` (behind `nbgrader validate`, the notebook toolbar's Validate button and the
Assignments tab's Validate) runs the notebook in a kernel and reports failures in *grade* cells only.
The course's visible checks are locked cells that are not grade cells, and its hidden-test cells are
placeholders that score full marks when they print nothing, so an untouched stub "passes".

nbgrader 0.9.6 has no setting for another validator class (the server extension and the command both
construct `nbgrader.validator.Validator`), but the `Execute` preprocessor it runs is nbclient's
`NotebookClient`, whose `on_notebook_start` hook is configurable. `use_kit_validator(c)` sets:

- `c.Execute.on_notebook_start = check_notebook`: before any cell runs, the notebook as saved is
  checked by `autograder.validate` (its visible checks in the sandboxed worker, never the hidden
  tests); each failing check cell gets an error output in the words of `autograder validate`, what
  to fix goes on the first answer cell, and every cell is tagged to be skipped, so the kernel runs
  nothing and nothing runs twice.
- `c.Validator.validate_all = True`, so nbgrader reports an error in any cell, not only in grade cells.

nbgrader then reports those cells as failed (or "Success! Your notebook passes all the tests." when
every check passes and nothing needs fixing). A notebook that belongs to no assignment of the course
(found by its folder's or its name) is left alone: nbgrader runs it in the kernel as usual, and with
validate_all reports an error in any of its cells. See docs/lifecycle.md ("Validate").
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path
from typing import Any

SKIP_TAG = "skip-execution"
"""nbclient's default `skip_cells_with_tag`: cells with this tag are not run by the kernel."""
TIMEOUT_SECONDS = 60.0
"""How long Validate waits for the kit's validator (which bounds each check itself) before giving up."""
WIDTH = 84
"""nbgrader's command line cuts lines at 87 characters (Validator.width 90, minus 3 for '...')."""


def use_kit_validator(c: Any) -> None:
    """Configure nbgrader's Validator (in an nbgrader_config.py) to answer with the kit's validator."""
    c.Validator.validate_all = True
    c.Execute.on_notebook_start = check_notebook


def _wrap(text: str, indent: str = "") -> list[str]:
    """Lines that nbgrader's command line prints whole (it indents by 4 and cuts at 87)."""
    width = WIDTH - 4 - len(indent)
    return [
        indent + line for line in textwrap.wrap(text, width, subsequent_indent="  ", break_on_hyphens=False)
    ]


def _error_output(lines: list[str]) -> dict[str, Any]:
    from nbformat.notebooknode import NotebookNode

    return NotebookNode(
        output_type="error", ename="NotReady", evalue=lines[0] if lines else "", traceback=lines
    )


def _assignment_of(folder: Path) -> Any:
    """The course assignment the notebook being validated belongs to (nbgrader runs in its folder)."""
    from autograder.validate import guess_assignment

    found = guess_assignment(folder / "_.ipynb")
    if found is None:
        for notebook in sorted(folder.glob("*.ipynb")):
            found = found or guess_assignment(notebook)
    return found


def _run_validate(assignment: Any, saved: Path, folder: Path) -> tuple[Any, str]:
    """`autograder validate --json` in a process of its own: (the report, or None and why not).

    Its own process because the validator reaps stray child processes of whoever runs it, and here
    that would be nbgrader's kernel, or in JupyterLab every kernel of the student's server.
    """
    import json
    import subprocess
    import sys

    from autograder.config import load_settings
    from autograder.validate import CheckResult, NoVisibleTests, ValidationReport, find_visible_tests

    try:
        tests = find_visible_tests(assignment, folder / saved.name, load_settings(folder))
    except NoVisibleTests:
        tests = saved
    argv = [sys.executable, "-m", "autograder", "validate", str(saved), "--assignment", assignment.name]
    argv += ["--tests", str(tests), "--json"]
    try:
        done = subprocess.run(argv, cwd=folder, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        data = json.loads(done.stdout)
        report = ValidationReport(
            str(data["assignment"]),
            str(data["submission"]),
            str(data["tests_from"]),
            tuple(
                CheckResult(
                    str(c["name"]), tuple(map(str, c["functions"])), str(c["status"]), str(c["message"])
                )
                for c in data["checks"]
            ),
            tuple(map(str, data["problems"])),
            float(data["seconds"]),
        )
        return report, ""
    except subprocess.TimeoutExpired:
        return None, f"cannot check this notebook: no answer within {TIMEOUT_SECONDS:g} s"
    except (OSError, ValueError, KeyError, TypeError):
        reason = (
            (done.stderr.strip().splitlines() or ["no answer"])[-1] if "done" in locals() else "no answer"
        )
        return None, f"cannot check this notebook: {reason}"


def check_notebook(notebook: Any, **_: Any) -> None:
    """nbclient's on_notebook_start hook: write the kit validator's verdict into the notebook's cells."""
    import nbformat

    from autograder.validate import check_line, summary

    folder = Path.cwd()
    assignment = _assignment_of(folder)
    if assignment is None:
        return
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    with tempfile.TemporaryDirectory(prefix="descent-kit-validate-") as scratch:
        saved = Path(scratch) / f"{assignment.name}.ipynb"
        nbformat.write(notebook, saved)
        report, failure = _run_validate(assignment, saved, folder)
    by_id = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in code_cells}
    answers = [c for c in code_cells if c.metadata.get("nbgrader", {}).get("solution")] or code_cells
    failed: list[Any] = []
    if report is not None:
        for check in report.checks:
            cell = by_id.get(check.name) or (answers[0] if answers else None)
            if check.status != "passed" and cell is not None:
                lines = _wrap(check_line(check))
                if check.message:
                    lines += _wrap(check.message, "    ")
                cell.outputs.append(_error_output(lines))
                failed.append(cell)
        if report.problems and answers:
            lines = ["Fix before submitting:"]
            for n, problem in enumerate(report.problems, 1):
                lines += _wrap(f"{n}. {problem}", "  ")
            answers[0].outputs.append(_error_output(lines))
            failed.append(answers[0])
        if failed:
            failed[-1].outputs[-1].traceback += ["", *_wrap(summary(report))]
    elif answers:
        answers[0].outputs.append(_error_output(_wrap(str(failure))))
    for cell in code_cells:
        tags = cell.metadata.setdefault("tags", [])
        if SKIP_TAG not in tags:
            tags.append(SKIP_TAG)
