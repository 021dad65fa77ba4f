"""One submission's live worker, seen from the grader: load the code, call functions, survive anything.

A worker that hangs or dies is killed and started again for the next test; code that hangs or kills it
while loading is skipped on the next start. A function that timed out once is not run again.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from autograder import protocol
from autograder.compare import describe_call
from autograder.config import Settings
from autograder.course import Assignment
from autograder.harness import CallRecord, CallResult, StudentError, StudentTimeout
from autograder.messages import Text
from autograder.protocol import ProtocolError
from autograder.sandbox import Launcher, Scratch, WorkerDied, WorkerProcess, WorkerTimeout
from autograder.submission import Submission


class GraderFailure(RuntimeError):
    """The grader itself cannot run workers on this host (not the student's fault)."""


@dataclass(frozen=True)
class Loaded:
    """What the worker found after running the submission's top-level code."""

    functions: dict[str, dict[str, Any]]
    problems: tuple[str, ...]


class StudentSession:
    """Calls into one submission, restarting its sandboxed worker whenever needed."""

    def __init__(
        self,
        submission: Submission,
        assignment: Assignment,
        settings: Settings,
        launcher: Launcher,
        scratch: Scratch,
    ) -> None:
        self.submission = submission
        self.assignment = assignment
        self.settings = settings
        self.launcher = launcher
        self.scratch = scratch
        self.worker: WorkerProcess | None = None
        self.loaded: Loaded | None = None
        self.skip: dict[int, str] = {}
        self.timed_out: set[str] = set()
        self.starts = 0
        self.output: list[str] = []
        self.last_call = ""
        self.calls: list[CallRecord] = []
        """Every call made, with its inputs and outcome, for diagnosing known mistakes afterwards."""

    # ------------------------------------------------------------ loading

    def load(self) -> Loaded:
        """Start a worker with the submission loaded, or return the one running."""
        while self.worker is None:
            if self.starts > self.settings.limits.restarts:
                raise StudentError(Text("session.too_many_restarts"))
            self.starts += 1
            self._start()
        assert self.loaded is not None
        return self.loaded

    def _start(self) -> None:
        worker = self.launcher.start(self.scratch.path)
        deadline = time.monotonic() + self.settings.limits.load_seconds
        try:
            ready = worker.receive(deadline + 20)  # interpreter start-up is ours, not the student's
        except (WorkerDied, WorkerTimeout) as err:
            output = worker.student_output()
            worker.kill()
            raise GraderFailure(
                Text("session.worker_not_started", error=_reason(err), output=output[-500:])
            ) from None
        if ready.get("op") != "ready":
            worker.kill()
            raise GraderFailure(Text("session.worker_bad_start"))
        request = {
            "op": "load",
            "id": secrets.token_hex(8),
            "module": self.assignment.module_name,
            "functions": list(self.assignment.functions),
            "skip": sorted(self.skip),
            "chunks": [
                {"origin": c.origin, "code": c.code, "first_line": c.first_line}
                for c in self.submission.chunks
            ],
        }
        current = None
        try:
            worker.send(request)
            while True:
                message = worker.receive(deadline)
                if message.get("event") == "chunk" and isinstance(message.get("index"), int):
                    current = message["index"]
                elif message.get("id") == request["id"]:
                    break
        except (WorkerDied, WorkerTimeout) as err:
            self._retire(worker)
            if current is None or current in self.skip:
                raise StudentError(Text("session.load_failed")) from None
            self.skip[current] = self._load_failure(current, err)
            return
        self.worker = worker
        self.loaded = Loaded(self._functions(message), tuple(self.skip.values()) + self._load_errors(message))

    def _load_failure(self, index: int, err: Exception) -> str:
        chunk = self.submission.chunks[index]
        place = Text("session.place", origin=chunk.origin, line=chunk.first_line)
        if isinstance(err, WorkerTimeout):
            return Text("session.load_timeout", place=place, seconds=self.settings.limits.load_seconds)
        return Text("session.load_died", place=place, error=_reason(err))

    def _functions(self, message: dict[str, Any]) -> dict[str, dict[str, Any]]:
        found = message.get("functions")
        found = found if isinstance(found, dict) else {}
        return {
            name: found.get(name) if isinstance(found.get(name), dict) else {}
            for name in self.assignment.functions
        }

    @staticmethod
    def _load_errors(message: dict[str, Any]) -> tuple[str, ...]:
        errors = message.get("errors")
        notes = []
        for e in errors if isinstance(errors, list) else []:
            if not isinstance(e, dict):
                continue
            where = _where(e.get("at") or e.get("where")) or str(e.get("origin", ""))[:200]
            kind, text = str(e.get("type", "Error"))[:80], str(e.get("text", ""))[:300]
            notes.append(Text("session.load_error", where=where, kind=kind, text=text))
        return tuple(notes[:20])

    # ------------------------------------------------------------ calling

    def call(
        self,
        function: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        inputs_after: bool = False,
        aside: bool = False,
    ) -> CallResult:
        """Call the student's `function`; StudentError/StudentTimeout say why there is no value.

        An `aside` call is not part of grading (the feedback plot's): what it prints is discarded, so
        the session's output stays the tests', and it is not kept in `calls` for diagnosis.
        """
        if function in self.timed_out:
            raise StudentTimeout(Text("session.not_run_after_timeout", function=function))
        self.last_call = describe_call(function, args, kwargs)
        worker = self._worker_for(function)
        request = {
            "op": "call",
            "id": secrets.token_hex(8),
            "function": function,
            "args": [protocol.encode(a) for a in args],
            "kwargs": {k: protocol.encode(v) for k, v in kwargs.items()},
            "inputs_after": inputs_after,
            "aside": aside,
        }
        sent = (  # the inputs exactly as the worker will see them, for diagnose.py to replay
            tuple(protocol.decode(a, DECODE_LIMIT) for a in request["args"]),
            {k: protocol.decode(v, DECODE_LIMIT) for k, v in request["kwargs"].items()},
        )
        deadline = time.monotonic() + self.settings.limits.call_seconds
        with self._answering(worker, function):
            worker.send(request)
            while (reply := worker.receive(deadline)).get("id") != request["id"]:
                pass
        try:
            result = self._result(function, reply)
        except StudentError:
            error = reply.get("error") if reply.get("ok") is not True else None
            kind = str(error.get("type", "")) if isinstance(error, dict) else ""
            if kind and kind not in ("SystemExit", "KeyboardInterrupt", "UnreadableResult") and not aside:
                self.calls.append(CallRecord(function, *sent, inputs_after, None, kind[:80]))
            raise
        if not aside:
            self.calls.append(CallRecord(function, *sent, inputs_after, result))
        return result

    def call_each(self, function: str, calls: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> list[CallResult]:
        """Aside calls of `function` (the feedback plot's), one per (args, kwargs) in `calls`, sent in one
        request: their results in order, or StudentError/StudentTimeout for the first that has none.
        Each call has the time limit of one `call`; what they print is discarded, nothing is kept for
        diagnosis (nor in `last_call`, which names the tests' calls)."""
        if function in self.timed_out:
            raise StudentTimeout(Text("session.not_run_after_timeout", function=function))
        if not calls:
            return []
        worker = self._worker_for(function)
        request = {
            "op": "call_each",
            "id": secrets.token_hex(8),
            "function": function,
            "calls": [{"args": [protocol.encode(a) for a in args],
                       "kwargs": {k: protocol.encode(v) for k, v in kwargs.items()}} for args, kwargs in calls],
        }
        results: list[CallResult] = []
        with self._answering(worker, function):
            worker.send(request)
            while len(results) < len(calls):
                deadline = time.monotonic() + self.settings.limits.call_seconds
                while (reply := worker.receive(deadline)).get("id") != request["id"] or "index" not in reply:
                    if reply.get("id") == request["id"]:  # the end, before every call was made
                        raise WorkerDied(Text("sandbox.stopped"))
                if reply.get("index") != len(results):
                    raise WorkerDied(Text("sandbox.stopped"))
                results.append(self._result(function, reply))
            while worker.receive(time.monotonic() + self.settings.limits.call_seconds).get("id") != request["id"]:
                pass
        return results

    @contextlib.contextmanager
    def _answering(self, worker: WorkerProcess, function: str) -> Iterator[None]:
        """While waiting for `function`'s answer: a worker that hangs or dies is retired, and the call
        has no value (StudentTimeout, and the function is not run again; or StudentError)."""
        try:
            yield
        except WorkerTimeout:
            self._retire(worker)
            self.timed_out.add(function)
            raise StudentTimeout(
                Text("session.timeout", function=function, seconds=self.settings.limits.call_seconds)
            ) from None
        except WorkerDied as err:
            self._retire(worker)
            raise StudentError(Text("session.died", function=function, error=_reason(err))) from None

    def _worker_for(self, function: str) -> WorkerProcess:
        """The worker, the submission loaded, if `function` is there to call (else StudentError)."""
        loaded = self.load()
        info = loaded.functions.get(function, {})
        if not info.get("callable"):
            raise StudentError(self._missing(function, info, loaded))
        assert self.worker is not None
        return self.worker

    def _result(self, function: str, reply: dict[str, Any]) -> CallResult:
        limit = self.settings.limits.array_elements
        if reply.get("ok") is not True:
            error = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            kind = str(error.get("type", "Error"))[:80]
            text = str(error.get("text", ""))[:300]
            where = _where(error.get("at") or error.get("where"))
            if kind in ("SystemExit", "KeyboardInterrupt"):
                key = "session.exited" if kind == "SystemExit" else "session.interrupted"
                problem = Text(key, function=function)
            else:
                problem = Text("session.raised", function=function, kind=kind, text=text)
            raise StudentError(Text("session.with_where", message=problem, where=where) if where else problem)
        try:
            value = protocol.decode(reply.get("value"), limit)
            after = reply.get("inputs_after", [])
            inputs = tuple(protocol.decode(a, limit) for a in (after if isinstance(after, list) else []))
            calls = reply.get("fn_calls", [])
            fn_calls = tuple(int(c) for c in calls if isinstance(c, int) and not isinstance(c, bool))
            seconds = (
                float(reply.get("seconds", 0.0)) if isinstance(reply.get("seconds"), (int, float)) else 0.0
            )
        except (ProtocolError, TypeError, ValueError) as err:
            raise StudentError(Text("session.unreadable", function=function, error=str(err))) from None
        return CallResult(value, inputs, fn_calls, seconds)

    def _missing(self, function: str, info: dict[str, Any], loaded: Loaded) -> str:
        if info.get("defined"):
            return Text("session.not_a_function", function=function)
        related = [p for p in (*self.submission.problems, *loaded.problems) if function in p]
        if related:
            return Text("session.missing_because", function=function, problem=related[0])
        return Text("session.missing", function=function)

    # ------------------------------------------------------------ cleanup

    def _retire(self, worker: WorkerProcess) -> None:
        worker.kill()
        self.output.append(worker.student_output())
        if worker is self.worker:
            self.worker = None

    def close(self) -> str:
        """Stop the worker and any process it left behind; return what the student's code printed."""
        if self.worker is not None:
            self._retire(self.worker)
        return "".join(self.output)


DECODE_LIMIT = 10**8
"""Inputs come from the hidden tests (trusted), so their decoded copies need no tight size limit."""


def _reason(err: Exception) -> str:
    """An exception's message, keeping a catalog Text (sandbox.py's reasons) translatable."""
    return err.args[0] if err.args and isinstance(err.args[0], Text) else str(err)


def _where(raw: Any) -> str:
    """Where in the student's code something happened, as the worker reported it (untrusted)."""
    if isinstance(raw, dict):
        line, origin, function = raw.get("line"), str(raw.get("origin", ""))[:100], raw.get("function")
        if not isinstance(line, int) or isinstance(line, bool):
            return origin
        if isinstance(function, str) and function and function != "<module>":
            return Text("session.where_line_in", line=line, function=function[:100], origin=origin)
        return Text("session.where_line", line=line, origin=origin)
    return str(raw or "")[:200]
