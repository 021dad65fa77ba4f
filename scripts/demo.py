"""The whole nbgrader lifecycle of the course, on the sample cohort, in a scratch copy of the course.

    python3 kit.py demo            (sets up .venv first; runs this with .venv/bin/python)
    .venv/bin/python scripts/demo.py [--work DIR] [--fresh] [--cohort DIR] [--jobs N] [--cli]

Steps, each a real nbgrader command (run in this process, see autograder/nbgrader_plugin/commands.py;
`--cli` runs the `nbgrader` executable instead), written to <work>/nbgrader.log as you could type it:

  1. a scratch course in <work>/course: nbgrader_config.py, source/, solutions/ (a link), the roster
  2. nbgrader db student import students.csv
  3. nbgrader generate_assignment A --force; nbgrader release_assignment A --force   (to the exchange)
  4. each exchange student, in <work>/students/<id>: nbgrader fetch_assignment A, their work copied
     over the fetched files, nbgrader submit A --student <id>
  5. the LMS downloads: nbgrader zip_collect A --force (zips in downloaded/A/archive/)
  6. nbgrader collect A --update
  7. autograde: the engine grades every submission in parallel (autograder autograde), then
     nbgrader autograde A --force stores the scores
  8. nbgrader generate_feedback A --force; nbgrader release_feedback A; students: nbgrader fetch_feedback A
  9. nbgrader export --to grades.csv, and the per-test export --to grades_by_test.csv
 10. the score table (student x assignment) from gradebook.db, and where the feedback is

Finished steps are recorded in <work>/state.json with a fingerprint of everything they depend on, so a
second run shows the same table without redoing anything, and a run that was interrupted redoes only
the unfinished steps (each step is safe to redo: nbgrader stores one grade per cell and student).
When the inputs change (cohort, course sources, engine) the scratch course is rebuilt from nothing.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.nbgrader_plugin.commands import (  # noqa: E402
    NbgraderFailed,
    prepare_process,
    run_nbgrader,
    stop_on_sigterm,
)

prepare_process()

from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: E402
from rich.table import Table  # noqa: E402

from autograder.config import load_settings  # noqa: E402
from autograder.course import course_assignments  # noqa: E402

ASSIGNMENTS = course_assignments(load_settings(ROOT, {}))  # solutions/*/assignment.toml

COURSE_ID = "descent-kit"
STATE_VERSION = 1


@dataclass(frozen=True)
class Step:
    """One resumable unit of the lifecycle."""

    key: str
    """Unique name, recorded in state.json when done."""
    label: str
    """What the progress bar shows."""
    run: Callable[[], None]
    weight: int = 1
    """Share of the progress bar (the autograde step counts its submissions)."""


class Lifecycle:
    """The demo's scratch course, its students and the steps that take the cohort through nbgrader."""

    def __init__(self, work: Path, cohort: Path, assignments: list[str], jobs: int, cli: bool) -> None:
        self.work = work
        self.assignments = assignments
        self.cohort = cohort
        self.jobs = jobs
        self.cli = cli
        self.course = work / "course"
        self.students_home = work / "students"
        self.state_file = work / "state.json"
        self.log_path = work / "nbgrader.log"
        self.roster = self._read_roster()
        self.exchange_work = self._exchange_work()
        self.late = self._late_work()
        self.lms_zips = sorted(p for p in (cohort / "lms").glob("*.zip") if p.stem in assignments)
        self.progress: Progress | None = None
        self.task = None

    # ---------------------------------------------------------------- inputs

    def _read_roster(self) -> list[dict[str, str]]:
        with open(self.cohort / "students.csv", newline="") as f:
            return list(csv.DictReader(f))

    def _exchange_work(self) -> dict[tuple[str, str], Path]:
        """(student, assignment) -> folder of the files the student changed after fetching."""
        found = {}
        for folder in sorted((self.cohort / "exchange").glob("*/*")):
            if folder.is_dir() and folder.name in self.assignments:
                found[(folder.parent.name, folder.name)] = folder
        return found

    def _late_work(self) -> set[tuple[str, str]]:
        """(student, assignment) handed in through the exchange after the due date (cohort's late.csv)."""
        path = self.cohort / "late.csv"
        if not path.is_file():
            return set()
        with open(path, newline="") as f:
            return {(r["student_id"], r["assignment"]) for r in csv.DictReader(f)}

    def fingerprint(self) -> str:
        """Hash of every input: the cohort, the course's sources and config, the engine and this script."""
        digest = hashlib.sha256(" ".join(self.assignments).encode())
        roots = [self.cohort, ROOT / "source", ROOT / "release_ko", ROOT / "solutions", ROOT / "autograder"]
        files = [ROOT / "nbgrader_config.py", Path(__file__).resolve()]
        for root in roots:
            files += sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()

    # ---------------------------------------------------------------- state

    def load_state(self, fresh: bool, console: Console) -> dict:
        wanted = {"version": STATE_VERSION, "fingerprint": self.fingerprint(), "done": []}
        if fresh or not self.state_file.exists():
            reason = "--fresh" if fresh else None
        else:
            try:
                state = json.loads(self.state_file.read_text())
            except ValueError:
                state = {}
            if {k: state.get(k) for k in ("version", "fingerprint")} == {
                k: wanted[k] for k in ("version", "fingerprint")
            }:
                return state
            reason = "the cohort, the course or the engine changed since the last run"
        if self.work.exists():
            console.print(f"[dim]Starting over in {self.work} ({reason or 'no finished run'}).[/dim]")
            shutil.rmtree(self.work)
        self.work.mkdir(parents=True)
        self.save_state(wanted)
        return wanted

    def save_state(self, state: dict) -> None:
        temporary = self.state_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, indent=1))
        os.replace(temporary, self.state_file)

    # ---------------------------------------------------------------- commands

    def nbgrader(self, *argv: str, cwd: Path | None = None) -> str:
        with open(self.log_path, "a") as log:
            return run_nbgrader(list(argv), cwd or self.course, log, subprocess_mode=self.cli)

    def say(self, label: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=label)

    # ---------------------------------------------------------------- the steps

    def steps(self) -> list[Step]:
        steps = [
            Step("course", "scratch course", self.make_course),
            Step("roster", "roster", self.import_roster),
        ]
        for a in self.assignments:
            steps.append(Step(f"release:{a}", f"generate + release {a}", lambda a=a: self.release(a)))
        # On-time work first; then each assignment's due date is set (the deadline passes); then the
        # late work, which nbgrader's late-submission plugin penalises (see nbgrader_config.py).
        on_time = [k for k in self.exchange_work if k not in self.late]
        late = [k for k in self.exchange_work if k in self.late]
        for student, a in on_time:
            steps.append(
                Step(
                    f"submit:{student}:{a}",
                    f"{student} fetches and submits {a}",
                    lambda s=student, a=a: self.submit(s, a),
                )
            )
        steps.append(Step("due_dates", "due dates (the deadline passes)", self.set_due_dates))
        for student, a in late:
            steps.append(
                Step(
                    f"submit:{student}:{a}",
                    f"{student} fetches and submits {a}, late",
                    lambda s=student, a=a: self.submit(s, a),
                )
            )
        for path in self.lms_zips:
            steps.append(
                Step(
                    f"zip_collect:{path.stem}", f"zip_collect {path.stem}", lambda p=path: self.zip_collect(p)
                )
            )
        for a in self.assignments:
            steps.append(
                Step(f"collect:{a}", f"collect {a}", lambda a=a: self.nbgrader("collect", a, "--update"))
            )
        total = len(self.exchange_work) + sum(_zip_students(p) for p in self.lms_zips)
        steps.append(Step("autograde", "autograde (engine + nbgrader)", self.autograde, weight=max(total, 1)))
        for a in self.assignments:
            steps.append(Step(f"feedback:{a}", f"feedback {a}", lambda a=a: self.feedback(a)))
        for student, a in self.exchange_work:
            steps.append(
                Step(
                    f"fetch_feedback:{student}:{a}",
                    f"{student} fetches feedback {a}",
                    lambda s=student, a=a: self.nbgrader(
                        "fetch_feedback", a, "--student", s, cwd=self.students_home / s
                    ),
                )
            )
        steps.append(Step("export", "export CSV", self.export))
        return steps

    def make_course(self) -> None:
        self.course.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "nbgrader_config.py", self.course / "nbgrader_config.py")
        shutil.copytree(ROOT / "source", self.course / "source", dirs_exist_ok=True, ignore=_ignored)
        # The course's other language, as an instructor who offers it keeps it (docs/languages.md).
        shutil.copytree(ROOT / "release_ko", self.course / "release_ko", dirs_exist_ok=True, ignore=_ignored)
        # A link, not a copy: the sandbox hides the real solutions folder from student code.
        link = self.course / "solutions"
        if not link.is_symlink():
            link.symlink_to(ROOT / "solutions", target_is_directory=True)
        shutil.copy2(self.cohort / "students.csv", self.course / "students.csv")
        exchange = self.course / "exchange"
        for row in self.roster:
            home = self.students_home / row["id"]
            home.mkdir(parents=True, exist_ok=True)
            (home / "nbgrader_config.py").write_text(
                "c = get_config()  # noqa: F821\n"
                f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
                f"c.Exchange.root = {str(exchange)!r}\n"
                # Each student's own record of what they submitted (nbgrader keeps it in the home folder).
                f"c.Exchange.cache = {str(home / '.nbgrader_cache')!r}\n"
                # Validate answers with the kit's validator (visible checks only), as in the course's config.
                "from autograder.nbgrader_plugin.validating import use_kit_validator\n"
                "use_kit_validator(c)\n"
            )

    def import_roster(self) -> None:
        self.nbgrader("db", "student", "import", "students.csv")

    def release(self, assignment: str) -> None:
        self.nbgrader("generate_assignment", assignment, "--force")
        self.nbgrader("release_assignment", assignment, "--force")

    def set_due_dates(self) -> None:
        """Every assignment is due now: what was submitted so far is on time, what comes next is late.

        A course sets its due dates ahead (`nbgrader db assignment add A --duedate=...`); the demo runs
        in a minute, so it lets the deadline pass between the on-time and the late submissions. LMS
        uploads carry their own (earlier) times in their file names.
        """
        now = datetime.datetime.now(datetime.timezone.utc)
        due = now.replace(microsecond=0) + datetime.timedelta(seconds=1)  # whole seconds, as pages show it
        for assignment in self.assignments:
            self.nbgrader("db", "assignment", "add", assignment, f"--duedate={due:%Y-%m-%d %H:%M:%S} UTC")
        # Late work comes in at least a second after the due date, so that it looks late where
        # formgrader shows times to the second.
        time.sleep(max(0.0, (due - datetime.datetime.now(datetime.timezone.utc)).total_seconds() + 1))

    def submit(self, student: str, assignment: str) -> None:
        home = self.students_home / student
        fetched = home / assignment
        if fetched.exists():  # left by an interrupted run: fetch again
            shutil.rmtree(fetched)
        self.nbgrader("fetch_assignment", assignment, cwd=home)
        for path in sorted(self.exchange_work[(student, assignment)].iterdir()):
            shutil.copy2(path, fetched / path.name)
        self.nbgrader("submit", assignment, "--student", student, cwd=home)

    def zip_collect(self, archive: Path) -> None:
        assignment = archive.stem
        target = self.course / "downloaded" / assignment / "archive"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(archive, target / archive.name)
        self.nbgrader("zip_collect", assignment, "--force")

    def autograde(self) -> None:
        """`autograder autograde` on every assignment: parallel, and resumable submission by submission."""
        if self.cli:
            argv = [str(Path(sys.executable).with_name("autograder")), "autograde", *self.assignments]
            done = subprocess.run([*argv, "--workers", str(self.jobs)], cwd=self.course, capture_output=True,
                                  text=True)
            with open(self.log_path, "a") as log:
                log.write(f"$ (cd {self.course} && {' '.join(argv)})\n{done.stdout}{done.stderr}\n")
            if done.returncode:
                raise NbgraderFailed(f"autograder autograde failed:\n{done.stderr[-2000:]}")
            return
        from autograder.nbgrader_plugin.autograde import autograde

        def done(outcome) -> None:
            if self.progress is not None:
                self.progress.advance(self.task)
                self.say(f"autograded {outcome.pending.student} {outcome.pending.assignment}")

        outcomes = autograde(self.course, self.assignments, workers=self.jobs, on_done=done)
        failed = [f"{o.pending.student} {o.pending.assignment}: {o.error}" for o in outcomes if not o.recorded]
        if failed:
            raise NbgraderFailed("autograde did not record:\n" + "\n".join(failed))

    def feedback(self, assignment: str) -> None:
        self.nbgrader("generate_feedback", assignment, "--force")
        # Only exchange submissions can get feedback through the exchange (it needs their submission
        # secret); LMS students' pages stay in feedback/<student>/, to be uploaded to the LMS.
        for student, a in self.exchange_work:
            if a == assignment:
                self.nbgrader("release_feedback", assignment, "--student", student)

    def export(self) -> None:
        self.nbgrader("export", "--to", "grades.csv")
        self.nbgrader(
            "export",
            "--exporter",
            "autograder.nbgrader_plugin.export.PerTestCsvExport",
            "--to",
            "grades_by_test.csv",
        )

    # ---------------------------------------------------------------- running

    def run(self, console: Console, fresh: bool) -> None:
        state = self.load_state(fresh, console)
        steps = self.steps()
        done = set(state["done"])
        todo = [s for s in steps if s.key not in done]
        if not todo:
            console.print("[dim]Every step finished in an earlier run; showing its results.[/dim]")
            return
        if done:
            console.print(
                f"[dim]Resuming: {len(done)} of {len(steps)} steps finished in an earlier run.[/dim]"
            )
        columns = (
            TextColumn("{task.description:<44}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as progress:
            self.progress = progress
            self.task = progress.add_task("", total=sum(s.weight for s in steps))
            progress.advance(self.task, sum(s.weight for s in steps if s.key in done))
            for step in todo:
                self.say(step.label)
                began = time.monotonic()
                step.run()
                state.setdefault("seconds", {})[step.key] = round(time.monotonic() - began, 2)
                state["done"].append(step.key)
                finished = set(state["done"])
                progress.update(self.task, completed=sum(s.weight for s in steps if s.key in finished))
                self.save_state(state)
            self.say("done")
        self.progress = None


def _ignored(directory: str, names: list[str]) -> set[str]:
    return {n for n in names if n in ("__pycache__", ".ipynb_checkpoints")}


def _zip_students(archive: Path) -> int:
    import zipfile

    with zipfile.ZipFile(archive) as z:
        return len({name.split("_attempt_", 1)[0] for name in z.namelist()})


# ------------------------------------------------------------------------ results


def gradebook_url(course: Path) -> str:
    """The course's gradebook (`c.CourseDirectory.db_url`: SQLite by default, or PostgreSQL)."""
    from autograder.nbgrader_plugin.autograde import course_directory

    return course_directory(course).db_url


def gradebook_name(course: Path) -> str:
    """How to name the gradebook to a reader: its file, or the server's URL without a password."""
    from sqlalchemy.engine import make_url

    url = make_url(gradebook_url(course))
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "gradebook.db").name
    return url.render_as_string(hide_password=True)


def gradebook_where(course: Path) -> str:
    """The gradebook's file, or its server's URL without a password."""
    from sqlalchemy.engine import make_url

    url = make_url(gradebook_url(course))
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)


def score_table(course: Path) -> tuple[Table, list[dict]]:
    """Student x assignment scores as the gradebook holds them."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(gradebook_url(course), course_id=COURSE_ID) as gb:
        assignments = [a.name for a in gb.assignments]
        table = Table(title=f"Scores in {gradebook_name(course)}", title_justify="left")
        table.add_column("student")
        for name in assignments:
            table.add_column(name.split("_", 1)[0], justify="right")
        table.add_column("total", justify="right")
        for student in sorted(gb.students, key=lambda s: s.id):
            cells, total, possible = [], 0.0, 0.0
            for name in assignments:
                try:
                    submission = gb.find_submission(name, student.id)
                except MissingEntry:
                    cells.append("[dim]-[/dim]")
                    continue
                penalty = submission.late_submission_penalty or 0.0
                score, max_score = submission.score - penalty, submission.max_score
                total += score
                possible += max_score
                colour = "green" if score == max_score else ("red" if score == 0 else "yellow")
                late = f" [dim](late -{penalty:g})[/dim]" if penalty else ""
                cells.append(f"[{colour}]{score:g}/{max_score:g}[/{colour}]{late}")
                rows.append(
                    {
                        "student": student.id,
                        "assignment": name,
                        "score": score,
                        "max_score": max_score,
                        "late_penalty": penalty,
                    }
                )
            name = f"{student.id} {student.first_name} {student.last_name}"
            table.add_row(name, *cells, f"{total:g}/{possible:g}")
    return table, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work", type=Path, default=ROOT / "work" / "demo", help="scratch folder (default work/demo)"
    )
    parser.add_argument("--cohort", type=Path, default=ROOT / "examples" / "cohort", help="the cohort to run")
    parser.add_argument("--fresh", action="store_true", help="start over even if an earlier run finished")
    parser.add_argument(
        "--assignments", default=",".join(ASSIGNMENTS), help="comma-separated (default: all of the course)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="engine processes in parallel")
    parser.add_argument(
        "--cli", action="store_true", help="run the nbgrader executable for every command (slow)"
    )
    args = parser.parse_args()
    stop_on_sigterm()
    console = Console(highlight=False)
    started = time.monotonic()
    assignments = [a for a in args.assignments.split(",") if a]
    unknown = sorted(set(assignments) - set(ASSIGNMENTS))
    if unknown:
        parser.error(f"unknown assignment(s): {', '.join(unknown)}")
    lifecycle = Lifecycle(args.work.resolve(), args.cohort.resolve(), assignments, args.jobs, args.cli)
    console.print(
        f"[bold]descent-kit demo[/bold]: {len(lifecycle.roster)} students, {len(assignments)} assignments, "
        f"scratch course in {lifecycle.course}"
    )
    try:
        lifecycle.run(console, args.fresh)
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted.[/yellow] Run the same command again to finish the job.")
        return 130
    table, rows = score_table(lifecycle.course)
    console.print(table)
    feedback = sorted((lifecycle.course / "feedback").glob("*/*/*.html"))
    course = lifecycle.course
    console.print(
        f"{len(rows)} submissions graded in {gradebook_where(course)}\n"
        f"Feedback: {len(feedback)} HTML pages in {course / 'feedback'}/<student>/<assignment>/, released to "
        f"{course / 'exchange' / COURSE_ID / 'feedback'}; exchange students fetched theirs into "
        f"{lifecycle.students_home}/<student>/<assignment>/feedback/\n"
        f"CSV: {course / 'grades.csv'} (totals) and {course / 'grades_by_test.csv'} (per test)\n"
        f"Every nbgrader command with its log: {lifecycle.log_path}\n"
        f"[dim]{time.monotonic() - started:.1f} s[/dim]"
    )
    if feedback:
        # A page with failed tests, messages and a loss-curve plot, when the cohort has one.
        partial = [
            r for r in rows if 0 < r["score"] < r["max_score"] and r["assignment"] != "ps1_gradient_descent"
        ]
        pick = partial[0] if partial else rows[0]
        console.print(
            f"For example: {course / 'feedback' / pick['student'] / pick['assignment']}/{pick['assignment']}.html"
        )
        # A student who worked in the Korean notebooks (docs/languages.md) gets Korean feedback.
        from autograder.languages import notebook_language

        korean = [
            r for r in partial
            if notebook_language(course / "submitted" / r["student"] / r["assignment"] / f"{r['assignment']}.ipynb")
            == "ko"
        ]
        if korean:
            page = course / "feedback" / korean[0]["student"] / korean[0]["assignment"]
            console.print(f"In Korean ({korean[0]['student']}): {page}/{korean[0]['assignment']}.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
