"""The `autograder` command: parse arguments, call one function, print its result. No grading logic here."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_USAGE = 2
EXIT_GRADER = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="descent-kit's grading engine")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade one submission against the hidden tests")
    grade.add_argument("assignment", help="e.g. ps1_gradient_descent")
    grade.add_argument("submission", help="the student's .py module or .ipynb notebook")
    grade.add_argument("--json", action="store_true", help="print the contract's JSON object")
    grade.add_argument("--timeout", type=float, help="seconds allowed per call of a student function")
    return parser


def _usage_error(message: str) -> int:
    print(f"autograder: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.config import load_settings
    from autograder.course import UnknownAssignment, get_assignment
    from autograder.run import HiddenTestsBroken, HiddenTestsMissing, grade
    from autograder.session import GraderFailure

    settings = load_settings()
    if args.timeout:
        settings = settings.with_limits(call_seconds=args.timeout)
    try:
        assignment = get_assignment(args.assignment)
    except UnknownAssignment as err:
        return _usage_error(str(err))
    path = Path(args.submission)
    if not path.is_file():
        return _usage_error(f"no such submission file: {args.submission}")
    try:
        report = grade(assignment, path.resolve(), settings, shown_as=args.submission)
    except HiddenTestsMissing as err:
        return _usage_error(str(err))
    except (HiddenTestsBroken, GraderFailure) as err:
        print(f"autograder: cannot grade: {err}", file=sys.stderr)
        return EXIT_GRADER
    from autograder import report as write

    (write.write_json if args.json else write.write_text)(report, sys.stdout)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `autograder` console script."""
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    sys.dont_write_bytecode = True
    args = _parser().parse_args(argv)
    return {"grade": cmd_grade}[args.command](args)
