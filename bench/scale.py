"""Autograde into the gradebook: local workers against a Dask cluster, SQLite against PostgreSQL.

    .venv/bin/python bench/scale.py --assignment ps1_gradient_descent --size 200

Not a test. Builds bench/batch.py's synthetic cohort (50% correct, 35% mistaken, 15% broken, each
notebook carrying its student's name) in the kit's course, then times `autograder autograde` from the
outside, each run on a fresh copy of the course (empty grading cache, empty gradebook):

- local, SQLite:      `--workers 2`, gradebook.db
- local, PostgreSQL:  `--workers 2`, a real server (tests/postgres_server.py) on 127.0.0.1
- Dask 1 worker, SQLite / Dask 2 workers, SQLite / Dask 2 workers, PostgreSQL: `--scheduler` to a TLS
  cluster started for the run (tests/dask_cluster.py: `dask scheduler`, `dask worker --nthreads 1`)

Everything runs on this machine, so the cluster's workers, the scheduler, the server and the recording
process share its cores; wall time is what is comparable (the CPU of the cluster's processes is not
the command's). Every run's totals must equal the first run's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import batch  # noqa: E402
from dask_cluster import Cluster  # noqa: E402
from postgres_server import running_server  # noqa: E402

BIN = ROOT / ".venv" / "bin"
ASSIGNMENTS = batch.ASSIGNMENTS  # solutions/*/assignment.toml


def kit_course(course: Path, assignment: str, db_url: str | None) -> None:
    """The kit's course (this repository's config, source/, solutions/) with the assignment generated
    into the gradebook at `db_url` (None: the default gradebook.db)."""
    course.mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text()
    if db_url:
        config += f"\nc.CourseDirectory.db_url = {db_url!r}\n"
    (course / "nbgrader_config.py").write_text(config)
    shutil.copytree(ROOT / "source" / assignment, course / "source" / assignment,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    (course / "solutions").symlink_to(ROOT / "solutions", target_is_directory=True)
    done = subprocess.run([str(BIN / "nbgrader"), "generate_assignment", assignment, "--force"],
                          cwd=course, env=batch.nbgrader_env(course), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"generate_assignment failed:\n{done.stdout}\n{done.stderr}")


def totals(db_url: str, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id="descent-kit") as gb:
        return {r["student"]: r["score"] for r in gb.submission_dicts(assignment)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ps1_gradient_descent", choices=sorted(ASSIGNMENTS))
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    assignment = ASSIGNMENTS[args.assignment]
    work = Path(tempfile.mkdtemp(prefix="descent-kit-scale-"))
    print(f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}  {batch.machine()}")
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    students = batch.cohort(assignment, args.size)
    rows = []
    try:
        with running_server() as server:
            base_db = server.new_database()
            bases = {"sqlite": work / "base-sqlite", "postgresql": work / "base-postgresql"}
            kit_course(bases["sqlite"], assignment.name, None)
            kit_course(bases["postgresql"], assignment.name, base_db)
            released = batch.nbformat.read(bases["sqlite"] / "release" / assignment.name /
                                           f"{assignment.name}.ipynb", as_version=4)
            for base in bases.values():
                batch.place_kit_cohort(base, assignment, released, students)
            expected = None
            for name, db, dask_workers in (("local --workers 2", "sqlite", 0),
                                           ("local --workers 2", "postgresql", 0),
                                           ("Dask, 1 worker", "sqlite", 1),
                                           ("Dask, 2 workers", "sqlite", 2),
                                           ("Dask, 2 workers", "postgresql", 2)):
                course = work / f"run{len(rows)}"
                shutil.copytree(bases[db], course, symlinks=True)
                if db == "postgresql":
                    db_url = server.new_database_from(base_db)
                    config = course / "nbgrader_config.py"
                    config.write_text(config.read_text().replace(base_db, db_url))
                else:
                    db_url = f"sqlite:///{course / 'gradebook.db'}"
                cluster = None
                env = batch.nbgrader_env(course)
                argv = [str(BIN / "autograder"), "autograde", assignment.name]
                if dask_workers:
                    (work / f"dask{len(rows)}").mkdir()
                    cluster = Cluster(work / f"dask{len(rows)}")
                    for number in range(dask_workers):
                        cluster.start_worker(f"w{number}")
                    cluster.wait_for_workers(dask_workers)
                    env = {**cluster.env, **{k: v for k, v in env.items() if k == "JUPYTER_CONFIG_DIR"}}
                    argv += ["--scheduler", cluster.address]
                else:
                    argv += ["--workers", "2"]
                try:
                    timed = batch.run_timed(argv, course, env, course / "autograde.log")
                finally:
                    if cluster is not None:
                        cluster.stop()
                got = totals(db_url, assignment.name)
                expected = expected or got
                same = "same totals" if got == expected and len(got) == args.size else "TOTALS DIFFER"
                rows.append((name, db, timed))
                print(f"{name:18} {db:10} {timed.seconds:7.1f} s  {1000 * timed.seconds / args.size:6.1f} "
                      f"ms/sub  {args.size / timed.seconds:5.2f} sub/s  machine CPU "
                      f"{1000 * timed.machine_cpu_seconds / args.size:.0f} ms/sub  load {timed.load_before:.2f}/"
                      f"{timed.load_after:.2f}  {same}", flush=True)
                time.sleep(2)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n| N={args.size} | gradebook | s | ms/sub | sub/s | machine CPU ms/sub | load before/after |"
          "\n|---|---|---|---|---|---|---|")
    for name, db, timed in rows:
        print(f"| {name} | {db} | {timed.seconds:.1f} | {1000 * timed.seconds / args.size:.1f} | "
              f"{args.size / timed.seconds:.2f} | {1000 * timed.machine_cpu_seconds / args.size:.0f} | "
              f"{timed.load_before:.2f} / {timed.load_after:.2f} |")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
