"""`autograder ci`: grade the submissions a pull request changes, and publish the results on GitHub.

The whole pipeline, in order (each step a function below):

    read_event -> changed_files -> plan_grading -> fetch_submissions -> open the hidden tests
      -> grade each assignment -> write outputs (summary, comment, JUnit, results.json) -> policy

Trust: this code, its configuration and the hidden tests all come from the base branch (the workflow
checks out nothing else). From the pull request it takes only the bytes of submission files, fetched
through the API as data, and runs them only inside the sandboxed worker. Which files map to which
assignment (see `submission_for`):

    <root>/<assignment>/<module>.py      e.g. ps9_newton/newton.py
    <root>/<assignment>/<name>.ipynb     e.g. ps9_newton/ps9_newton.ipynb

where <root> is the repository root unless --submissions-root says otherwise. When a pull request
changes both the module and a notebook of one assignment, the module is graded; of several notebooks,
<assignment>.ipynb, else the first by name.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any

from autograder.config import Settings, load_settings
from autograder.course import Assignment, course_assignments
from autograder.github import ChangedFile, GitHubClient, GitHubError, PullRequest, read_event
from autograder.messages import Messages
from autograder.results import GradeReport

COMMENT_MARKER = "<!-- descent-kit-autograder:grade-pr -->"
MAX_COMMENT = 60_000
"""GitHub refuses comments over 65536 characters."""
DEFAULT_BOT = "github-actions[bot]"

# Files a pull request may change that matter to grading; changing them has no effect, and we say so.
GRADER_PREFIXES = (".github/", "autograder/", ".autograder/", "solutions/", "tests/", "bench/", "scripts/")
GRADER_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "nbgrader_config.py", "conftest.py", "kit.py")


class CiError(RuntimeError):
    """The grading job cannot run as configured (missing event, unsafe sandbox, no key, ...)."""


# ---------------------------------------------------------------- policy


@dataclass(frozen=True)
class Policy:
    """When the pull request's check is green. Grader failures (not the student's) are always red."""

    kind: str
    """always-pass: green with the score; full-marks; min-score: each assignment at least `minimum`."""
    minimum: float = 0.0
    percent: bool = False

    @classmethod
    def parse(cls, text: str) -> Policy:
        """'always-pass', 'full-marks', 'min-score:70%' or 'min-score:8' (points)."""
        text = (text or "always-pass").strip().lower()
        if text in ("always-pass", "full-marks"):
            return cls(text)
        match = re.fullmatch(r"min-score:\s*([0-9]+(?:\.[0-9]+)?)\s*(%?)", text)
        if match:
            return cls("min-score", float(match.group(1)), bool(match.group(2)))
        raise CiError(
            f"unknown grading policy {text!r}: use always-pass, full-marks, min-score:70% or min-score:8"
        )

    def passes(self, report: GradeReport) -> bool:
        if self.kind == "always-pass":
            return True
        if self.kind == "full-marks":
            return report.score >= report.max_score - 1e-9
        needed = self.minimum / 100 * report.max_score if self.percent else self.minimum
        return report.score >= needed - 1e-9

    def catalog_key(self) -> str:
        """The catalog message that describes this policy (messages.py), as `describe` does in English."""
        if self.kind == "min-score":
            return "ci.policy.min-percent" if self.percent else "ci.policy.min-points"
        return f"ci.policy.{self.kind}"

    def describe(self) -> str:
        if self.kind == "always-pass":
            return "the check passes whatever the score"
        if self.kind == "full-marks":
            return "the check passes only with full marks on every graded assignment"
        need = f"{self.minimum:g}%" if self.percent else f"{self.minimum:g} points"
        return f"the check passes when every graded assignment scores at least {need}"


# ---------------------------------------------------------------- which files are graded


@dataclass(frozen=True)
class SubmissionFile:
    """The file of a pull request that is graded for one assignment."""

    assignment: Assignment
    path: str
    """As in the pull request (shown to people, never used as a local path)."""
    kind: str
    """'module' or 'notebook'."""


@dataclass(frozen=True)
class GradingPlan:
    """What a pull request's changes mean for grading."""

    submissions: tuple[SubmissionFile, ...]
    grader_files: tuple[str, ...]
    """Changed files of the grader, the workflow or the tests: never used from a pull request."""
    other_files: tuple[str, ...]
    """Changed files that are neither submissions nor grader files."""
    skipped: tuple[str, ...]
    """Submission files changed but not graded (a second candidate, or removed)."""


def submission_for(
    path: str, root: str = "", assignments: Mapping[str, Assignment] | None = None
) -> tuple[Assignment, str] | None:
    """(assignment, 'module'|'notebook') if `path` is a submission file under `root`, else None."""
    assignments = course_assignments() if assignments is None else assignments
    rel = PurePosixPath(path)
    if root:
        try:
            rel = rel.relative_to(root.strip("/"))
        except ValueError:
            return None
    if len(rel.parts) != 2 or rel.parts[0] not in assignments:
        return None
    assignment = assignments[rel.parts[0]]
    if rel.name == assignment.module:
        return assignment, "module"
    if rel.suffix == ".ipynb":
        return assignment, "notebook"
    return None


def _is_grader_file(path: str) -> bool:
    return (
        path.startswith(GRADER_PREFIXES)
        or PurePosixPath(path).name in GRADER_FILES
        or path.endswith(".bundle")
    )


def plan_grading(
    files: Sequence[ChangedFile], root: str = "", assignments: Mapping[str, Assignment] | None = None
) -> GradingPlan:
    """Sort a pull request's changed files into what is graded, what is ignored, and why."""
    assignments = course_assignments() if assignments is None else assignments
    candidates: dict[str, list[SubmissionFile]] = {}
    grader, other, skipped = [], [], []
    for f in files:
        found = submission_for(f.path, root, assignments)
        if found and f.status != "removed":
            assignment, kind = found
            candidates.setdefault(assignment.name, []).append(SubmissionFile(assignment, f.path, kind))
        elif found:
            skipped.append(f"{f.path} (removed)")
        elif _is_grader_file(f.path) or _is_grader_file(f.previous_path):
            grader.append(f.path)
        else:
            other.append(f.path)
    chosen = []
    for name in sorted(candidates, key=list(assignments).index):

        def rank(s: SubmissionFile, name: str = name) -> tuple[int, int, str]:
            return (s.kind != "module", PurePosixPath(s.path).name != f"{name}.ipynb", s.path)

        ordered = sorted(candidates[name], key=rank)
        chosen.append(ordered[0])
        skipped += [f"{s.path} (another file of {name} was graded: {ordered[0].path})" for s in ordered[1:]]
    return GradingPlan(tuple(chosen), tuple(grader), tuple(other), tuple(skipped))


# ---------------------------------------------------------------- one run


@dataclass(frozen=True)
class CiOptions:
    """Everything one `autograder ci` run needs, resolved from the command line and the environment."""

    event_path: Path
    api_url: str
    token: str = field(repr=False)
    out_dir: Path
    policy: Policy
    bundle: Path | None = None
    key: str = field(default="", repr=False)
    submissions_root: str = ""
    summary_path: Path | None = None
    output_path: Path | None = None
    comment: bool = True
    bot_login: str = DEFAULT_BOT
    allow_weak_sandbox: bool = False
    run_url: str = ""
    settings: Settings | None = None


def options_from_env(
    environ: MutableMapping[str, str],
    *,
    out_dir: Path,
    policy: str | None = None,
    bundle: Path | None = None,
    key_env: str = "AUTOGRADER_BUNDLE_KEY",
    submissions_root: str = "",
    comment: bool = True,
    allow_weak_sandbox: bool = False,
) -> CiOptions:
    """Read GitHub's standard variables; take (read and remove) the token and the bundle key."""
    from autograder.bundle import take_key

    if not environ.get("GITHUB_EVENT_PATH"):
        raise CiError("GITHUB_EVENT_PATH is not set: `autograder ci` runs inside a GitHub Actions job")
    if bundle:
        key = take_key(environ, key_env)
    else:
        environ.pop(key_env, None)
        key = ""
    token = environ.pop("GITHUB_TOKEN", "")
    server, repo, run = (
        environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    return CiOptions(
        event_path=Path(environ["GITHUB_EVENT_PATH"]),
        api_url=environ.get("GITHUB_API_URL") or "https://api.github.com",
        token=token,
        out_dir=out_dir,
        policy=Policy.parse(policy if policy is not None else environ.get("AUTOGRADER_CI_POLICY", "")),
        bundle=bundle,
        key=key,
        submissions_root=submissions_root,
        summary_path=Path(environ["GITHUB_STEP_SUMMARY"]) if environ.get("GITHUB_STEP_SUMMARY") else None,
        output_path=Path(environ["GITHUB_OUTPUT"]) if environ.get("GITHUB_OUTPUT") else None,
        comment=comment,
        bot_login=environ.get("AUTOGRADER_CI_BOT", DEFAULT_BOT),
        allow_weak_sandbox=allow_weak_sandbox,
        run_url=f"{server}/{repo}/actions/runs/{run}" if server and repo and run else "",
    )


@dataclass(frozen=True)
class Outcome:
    """One assignment's result in a CI run: a report, or why the grader could not produce one."""

    file: SubmissionFile
    report: GradeReport | None
    problem: str = ""
    lang: str = ""
    """The language of the graded notebook (autograder.languages); '' for a module."""


@dataclass(frozen=True)
class CiResult:
    """What a run produced, for the command's exit status and for tests."""

    pull_request: PullRequest
    plan: GradingPlan
    outcomes: tuple[Outcome, ...]
    passed: bool
    comment: str
    """'created', 'updated', 'off', or why posting failed."""
    seconds: float


def fetch_submissions(
    client: GitHubClient, pr: PullRequest, plan: GradingPlan, folder: Path, max_bytes: int
) -> dict[str, Path | str]:
    """Each planned file's bytes at the head commit, saved under a name we choose; or why not."""
    found: dict[str, Path | str] = {}
    for s in plan.submissions:
        name = s.assignment.module if s.kind == "module" else f"{s.assignment.name}.ipynb"
        target = folder / s.assignment.name / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(client.file_at(pr, s.path, max_bytes))
            found[s.assignment.name] = target
        except GitHubError as err:
            found[s.assignment.name] = f"the file could not be fetched from the pull request ({err})"
    return found


def _check_sandbox(settings: Settings, allow_weak: bool) -> None:
    from autograder.sandbox import plan_sandbox

    plan = plan_sandbox(settings)
    if not (plan.layers.get("mount") or plan.layers.get("uid")) and not allow_weak:
        raise CiError(
            "refusing to grade: on this host the sandbox can neither hide the hidden tests (bubblewrap) "
            "nor run submissions as another user (run the grader as root); "
            f"notes: {'; '.join(plan.notes)}. Use --allow-weak-sandbox only for local trials."
        )


def _grade_all(plan: GradingPlan, files: dict[str, Path | str], settings: Settings) -> tuple[Outcome, ...]:
    from autograder.run import HiddenTestsBroken, HiddenTestsMissing, grade
    from autograder.session import GraderFailure

    outcomes = []
    for s in plan.submissions:
        local = files[s.assignment.name]
        if isinstance(local, str):
            outcomes.append(Outcome(s, None, local))
            continue
        try:
            from autograder.languages import notebook_language

            lang = notebook_language(local) or ""
            report = grade(s.assignment, local, settings, shown_as=s.path)
            outcomes.append(Outcome(s, report.in_language(Messages(lang or settings.lang)), lang=lang))
        except HiddenTestsMissing:
            outcomes.append(
                Outcome(s, None, f"the hidden tests for {s.assignment.name} are not installed for CI")
            )
        except HiddenTestsBroken:
            # Its text quotes the hidden tests' source: it must not reach the comment, the log or the artifact.
            problem = (
                "the hidden tests failed on the grader's side (not your fault; `autograder grade` shows why)"
            )
            outcomes.append(Outcome(s, None, problem))
        except GraderFailure as err:
            outcomes.append(
                Outcome(s, None, f"the grader could not run here (not your fault): {str(err)[:300]}")
            )
    return tuple(outcomes)


def run_ci(options: CiOptions, log: IO[str]) -> CiResult:
    """Grade one pull request and publish everything; raises CiError only for a misconfigured job."""
    from autograder.bundle import BundleError, open_bundle_file

    started = time.monotonic()
    pr = read_event(options.event_path)
    client = GitHubClient(options.api_url, options.token)
    if pr.head_repository and pr.head_repository == pr.repository:
        log.write(
            "warning: this pull request comes from a branch of the graded repository itself; students "
            "must not have write access to it (see docs/ci-grading.md)\n"
        )
    settings = options.settings or load_settings()
    outcomes: tuple[Outcome, ...] = ()
    hidden: Path | None = None
    assignments = course_assignments(settings)
    try:
        # The bundle holds its assignments' manifests: open it first to know what a submission is.
        if options.bundle:
            try:
                hidden, inside = open_bundle_file(options.bundle, options.key)
            except (BundleError, OSError) as err:
                raise CiError(f"cannot open the hidden tests: {err}") from None
            settings = replace(settings, solutions_dir=hidden)
            log.write(f"hidden tests for {', '.join(inside)} decrypted into a private folder\n")
            assignments = {**assignments, **course_assignments(settings)}
        plan = plan_grading(client.changed_files(pr), options.submissions_root, assignments)
        if plan.submissions:
            work = Path(tempfile.mkdtemp(prefix="descent-kit-ci-"))
            try:
                files = fetch_submissions(client, pr, plan, work, settings.limits.submission_bytes)
                _check_sandbox(settings, options.allow_weak_sandbox)
                outcomes = _grade_all(plan, files, settings)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if hidden is not None:
            shutil.rmtree(hidden, ignore_errors=True)
    passed = all(o.report is not None and options.policy.passes(o.report) for o in outcomes)
    # The comment speaks the language of the notebooks handed in (the first that says one).
    lang = next((o.lang for o in outcomes if o.lang), settings.lang)
    body = summary_markdown(pr, plan, outcomes, options.policy, passed, options.run_url, Messages(lang))
    comment = "off"
    if options.comment:
        try:
            comment = client.upsert_comment(pr, _fit(body), COMMENT_MARKER, options.bot_login)
        except GitHubError as err:
            comment = f"could not post the comment: {err}"
            log.write(f"warning: {comment}\n")
    result = CiResult(pr, plan, outcomes, passed, comment, time.monotonic() - started)
    write_outputs(options, result, body)
    for o in outcomes:
        if o.report is not None:
            log.write(
                f"{o.file.assignment.name}: {o.report.score:g} / {o.report.max_score:g} ({o.file.path})\n"
            )
        else:
            log.write(f"{o.file.assignment.name}: not graded: {o.problem}\n")
    if not plan.submissions:
        log.write("this pull request changes no submission file; nothing to grade\n")
    log.write(f"check {'passes' if passed else 'fails'}: {options.policy.describe()}\n")
    return result


# ---------------------------------------------------------------- outputs


def summary_markdown(
    pr: PullRequest,
    plan: GradingPlan,
    outcomes: Sequence[Outcome],
    policy: Policy,
    passed: bool,
    run_url: str = "",
    messages: Messages | None = None,
) -> str:
    """The job summary and the pull-request comment (the same text), in `messages`' language."""
    from autograder.exports import markdown_report, md_code, md_text

    say = messages or Messages()

    graded = [o.report for o in outcomes if o.report is not None]
    if outcomes:
        score = sum(r.score for r in graded)
        top = sum(r.max_score for r in graded)
        mark = "✅" if passed else "❌"
        title = f"## {mark} " + say("ci.title", score=f"{score:g}", top=f"{top:g}")
    else:
        title = "## " + say("ci.nothing")
    lines = [
        COMMENT_MARKER,
        title,
        "",
        say(
            "ci.intro",
            number=pr.number,
            author=md_text(pr.author),
            sha=pr.head_sha[:12],
            base=md_text(pr.base_ref or "base"),
            policy=say(policy.catalog_key(), need=f"{policy.minimum:g}"),
        ),
        "",
    ]
    if outcomes:
        lines += [say("ci.table"), "|---|---|---:|---|"]
        for o in outcomes:
            if o.report is None:
                lines.append(f"| {o.file.assignment.name} | {md_code(o.file.path)} | – | 💥 {say('ci.not_graded')} |")
            else:
                ok = "✅" if policy.passes(o.report) else "❌"
                lines.append(
                    f"| {o.file.assignment.name} | {md_code(o.file.path)} | "
                    f"{o.report.score:g} / {o.report.max_score:g} | {ok} |"
                )
        lines.append("")
    else:
        lines += [say("ci.no_submission"), ""]
    for o in outcomes:
        if o.report is None:
            lines += [say("ci.was_not_graded", assignment=o.file.assignment.name, problem=md_text(o.problem)), ""]
            continue
        lost = [t for t in o.report.tests if t.status != "passed"]
        summary = f"{o.file.assignment.name}: {o.report.score:g} / {o.report.max_score:g}" + (
            say("ci.lost", count=len(lost)) if lost else say("ci.full_marks")
        )
        details = markdown_report(o.report, heading="####", messages=say)
        lines += [
            f"<details{' open' if lost else ''}><summary>{summary}</summary>",
            "",
            details,
            "</details>",
            "",
        ]
    if plan.grader_files:
        shown = ", ".join(md_code(p) for p in plan.grader_files[:20])
        more = say("ci.more", count=len(plan.grader_files) - 20) if len(plan.grader_files) > 20 else ""
        lines += [say("ci.grader_files", files=shown + more), ""]
    if plan.skipped:
        lines += [say("ci.skipped", files="; ".join(md_text(s, 300) for s in plan.skipped[:20])), ""]
    if plan.other_files:
        lines += [say("ci.other_files", count=len(plan.other_files)), ""]
    if run_url:
        lines += [f"[{say('ci.full_results')}]({run_url})", ""]
    return "\n".join(lines)


def _fit(body: str) -> str:
    if len(body) <= MAX_COMMENT:
        return body
    return body[:MAX_COMMENT] + "\n\n… (cut: the full report is in the job summary and the artifact)\n"


def write_outputs(options: CiOptions, result: CiResult, body: str) -> None:
    """Files in out_dir, the job summary, and the step outputs."""
    from autograder.exports import gradescope_results, junit_xml

    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    reports = [o.report for o in result.outcomes if o.report is not None]
    (out / "summary.md").write_text(body, encoding="utf-8")
    (out / "comment.md").write_text(_fit(body), encoding="utf-8")
    (out / "junit.xml").write_text(junit_xml(reports), encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(gradescope_results(reports), indent=2) + "\n", encoding="utf-8"
    )
    for report in reports:
        (out / f"{report.assignment}.json").write_text(json.dumps(report.as_json(), indent=2) + "\n")
    overview: dict[str, Any] = {
        "pull_request": result.pull_request.number,
        "head_sha": result.pull_request.head_sha,
        "policy": options.policy.describe(),
        "passed": result.passed,
        "comment": result.comment,
        "graded": [
            {
                "assignment": o.file.assignment.name,
                "path": o.file.path,
                "score": o.report.score if o.report else None,
                "max_score": o.report.max_score if o.report else None,
                "problem": o.problem,
            }
            for o in result.outcomes
        ],
        "grader_files_changed": list(result.plan.grader_files),
        "not_graded": list(result.plan.skipped),
        "seconds": round(result.seconds, 3),
    }
    (out / "ci.json").write_text(json.dumps(overview, indent=2) + "\n", encoding="utf-8")
    if options.summary_path:
        with open(options.summary_path, "a", encoding="utf-8") as f:
            f.write(body + "\n")
    if options.output_path:
        score = sum(r.score for r in reports)
        top = sum(r.max_score for r in reports)
        graded = ",".join(o.file.assignment.name for o in result.outcomes)
        with open(options.output_path, "a", encoding="utf-8") as f:
            f.write(f"score={score:g}\nmax-score={top:g}\npassed={str(result.passed).lower()}\n")
            f.write(f"graded={graded}\nresults-dir={out}\n")


def main(args: Any, environ: MutableMapping[str, str] | None = None, log: IO[str] | None = None) -> int:
    """The `autograder ci` command: 0 when the check passes, 1 when it fails, 2 when misconfigured."""
    import sys

    from autograder.bundle import BundleError

    env = os.environ if environ is None else environ
    log = log or sys.stdout
    try:
        options = options_from_env(
            env,
            out_dir=Path(args.out),
            policy=args.policy,
            bundle=Path(args.bundle) if args.bundle else None,
            key_env=args.key_env,
            submissions_root=args.submissions_root or "",
            comment=not args.no_comment,
            allow_weak_sandbox=args.allow_weak_sandbox,
        )
        result = run_ci(options, log)
    except (CiError, GitHubError, BundleError) as err:
        print(f"autograder ci: {err}", file=sys.stderr)
        return 2
    return 0 if result.passed else 1
