"""Shared machinery of the hostile suites: a throw-away course copy, one grader run, and the checks.

Every grading run happens in a temporary copy of the course (nbgrader_config.py and solutions/), so
nothing a submission does can damage the real repository. The copy is planted with canaries (secret
strings the grader must never hand back) and snapshotted before and after the run.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
AUTOGRADER = REPO / ".venv" / "bin" / "autograder"
CASES = Path(__file__).resolve().parent / "cases"

GRADED: dict[str, tuple[str, ...]] = {
    "ps1_gradient_descent": ("get_minimizer_x", "gradient_descent"),
    "ps2_linear_regression": ("predict", "mse_loss", "mse_gradient", "fit_gradient_descent"),
    "ps3_sgd": ("learning_schedule", "fit_sgd"),
    "ps4_adam": ("adam_step", "minimize_adam"),
}
MODULES = {
    "ps1_gradient_descent": "gradient_descent.py",
    "ps2_linear_regression": "linear_regression.py",
    "ps3_sgd": "sgd.py",
    "ps4_adam": "adam.py",
}
TOP_FIELDS = {"assignment", "submission", "score", "max_score", "tests"}
TEST_FIELDS = {"name", "function", "points", "max_points", "status", "message"}
STATUSES = {"passed", "failed", "error", "timeout"}
LAYERS = {"session", "rlimits", "scratch", "uid", "mount", "net", "pid", "seccomp"}
# A frame of the grader's own code in a traceback: never allowed in what students read.
GRADER_FRAME = re.compile(r"File \"[^\"]*[/\\]autograder[/\\][^\"]*\", line \d+")
MAX_STDOUT = 2_000_000
"""A report is a few kilobytes; a megabyte-sized one means student output leaked into it."""
# Places outside any scratch folder where a submission might drop a file named after the marker.
MARKER_DIRS = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path("/"), Path("/root"))


def grader_missing_reason() -> str | None:
    """Why the grader cannot be run yet, or None when it can."""
    if not AUTOGRADER.exists():
        return f"no grader at {AUTOGRADER}"
    if not (REPO / "autograder" / "cli.py").exists():
        return "the grading engine (autograder/cli.py) does not exist yet"
    return None


# ------------------------------------------------------------------------------------ course copy


@dataclass
class Course:
    """A throw-away copy of the course, with canaries planted in it."""

    top: Path
    """Everything the run may not change: the course, the submissions and the grader's HOME."""
    root: Path
    home: Path
    canaries: dict[str, str]
    """Label -> secret string that must never appear in the grader's output."""

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOGRADER_", "PYTEST_"))}
        env["HOME"] = str(self.home)
        # The grader's own bytecode caches are not the submission's doing; keep them out of the snapshot.
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # Sensitivity check of this suite (expect failures): HOSTILE_GRADER_SANDBOX=minimal grades without
        # namespaces, so the attacks reach the machine and the checks must catch them.
        if os.environ.get("HOSTILE_GRADER_SANDBOX"):
            env["AUTOGRADER_SANDBOX"] = os.environ["HOSTILE_GRADER_SANDBOX"]
        env["DESCENT_KIT_TEST_SECRET"] = self.canaries["environment"]
        return env


def make_course(top: Path) -> Course:
    """Copy nbgrader_config.py and solutions/ under `top`/course and plant canaries."""
    top.mkdir(parents=True, exist_ok=True)
    root = top / "course"
    root.mkdir()
    if (REPO / "nbgrader_config.py").exists():
        shutil.copy2(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    else:
        (root / "nbgrader_config.py").write_text("c = get_config()  # noqa: F821\n")
    shutil.copytree(REPO / "solutions", root / "solutions", ignore=shutil.ignore_patterns("__pycache__"))
    home = top / "home"
    home.mkdir()
    canaries = {
        name: f"CANARY-{name.upper()}-{secrets.token_hex(8)}"
        for name in ("file", "solutions", "hidden", "reference", "environment", "home")
    }
    (root / "CANARY.txt").write_text(canaries["file"] + "\n")
    (home / "CANARY.txt").write_text(canaries["home"] + "\n")
    for assignment in (root / "solutions").iterdir():
        if not assignment.is_dir():
            continue
        (assignment / "CANARY.txt").write_text(canaries["solutions"] + "\n")
        # First line, so that even the start of a leaked file gives it away.
        for path, label in (
            (assignment / "test_hidden.py", "hidden"),
            (assignment / MODULES.get(assignment.name, ""), "reference"),
        ):
            if path.is_file():
                path.write_text(f"# {canaries[label]}\n" + path.read_text())
    for path in (root / "CANARY.txt", home / "CANARY.txt", *root.glob("solutions/*/CANARY.txt")):
        path.chmod(0o600)
    (root / "gradebook.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    return Course(top, root, home, canaries)


def reference_module(course: Course, assignment: str) -> Path:
    return course.root / "solutions" / assignment / MODULES[assignment]


# ------------------------------------------------------------------------------------ one grader run


@dataclass
class Run:
    """One finished (or killed) grader run."""

    argv: list[str]
    returncode: int | None
    """None when the run passed its time limit and was killed."""
    stdout: bytes
    stderr: bytes
    seconds: float
    stdout_size: int

    @property
    def report(self) -> dict[str, Any] | None:
        try:
            value = json.loads(self.stdout.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def describe(self) -> str:
        err = self.stderr.decode("utf-8", "replace")
        out = self.stdout.decode("utf-8", "replace")
        return (
            f"exit status {self.returncode} after {self.seconds:.1f} s\n"
            f"--- stdout ({self.stdout_size} bytes) ---\n{out[:3000]}\n--- stderr ---\n{err[-3000:]}"
        )


def run_grader(
    course: Course,
    assignment: str,
    submission: str | Path,
    *,
    timeout: float,
    logs: Path,
    extra_args: tuple[str, ...] = ("--json",),
) -> Run:
    """Run `autograder grade` from the course copy; kill its process group if it outlives `timeout`."""
    logs.mkdir(parents=True, exist_ok=True)
    argv = [str(AUTOGRADER), "grade", assignment, str(submission), *extra_args]
    out_path, err_path = logs / "stdout", logs / "stderr"
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            argv,
            cwd=course.root,
            env=course.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            returncode: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            returncode = None
            _kill_group(proc.pid)
            proc.wait()
    seconds = time.monotonic() - started
    size = out_path.stat().st_size
    with out_path.open("rb") as f:
        stdout = f.read(MAX_STDOUT + 1)
    with err_path.open("rb") as f:
        f.seek(max(err_path.stat().st_size - 200_000, 0))
        stderr = f.read()
    return Run(argv, returncode, stdout, stderr, seconds, size)


def _kill_group(pgid: int) -> None:
    """Kill the process group of a grader this suite started (SIGCONT first in case it was stopped)."""
    for sig in (signal.SIGCONT, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            pass


# ------------------------------------------------------------------------------------ report checks


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def contract_problems(report: Any, assignment: str, submission: str) -> list[str]:
    """What in `report` does not follow the contract's JSON layout and arithmetic (empty when all holds)."""
    if not isinstance(report, dict):
        return ["stdout is not one JSON object"]
    problems = []
    missing = TOP_FIELDS - set(report)
    if missing:
        return [f"top-level fields missing: {sorted(missing)}"]
    if report["assignment"] != assignment:
        problems.append(f"assignment is {report['assignment']!r}, not {assignment!r}")
    if report["submission"] != submission:
        problems.append(f"submission is {report['submission']!r}, not the path as given {submission!r}")
    if not _number(report["score"]) or not _number(report["max_score"]):
        problems.append("score and max_score must be finite numbers")
    tests = report["tests"]
    if not isinstance(tests, list) or not tests:
        return [*problems, "tests must be a non-empty list"]
    functions = set(GRADED[assignment])
    for t in tests:
        if not isinstance(t, dict) or TEST_FIELDS - set(t):
            problems.append(
                f"a test lacks fields {sorted(TEST_FIELDS - set(t)) if isinstance(t, dict) else t!r}"
            )
            continue
        label = f"test {t['name']!r}"
        if t["status"] not in STATUSES:
            problems.append(f"{label}: status {t['status']!r}")
        if t["function"] not in functions:
            problems.append(f"{label}: function {t['function']!r} is not graded in {assignment}")
        if not isinstance(t["message"], str) or not isinstance(t["name"], str):
            problems.append(f"{label}: name and message must be strings")
        if not (_number(t["points"]) and _number(t["max_points"])):
            problems.append(f"{label}: points and max_points must be finite numbers")
            continue
        if not 0 <= t["points"] <= t["max_points"]:
            problems.append(f"{label}: points {t['points']} outside [0, {t['max_points']}]")
        if t["status"] != "passed" and t["points"] != 0:
            problems.append(f"{label}: {t['points']} points with status {t['status']!r}")
    if problems:
        return problems
    if abs(sum(t["points"] for t in tests) - report["score"]) > 1e-9:
        problems.append("score is not the sum of the tests' points")
    if abs(sum(t["max_points"] for t in tests) - report["max_score"]) > 1e-9:
        problems.append("max_score is not the sum of the tests' max_points")
    sandbox = report.get("sandbox")
    if sandbox is not None:
        layers = sandbox.get("layers") if isinstance(sandbox, dict) else None
        if not isinstance(layers, dict) or not all(isinstance(v, bool) for v in layers.values()):
            problems.append(f"sandbox.layers is not a mapping of names to booleans: {sandbox!r}")
        elif set(layers) - LAYERS:
            problems.append(f"unknown sandbox layers {sorted(set(layers) - LAYERS)}")
        notes = sandbox.get("notes") if isinstance(sandbox, dict) else None
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            problems.append("sandbox.notes is not a list of strings")
    return problems


def points_by_function(report: dict[str, Any]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for t in report["tests"]:
        totals[t["function"]] = totals.get(t["function"], 0.0) + float(t["points"])
    return totals


def max_by_function(report: dict[str, Any]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for t in report["tests"]:
        totals[t["function"]] = totals.get(t["function"], 0.0) + float(t["max_points"])
    return totals


def graded_tests_of(report: dict[str, Any]) -> list[tuple[str, str, float]]:
    """The graded tests as (name, function, max_points): a submission must not be able to change them."""
    return sorted((t["name"], t["function"], float(t["max_points"])) for t in report["tests"])


def messages(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(t["function"], t["status"], t["message"]) for t in report["tests"]]


def grader_tracebacks(text: str) -> list[str]:
    """Frames of the grader's own code quoted in `text`."""
    return GRADER_FRAME.findall(text)


def summary(report: dict[str, Any] | None) -> str:
    if not report:
        return "(no report)"
    lines = [f"score {report.get('score')}/{report.get('max_score')}"]
    for t in report.get("tests", []):
        if isinstance(t, dict):
            lines.append(
                f"  {t.get('function')}: {t.get('name')} {t.get('status')} {t.get('points')}/"
                f"{t.get('max_points')} {str(t.get('message'))[:200]!r}"
            )
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ the machine around


def snapshot(top: Path) -> dict[str, tuple[Any, ...]]:
    """Every path under `top` with its kind, mode and content hash (directories: kind and mode)."""
    state: dict[str, tuple[Any, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, top)
            if stat.S_ISLNK(st.st_mode):
                state[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                state[rel] = ("dir", stat.S_IMODE(st.st_mode))
            elif stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256()
                with open(path, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        digest.update(block)
                state[rel] = ("file", stat.S_IMODE(st.st_mode), st.st_size, digest.hexdigest())
            else:
                state[rel] = ("other", stat.S_IFMT(st.st_mode))
    return state


def snapshot_changes(before: dict[str, tuple[Any, ...]], after: dict[str, tuple[Any, ...]]) -> list[str]:
    changes = [f"created {p}" for p in sorted(set(after) - set(before))]
    changes += [f"deleted {p}" for p in sorted(set(before) - set(after))]
    changes += [f"changed {p}" for p in sorted(set(before) & set(after)) if before[p] != after[p]]
    return changes


def marker_files(marker: str) -> list[Path]:
    found: list[Path] = []
    for directory in MARKER_DIRS:
        try:
            found += [directory / n for n in os.listdir(directory) if marker in n]
        except OSError:
            pass
    return found


def remove_paths(paths: list[Path]) -> None:
    for path in paths:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            pass


def _proc_read(pid: str, name: str) -> bytes:
    try:
        with open(f"/proc/{pid}/{name}", "rb") as f:
            return f.read()
    except OSError:
        return b""


def _proc_state(pid: str) -> tuple[str, int]:
    """(state letter, parent pid) of a process, ('', 0) when it is gone."""
    text = _proc_read(pid, "stat")
    try:
        fields = text.rsplit(b")", 1)[1].split()
        return fields[0].decode(), int(fields[1])
    except (IndexError, ValueError):
        return "", 0


def become_subreaper() -> None:
    """Orphans of the grader's processes become children of this test process, so leftovers are found."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def stop_being_subreaper() -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(36, 0, 0, 0, 0)


def child_pids() -> set[int]:
    """Live children of this test process (to tell the grader's orphans from children started elsewhere)."""
    me = os.getpid()
    return {
        int(e)
        for e in os.listdir("/proc")
        if e.isdigit() and _proc_state(e)[1] == me and _proc_state(e)[0] not in "ZX"
    }


def leftover_processes(
    markers: tuple[str, ...], grace: float = 3.0, ignore: set[int] = frozenset()
) -> list[str]:
    """Live processes carrying a marker in argv/environment, or adopted by this test process.

    Polls for up to `grace` seconds so that processes already being killed can go; reaps adopted zombies.
    Children in `ignore` (alive before the run) do not count. Returns descriptions of what is still alive.
    """
    me = os.getpid()
    needles = [m.encode() for m in markers]
    deadline = time.monotonic() + grace
    while True:
        alive: dict[int, str] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            state, ppid = _proc_state(entry)
            if not state:
                continue
            if ppid == me and int(entry) not in ignore:
                if state in "ZX":
                    try:
                        os.waitpid(int(entry), os.WNOHANG)
                    except ChildProcessError:
                        pass
                    continue
                alive[int(entry)] = "adopted by the test process"
                continue
            if state in "ZX":
                continue
            cmdline = _proc_read(entry, "cmdline")
            environ = _proc_read(entry, "environ")
            if any(n in cmdline or n in environ for n in needles):
                alive[int(entry)] = "carries the case's marker"
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    described = []
    for pid, why in sorted(alive.items()):
        cmd = _proc_read(str(pid), "cmdline").replace(b"\0", b" ").decode("utf-8", "replace").strip()
        described.append(f"pid {pid} ({why}): {cmd[:160]}")
    return described


def kill_processes(descriptions: list[str]) -> None:
    """Kill leftovers found by `leftover_processes` (by pid: they were started by this suite's runs)."""
    for line in descriptions:
        pid = int(line.split()[1])
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            continue
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


@dataclass
class Listeners:
    """A TCP and a UDP socket on 127.0.0.1 that a submission should never reach."""

    tcp: socket.socket = field(default_factory=lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    udp: socket.socket = field(default_factory=lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))

    def __post_init__(self) -> None:
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.tcp.setblocking(False)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.setblocking(False)

    @property
    def ports(self) -> tuple[int, int]:
        return self.tcp.getsockname()[1], self.udp.getsockname()[1]

    def received(self) -> list[str]:
        """What reached the sockets since they opened."""
        got = []
        while True:
            try:
                conn, addr = self.tcp.accept()
            except (BlockingIOError, OSError):
                break
            conn.settimeout(0.5)
            try:
                data = conn.recv(4096)
            except OSError:
                data = b""
            conn.close()
            got.append(f"TCP connection from {addr}: {data[:200]!r}")
        while True:
            try:
                data, addr = self.udp.recvfrom(4096)
            except (BlockingIOError, OSError):
                break
            got.append(f"UDP datagram from {addr}: {data[:200]!r}")
        return got

    def close(self) -> None:
        self.tcp.close()
        self.udp.close()


def new_markers() -> tuple[str, str]:
    """A marker string and a numeric one usable as a `sleep` duration (60-99 s), both unique per run."""
    marker = f"hostilemark{secrets.token_hex(6)}"
    sleep = f"{60 + secrets.randbelow(40)}.{secrets.randbelow(10**9):09d}1"
    return marker, sleep


def fill_template(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    left = re.findall(r"@@[A-Z_]+@@", text)
    if left:
        raise ValueError(f"unfilled placeholders {sorted(set(left))}")
    return text


def bwrap_usable() -> bool:
    """Whether this host lets bubblewrap create mount, network and PID namespaces."""
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return False
    flags = (
        ["--unshare-pid", "--unshare-net"]
        if os.geteuid() == 0
        else ["--unshare-user", "--unshare-pid", "--unshare-net"]
    )
    try:
        return (
            subprocess.run(
                [bwrap, *flags, "--ro-bind", "/", "/", "true"], capture_output=True, timeout=10
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False
