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
    if code:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise NbgraderFailed(f"nbgrader {' '.join(argv)} failed (exit {code}):\n{tail}")
    return output


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
