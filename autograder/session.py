"""One submission's live worker, seen from the grader: load the code, call functions, survive anything.

A worker that hangs or dies is killed and started again for the next test; code that hangs or kills it
while loading is skipped on the next start. A function that timed out once is not run again.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from autograder import protocol
from autograder.compare import describe_call
from autograder.config import Settings
from autograder.course import Assignment
from autograder.harness import CallResult, StudentError, StudentTimeout
from autograder.protocol import ProtocolError
from autograder.sandbox import SandboxPlan, WorkerDied, WorkerProcess, WorkerTimeout, reap_strays
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
        plan: SandboxPlan,
        scratch: Any,
    ) -> None:
        self.submission = submission
        self.assignment = assignment
        self.settings = settings
        self.plan = plan
        self.scratch = scratch
        self.worker: WorkerProcess | None = None
        self.loaded: Loaded | None = None
        self.skip: dict[int, str] = {}
        self.timed_out: set[str] = set()
        self.starts = 0
        self.output: list[str] = []
        self.last_call = ""

    # ------------------------------------------------------------ loading

    def load(self) -> Loaded:
        """Start a worker with the submission loaded, or return the one running."""
        while self.worker is None:
            if self.starts > self.settings.limits.restarts:
                raise StudentError("your code stopped the grader's worker too many times; grading gave up")
            self.starts += 1
            self._start()
        assert self.loaded is not None
        return self.loaded

    def _start(self) -> None:
        worker = WorkerProcess(self.plan, self.settings, self.scratch.path)
        deadline = time.monotonic() + self.settings.limits.load_seconds
        try:
            ready = worker.receive(deadline + 20)  # interpreter start-up is ours, not the student's
        except (WorkerDied, WorkerTimeout) as err:
            output = worker.student_output()
            worker.kill()
            raise GraderFailure(f"the sandboxed worker did not start ({err}): {output[-500:]}") from None
        if ready.get("op") != "ready":
            worker.kill()
            raise GraderFailure("the sandboxed worker did not start properly")
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
                raise StudentError("your code could not be loaded: the process running it failed") from None
            self.skip[current] = self._load_failure(current, err)
            return
        self.worker = worker
        self.loaded = Loaded(self._functions(message), tuple(self.skip.values()) + self._load_errors(message))

    def _load_failure(self, index: int, err: Exception) -> str:
        chunk = self.submission.chunks[index]
        place = f"{chunk.origin}, line {chunk.first_line}"
        if isinstance(err, WorkerTimeout):
            return (
                f"{place}: this code was still running after {self.settings.limits.load_seconds:g} s "
                "when the file was loaded, so it was skipped (is there a loop or a long computation "
                "at the top level?)"
            )
        return f"{place}: this code stopped the Python process running it ({err}), so it was skipped"

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
            where = str(e.get("where") or e.get("origin", ""))[:200]
            notes.append(
                f"{where}: {str(e.get('type', 'Error'))[:80]}: {str(e.get('text', ''))[:300]}".strip()
            )
        return tuple(notes[:20])

    # ------------------------------------------------------------ calling

    def call(
        self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any], inputs_after: bool = False
    ) -> CallResult:
        """Call the student's `function`; StudentError/StudentTimeout say why there is no value."""
        if function in self.timed_out:
            raise StudentTimeout(f"not run: an earlier test of {function} ran out of time")
        self.last_call = describe_call(function, args, kwargs)
        loaded = self.load()
        info = loaded.functions.get(function, {})
        if not info.get("callable"):
            raise StudentError(self._missing(function, info, loaded))
        request = {
            "op": "call",
            "id": secrets.token_hex(8),
            "function": function,
            "args": [protocol.encode(a) for a in args],
            "kwargs": {k: protocol.encode(v) for k, v in kwargs.items()},
            "inputs_after": inputs_after,
        }
        worker = self.worker
        assert worker is not None
        deadline = time.monotonic() + self.settings.limits.call_seconds
        try:
            worker.send(request)
            while (reply := worker.receive(deadline)).get("id") != request["id"]:
                pass
        except WorkerTimeout:
            self._retire(worker)
            self.timed_out.add(function)
            raise StudentTimeout(
                f"{function} did not finish within {self.settings.limits.call_seconds:g} s "
                "(look for a loop that never ends, or far more work than needed)"
            ) from None
        except WorkerDied as err:
            self._retire(worker)
            raise StudentError(f"{function} stopped the Python process running it: {err}") from None
        return self._result(function, reply)

    def _result(self, function: str, reply: dict[str, Any]) -> CallResult:
        limit = self.settings.limits.array_elements
        if reply.get("ok") is not True:
            error = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            kind = str(error.get("type", "Error"))[:80]
            text = str(error.get("text", ""))[:300]
            where = str(error.get("where", ""))[:200]
            if kind in ("SystemExit", "KeyboardInterrupt"):
                return_hint = f"{function} called {'sys.exit()' if kind == 'SystemExit' else 'raised KeyboardInterrupt'}"
                raise StudentError(
                    f"{return_hint} instead of returning a value" + (f" ({where})" if where else "")
                )
            raise StudentError(f"{function} raised {kind}: {text}" + (f" ({where})" if where else ""))
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
            raise StudentError(f"{function} returned something the grader could not read ({err})") from None
        return CallResult(value, inputs, fn_calls, seconds)

    def _missing(self, function: str, info: dict[str, Any], loaded: Loaded) -> str:
        if info.get("defined"):
            return f"{function} is defined but is not a function"
        related = [p for p in (*self.submission.problems, *loaded.problems) if function in p]
        hint = f" ({related[0]})" if related else ""
        return f"your submission does not define a function named {function}{hint}"

    # ------------------------------------------------------------ cleanup

    def _retire(self, worker: WorkerProcess) -> None:
        worker.kill()
        self.output.append(worker.student_output())
        reap_strays(set())
        if worker is self.worker:
            self.worker = None

    def close(self) -> str:
        """Stop the worker and any process it left behind; return what the student's code printed."""
        if self.worker is not None:
            self._retire(self.worker)
        return "".join(self.output)
