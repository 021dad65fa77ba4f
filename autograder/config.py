"""Every setting of the grader in one place: limits, tolerances and where the course lives."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from autograder.messages import choose_language

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True)
class Limits:
    """Bounds on what a submission may use; each one protects the grader or the machine."""

    call_seconds: float = 5.0
    """Wall-clock time allowed for one call of a student function."""
    load_seconds: float = 10.0
    """Wall-clock time allowed for running the submission's top-level code (imports, definitions)."""
    cpu_seconds: int = 120
    """CPU seconds for one worker process over its whole life (RLIMIT_CPU)."""
    address_space: int = 2 * GIB
    """Virtual memory of the worker (RLIMIT_AS)."""
    processes: int = 64
    """Processes and threads the worker's user may run (RLIMIT_NPROC; enforced for non-root users)."""
    file_size: int = 16 * MIB
    """Largest file the worker may write (RLIMIT_FSIZE)."""
    open_files: int = 64
    """File descriptors the worker may hold (RLIMIT_NOFILE)."""
    output_bytes: int = 64 * 1024
    """Student output (prints) kept for the report; the rest is read and dropped."""
    reply_bytes: int = 64 * MIB
    """Largest single reply line the grader reads from the worker."""
    array_elements: int = 4_000_000
    """Largest number of numbers in one reply."""
    submission_bytes: int = 100 * MIB
    """Largest submission file the grader reads (nbgrader's own default cap)."""
    restarts: int = 12
    """Times the grader restarts a worker that died or hung before it gives up on a submission."""
    diagnose_seconds: float = 20.0
    """Time the grader may spend replaying known mistakes (diagnose.py) for one submission."""


@dataclass(frozen=True)
class Tolerance:
    """Default float comparison, as the contract fixes it."""

    rtol: float = 1e-6
    atol: float = 1e-9


@dataclass(frozen=True)
class Settings:
    """Everything one grading run needs to know, resolved once at start-up."""

    course_root: Path
    solutions_dir: Path
    limits: Limits = field(default_factory=Limits)
    tolerance: Tolerance = field(default_factory=Tolerance)
    sandbox: str = "auto"
    """'auto' uses every isolation layer the host supports; 'minimal' only session, rlimits and scratch."""
    python: str = ""
    """Interpreter for the worker; empty means the grader's own."""
    lang: str = "en"
    """Language of every message, 'en' or 'ko': --lang, else AUTOGRADER_LANG, else the course's
    `c.DescentKit.lang` in nbgrader_config.py, else English."""

    def with_limits(self, **changes: float) -> Settings:
        """A copy with some limits changed."""
        return replace(self, limits=replace(self.limits, **changes))


def find_course_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding nbgrader_config.py, else `start` itself."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / "nbgrader_config.py").is_file():
            return candidate
    return start


def load_settings(cwd: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings for a run started in `cwd`, with overrides from AUTOGRADER_* environment variables.

    AUTOGRADER_COURSE: course root; AUTOGRADER_SOLUTIONS: where reference solutions and hidden tests
    live (default <course>/solutions); AUTOGRADER_CALL_TIMEOUT, AUTOGRADER_LOAD_TIMEOUT: seconds;
    AUTOGRADER_MEMORY: bytes of address space; AUTOGRADER_SANDBOX: auto|minimal; AUTOGRADER_LANG: en|ko.
    """
    env = os.environ if environ is None else environ
    root = Path(env["AUTOGRADER_COURSE"]).resolve() if env.get("AUTOGRADER_COURSE") else None
    root = root or find_course_root(cwd or Path.cwd())
    solutions = Path(env.get("AUTOGRADER_SOLUTIONS") or root / "solutions").resolve()
    limits = Limits()
    overrides: dict[str, float] = {}
    if env.get("AUTOGRADER_CALL_TIMEOUT"):
        overrides["call_seconds"] = float(env["AUTOGRADER_CALL_TIMEOUT"])
    if env.get("AUTOGRADER_LOAD_TIMEOUT"):
        overrides["load_seconds"] = float(env["AUTOGRADER_LOAD_TIMEOUT"])
    if env.get("AUTOGRADER_MEMORY"):
        overrides["address_space"] = int(env["AUTOGRADER_MEMORY"])
    return Settings(
        course_root=root,
        solutions_dir=solutions,
        limits=replace(limits, **overrides),
        sandbox=env.get("AUTOGRADER_SANDBOX", "auto"),
        lang=choose_language(None, env, course_language(root)),
    )


def course_language(root: Path) -> str | None:
    """The course's `c.DescentKit.lang = "ko"` from nbgrader_config.py, read without running the file."""
    try:
        tree = ast.parse((root / "nbgrader_config.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    found = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if ast.unparse(target) == "c.DescentKit.lang" and isinstance(node.value.value, str):
                    found = node.value.value
    return found


HANGUL_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Apple SD Gothic Neo", "AppleGothic",
                "Malgun Gothic")
"""Korean fonts Matplotlib may find, best first: Debian's fonts-nanum (installed by `kit.py setup` as
root) gives NanumGothic; macOS and Windows have theirs."""

HANGUL_PLOT_RC = {"font.family": ["DejaVu Sans", "sans-serif"], "font.sans-serif": [*HANGUL_FONTS, "DejaVu Sans"]}
"""Matplotlib settings of every Korean plot (notebooks' matplotlibrc, feedback pages): DejaVu Sans draws
Latin letters, digits and math, and Matplotlib falls back glyph by glyph to the first Korean font the
machine has (the generic family: no warning for the ones it lacks). Mathtext does not fall back, so a
Korean label holds no `$...$` (the build checks it): its math is plain Unicode (x², η)."""
