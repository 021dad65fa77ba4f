"""`autograder check [ASSIGNMENT]`: the instructor's lint of the course's assignments.

For each assignment (solutions/<a>/assignment.toml) it checks, in this order, and reports one finding
per problem as `file:line: message`:

- the manifest reads (course.read_manifest), and the reference and hidden tests exist;
- the reference passes every hidden test, and every graded function has hidden tests worth points
  (and no test grades a function the manifest does not list);
- every catalogued mistake (solutions/<a>/mistakes.py), put into the reference, loses points on at
  least one hidden test and is the one the diagnosis names; its texts exist in every language the
  assignment declares;
- the reference code has one source of truth: the source notebook's answer cells and the reference
  module agree (the manifest's `authoring` says which one the other is built from);
- the visible checks of the released notebook pass on the reference and fail on the released stub;
- nothing under release/<a>/ holds a line of the reference's function bodies or of the hidden tests;
- the released notebook, its answer cells filled with the reference code, runs top to bottom in a real
  Jupyter kernel within the manifest's `notebook_seconds`.

The grading goes through the same engine as students' submissions (run.Grader, validate.validate), so
what passes here is what the course will grade.
"""

from __future__ import annotations

import ast
import copy
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from autograder.config import Settings
from autograder.course import (
    MANIFEST,
    Assignment,
    ManifestError,
    hidden_tests_path,
    read_manifest,
    reference_path,
)
from autograder.messages import Messages, Text
from autograder.results import GradeReport

# A loop header this generic says nothing about a solution; a notebook may well contain one.
GENERIC_LOOP = re.compile(r"^for\w+inrange\(\w+\):$")
SETUP_NAMES = {"mistakes", "MistakeCatalog", "reference_beside", "_reference", "np", "localized"}


@dataclass(frozen=True)
class Finding:
    """One problem found in an assignment, where it is."""

    path: Path
    line: int
    message: str
    """A catalog Text (autograder/messages.py); as a plain string, English."""

    def format(self, root: Path, messages: Messages | None = None) -> str:
        """'file:line: message', the file relative to `root` when it is inside it."""
        try:
            shown = self.path.resolve().relative_to(root.resolve())
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {(messages or Messages()).render(self.message)}"


# ----------------------------------------------------------------- mutants of the reference


def _defs(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _source(node: ast.FunctionDef, lines: list[str], rename: str | None = None) -> str:
    """A function's source without its decorators, optionally renamed."""
    import textwrap

    text = textwrap.dedent("".join(lines[node.lineno - 1 : node.end_lineno]))
    if rename:
        text = text.replace(f"def {node.name}(", f"def {rename}(", 1)
    return text.rstrip() + "\n"


def mutant_module(reference: str, mistakes: str, function: str, variant: str) -> str:
    """The reference module's text with `function` replaced by the mutant called `variant` of the
    mistakes.py text `mistakes`, plus the private helpers of mistakes.py that mutant needs."""
    ref_tree = ast.parse(reference)
    ref_lines = reference.splitlines(keepends=True)
    mistakes_tree = ast.parse(mistakes)
    mistakes_lines = mistakes.splitlines(keepends=True)
    helpers = _defs(mistakes_tree)
    own = set(_defs(ref_tree)) | SETUP_NAMES
    needed: list[str] = []
    queue = sorted(_names(helpers[variant]) & set(helpers) - own - {variant})
    while queue:
        name = queue.pop(0)
        if name in needed:
            continue
        needed.append(name)
        queue += sorted(_names(helpers[name]) & set(helpers) - own - set(needed) - {variant})
    target = _defs(ref_tree)[function]
    start = min([target.lineno, *(d.lineno for d in target.decorator_list)])
    head = "".join(ref_lines[: start - 1])
    tail = "".join(ref_lines[target.end_lineno :])
    body = _source(helpers[variant], mistakes_lines, rename=function)
    extra = "".join("\n\n" + _source(helpers[name], mistakes_lines) for name in helpers if name in needed)
    return (head + body + tail).rstrip() + "\n" + extra


# ----------------------------------------------------------------- what must not be released


def normalize(line: str) -> str:
    return re.sub(r"\s+", "", line)


def significant(line: str) -> bool:
    """Long enough to be specific to one solution or test, i.e. worth calling a leak."""
    return len(line) >= 16 and not GENERIC_LOOP.match(line)


def reference_body_lines(path: Path) -> dict[str, int]:
    """Normalized significant lines of every function body (after its docstring) of a module: line."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            if not body:
                continue
            for number in range(body[0].lineno, node.end_lineno + 1):
                found.setdefault(normalize(lines[number - 1]), number)
    return {line: n for line, n in found.items() if significant(line)}


def hidden_test_lines(path: Path) -> dict[str, int]:
    """Normalized significant lines of a hidden-test file, imports aside: line."""
    found: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.lstrip().startswith(("import ", "from ")):
            found.setdefault(normalize(line), number)
    return {line: n for line, n in found.items() if significant(line)}


def released_lines(folder: Path) -> dict[Path, list[str]]:
    """The text students receive in `folder`, line by line: notebook cell sources and outputs, other files."""
    import json

    out: dict[Path, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or {"__pycache__", ".ipynb_checkpoints"} & set(path.parts):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if path.suffix == ".ipynb":
            cells = json.loads(text).get("cells", [])
            text = "\n".join(_cell_source(c) for c in cells)
            text += "\n".join(str(o) for c in cells for o in c.get("outputs", []))
        out[path] = text.splitlines()
    return out


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def release_leaks(settings: Settings, assignment: Assignment) -> list[Finding]:
    """Lines of the reference's function bodies or of the hidden tests found in release/<a>/."""
    secret = {
        line: (reference_path(settings, assignment), n)
        for line, n in reference_body_lines(reference_path(settings, assignment)).items()
    }
    tests = hidden_tests_path(settings, assignment)
    secret |= {line: (tests, n) for line, n in hidden_test_lines(tests).items() if line not in secret}
    findings = []
    for path, lines in released_lines(settings.course_root / "release" / assignment.name).items():
        for number, line in enumerate(lines, 1):
            if normalize(line) in secret:
                source, at = secret[normalize(line)]
                findings.append(
                    Finding(
                        path, number, Text("check.leak", source=source.name, line=at, text=repr(line.strip()))
                    )
                )
    return findings


# ----------------------------------------------------------------- the checks


def _grade_all(
    assignment: Assignment, settings: Settings, submissions: list[tuple[Path, str]]
) -> dict[str, GradeReport]:
    """Grade each (path, label) with one warm grader; reports by label."""
    from autograder.run import Grader, Job

    reports: dict[str, GradeReport] = {}
    with Grader(assignment, settings, warm=True) as grader:
        grader.grade_many(
            [Job(path, label) for path, label in submissions], lambda r: reports.update({r.submission: r})
        )
    return reports


def check_reference(assignment: Assignment, settings: Settings, report: GradeReport) -> list[Finding]:
    """The reference passes every hidden test; every graded function has tests worth points."""
    tests = hidden_tests_path(settings, assignment)
    findings = [
        Finding(
            tests, _test_line(tests, t.name), Text("check.reference_fails", test=t.name, message=t.message)
        )
        for t in report.tests
        if t.status != "passed"
    ]
    findings += [
        Finding(reference_path(settings, assignment), 1, Text("check.reference_note", note=n))
        for n in report.notes
    ]
    points: dict[str, float] = {}
    for t in report.tests:
        points[t.function] = points.get(t.function, 0.0) + t.max_points
    findings += missing_titles(assignment, tests, report)
    manifest = settings.solutions_dir / assignment.name / MANIFEST
    for function in assignment.functions:
        if points.get(function, 0) <= 0:
            findings.append(Finding(tests, 1, Text("check.no_points", function=function)))
    for function in sorted(set(points) - set(assignment.functions)):
        findings.append(Finding(manifest, 1, Text("check.unlisted_function", function=function)))
    return findings


def _test_line(path: Path, test: str) -> int:
    name = test.split("[")[0]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"\s*def {re.escape(name)}\(", line):
            return number
    return 1


def _mutants(assignment: Assignment, settings: Settings, scratch: Path) -> list[tuple[str, str, int, Path]]:
    """(mistake id, variant, line in mistakes.py, mutant module file) for every catalogued variant."""
    from autograder.diagnose import load_catalog, mistakes_path

    path = mistakes_path(settings.solutions_dir, assignment.name)
    catalog = load_catalog(path)
    if catalog is None:
        return []
    reference = reference_path(settings, assignment).read_text(encoding="utf-8")
    mistakes = path.read_text(encoding="utf-8")
    out = []
    for mistake in catalog.mistakes():
        for variant in mistake.variants:
            name = variant.__name__
            folder = scratch / f"{mistake.id}__{name}"
            folder.mkdir(parents=True)
            file = folder / assignment.module
            file.write_text(mutant_module(reference, mistakes, mistake.function, name), encoding="utf-8")
            out.append((mistake.id, name, variant.__code__.co_firstlineno, file))
    return out


def missing_titles(assignment: Assignment, tests: Path, report: GradeReport) -> list[Finding]:
    """Every hidden test has a title (`@graded(..., title=localized(...))`) in each language the manifest
    declares, when it declares more than English (an English-only course may go by the tests' names)."""
    from autograder.messages import LOCALIZED

    if set(assignment.languages) <= {"en"}:
        return []
    findings, seen = [], set()
    for t in report.tests:
        name = t.name.split("[", 1)[0]
        if name in seen:
            continue
        seen.add(name)
        given = t.title.params if isinstance(t.title, Text) and t.title.key == LOCALIZED else {}
        missing = [lang for lang in assignment.languages if not str(given.get(lang) or "").strip()]
        if missing:
            findings.append(Finding(tests, _test_line(tests, name), Text("check.title_missing", test=name,
                                                                        langs=", ".join(missing))))
    return findings


def check_mistakes(
    assignment: Assignment, settings: Settings, mutants: list[tuple[str, str, int, Path]], reports: dict
) -> list[Finding]:
    """Each mistake's variants lose points and are named by the diagnosis; its texts are complete."""
    from autograder.diagnose import load_catalog, mistakes_path

    path = mistakes_path(settings.solutions_dir, assignment.name)
    findings = []
    passed_by_reference = {t.name for t in reports["reference"].tests if t.status == "passed"}
    for mistake_id, variant, line, _ in mutants:
        report = reports[f"mistake {mistake_id} ({variant})"]
        lost = [t for t in report.tests if t.points < t.max_points and t.name in passed_by_reference]
        if not lost:
            findings.append(
                Finding(path, line, Text("check.mistake_loses_nothing", variant=variant, mistake=mistake_id))
            )
            continue
        named = {t.diagnosis.id for t in lost if t.diagnosis is not None and t.diagnosis.outcome == "named"}
        if mistake_id not in named:
            seen = sorted(
                {f"{t.diagnosis.outcome} {t.diagnosis.id or ''}".strip() for t in lost if t.diagnosis}
            )
            findings.append(
                Finding(
                    path,
                    line,
                    Text(
                        "check.mistake_not_named",
                        variant=variant,
                        mistake=mistake_id,
                        said=", ".join(seen) if seen else Text("check.nothing"),
                    ),
                )
            )
    catalog = load_catalog(path)
    if catalog is not None:
        for key in catalog.missing_texts(assignment.languages):
            findings.append(Finding(path, 1, Text("check.text_missing", key=key)))
    return findings


def check_visible(assignment: Assignment, settings: Settings) -> list[Finding]:
    """The released notebook's visible checks pass on the reference and fail on the released stub."""
    from autograder.validate import NoVisibleTests, validate

    release = settings.course_root / "release" / assignment.name
    notebook, stub = release / f"{assignment.name}.ipynb", release / assignment.module
    for path in (notebook, stub):
        if not path.is_file():
            return [Finding(path, 1, Text("check.release_missing"))]
    findings = []
    try:
        on_reference = validate(
            assignment, reference_path(settings, assignment), settings, "reference", notebook
        )
        on_stub = validate(assignment, stub, settings, "stub", notebook)
    except NoVisibleTests as err:
        return [Finding(notebook, 1, Text("check.no_visible_checks", error=str(err)))]
    for c in on_reference.checks:
        if c.status != "passed":
            findings.append(
                Finding(notebook, 1, Text("check.visible_fails_reference", check=c.name, message=c.message))
            )
    if not on_reference.checks:
        findings.append(Finding(notebook, 1, Text("check.no_visible_check")))
    if on_stub.ok:
        findings.append(Finding(notebook, 1, Text("check.stub_passes")))
    return findings


MARKER_LINE = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def _function_dump(node: ast.FunctionDef, drop: set[str]) -> str:
    """The function's AST (names, code, docstring; no positions), nested helpers named in `drop` left out."""
    node = copy.deepcopy(node)
    node.body = [n for n in node.body if not (isinstance(n, ast.FunctionDef) and n.name in drop)]
    return ast.dump(node, annotate_fields=False)


def check_single_source(assignment: Assignment, settings: Settings) -> list[Finding]:
    """The source notebook's answer cells and the reference module hold the same code.

    Which one is the truth depends on the manifest's `authoring`: "module" (the default) builds the
    notebook from solutions/<a>/<module>; "notebook" derives the module from the source notebook.
    """
    import json

    notebook = settings.course_root / "source" / assignment.name / f"{assignment.name}.ipynb"
    module = reference_path(settings, assignment)
    if not notebook.is_file():
        return [Finding(notebook, 1, Text("check.source_missing"))]
    tree = ast.parse(module.read_text(encoding="utf-8"))
    reference = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    helpers = set(reference) - set(assignment.functions)
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    in_notebook: dict[str, ast.FunctionDef] = {}
    for cell in cells:
        if cell.get("cell_type") == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            code = "\n".join(line for line in _cell_source(cell).splitlines() if not MARKER_LINE.match(line))
            try:
                body = ast.parse(code).body
            except SyntaxError:
                continue
            in_notebook |= {n.name: n for n in body if isinstance(n, ast.FunctionDef) and n.name in reference}
    findings = []
    for function in assignment.functions:
        ref, cell = reference.get(function), in_notebook.get(function)
        if (
            ref is not None
            and cell is not None
            and _function_dump(ref, helpers) == _function_dump(cell, helpers)
        ):
            continue
        if assignment.authoring == "notebook":
            findings.append(
                Finding(
                    module,
                    ref.lineno if ref else 1,
                    Text(
                        "check.differs_notebook_truth",
                        function=function,
                        notebook=notebook.name,
                        name=assignment.name,
                    ),
                )
            )
        else:
            findings.append(
                Finding(
                    notebook,
                    1,
                    Text(
                        "check.differs_module_truth",
                        function=function,
                        module=module.name + (f":{ref.lineno}" if ref else ""),
                        name=assignment.name,
                    ),
                )
            )
    return findings


def check_notebook_runs(assignment: Assignment, settings: Settings) -> list[Finding]:
    """The released notebook, answer cells replaced by the reference module, runs in a real kernel."""
    notebook = settings.course_root / "release" / assignment.name / f"{assignment.name}.ipynb"
    if not notebook.is_file():
        return []  # reported by check_visible
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    except ImportError:
        return [
            Finding(
                notebook,
                1,
                "cannot run it: nbclient is missing (pip install 'descent-kit-autograder[course]')",
            )
        ]
    nb = nbformat.read(notebook, as_version=4)
    reference = reference_path(settings, assignment).read_text(encoding="utf-8")
    answers = 0
    for cell in nb.cells:
        if str(cell.metadata.get("nbgrader", {}).get("grade_id", "")).startswith("answer_"):
            cell.source = reference
            answers += 1
    findings = []
    if answers != len(assignment.functions):
        findings.append(
            Finding(
                notebook, 1, Text("check.answer_cells", answers=answers, functions=len(assignment.functions))
            )
        )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="descent-kit-check-") as folder:
        for extra in notebook.parent.iterdir():
            if extra.is_file() and extra.suffix != ".ipynb":
                (Path(folder) / extra.name).write_bytes(extra.read_bytes())
        client = NotebookClient(
            nb,
            timeout=assignment.notebook_seconds,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        )
        try:
            client.execute()
        except CellTimeoutError:
            findings.append(
                Finding(notebook, 1, Text("check.cell_timeout", seconds=assignment.notebook_seconds))
            )
        except (CellExecutionError, DeadKernelError) as err:
            findings.append(Finding(notebook, 1, Text("check.notebook_fails", error=str(err)[-400:])))
    seconds = time.monotonic() - started
    if seconds > assignment.notebook_seconds:
        findings.append(
            Finding(
                notebook, 1, Text("check.notebook_slow", seconds=seconds, limit=assignment.notebook_seconds)
            )
        )
    return findings


def check_assignment(
    name: str, settings: Settings, kernel: bool = True, say: Callable[[str], None] = lambda _: None
) -> list[Finding]:
    """Every finding for assignment `name` (solutions/<name>/); an empty list means it is fit to release."""
    manifest = settings.solutions_dir / name / MANIFEST
    try:
        assignment = read_manifest(manifest)
    except ManifestError as err:
        return [Finding(err.path, err.line, err.problem)]
    reference, tests = reference_path(settings, assignment), hidden_tests_path(settings, assignment)
    missing = [Finding(p, 1, Text("check.missing")) for p in (reference, tests) if not p.is_file()]
    if missing:
        return missing
    findings: list[Finding] = []
    from autograder.run import HiddenTestsBroken
    from autograder.session import GraderFailure

    with tempfile.TemporaryDirectory(prefix="descent-kit-mutants-") as scratch:
        try:
            mutants = _mutants(assignment, settings, Path(scratch))
        except Exception as err:  # an instructor's file: say what is wrong with it
            from autograder.diagnose import mistakes_path

            mutants = []
            findings.append(
                Finding(
                    mistakes_path(settings.solutions_dir, name),
                    1,
                    Text("check.mistakes_unusable", error=repr(err)),
                )
            )
        say(Text("check.progress.grading", name=name, count=len(mutants)))
        jobs = [(reference, "reference")] + [(file, f"mistake {i} ({v})") for i, v, _, file in mutants]
        try:
            reports = _grade_all(assignment, settings, jobs)
        except (HiddenTestsBroken, GraderFailure) as err:
            return [*findings, Finding(tests, 1, Text("check.hidden_tests_broken", error=str(err)))]
        findings += check_reference(assignment, settings, reports["reference"])
        findings += check_mistakes(assignment, settings, mutants, reports)
    say(Text("check.progress.release", name=name))
    findings += check_single_source(assignment, settings)
    findings += check_visible(assignment, settings)
    findings += release_leaks(settings, assignment)
    if kernel:
        say(Text("check.progress.kernel", name=name))
        findings += check_notebook_runs(assignment, settings)
    return findings


def assignment_names(settings: Settings) -> list[str]:
    """Every folder of solutions/ with a manifest."""
    return sorted(p.parent.name for p in settings.solutions_dir.glob(f"*/{MANIFEST}"))


def run_checks(
    names: Iterable[str],
    settings: Settings,
    kernel: bool,
    out: Callable[[str], None],
    say: Callable[[str], None],
    messages: Messages | None = None,
) -> int:
    """Check each assignment, print one line per finding; 1 if anything was found, else 0.

    `say` gets progress lines, `out` the findings, both in the language of `messages`."""
    messages = messages or Messages(settings.lang)
    failed = False
    for name in names:
        findings = check_assignment(name, settings, kernel, lambda text: say(messages.render(text)))
        for finding in findings:
            out(finding.format(settings.course_root, messages))
        done = (
            Text("check.failed", name=name, count=len(findings)) if findings else Text("check.ok", name=name)
        )
        say(messages.render(done))
        failed = failed or bool(findings)
    return 1 if failed else 0
