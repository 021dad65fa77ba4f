"""Helpers of the browser tests: Debian's chromium through Playwright, JupyterLab, scratch courses.

The tests skip, with one line saying why, where Playwright or a chromium cannot be had (a student's
laptop); `python3 kit.py setup` installs both on Debian as root, so here they run. Each module starts
one JupyterLab (127.0.0.1, a free port, a random token) and stops it by its process id. Screenshots of
every step go to $DESCENT_KIT_SCREENSHOTS (default: a folder under the pytest temporary directory);
scripts/screenshots.py copies a curated set of them to docs/images/.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COHORT = ROOT / "examples" / "cohort"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
COURSE_ID = "descent-kit"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def why_not() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install playwright; python3 kit.py setup does it)"
    if CHROMIUM is None:
        return "no chromium on PATH (Debian: apt-get install chromium; python3 kit.py setup does it as root)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server in `folder`, configured by `config_dir`; stopped by its process id."""

    def __init__(self, folder: Path, config_dir: Path, log: Path) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        runtime = config_dir.parent / ".runtime"
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(config_dir),
            "JUPYTER_RUNTIME_DIR": str(runtime),
            "IPYTHONDIR": str(config_dir.parent / ".ipython"),
            "HOME": str(config_dir.parent),
            # nbgrader runs `alembic` when it opens a gradebook; the kit's venv has it.
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        argv = [
            str(Path(sys.executable).with_name("jupyter")),
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={folder}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if os.name == "posix" and os.geteuid() == 0:
            argv.append("--allow-root")
        self.log = open(log, "w")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            argv, cwd=folder, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab stopped at start; see {log}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within 90 s; see {log}")

    def page_url(self, path: str) -> str:
        return f"{self.url}/{path.lstrip('/')}{'&' if '?' in path else '?'}token={self.token}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def nbgrader(*argv: str, cwd: Path) -> str:
    """A real nbgrader command (nbgrader's own application, in this process), as the instructor types it."""
    from autograder.nbgrader_plugin.commands import prepare_process, run_nbgrader

    prepare_process()
    return run_nbgrader(list(argv), cwd)


def student_config(home: Path, exchange: Path, student_id: str) -> Path:
    """A student's ~/.jupyter with the course's nbgrader settings, as an instructor hands them out.

    On a shared server the exchange takes the login name as the student id; here everything runs as
    one user, so the id is set.
    """
    config_dir = home / ".jupyter"
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.CourseDirectory.student_id = {student_id!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.Exchange.cache = {str(home / '.nbgrader_cache')!r}\n"
        "from autograder.nbgrader_plugin.validating import use_kit_validator\n"
        "use_kit_validator(c)\n"
    )
    return config_dir


def small_cohort(target: Path, exchange: dict[str, list[str]], late: list[tuple[str, str]]) -> Path:
    """Part of examples/cohort: these students' exchange work, no LMS uploads."""
    with open(COHORT / "students.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["id"] in exchange]
    target.mkdir(parents=True)
    (target / "lms").mkdir()
    with open(target / "students.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (target / "late.csv").write_text("student_id,assignment\n" + "".join(f"{s},{a}\n" for s, a in late))
    for student, assignments in exchange.items():
        for a in assignments:
            shutil.copytree(COHORT / "exchange" / student / a, target / "exchange" / student / a)
    return target


def run_demo(work: Path, cohort: Path, assignments: list[str]) -> Path:
    """scripts/demo.py on a cohort: the whole nbgrader lifecycle; returns the course folder."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--work", str(work), "--cohort", str(cohort)]
        + ["--assignments", ",".join(assignments)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return work / "course"


def answer_sources(notebook: Path) -> dict[str, str]:
    """grade_id -> source of each answer cell of a notebook."""
    cells = json.loads(notebook.read_text())["cells"]
    found = {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            found[meta["grade_id"]] = "".join(cell["source"])
    return found
