#!/usr/bin/env python3
"""descent-kit's two entry points for a new machine with nothing but Python.

    python3 kit.py demo   set everything up, then run the full grading lifecycle on the sample cohort
    python3 kit.py test   set everything up, then run the kit's own tests (what CI runs)

Setting up means: create .venv, install the kit with its course and dev extras into it (again only when
pyproject.toml changed), and, when running as root on Debian/Ubuntu, install the Debian packages in
SYSTEM_PACKAGES that are missing (bubblewrap for the sandbox's namespaces, chromium for the browser
tests, postgresql for the gradebook-server tests, fonts-nanum for plots in Korean). Standard library only: this runs before anything is installed.
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
    _system_packages()


SYSTEM_PACKAGES: dict[str, tuple[str, str]] = {
    # Debian package: (program or absolute path that shows it is installed, what the kit loses without it)
    "bubblewrap": ("bwrap", "grading still works, with fewer sandbox layers (see docs/security.md)"),
    "chromium": ("chromium", "the browser tests (tests/browser/) skip"),
    "postgresql": ("/usr/lib/postgresql/*/bin/initdb", "the PostgreSQL gradebook and Dask cluster tests skip"),
    "fonts-nanum": ("/usr/share/fonts/truetype/nanum", "plots in the Korean notebooks may show boxes for Hangul"),
}
"""Debian packages setup installs when running as root on Debian/Ubuntu; each is optional."""


def _system_packages() -> None:
    """Best-effort `apt-get install` of SYSTEM_PACKAGES that are missing; say what is lost otherwise."""
    missing = [name for name, (probe, _) in SYSTEM_PACKAGES.items() if not _present(probe)]
    if missing and os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing {', '.join(missing)} (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
        if subprocess.run(install, **quiet).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], **quiet)
            subprocess.run(install, **quiet)
    for name in missing:
        probe, lost = SYSTEM_PACKAGES[name]
        if not _present(probe):
            say(f"{name} is not available: {lost}")
    if "fonts-nanum" in missing and _present(SYSTEM_PACKAGES["fonts-nanum"][0]):
        # Matplotlib keeps the font list it made on first use; have it look again.
        rebuild = "from matplotlib import font_manager; font_manager._load_fontmanager(try_read_cache=False)"
        subprocess.run([str(PYTHON), "-c", rebuild], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _present(probe: str) -> bool:
    """A program on PATH, or an absolute path (which may hold a `*`) that exists."""
    if probe.startswith("/"):
        return any(Path("/").glob(probe[1:])) if "*" in probe else Path(probe).exists()
    return shutil.which(probe) is not None



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
