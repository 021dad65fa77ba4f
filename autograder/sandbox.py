"""Start the untrusted worker with every isolation layer the host supports, talk to it, and kill it.

Layers, each used when the host allows it and reported by name:
  session  own session and process group, killed as a whole
  rlimits  CPU seconds, address space, processes, file size, open files
  scratch  a fresh working directory holding only the submission, as HOME and TMPDIR
  mount    bubblewrap mount namespace: the course, solutions, gradebook and home directories hidden
  net      no network (empty network namespace)
  pid      own PID namespace: cannot see or signal the grader; all its processes die with it
  uid      runs as an unprivileged user (when the grader is root) with no_new_privs
"""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder import protocol
from autograder.config import Settings

NOBODY = 65534
LAYERS = ("session", "rlimits", "scratch", "mount", "net", "pid", "uid")


class WorkerDied(RuntimeError):
    """The worker exited or broke the protocol before answering."""


class WorkerTimeout(RuntimeError):
    """The worker did not answer within the time limit."""


@dataclass(frozen=True)
class SandboxPlan:
    """How workers are started on this host, and which layers that gives."""

    layers: dict[str, bool]
    notes: tuple[str, ...]
    bwrap: str | None
    drop_to: int | None

    def as_json(self) -> dict[str, Any]:
        return {"layers": dict(self.layers), "notes": list(self.notes)}


def plan_sandbox(settings: Settings) -> SandboxPlan:
    """Probe the host once and decide the layers; never fails, only reports less isolation."""
    notes: list[str] = []
    posix = os.name == "posix"
    layers = dict.fromkeys(LAYERS, False)
    layers.update(session=posix, rlimits=posix, scratch=True)
    if not posix:
        notes.append("not a POSIX host: no process-group kill and no resource limits")
        return SandboxPlan(layers, tuple(notes), None, None)
    root = os.geteuid() == 0
    bwrap = shutil.which("bwrap") if settings.sandbox == "auto" else None
    if bwrap and not _probe_bwrap(bwrap, root):
        notes.append("bubblewrap is installed but cannot create namespaces here")
        bwrap = None
    elif not bwrap and settings.sandbox == "auto":
        notes.append("bubblewrap (bwrap) not found: course files stay readable and the network reachable")
    if settings.sandbox != "auto":
        notes.append(f"sandbox set to {settings.sandbox!r}: namespaces not used")
    if bwrap:
        layers.update(mount=True, net=True, pid=True)
    drop_to = None
    if root and (bwrap or _world_reachable(Path(sys.base_prefix)) and _world_reachable(Path(sys.prefix))):
        drop_to = NOBODY
        layers["uid"] = True
    elif root:
        notes.append("running as root without a way to drop privileges for the worker")
    return SandboxPlan(layers, tuple(notes), bwrap, drop_to)


def _probe_bwrap(bwrap: str, root: bool) -> bool:
    try:
        return (
            subprocess.run(
                [bwrap, *_namespace_flags(root), "--ro-bind", "/", "/", "true"],
                capture_output=True,
                timeout=10,
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False


def _namespace_flags(root: bool) -> list[str]:
    # As root, bwrap needs no user namespace, and the worker drops to `nobody` itself.
    flags = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    return flags if root else ["--unshare-user", *flags]


def _world_reachable(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in (path, *path.parents))


def _hidden_paths(settings: Settings) -> list[Path]:
    home = Path(os.path.expanduser("~"))
    candidates = {p.resolve() for p in (settings.course_root, settings.solutions_dir, home, Path("/root"))}
    existing = [p for p in candidates if p.is_dir()]
    # A directory inside another hidden one is hidden already; mounting over it would leave an empty stub.
    return sorted(p for p in existing if not any(q in p.parents for q in existing))


def _needed_paths() -> list[Path]:
    import autograder

    return [Path(sys.prefix), Path(sys.base_prefix), Path(autograder.__file__).resolve().parent]


def _bwrap_argv(plan: SandboxPlan, settings: Settings, scratch: Path) -> list[str]:
    argv = [
        plan.bwrap or "bwrap",
        *_namespace_flags(plan.drop_to is not None),
        "--die-with-parent",
        "--new-session",
        "--ro-bind",
        "/",
        "/",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    hidden = _hidden_paths(settings)
    for path in hidden:
        argv += ["--tmpfs", str(path)]
    made: set[Path] = set()
    for path in _needed_paths():
        inside = [h for h in hidden if path == h or h in path.parents]
        if not inside:
            continue
        # Directories bwrap creates on the way to a mount point are private; make them traversable.
        for parent in reversed(path.relative_to(max(inside, key=lambda h: len(h.parts))).parents[:-1]):
            step = max(inside, key=lambda h: len(h.parts)) / parent
            if step not in made:
                made.add(step)
                argv += ["--perms", "0755", "--dir", str(step)]
        argv += ["--ro-bind", str(path), str(path)]
    return [*argv, "--bind", str(scratch), str(scratch), "--chdir", str(scratch), "--"]


def _limit_resources(limits: Any) -> None:
    """Runs in the child between fork and exec."""
    import resource

    for name, value in (
        ("RLIMIT_CPU", limits.cpu_seconds),
        ("RLIMIT_AS", limits.address_space),
        ("RLIMIT_NPROC", limits.processes),
        ("RLIMIT_FSIZE", limits.file_size),
        ("RLIMIT_NOFILE", limits.open_files),
        ("RLIMIT_CORE", 0),
    ):
        kind = getattr(resource, name, None)
        if kind is not None:
            try:
                resource.setrlimit(kind, (value, value))
            except (ValueError, OSError):
                pass


class Scratch:
    """A fresh directory for one submission's worker, removed afterwards."""

    def __init__(self, submission: Path, plan: SandboxPlan) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="descent-kit-"))
        shutil.copy2(submission, self.path / submission.name)
        (self.path / ".mpl").mkdir()
        if plan.drop_to is not None:
            for p in (self.path, self.path / ".mpl", self.path / submission.name):
                os.chown(p, plan.drop_to, plan.drop_to)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class WorkerProcess:
    """One running worker: send a request, wait for its reply within a deadline, kill it."""

    def __init__(self, plan: SandboxPlan, settings: Settings, scratch: Path) -> None:
        self.limits = settings.limits
        argv = [settings.python or sys.executable, "-I", "-m", "autograder.worker"]
        if plan.drop_to is not None:
            argv += ["--drop-to", str(plan.drop_to)]
        if plan.bwrap:
            argv = _bwrap_argv(plan, settings, scratch) + argv
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(scratch),
            "TMPDIR": str(scratch),
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": str(scratch / ".mpl"),
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=scratch,
            env=env,
            start_new_session=True,
            preexec_fn=lambda: _limit_resources(self.limits),
        )
        self._buffer = b""
        self.output = bytearray()
        self.output_dropped = 0
        self._drain = threading.Thread(target=self._drain_output, daemon=True)
        self._drain.start()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.process.stdout, selectors.EVENT_READ)
        os.set_blocking(self.process.stdout.fileno(), False)

    def _drain_output(self) -> None:
        stream = self.process.stderr
        while chunk := stream.read1(65536) if stream else b"":
            room = self.limits.output_bytes - len(self.output)
            self.output += chunk[: max(room, 0)]
            self.output_dropped += max(len(chunk) - max(room, 0), 0)

    def send(self, message: dict[str, Any]) -> None:
        try:
            self.process.stdin.write(protocol.dumps(message))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise WorkerDied("the worker stopped") from None

    def receive(self, deadline: float) -> dict[str, Any]:
        """The next protocol line before `deadline` (time.monotonic), parsed."""
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerTimeout()
            if not self._selector.select(remaining):
                continue
            try:
                data = os.read(self.process.stdout.fileno(), 1 << 20)
            except BlockingIOError:
                continue
            if not data:
                raise WorkerDied(self._exit_description())
            self._buffer += data
            if len(self._buffer) > self.limits.reply_bytes:
                raise WorkerDied("the worker sent an answer larger than the grader accepts")
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return protocol.loads(line)
        except protocol.ProtocolError as err:
            raise WorkerDied(str(err)) from None

    def _exit_description(self) -> str:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "the worker closed its channel"
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            if name == "SIGXCPU":
                return "it used up its CPU time"
            return f"it was killed by signal {name}"
        return f"it exited with status {code}"

    def kill(self) -> None:
        """Kill the worker's whole process group (and, in a PID namespace, everything it started)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.kill()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._selector.close()
        self._drain.join(timeout=1)

    def student_output(self) -> str:
        text = self.output.decode("utf-8", errors="replace")
        return text + (
            f"\n[... {self.output_dropped} more bytes of output not shown]" if self.output_dropped else ""
        )


def become_subreaper() -> None:
    """Orphans of student processes become our children, so `reap_strays` can find and kill them."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: same-uid code cannot ptrace us


def reap_strays(keep: set[int]) -> int:
    """Kill our child processes that are not in `keep` (stray student processes); return how many."""
    if not os.path.isdir("/proc"):
        return 0
    me = os.getpid()
    killed = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in keep:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me:
            try:
                os.kill(int(entry), signal.SIGKILL)
                os.waitpid(int(entry), 0)
                killed += 1
            except (OSError, ChildProcessError):
                pass
    return killed
