"""The `autograder` command: parse arguments, call one function, print its result. No grading logic here."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

EXIT_USAGE = 2
EXIT_GRADER = 1
FORMATS = ("text", "json", "junit", "gradescope", "markdown")
LANGUAGES = ("en", "ko")  # autograder.messages.LANGUAGES, without importing it before it is needed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="descent-kit's grading engine")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade one submission against the hidden tests")
    grade.add_argument("assignment", help="an assignment: a folder of solutions/ with an assignment.toml")
    grade.add_argument("submission", help="the student's .py module or .ipynb notebook")
    grade.add_argument("--json", action="store_true", help="print the contract's JSON object")
    grade.add_argument(
        "--format", choices=FORMATS, help="text (default), json (= --json), junit, gradescope, markdown"
    )
    grade.add_argument("--timeout", type=float, help="seconds allowed per call of a student function")
    grade.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the messages (default: the notebook's own, else $AUTOGRADER_LANG, else the "
        "course's c.DescentKit.lang, else en)",
    )
    check = commands.add_parser(
        "validate", help="check a submission against the visible tests only (students)"
    )
    check.add_argument("submission", help="your .py module or .ipynb notebook")
    check.add_argument(
        "--assignment", help="which assignment (default: guessed from the file's name or folder)"
    )
    check.add_argument("--tests", help="the released notebook holding the visible tests (default: found)")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument("--lang", choices=LANGUAGES, help="language of the messages (default: as for grade)")
    bundle = commands.add_parser(
        "bundle", help="encrypt solutions/ into one file for CI (key in $AUTOGRADER_BUNDLE_KEY)"
    )
    bundle.add_argument("--new-key", action="store_true", help="print a fresh random key and stop")
    bundle.add_argument("--out", default=".autograder/hidden-tests.bundle", help="where to write the bundle")
    bundle.add_argument("--assignments", nargs="*", help="which assignments (default: all with hidden tests)")
    ci = commands.add_parser("ci", help="grade a pull request inside GitHub Actions (see docs/ci-grading.md)")
    ci.add_argument("--bundle", help="encrypted hidden tests made by `autograder bundle`")
    ci.add_argument("--key-env", default="AUTOGRADER_BUNDLE_KEY", help="variable holding the bundle key")
    ci.add_argument(
        "--out", default="autograder-results", help="folder for junit.xml, results.json, summary.md"
    )
    ci.add_argument("--policy", help="always-pass (default), full-marks, min-score:70%% or min-score:8")
    ci.add_argument("--submissions-root", help="folder of the <assignment>/ folders in the repository")
    ci.add_argument("--no-comment", action="store_true", help="do not comment on the pull request")
    ci.add_argument(
        "--allow-weak-sandbox", action="store_true", help="grade even where the sandbox cannot hide the tests"
    )
    package = commands.add_parser("gradescope-package", help="build the autograder zip Gradescope expects")
    package.add_argument("assignment", help="an assignment: a folder of solutions/ with an assignment.toml")
    package.add_argument("--out", help="zip file to write (default: <assignment>-gradescope.zip)")
    batch = commands.add_parser("batch", help="grade many submissions of one assignment in parallel")
    batch.add_argument("assignment")
    batch.add_argument("submissions", nargs="+", help=".py or .ipynb files")
    batch.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="parallel processes")
    batch.add_argument("--jsonl", help="also write one JSON report per line to this file")
    batch.add_argument("--timeout", type=float, help="seconds allowed per call of a student function")
    batch.add_argument("--lang", choices=LANGUAGES, help="language of the messages (default: as for grade)")
    autograde = commands.add_parser(
        "autograde", help="nbgrader autograde, with the engine grading every submission in parallel first"
    )
    autograde.add_argument(
        "assignments", nargs="+", help="assignment names (folders of solutions/); run in the nbgrader course"
    )
    autograde.add_argument(
        "--students", "--student", nargs="+", action="extend", metavar="STUDENT", help="only these students"
    )
    autograde.add_argument(
        "--workers", "--jobs", type=int, default=0, help="parallel processes (default: the CPU count)"
    )
    autograde.add_argument(
        "--force", action="store_true", help="regrade submissions already recorded in the gradebook"
    )
    autograde.add_argument(
        "--scheduler",
        default=os.environ.get("DASK_SCHEDULER_ADDRESS") or None,
        metavar="ADDRESS",
        help="grade on this Dask cluster (e.g. tls://head:8786; default $DASK_SCHEDULER_ADDRESS; docs/scaling.md)",
    )
    lint = commands.add_parser("check", help="instructors: check assignments are fit to release (exit 1 if not)")
    lint.add_argument("assignments", nargs="*", help="default: every solutions/*/assignment.toml")
    lint.add_argument("--no-kernel", action="store_true", help="skip running the released notebook in a kernel")
    lint.add_argument("--lang", choices=LANGUAGES, help="language of the findings (default: as for grade)")
    new = commands.add_parser("new", help="instructors: scaffold a new assignment that passes `autograder check`")
    new.add_argument("name", help="the assignment's name, e.g. ps6_newton")
    new.add_argument("--module", help="the module students fill in (default: the name without its psN_ prefix)")
    new.add_argument("--lang", choices=LANGUAGES, help="language of the messages (default: as for grade)")
    return parser


def _text(err: BaseException) -> str:
    """An exception's message, still translatable when it is a catalog Text."""
    return err.args[0] if len(err.args) == 1 and isinstance(err.args[0], str) else str(err)


def _usage_error(message: str) -> int:
    print(f"autograder: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.config import load_settings
    from autograder.course import UnknownAssignment, get_assignment
    from autograder.messages import Messages, UnknownLanguage

    settings = load_settings()
    if args.timeout:
        settings = settings.with_limits(call_seconds=args.timeout)
    from autograder.languages import language_for

    path = Path(args.submission)
    settings = replace(settings, lang=language_for(path, args.lang, settings.lang))
    try:
        messages = Messages(settings.lang)
    except UnknownLanguage as err:
        return _usage_error(str(err))
    try:
        assignment = get_assignment(args.assignment)
    except UnknownAssignment as err:
        return _usage_error(messages.render(_text(err)))
    if not path.is_file():
        return _usage_error(messages("cli.no_such_file", path=args.submission))
    from autograder.sandbox import FreshLauncher, plan_sandbox

    # The worker's interpreter starts while this one imports pytest and NumPy below.
    launcher = FreshLauncher(plan_sandbox(settings), settings)
    try:
        launcher.prestart(path.resolve())
        from autograder.run import HiddenTestsBroken, HiddenTestsMissing, grade
        from autograder.session import GraderFailure

        try:
            report = grade(assignment, path.resolve(), settings, args.submission, launcher)
        except HiddenTestsMissing as err:
            return _usage_error(messages.render(_text(err)))
        except (HiddenTestsBroken, GraderFailure) as err:
            print(f"autograder: {messages('cli.cannot_grade', error=_text(err))}", file=sys.stderr)
            return EXIT_GRADER
    finally:
        launcher.close()
    from autograder import exports
    from autograder import report as write

    report = report.in_language(messages)
    if not args.json and (args.format or "text") == "text":
        write.write_text(report, sys.stdout, messages)
        return 0

    writers = {
        "text": write.write_text,
        "json": write.write_json,
        "junit": exports.write_junit,
        "gradescope": exports.write_gradescope,
        "markdown": exports.write_markdown,
    }
    chosen = "json" if args.json else (args.format or "text")
    if chosen in ("markdown", "gradescope"):
        writers[chosen](report, sys.stdout, messages)
    else:
        writers[chosen](report, sys.stdout)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from autograder.config import load_settings
    from autograder.course import UnknownAssignment, get_assignment
    from autograder.session import GraderFailure
    from autograder.validate import NoVisibleTests, guess_assignment, validate, write_json, write_text

    path = Path(args.submission)
    if not path.is_file():
        return _usage_error(f"no such submission file: {args.submission}")
    try:
        assignment = get_assignment(args.assignment) if args.assignment else guess_assignment(path.resolve())
    except UnknownAssignment as err:
        # A student's copy holds no course (no solutions/): the released notebook beside the file says
        # which functions it grades.
        places = [path.resolve(), Path(args.tests).resolve() if args.tests else None, Path.cwd() / f"{args.assignment}.ipynb"]
        assignment = next((a for p in places if p and (a := guess_assignment(p)) and a.name == args.assignment), None)
        if assignment is None:
            return _usage_error(str(err))
    if assignment is None:
        return _usage_error(f"cannot tell which assignment {path.name} is for; add --assignment NAME")
    try:
        from autograder.languages import language_for

        settings = load_settings()
        settings = replace(settings, lang=language_for(path, args.lang, settings.lang))
        report = validate(
            assignment,
            path.resolve(),
            settings,
            args.submission,
            Path(args.tests) if args.tests else None,
        )
    except (NoVisibleTests, OSError) as err:
        return _usage_error(str(err))
    except GraderFailure as err:
        print(f"autograder: cannot check: {err}", file=sys.stderr)
        return EXIT_GRADER
    (write_json if args.json else write_text)(report, sys.stdout)
    return 0 if report.ok else 1


def cmd_bundle(args: argparse.Namespace) -> int:
    from autograder.bundle import KEY_ENV, BundleError, make_bundle, new_key, take_key
    from autograder.config import load_settings

    if args.new_key:
        print(new_key())
        return 0
    settings = load_settings()
    names = args.assignments or sorted(p.parent.name for p in settings.solutions_dir.glob("*/test_hidden.py"))
    try:
        data = make_bundle(settings.solutions_dir, names, take_key(os.environ, KEY_ENV))
    except BundleError as err:
        return _usage_error(str(err))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes): hidden tests of {', '.join(names)}")
    return 0


def cmd_ci(args: argparse.Namespace) -> int:
    from autograder import ci

    return ci.main(args)


def cmd_gradescope_package(args: argparse.Namespace) -> int:
    from autograder.config import load_settings
    from autograder.course import UnknownAssignment, get_assignment
    from autograder.gradescope_package import PackageError, build_package

    try:
        data = build_package(get_assignment(args.assignment), load_settings())
    except (UnknownAssignment, PackageError) as err:
        return _usage_error(str(err))
    out = Path(args.out or f"{args.assignment}-gradescope.zip")
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes): upload it as the assignment's autograder on Gradescope")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    import json

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from autograder.batch import grade_batch
    from autograder.config import load_settings
    from autograder.course import UnknownAssignment, get_assignment
    from autograder.run import Grader

    settings = load_settings()
    if args.timeout:
        settings = settings.with_limits(call_seconds=args.timeout)
    if args.lang:
        settings = replace(settings, lang=args.lang)
    try:
        assignment = get_assignment(args.assignment)
    except UnknownAssignment as err:
        return _usage_error(str(err))
    missing = [s for s in args.submissions if not Path(s).is_file()]
    if missing:
        return _usage_error(f"no such submission file: {missing[0]}")
    Grader.check_hidden_tests(assignment, settings)
    jobs = [(str(Path(s).resolve()), s) for s in args.submissions]
    console = Console(stderr=True)
    reports: list[dict] = []
    out = open(args.jsonl, "w", encoding="utf-8") if args.jsonl else None  # noqa: SIM115
    columns = (
        TextColumn("grading {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(assignment.name, total=len(jobs), rate="")

        def on_report(report: dict) -> None:
            reports.append(report)
            if out:
                out.write(json.dumps(report, ensure_ascii=False) + "\n")
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, advance=1, rate=f"{len(reports) / elapsed:.1f}/s")

        failures = grade_batch(assignment, jobs, settings, args.workers, on_report, explicit_lang=bool(args.lang))
    if out:
        out.close()
    from autograder.report import write_summary

    write_summary(reports, sys.stdout)
    for failure in failures:
        print(f"autograder: {failure}", file=sys.stderr)
    return EXIT_GRADER if failures else 0


def cmd_check(args: argparse.Namespace) -> int:
    from autograder.check import assignment_names, run_checks
    from autograder.config import load_settings
    from autograder.messages import Messages

    settings = load_settings()
    messages = Messages(args.lang or settings.lang)
    known = assignment_names(settings)
    unknown = [a for a in args.assignments if a not in known]
    if unknown:
        return _usage_error(messages("check.unknown", name=unknown[0], names=", ".join(known) or "-"))

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    return run_checks(args.assignments or known, settings, not args.no_kernel, print, say, messages)


def cmd_new(args: argparse.Namespace) -> int:
    from autograder.config import load_settings
    from autograder.messages import Messages
    from autograder.scaffold import ScaffoldError, scaffold

    settings = load_settings()
    messages = Messages(args.lang or settings.lang)
    try:
        written = scaffold(settings, args.name, args.module)
    except ScaffoldError as err:
        return _usage_error(messages.render(_text(err)))
    for path in written:
        print(messages("scaffold.wrote", path=path))
    print(messages("scaffold.next", name=args.name))
    return 0


def cmd_autograde(args: argparse.Namespace) -> int:
    from autograder.nbgrader_plugin.autograde import command

    return command(args.assignments, args.students, args.workers, args.force, args.scheduler)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `autograder` console script."""
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    sys.dont_write_bytecode = True
    args = _parser().parse_args(argv)
    from autograder.course import ManifestError

    try:
        return _dispatch(args)
    except ManifestError as err:  # an instructor's manifest: where and what, not a traceback
        from autograder.config import load_settings
        from autograder.messages import Messages, UnknownLanguage

        try:
            messages = Messages(getattr(args, "lang", None) or load_settings().lang)
        except UnknownLanguage:
            messages = Messages()
        return _usage_error(err.render(messages))


def _dispatch(args: argparse.Namespace) -> int:
    return {
        "grade": cmd_grade,
        "batch": cmd_batch,
        "validate": cmd_validate,
        "bundle": cmd_bundle,
        "ci": cmd_ci,
        "gradescope-package": cmd_gradescope_package,
        "autograde": cmd_autograde,
        "check": cmd_check,
        "new": cmd_new,
    }[args.command](args)
