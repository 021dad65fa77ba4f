"""Run `nbgrader <subcommand> ...` inside this Python process, exactly as the command line would.

Starting the `nbgrader` program costs several seconds of imports (Jupyter server, nbconvert) before it
does anything; a course's lifecycle runs a hundred such commands. This runs the same application class
with the same arguments and configuration files, the way nbgrader's own test-suite does
(`nbgrader.tests.run_nbgrader`), so each command costs only its work. `subprocess=True` runs the real
executable instead, for checking that both agree.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


class NbgraderFailed(RuntimeError):
    """An nbgrader command exited with an error; the message ends with the tail of its log."""


def prepare_process() -> None:
    """Make this process fit to run nbgrader commands; call before anything imports nbformat.

    - nbgrader creates a new gradebook by running `alembic`, found on PATH: put this interpreter's
      scripts folder (the venv's bin/) first, so it works without an activated venv.
    - Skip a 4-second import nobody here needs: rfc3987_syntax builds a grammar when imported, and
      jsonschema (imported by nbformat) uses it, when installed, only to check the "iri" string
      format, which no notebook schema uses.
    """
    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def stop_on_sigterm() -> None:
    """Treat `kill` like Ctrl-C, so that worker processes are stopped and nothing is left behind."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def run_nbgrader(
    argv: list[str], cwd: Path, log: io.TextIOBase | None = None, subprocess_mode: bool = False
) -> str:
    """Run `nbgrader *argv` in `cwd`; return its log, raise NbgraderFailed on a non-zero exit."""
    if subprocess_mode:
        nbgrader = Path(sys.executable).with_name("nbgrader")
        done = subprocess.run([str(nbgrader), *argv], cwd=cwd, capture_output=True, text=True)
        output = done.stdout + done.stderr
        code = done.returncode
    else:
        code, output = _in_process(argv, cwd)
    if log is not None:
        log.write(f"$ (cd {cwd} && nbgrader {' '.join(argv)})\n{output}\n")
        log.flush()
    _check(argv, code, output)
    return output


def _check(argv: list[str], code: int, output: str) -> None:
    if code:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise NbgraderFailed(f"nbgrader {' '.join(argv)} failed (exit {code}):\n{tail}")


def _in_process(argv: list[str], cwd: Path) -> tuple[int, str]:
    from jupyter_core.application import NoStart
    from nbgrader.apps import NbGraderApp

    buffer = io.StringIO()
    previous = os.getcwd()
    os.chdir(cwd)
    app = NbGraderApp.instance()
    code = 0
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            try:
                app.initialize(argv)
                app.start()
            except NoStart:
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            app.reset()
        NbGraderApp.clear_instance()
        os.chdir(previous)
    return code, buffer.getvalue()


class Autograder:
    """`nbgrader autograde ASSIGNMENT --student S --force` for one student after another, in this process.

    nbgrader's application is set up once (its command line, nbgrader_config.py, logging), which is a
    tenth of a one-student run; each `autograde(student)` then starts it as the command would, so
    nbgrader's own Autograde converter handles the student with the same configuration. nbgrader's
    applications are singletons: while this is open, nothing else in the process may run nbgrader.
    """

    def __init__(self, course_root: Path, assignment: str) -> None:
        from nbgrader.apps import NbGraderApp

        self.course_root = course_root
        self.argv = ["autograde", "--assignment", assignment, "--force"]
        self.log = io.StringIO()
        code = 0
        with self._inside():
            self.app = NbGraderApp.instance()
            try:
                self.app.initialize(self.argv)
            except SystemExit as stop:  # a broken nbgrader_config.py, say
                code = stop.code if isinstance(stop.code, int) else 1
        if code:
            output = self.log.getvalue()
            self.close()
            _check(self.argv, code, output)

    @contextlib.contextmanager
    def _inside(self) -> Iterator[None]:
        previous = os.getcwd()
        os.chdir(self.course_root)
        self.log.seek(0)
        self.log.truncate()
        try:
            with contextlib.redirect_stdout(self.log), contextlib.redirect_stderr(self.log):
                yield
        finally:
            os.chdir(previous)

    def autograde(self, student: str) -> str:
        """Autograde one student's submission; return nbgrader's log, raise NbgraderFailed on failure."""
        from jupyter_core.application import NoStart

        code = 0
        with self._inside():
            self.app.subapp.coursedir.student_id = student
            try:
                self.app.start()
            except NoStart:
                pass
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
        output = self.log.getvalue()
        _check([*self.argv, "--student", student], code, output)
        return output

    def close(self) -> None:
        from nbgrader.apps import NbGraderApp

        with self._inside():
            self.app.reset()
        NbGraderApp.clear_instance()

    def __enter__(self) -> Autograder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
