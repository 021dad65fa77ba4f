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
from collections.abc import Callable, Iterator
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


SERVER_EXTENSIONS = ("assignment_list", "course_list", "validate_assignment", "formgrader")


def without_server_extensions() -> None:
    """In a process that serves no Jupyter page (`autograder autograde`'s own): skip importing the
    Jupyter server extensions that nbgrader's package imports whichever of its modules is asked for
    (Jupyter Server and tornado: half a second before any grading process can start).

    Stand-ins take their place: their submodules are still nbgrader's own, and their loaders say
    that this process serves nothing. No effect once nbgrader is imported."""
    import importlib.util
    import types

    if "nbgrader" in sys.modules:
        return
    spec = importlib.util.find_spec("nbgrader")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return
    folder = Path(list(spec.submodule_search_locations)[0]) / "server_extensions"
    for name in SERVER_EXTENSIONS:
        stand_in = types.ModuleType(f"nbgrader.server_extensions.{name}")
        stand_in.__path__ = [str(folder / name)]  # type: ignore[attr-defined]
        stand_in.load_jupyter_server_extension = _serves_nothing  # type: ignore[attr-defined]
        sys.modules.setdefault(stand_in.__name__, stand_in)


def _serves_nothing(app: object) -> None:
    raise RuntimeError("this process skipped nbgrader's Jupyter server extensions (without_server_extensions)")


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
    from nbgrader.apps import NbGraderApp

    log = io.StringIO()
    with _inside(cwd, log):
        app = NbGraderApp.instance()
    try:
        with _inside(cwd, log):
            code = _exit_code(lambda: (app.initialize(argv), app.start()))
    finally:
        _reset(app, cwd, log)
    return code, log.getvalue()


@contextlib.contextmanager
def _inside(cwd: Path, log: io.StringIO) -> Iterator[None]:
    """Run in `cwd` with everything printed going to `log`, as a command run there would."""
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            yield
    finally:
        os.chdir(previous)


def _exit_code(step: Callable[[], object]) -> int:
    """The exit status of a command doing `step`: 0 unless it calls sys.exit (NoStart ends it well)."""
    from jupyter_core.application import NoStart

    try:
        step()
    except NoStart:
        pass
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def _reset(app: object, cwd: Path, log: io.StringIO) -> None:
    """Forget nbgrader's application singletons, so the next command starts from nothing."""
    from nbgrader.apps import NbGraderApp

    with _inside(cwd, log):
        app.reset()  # type: ignore[attr-defined]
    NbGraderApp.clear_instance()


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
        with _inside(course_root, self.log):
            self.app = NbGraderApp.instance()
            code = _exit_code(lambda: self.app.initialize(self.argv))
        if code:
            self.close()
            _check(self.argv, code, self.log.getvalue())

    def autograde(self, student: str) -> str:
        """Autograde one student's submission; return nbgrader's log, raise NbgraderFailed on failure."""
        self.log.seek(0)
        self.log.truncate()
        with _inside(self.course_root, self.log):
            self.app.subapp.coursedir.student_id = student
            code = _exit_code(self.app.start)
        output = self.log.getvalue()
        _check([*self.argv, "--student", student], code, output)
        return output

    def close(self) -> None:
        _reset(self.app, self.course_root, self.log)

    def __enter__(self) -> Autograder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
