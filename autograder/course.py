"""The course's assignments, read from the course folder: the engine itself names none.

Each assignment is a folder `solutions/<assignment>/` (instructor-only) holding a manifest,
`assignment.toml`, next to its reference module, its hidden tests (`test_hidden.py`) and, optionally,
its catalogue of known mistakes (`mistakes.py`) and its feedback plot (`plot.py`):

    module = "gradient_descent.py"                       # the file students fill in
    functions = ["get_minimizer_x", "gradient_descent"]  # the graded functions, in the notebook's order
    languages = ["en", "ko"]                             # every message must exist in each (optional)
    authoring = "module"    # or "notebook": where the reference code is written (optional)

    [limits]                                             # optional
    notebook_seconds = 120  # the released notebook, run top to bottom with the reference code

Points are not in the manifest: each hidden test carries its own (`@graded(function, points=...)`).
A manifest that cannot be read or is wrong raises `ManifestError`, whose message names the file and
line. A student's copy of the course has no `solutions/`, hence no assignment: there `autograder
validate` reads the module and graded functions from the released notebook beside the submission.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.config import Settings
from autograder.messages import LANGUAGES, Messages, Text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

MANIFEST = "assignment.toml"
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
KEYS = {"module", "functions", "languages", "limits", "title", "authoring"}
AUTHORING = ("module", "notebook")
LIMIT_KEYS = {"notebook_seconds"}


@dataclass(frozen=True)
class Assignment:
    """One assignment: the module students write, the functions that are graded, and its limits."""

    name: str
    module: str
    """File name of the module students fill in, e.g. 'gradient_descent.py'."""
    functions: tuple[str, ...]
    languages: tuple[str, ...] = LANGUAGES
    """The languages every message of the assignment exists in."""
    notebook_seconds: float = 120.0
    """Time for the released notebook, with the reference code, to run top to bottom."""
    title: str = ""
    authoring: str = "module"
    """Where the reference code is written, its single source of truth: "module" (solutions/<a>/<module>,
    the notebook is built from it) or "notebook" (the nbgrader source notebook, the module is derived)."""

    @property
    def module_name(self) -> str:
        return self.module.removesuffix(".py")


class UnknownAssignment(LookupError):
    """The named assignment is not one of the course's."""


class ManifestError(ValueError):
    """An assignment.toml that cannot be used: where (file and line) and what is wrong.

    As a string it is 'file:line: problem' in English; `render` gives it in a reader's language."""

    def __init__(self, path: Path, line: int, problem: Text) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem

    def render(self, messages: Messages) -> str:
        return f"{self.path}:{self.line}: {messages.render(self.problem)}"


def _line_of(text: str, key: str) -> int:
    """The line where `key = ...` is written in a manifest (1 when it is absent)."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line) or line.strip() == f"[{key}]":
            return number
    return 1


def read_manifest(path: Path) -> Assignment:
    """The assignment described by `path` (solutions/<name>/assignment.toml), or ManifestError."""
    name = path.parent.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ManifestError(path, 1, Text("manifest.cannot_read", error=str(err))) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        number = int(line.group(1)) if line else 1
        raise ManifestError(path, number, Text("manifest.not_toml", error=str(err))) from None

    def fail(key: str, problem: Text) -> ManifestError:
        return ManifestError(path, _line_of(text, key), Text("manifest.at", key=key, problem=problem))

    if not NAME.match(name):
        raise ManifestError(path, 1, Text("manifest.bad_folder", name=repr(name)))
    for key in sorted(set(data) - KEYS):
        raise fail(key, Text("manifest.unknown_key", known=", ".join(sorted(KEYS))))
    module = data.get("module")
    if not isinstance(module, str) or not module.endswith(".py") or not NAME.match(module[:-3]):
        raise fail("module", Text("manifest.module"))
    functions = data.get("functions")
    if (
        not isinstance(functions, list)
        or not functions
        or not all(isinstance(f, str) and NAME.match(f) for f in functions)
    ):
        raise fail("functions", Text("manifest.functions"))
    if len(set(functions)) != len(functions):
        raise fail("functions", Text("manifest.functions_twice"))
    languages = data.get("languages", list(LANGUAGES))
    if not isinstance(languages, list) or not languages or not all(lang in LANGUAGES for lang in languages):
        raise fail("languages", Text("manifest.languages", choices=", ".join(LANGUAGES)))
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        raise fail("limits", Text("manifest.limits_table"))
    for key, value in limits.items():
        if key not in LIMIT_KEYS:
            raise fail(key, Text("manifest.unknown_limit", known=", ".join(sorted(LIMIT_KEYS))))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise fail(key, Text("manifest.seconds"))
    title = data.get("title", "")
    if not isinstance(title, str):
        raise fail("title", Text("manifest.title"))
    authoring = data.get("authoring", "module")
    if authoring not in AUTHORING:
        raise fail("authoring", Text("manifest.authoring", choices=", ".join(map(repr, AUTHORING))))
    return Assignment(
        name,
        module,
        tuple(functions),
        tuple(languages),
        float(limits.get("notebook_seconds", 120.0)),
        title,
        authoring,
    )


def manifests(settings: Settings) -> list[Path]:
    """The manifests of the course: solutions/*/assignment.toml, in the order of their folder names."""
    return sorted(settings.solutions_dir.glob(f"*/{MANIFEST}"))


def course_assignments(settings: Settings | None = None) -> dict[str, Assignment]:
    """Every assignment of the course, by name, in the order of their folder names."""
    if settings is None:
        from autograder.config import load_settings

        settings = load_settings()
    return {a.name: a for a in map(read_manifest, manifests(settings))}


def get_assignment(name: str, settings: Settings | None = None) -> Assignment:
    """The assignment called `name`, or UnknownAssignment naming the valid ones."""
    assignments = course_assignments(settings)
    try:
        return assignments[name]
    except KeyError:
        raise UnknownAssignment(
            Text("course.unknown_assignment", name=repr(name), names=", ".join(assignments) or "-")
        ) from None


def assignment_dir(settings: Settings, assignment: Assignment) -> Path:
    """The assignment's instructor-only folder."""
    return settings.solutions_dir / assignment.name


def reference_path(settings: Settings, assignment: Assignment) -> Path:
    """The reference solution module (instructor-only)."""
    return settings.solutions_dir / assignment.name / assignment.module


def hidden_tests_path(settings: Settings, assignment: Assignment) -> Path:
    """The hidden pytest file for an assignment (instructor-only)."""
    return settings.solutions_dir / assignment.name / "test_hidden.py"

