"""Runs inside the sandbox: executes the student's code and calls its functions when the grader asks.

It holds no expected value and decides nothing. Everything it sends back is re-checked by the grader,
so student code that tampers with this process can only change its own answers.
Usage (started by the grader only): python -I -m autograder.worker [--drop-to UID]
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback
import types
from collections.abc import Iterator
from typing import Any


def _harden(drop_to: int | None) -> None:
    """Give up root and the ability to gain privileges, then make sure we die with our parent."""
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    if drop_to is not None:
        os.setgroups([])
        os.setgid(drop_to)
        os.setuid(drop_to)
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS: setuid binaries cannot raise privileges again
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (cleared by setuid, so set it after)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-large write fails instead of killing us


def _protocol_channels() -> tuple[Any, int]:
    """Keep private copies of stdin/stdout for the protocol; student prints go to stderr instead."""
    reader = os.fdopen(os.dup(0), "rb")
    writer = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - lives as long as the process
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    return reader, writer


class _LazyModule:
    """Stands in for a plotting module (or a name in one) until the student's code first uses it."""

    def __init__(self, target: str) -> None:
        self._target = target
        self._value: Any = None

    def _resolve(self) -> Any:
        if self._value is None:
            import importlib

            try:
                self._value = importlib.import_module(self._target)
            except ImportError:
                parent, _, name = self._target.rpartition(".")
                self._value = getattr(importlib.import_module(parent), name)
        return self._value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(self._resolve(), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._resolve()(*args, **kwargs)


class _IPythonStub:
    """Stands in for get_ipython() in notebook code: magics and shell commands do nothing here."""

    def run_line_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def run_cell_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def system(self, *args: Any, **kwargs: Any) -> None:
        return None

    def getoutput(self, *args: Any, **kwargs: Any) -> list[str]:
        return []

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def _at(exc: BaseException, origins: set[str]) -> dict[str, Any]:
    """{'line': 7, 'function': 'get_minimizer_x', 'origin': 'cell 3'} for the innermost frame in the
    student's own code, or {} (the grader words it in the run's language)."""
    try:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in origins]
    except Exception:
        return {}
    if not frames:
        return {}
    f = frames[-1]
    return {"line": f.lineno, "function": f.name, "origin": f.filename}


def _where(exc: BaseException, origins: set[str]) -> str:
    """'line 7 in get_minimizer_x (cell 3)': `_at` in English, for readers of the plain protocol."""
    at = _at(exc, origins)
    if not at:
        return ""
    place = "" if at["function"] == "<module>" else f" in {at['function']}"
    return f"line {at['line']}{place} ({at['origin']})"


def _describe(exc: BaseException) -> tuple[str, str]:
    try:
        name = type(exc).__name__
        text = str(exc)
    except BaseException:
        return "Exception", ""
    return str(name)[:100], str(text)[:500]


class Worker:
    """The worker's state: the student's module and the channel back to the grader."""

    def __init__(self, writer: int) -> None:
        self.writer = writer
        self.module = types.ModuleType("submission")
        self.origins: set[str] = set()

    def send(self, message: dict[str, Any]) -> None:
        from autograder.protocol import dumps

        data = dumps(message)
        while data:
            data = data[os.write(self.writer, data) :]

    def load(self, request: dict[str, Any]) -> dict[str, Any]:
        name = str(request.get("module") or "submission")
        module = types.ModuleType(name)
        module.__dict__["get_ipython"] = _IPythonStub
        module.__dict__["__descent_kit_lazy__"] = _LazyModule
        module.__file__ = os.path.join(os.getcwd(), name + ".py")
        sys.modules[name] = module
        self.module = module
        skip = set(request.get("skip", []))
        errors = []
        for index, chunk in enumerate(request.get("chunks", [])):
            if index in skip:
                continue
            self.send({"event": "chunk", "index": index})
            origin = str(chunk["origin"])
            self.origins.add(origin)
            try:
                code = compile("\n" * (int(chunk["first_line"]) - 1) + chunk["code"], origin, "exec")
                exec(code, module.__dict__)
            except BaseException as exc:  # the student's code may raise anything, SystemExit included
                kind, text = _describe(exc)
                errors.append(
                    {
                        "origin": origin,
                        "where": _where(exc, self.origins),
                        "at": _at(exc, self.origins),
                        "type": kind,
                        "text": text,
                    }
                )
        return {"op": "loaded", "errors": errors, "functions": self._inspect(request.get("functions", []))}

    def _inspect(self, names: list[str]) -> dict[str, Any]:
        import inspect

        found = {}
        for name in names:
            obj = self.module.__dict__.get(name)
            info: dict[str, Any] = {"defined": obj is not None, "callable": callable(obj)}
            try:
                info["params"] = list(inspect.signature(obj).parameters)[:20] if callable(obj) else []
            except (TypeError, ValueError):
                info["params"] = []
            found[name] = info
        return found

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        from autograder.functions import GradFn, build
        from autograder.protocol import decode, encode

        counts: list[int] = []

        def counted(spec: GradFn):
            fn = build(spec.kind, spec.params)
            slot = len(counts)
            counts.append(0)

            def grad_fn(x):
                counts[slot] += 1
                return fn(x)

            return grad_fn

        def unwrap(value):
            return counted(value) if isinstance(value, GradFn) else value

        args = [unwrap(decode(a, 10**8)) for a in request["args"]]
        kwargs = {k: unwrap(decode(v, 10**8)) for k, v in request.get("kwargs", {}).items()}
        function = self.module.__dict__.get(request["function"])
        started = time.perf_counter()
        try:
            with _output_discarded() if request.get("aside") else contextlib.nullcontext():
                result = function(*args, **kwargs)
        except BaseException as exc:  # SystemExit, KeyboardInterrupt and the rest are the student's too
            kind, text = _describe(exc)
            where, at = _where(exc, self.origins), _at(exc, self.origins)
            return {"ok": False, "error": {"type": kind, "text": text, "where": where, "at": at}}
        elapsed = time.perf_counter() - started
        try:
            reply = {"ok": True, "value": encode(result), "seconds": elapsed, "fn_calls": counts}
            if request.get("inputs_after"):
                reply["inputs_after"] = [encode(a) if not callable(a) else {"t": "none"} for a in args]
        except BaseException as exc:
            kind, text = _describe(exc)
            return {
                "ok": False,
                "error": {"type": "UnreadableResult", "text": f"{kind}: {text}", "where": ""},
            }
        return reply

    def call_each(self, request: dict[str, Any]) -> dict[str, Any]:
        """Aside calls of one function (the feedback plot's), one after another, their output discarded:
        each reply is sent as it is ready, with its `index`; they stop at the first that fails. The
        returned last reply says how many were made."""
        calls = request.get("calls", [])
        made = 0
        with _output_discarded():
            for index, call in enumerate(calls if isinstance(calls, list) else []):
                reply = self.call({"function": request.get("function"), "args": call.get("args", []),
                                   "kwargs": call.get("kwargs", {})})
                made += 1
                self.send({**reply, "id": request.get("id"), "index": index})
                if reply.get("ok") is not True:
                    break
        return {"op": "called", "made": made}

    def serve(self, reader: Any) -> None:
        while True:
            line = reader.readline()
            if not line:
                return
            from autograder.protocol import loads

            request = loads(line)
            op = request.get("op")
            if op == "load":
                reply = self.load(request)
            elif op == "call":
                reply = self.call(request)
            elif op == "call_each":
                reply = self.call_each(request)
            elif op == "ping":
                reply = {"op": "pong"}
            else:
                return
            _flush_student_streams()  # a partial line printed is the student's output even if killed next
            reply["id"] = request.get("id")
            self.send(reply)


@contextlib.contextmanager
def _output_discarded() -> Iterator[None]:
    """What the student's code prints meanwhile goes to /dev/null; what it printed before stays."""
    _flush_student_streams()
    saved = os.dup(1), os.dup(2)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
        yield
    finally:
        _flush_student_streams()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def _flush_student_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # the student's code may have replaced or broken them
            pass


def apply_limits(cpu: int, memory: int, processes: int, file_size: int, open_files: int) -> None:
    """Lower this process's resource limits (values < 0 mean unlimited); limits it cannot set are skipped."""
    import resource

    for name, value in (
        ("RLIMIT_CPU", cpu),
        ("RLIMIT_AS", memory),
        ("RLIMIT_NPROC", processes),
        ("RLIMIT_FSIZE", file_size),
        ("RLIMIT_NOFILE", open_files),
        ("RLIMIT_CORE", 0),
    ):
        kind = getattr(resource, name, None)
        if kind is not None:
            limit = resource.RLIM_INFINITY if value < 0 else value
            try:
                resource.setrlimit(kind, (limit, limit))
            except (ValueError, OSError):
                pass


def _warm_imports() -> None:
    import inspect  # noqa: F401

    import numpy  # noqa: F401

    import autograder.functions  # noqa: F401
    import autograder.protocol  # noqa: F401


def run_worker(drop_to: int | None) -> None:
    """Serve one submission on stdin/stdout until the grader closes the channel."""
    _harden(drop_to)
    reader, writer = _protocol_channels()
    _warm_imports()  # paid before the student's code, for every call after (free when forked warm)
    worker = Worker(writer)
    worker.send({"op": "ready", "pid": os.getpid()})
    worker.serve(reader)
    os._exit(0)


# ---------------------------------------------------------------- the warm template


def template_main(control_fd: int, drop_to: int | None, private_tmp: bool) -> None:
    """Fork workers on request from a process that has already paid for Python, NumPy and Matplotlib.

    Runs inside the sandbox, never runs student code itself, and is not dumpable, so a worker (even one
    running as the same user) cannot trace it. Orphans of workers re-parent to it (subreaper), so a
    sweep finds everything a submission started.
    """
    import ctypes
    import json
    import signal
    import socket

    libc = ctypes.CDLL(None)
    libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: die with the grader
    _warm_imports()
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401  - notebooks plot; the font cache is built once here
    except Exception:  # matplotlib is optional for grading
        pass
    control = socket.socket(fileno=control_fd)
    statuses: dict[int, int] = {}
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 65536, 3)
        except OSError:
            break
        if not message:
            break
        _reap(statuses)
        request = json.loads(message)
        op = request.get("op")
        if op == "hello":
            reply: dict[str, Any] = {"op": "ready"}
        elif op == "spawn":
            reply = {"pid": _spawn(request, fds, drop_to, control)}
        elif op == "status":
            reply = {"status": _status(statuses, int(request["pid"]))}
        elif op == "sweep":
            reply = {"killed": _sweep(statuses, request.get("keep", ""), private_tmp)}
        else:
            break
        control.send(json.dumps(reply).encode())
    os._exit(0)


def _spawn(request: dict[str, Any], fds: list[int], drop_to: int | None, control: Any) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            control.detach()  # its descriptor is closed below; the object must not close a reused number
            os.setsid()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.closerange(3, 65536)
            os.chdir(request["scratch"])
            os.environ.clear()
            os.environ.update(request["env"])
            apply_limits(*request["limits"])
            run_worker(drop_to)
        finally:
            os._exit(70)
    for fd in fds:
        os.close(fd)
    return pid


def _reap(statuses: dict[int, int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        statuses[pid] = os.waitstatus_to_exitcode(status)


def _status(statuses: dict[int, int], pid: int) -> int | None:
    for _ in range(200):
        _reap(statuses)
        if pid in statuses:
            return statuses[pid]
        time.sleep(0.01)
    return None


def _children() -> list[int]:
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    if f.read().rsplit(b")", 1)[1].split()[1].decode() == me:
                        found.append(int(entry))
            except (OSError, IndexError):
                continue
    return found


def _sweep(statuses: dict[int, int], keep: str, private_tmp: bool) -> int:
    """Kill all our descendants (orphans come to us as subreaper), then empty /tmp if it is ours alone."""
    import shutil
    import signal

    killed = 0
    for _ in range(100):
        children = _children()
        if not children:
            break
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.002)
        _reap(statuses)
    if private_tmp:
        for top in ("/tmp", "/dev/shm"):
            try:
                entries = os.listdir(top)
            except OSError:
                continue
            for entry in entries:
                path = os.path.join(top, entry)
                if keep == path or keep.startswith(path + "/"):
                    continue
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    try:
                        os.unlink(path)
                    except OSError:
                        pass
    return killed


def main(argv: list[str]) -> None:
    drop_to = int(argv[argv.index("--drop-to") + 1]) if "--drop-to" in argv else None
    if "--template" in argv:
        template_main(int(argv[argv.index("--template") + 1]), drop_to, "--private-tmp" in argv)
    else:
        run_worker(drop_to)


if __name__ == "__main__":
    main(sys.argv[1:])
