"""Runs inside the sandbox: executes the student's code and calls its functions when the grader asks.

It holds no expected value and decides nothing. Everything it sends back is re-checked by the grader,
so student code that tampers with this process can only change its own answers.
Usage (started by the grader only): python -I -m autograder.worker [--drop-to UID]
"""

from __future__ import annotations

import os
import sys
import time
import traceback
import types
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


def _where(exc: BaseException, origins: set[str]) -> str:
    """'line 7 in get_minimizer_x (cell 3)' for the innermost frame in the student's own code."""
    try:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in origins]
    except Exception:
        return ""
    if not frames:
        return ""
    f = frames[-1]
    place = "" if f.name == "<module>" else f" in {f.name}"
    return f"line {f.lineno}{place} ({f.filename})"


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
                    {"origin": origin, "where": _where(exc, self.origins), "type": kind, "text": text}
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
            result = function(*args, **kwargs)
        except BaseException as exc:  # SystemExit, KeyboardInterrupt and the rest are the student's too
            kind, text = _describe(exc)
            return {"ok": False, "error": {"type": kind, "text": text, "where": _where(exc, self.origins)}}
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
            elif op == "ping":
                reply = {"op": "pong"}
            else:
                return
            reply["id"] = request.get("id")
            self.send(reply)


def main(argv: list[str]) -> None:
    drop_to = int(argv[argv.index("--drop-to") + 1]) if "--drop-to" in argv else None
    _harden(drop_to)
    reader, writer = _protocol_channels()
    import numpy  # noqa: F401  - paid once, before the student's code, for every call after

    import autograder.functions  # noqa: F401
    import autograder.protocol  # noqa: F401

    worker = Worker(writer)
    worker.send({"op": "ready", "pid": os.getpid()})
    worker.serve(reader)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
