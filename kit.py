#!/usr/bin/env python3
"""descent-kit's two entry points for a new machine with nothing but Python.

    python3 kit.py demo   set everything up, then run the full grading lifecycle on the sample cohort
    python3 kit.py test   set everything up, then run the kit's own tests (what CI runs)

Setting up means: create .venv, install the kit with its course and dev extras into it (again only when
pyproject.toml changed), and, when running as root on Debian/Ubuntu without bubblewrap, install it so the
sandbox can use namespaces. Standard library only: this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".descent-kit-installed"


def say(message: str) -> None:
    print(f"[kit] {message}", flush=True)


def run(*argv: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in argv], check=True, **kwargs)


def setup() -> None:
    """Create and fill .venv when missing or out of date; best-effort sandbox tools."""
    if sys.version_info < (3, 10):  # noqa: UP036 - kit.py runs on whatever python3 the machine has
        sys.exit(f"descent-kit needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        say("installing the kit and its dependencies into .venv (a few minutes the first time)")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
        run(
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-e",
            ".[course,dev]",
            cwd=ROOT,
        )
        STAMP.write_text(wanted)
    # `autograder` runs with sys.dont_write_bytecode (it must not leave __pycache__ in course or
    # solution folders), so the engine's own bytecode is compiled here, once: compiling it on every run
    # costs a tenth of a second (an installed wheel gets this from pip).
    run(PYTHON, "-m", "compileall", "-q", "autograder", cwd=ROOT)
    _sandbox_tools()
    _database_server()


def _sandbox_tools() -> None:
    if shutil.which("bwrap"):
        return
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing bubblewrap for the sandbox's namespaces (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        if subprocess.run(["apt-get", "install", "-y", "-qq", "bubblewrap"], **quiet).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], **quiet)
            subprocess.run(["apt-get", "install", "-y", "-qq", "bubblewrap"], **quiet)
    if not shutil.which("bwrap"):
        say(
            "bubblewrap is not available: grading still works, with fewer sandbox layers (see docs/security.md)"
        )


def _database_server() -> None:
    """Debian's PostgreSQL server, for the tests of a PostgreSQL gradebook (docs/scale.md); best-effort."""
    if list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or shutil.which("initdb"):
        return
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing PostgreSQL for the gradebook-server tests (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        if subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], **quiet).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], **quiet)
            subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], **quiet)
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) and not shutil.which("initdb"):
        say("PostgreSQL is not available: the gradebook stays SQLite; its server tests are skipped")


def demo(args: list[str]) -> int:
    setup()
    return subprocess.run([str(PYTHON), str(ROOT / "scripts" / "demo.py"), *args], cwd=ROOT).returncode


def test(args: list[str]) -> int:
    setup()
    say("ruff check")
    lint = subprocess.run([str(VENV / "bin" / "ruff"), "check", "."], cwd=ROOT).returncode
    say("pytest")
    tests = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode
    return tests or lint


def main() -> int:
    commands = {"demo": demo, "test": test, "setup": lambda _: setup() or 0}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
