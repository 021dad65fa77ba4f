"""Build the student material in source/ from the reference solutions in solutions/.

For each assignment this writes two files that nbgrader turns into release/:

  source/<assignment>/<assignment>.ipynb
      The nbgrader source notebook: the narrative and plots of
      scripts/notebook_templates/<assignment>.py, each graded function's reference code inside an
      autograded-answer cell, a read-only check cell after it, and a final "Graded tests" section
      with one grade cell per hidden test of solutions/<assignment>/test_hidden.py (read with `ast`,
      never imported; the section is left out while that file does not exist).
  source/<assignment>/<module>.py
      The stub module students fill in: the reference's module docstring and imports, and each graded
      function's signature and docstring with nbgrader's code stub as its body. nbgrader copies this
      file to release/ verbatim, so it never holds reference code.

Usage (from the course root):
  .venv/bin/python scripts/build_sources.py             rebuild what changed in source/
  .venv/bin/python scripts/build_sources.py --release   ... then regenerate release/ with nbgrader
  .venv/bin/python scripts/build_sources.py --check     write nothing; exit 1 listing stale files
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import os
import re
import subprocess
import sys
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.config import load_settings
from autograder.course import Assignment, course_assignments

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "notebook_templates"

# nbgrader's delimiters; they may appear in generated cells only, never in a template.
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class BuildError(Exception):
    """The references, templates or hidden tests cannot be turned into student material."""


# --- reference solutions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    """One top-level function of a reference module, cut into the pieces the build reuses."""

    name: str
    signature: str
    """Decorators and the `def` line(s) up to the colon, as written."""
    docstring: str
    """The docstring statement as written (indented), or '' when there is none."""
    body: str
    """Everything after the docstring, as written (indented)."""
    indent: str
    """Indentation of the body."""
    names: frozenset[str]
    """Every name the function reads, to find the private helpers it needs."""

    @property
    def source(self) -> str:
        return "\n".join(part for part in (self.signature, self.docstring, self.body) if part)


@dataclass(frozen=True)
class Reference:
    """A reference module: docstring, import statements and functions in file order."""

    path: Path
    docstring: str
    imports: tuple[str, ...]
    functions: dict[str, Function]

    def helpers_for(self, name: str) -> list[Function]:
        """Private functions `name` needs, directly or through other helpers, in file order."""
        needed: set[str] = set()
        todo = [name]
        while todo:
            for used in self.functions[todo.pop()].names:
                if used.startswith("_") and used in self.functions and used not in needed:
                    needed.add(used)
                    todo.append(used)
        return [f for f in self.functions.values() if f.name in needed]


def parse_reference(path: Path) -> Reference:
    """Read a reference module with `ast`; anything but a docstring, imports and functions is an error."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    lines = text.splitlines()
    imports: list[str] = []
    functions: dict[str, Function] = {}
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(ast.get_source_segment(text, node) or "")
        elif isinstance(node, ast.FunctionDef):
            functions[node.name] = _cut_function(node, lines, path)
        else:
            raise BuildError(
                f"{path}:{node.lineno}: only imports and functions are supported at the top level "
                "of a reference module (a graded function cannot take module-level state into a notebook cell)"
            )
    return Reference(path, ast.get_docstring(tree) or "", tuple(imports), functions)


def _cut_function(node: ast.FunctionDef, lines: list[str], path: Path) -> Function:
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    header_end = _header_end(lines, node.lineno)
    first = node.body[0]
    if first.lineno <= header_end:
        raise BuildError(f"{path}:{node.lineno}: put the body of {node.name} on its own lines")
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    has_doc = has_doc and isinstance(first.value.value, str)
    body_start = first.end_lineno if has_doc else header_end
    body = lines[body_start : node.end_lineno]
    while body and not body[0].strip():
        body.pop(0)
    indent = re.match(r"\s*", lines[first.lineno - 1]).group()
    return Function(
        name=node.name,
        signature="\n".join(lines[start - 1 : header_end]),
        docstring="\n".join(lines[first.lineno - 1 : first.end_lineno]) if has_doc else "",
        body="\n".join(body),
        indent=indent,
        names=frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name)),
    )


def _header_end(lines: list[str], def_line: int) -> int:
    """Line number of the colon that ends the `def` header starting on `def_line`."""
    rest = iter(line + "\n" for line in lines[def_line - 1 :])
    depth = 0
    for tok in tokenize.generate_tokens(lambda: next(rest, "")):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        elif tok.type == tokenize.OP and tok.string == ":" and depth == 0:
            return def_line + tok.start[0] - 1
    raise BuildError(f"no end of the def header at line {def_line}")


# --- hidden tests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HiddenTest:
    """One `@graded(function, points=...)` test function of a test_hidden.py file."""

    name: str
    function: str
    points_each: int | float
    """The decorator's points: what each pytest case of the function is worth."""
    cases: int
    """How many pytest cases `@pytest.mark.parametrize` makes of it (1 without)."""

    @property
    def points(self) -> int | float:
        """What the whole function is worth: the autograder scores every parametrized case."""
        return self.points_each * self.cases


def parse_hidden_tests(path: Path, graded: tuple[str, ...]) -> list[HiddenTest]:
    """The graded tests of `path` in file order, read with `ast` (the file is never imported)."""
    if not path.exists():
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    tests = []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        where = f"{path}:{node.lineno}"
        calls = [d for d in node.decorator_list if isinstance(d, ast.Call) and _is_named(d.func, "graded")]
        if not calls:
            if node.name.startswith("test"):
                print(f"warning: {where}: {node.name} has no @graded decorator; left out", file=sys.stderr)
            continue
        function, points = _graded_arguments(calls[0], where)
        if function not in graded:
            raise BuildError(f"{where}: {node.name} grades {function!r}, not one of {graded}")
        cases = 1
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and _is_named(decorator.func, "parametrize"):
                cases *= _parametrize_cases(decorator, where)
        tests.append(HiddenTest(node.name, function, points, cases))
    return tests


def _is_named(func: ast.expr, name: str) -> bool:
    return (isinstance(func, ast.Name) and func.id == name) or (
        isinstance(func, ast.Attribute) and func.attr == name
    )


def _graded_arguments(call: ast.Call, where: str) -> tuple[str, int | float]:
    """The function name and points of `@graded(...)`; points default to 1 as in autograder.harness."""
    keywords = {k.arg: k.value for k in call.keywords}
    function = call.args[0] if call.args else keywords.get("function")
    points = call.args[1] if len(call.args) > 1 else keywords.get("points", ast.Constant(1))
    try:
        function_name = ast.literal_eval(function)
        points_value = ast.literal_eval(points)
    except (ValueError, TypeError, SyntaxError):
        raise BuildError(f"{where}: @graded needs a literal function name and points=<number>") from None
    if not isinstance(function_name, str) or isinstance(points_value, bool):
        raise BuildError(f"{where}: @graded needs a function name string and a number of points")
    if not isinstance(points_value, (int, float)) or points_value <= 0:
        raise BuildError(f"{where}: points must be a positive number, got {points_value!r}")
    return function_name, points_value


def _parametrize_cases(call: ast.Call, where: str) -> int:
    """Number of cases of `@pytest.mark.parametrize(names, values)`: a literal list/tuple or range(...)."""
    values = call.args[1] if len(call.args) > 1 else {k.arg: k.value for k in call.keywords}.get("argvalues")
    if isinstance(values, (ast.List, ast.Tuple)):
        return len(values.elts)
    if isinstance(values, ast.Call) and _is_named(values.func, "range") and not values.keywords:
        try:
            return len(range(*(ast.literal_eval(arg) for arg in values.args)))
        except (ValueError, TypeError, SyntaxError):
            pass
    raise BuildError(f"{where}: cannot count the parametrize cases; use a literal list or range(<numbers>)")


# --- notebook templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateCell:
    """A cell of a percent-format template: `# %%`, `# %% [markdown]`, `# %% [solution] NAME`, ..."""

    kind: str
    """'code', 'markdown', 'solution' (reference code goes here) or 'tests' (a read-only check)."""
    function: str
    text: str


_MARKER = re.compile(r"^# %%(?: \[(?P<kind>[a-z]+)(?P<lang> ko)?\])?(?: (?P<function>\w+))?\s*$")
# Korean twin cells (`[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko]`) of the bilingual
# template format (issue 17) are skipped here: this build makes the English notebook only.
TRANSLATION = "translation"


def parse_template(path: Path) -> list[TemplateCell]:
    """Cells of a percent-format template; text before the first `# %%` (e.g. `# ruff: noqa`) is ignored."""
    cells: list[TemplateCell] = []
    kind, function, body = None, "", []
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), "# %%"], start=1):
        if not line.startswith("# %%"):
            body.append(line)
            continue
        if kind is not None and kind != TRANSLATION:
            cells.append(_template_cell(kind, function, body, f"{path}:{number}"))
        match = _MARKER.match(line)
        if match and (match["lang"] or match["kind"] == "ko"):
            kind, function, body = TRANSLATION, "", []
            continue
        if not match or (match["kind"] or "code") not in ("code", "markdown", "solution", "tests"):
            raise BuildError(f"{path}:{number}: unknown cell marker {line!r}")
        kind, function, body = match["kind"] or "code", match["function"] or "", []
    return cells


def _template_cell(kind: str, function: str, body: list[str], where: str) -> TemplateCell:
    text = "\n".join(body).strip("\n")
    if not text and kind != "solution":
        raise BuildError(f"before {where}: empty [{kind}] cell")
    if kind == "markdown":
        lines = text.splitlines()
        if any(line and not line.startswith("#") for line in lines):
            raise BuildError(f"before {where}: every markdown line must start with '#'")
        text = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines)
    if kind == "solution" and text:
        raise BuildError(f"before {where}: a [solution] cell is filled from the reference; leave it empty")
    if kind in ("solution", "tests") and not function:
        raise BuildError(f"before {where}: a [{kind}] cell needs the name of a graded function")
    if any(delimiter in text for delimiter in DELIMITERS):
        raise BuildError(f"before {where}: nbgrader delimiters may not appear in a template")
    return TemplateCell(kind, function, text)


# --- the source notebook ----------------------------------------------------------------------------------


def nbgrader_metadata(grade_id: str, *, solution: bool, grade: bool, locked: bool, points=None) -> dict:
    """The `nbgrader` cell metadata of schema version 3."""
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def solution_source(function: Function, reference: Reference) -> str:
    """Signature and docstring as in the reference, then the body (and needed helpers) as the solution."""
    region = []
    for helper in reference.helpers_for(function.name):
        region += [textwrap.indent(helper.source, function.indent), ""]
    region.append(function.body)
    parts = [function.signature, function.docstring, function.indent + BEGIN_SOLUTION]
    return "\n".join([p for p in parts if p] + region + [function.indent + END_SOLUTION])


def hidden_test_source(assignment: str, test: HiddenTest) -> str:
    """A grade cell with no test logic: one comment stays in release/, the marker is stripped by nbgrader."""
    return "\n".join(
        [
            f"# Hidden test {test.name} for {test.function}(): {_worth(test)}",
            BEGIN_HIDDEN,
            f"# descent-kit hidden test: {assignment}::{test.name}",
            END_HIDDEN,
        ]
    )


def graded_tests_markdown(tests: list[HiddenTest]) -> str:
    """The introduction of the final section, with a table of the hidden tests and their points."""
    rows = [f"| `{t.name}` | `{t.function}` | {_worth(t)} |" for t in tests]
    total = _number(sum(t.points for t in tests))
    return "\n".join(
        [
            "## Graded tests",
            "",
            "Your score comes from hidden tests that run **after you submit, outside this notebook**: the",
            "course autograder takes your functions and compares them with the reference solution on inputs",
            "you have not seen. The cells below only name those tests and their points; running them checks",
            "nothing. Please leave them in place. The check cells above are for you and earn no points, but",
            "a function that fails them will almost certainly fail its hidden tests too.",
            "",
            "| test | function | worth |",
            "|---|---|---|",
            *rows,
            f"| **total** | | **{total} points** |",
        ]
    )


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _worth(test: HiddenTest) -> str:
    """'1 point', '3 points' or '3 cases x 1 point = 3 points'."""

    def points(value: int | float) -> str:
        return f"{_number(value)} point" + ("" if value == 1 else "s")

    if test.cases == 1:
        return points(test.points)
    return f"{test.cases} cases x {points(test.points_each)} = {points(test.points)}"


def build_notebook(
    assignment: Assignment, reference: Reference, template: list[TemplateCell], tests: list[HiddenTest]
) -> nbformat.NotebookNode:
    """The source notebook: template cells with reference code injected, then the graded-tests section."""
    _check_template(assignment, reference, template)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    for cell in template:
        if cell.kind == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(cell.text))
        elif cell.kind == "code":
            nb.cells.append(nbformat.v4.new_code_cell(cell.text))
        elif cell.kind == "solution":
            source = solution_source(reference.functions[cell.function], reference)
            meta = nbgrader_metadata(f"answer_{cell.function}", solution=True, grade=False, locked=False)
            nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta}))
        else:
            meta = nbgrader_metadata(f"check_{cell.function}", solution=False, grade=False, locked=True)
            nb.cells.append(nbformat.v4.new_code_cell(cell.text, metadata={"nbgrader": meta}))
    if tests:
        nb.cells.append(nbformat.v4.new_markdown_cell(graded_tests_markdown(tests)))
    for test in tests:
        grade_id = f"hidden_{test.name}"
        meta = nbgrader_metadata(grade_id, solution=False, grade=True, locked=True, points=test.points)
        nb.cells.append(
            nbformat.v4.new_code_cell(hidden_test_source(assignment.name, test), metadata={"nbgrader": meta})
        )
    _assign_cell_ids(nb)
    nbformat.validate(nb)
    return nb


def _assign_cell_ids(nb: nbformat.NotebookNode) -> None:
    """Fixed ids (nbformat would draw random ones), so that rebuilding gives identical bytes."""
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.id = grade_id or f"cell-{index:02d}"
        if len(cell.id) > 64:
            raise BuildError(
                f"cell id {cell.id!r} is longer than nbformat's 64 characters; shorten the test name"
            )


def _check_template(assignment: Assignment, reference: Reference, template: list[TemplateCell]) -> None:
    where = f"template of {assignment.name}"
    public = [name for name in reference.functions if not name.startswith("_")]
    if sorted(public) != sorted(assignment.functions):
        raise BuildError(
            f"{reference.path}: public functions {public} are not the graded {assignment.functions}"
        )
    for kind in ("solution", "tests"):
        named = [c.function for c in template if c.kind == kind]
        if sorted(named) != sorted(assignment.functions):
            raise BuildError(
                f"{where}: [{kind}] cells name {named}, expected each of {assignment.functions} once"
            )
    position = {(c.kind, c.function): i for i, c in enumerate(template)}
    for name in assignment.functions:
        if position["tests", name] < position["solution", name]:
            raise BuildError(f"{where}: the [tests] cell of {name} comes before its [solution] cell")
        for used in reference.functions[name].names & set(assignment.functions) - {name}:
            if position["solution", used] > position["solution", name]:
                raise BuildError(f"{where}: {name} uses {used}, so {used} must come first")
    first_solution = min(position["solution", name] for name in assignment.functions)
    code_before = "\n".join(c.text for c in template[:first_solution] if c.kind == "code").splitlines()
    for statement in reference.imports:
        if statement not in code_before:
            raise BuildError(
                f"{where}: the reference's `{statement}` must be in a code cell before the solutions"
            )


# --- the stub module ----------------------------------------------------------------------------------------


def build_stub(assignment: Assignment, reference: Reference, code_stub: str) -> str:
    """The module students fill in: docstring, imports, and each graded function with a stub body."""
    summary = re.sub(r"^Reference solution for\s+", "", reference.docstring.strip())
    docstring = "\n".join(
        [
            f'"""{summary}',
            "",
            "Write the body of each function below. Keep every function's name and signature: the",
            f"autograder calls them. The notebook {assignment.name}.ipynb explains each one.",
            '"""',
        ]
    )
    functions = []
    for name in reference.functions:
        if name.startswith("_"):
            continue
        function = reference.functions[name]
        if not function.docstring:
            raise BuildError(f"{reference.path}: graded function {name} needs a docstring for its stub")
        stub = textwrap.indent(code_stub, function.indent)
        functions.append("\n".join([function.signature, function.docstring, stub]))
    return "\n\n\n".join([docstring + "\n\n" + "\n".join(reference.imports), *functions]) + "\n"


@dataclass(frozen=True)
class CourseConfig:
    """The settings of the course's nbgrader_config.py that the build must agree with."""

    code_stub: str
    """ClearSolutions.code_stub for Python: the body of released functions, in notebooks and stubs."""
    ignore: tuple[str, ...]
    """CourseDirectory.ignore: file globs nbgrader does not copy from source/ to release/."""


def load_course_config(root: Path) -> CourseConfig:
    """Read nbgrader_config.py the way nbgrader does and keep what the build needs."""
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import ClearSolutions
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    return CourseConfig(
        code_stub=ClearSolutions(config=config).code_stub["python"],
        ignore=tuple(CourseDirectory(config=config).ignore),
    )


# --- putting it together ------------------------------------------------------------------------------------


def expected_files(root: Path, assignment: Assignment, code_stub: str) -> dict[Path, str]:
    """Every file build_sources owns for one assignment, with the text it should have."""
    solutions = root / "solutions" / assignment.name
    reference = parse_reference(solutions / assignment.module)
    template = parse_template(TEMPLATES / f"{assignment.name}.py")
    tests = parse_hidden_tests(solutions / "test_hidden.py", assignment.functions)
    notebook = build_notebook(assignment, reference, template, tests)
    source = root / "source" / assignment.name
    return {
        source / f"{assignment.name}.ipynb": nbformat.writes(notebook),
        source / assignment.module: build_stub(assignment, reference, code_stub),
    }


def stray_files(folder: Path, owned: set[Path], ignore: tuple[str, ...]) -> list[Path]:
    """Files in a source folder the build does not own that nbgrader would copy to release/."""
    if not folder.exists():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path not in owned
        and not any(fnmatch.fnmatch(part, glob) for part in path.relative_to(folder).parts for glob in ignore)
    )


def generate_release(root: Path, assignments: list[str]) -> None:
    """`nbgrader generate_assignment NAME --force` for each assignment (it also writes gradebook.db)."""
    # On a new gradebook nbgrader runs `alembic` from PATH; without the venv's bin/ first it fails.
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    for name in assignments:
        command = [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force"]
        proc = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        if proc.returncode != 0 or "ERROR" in proc.stderr:
            raise BuildError(f"nbgrader generate_assignment {name} failed:\n{proc.stderr[-4000:]}")
        print(f"released {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    mode.add_argument("--release", action="store_true", help="also run nbgrader generate_assignment")
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: all of solutions/*/assignment.toml")
    args = parser.parse_args(argv)
    assignments = course_assignments(load_settings(ROOT, {}))
    unknown = sorted(set(args.assignments) - set(assignments))
    if unknown:
        parser.error(f"unknown assignment(s) {', '.join(unknown)}; the course has {', '.join(assignments)}")
    names = args.assignments or list(assignments)
    try:
        course = load_course_config(ROOT)
        stale: list[Path] = []
        strays: list[Path] = []
        for name in names:
            if assignments[name].authoring == "notebook":  # scripts/build_from_notebook.py
                import build_from_notebook

                files = build_from_notebook.expected_files(
                    ROOT, assignments[name], course.code_stub, sys.modules[__name__]
                )
            else:
                files = expected_files(ROOT, assignments[name], course.code_stub)
            for path, text in files.items():
                if path.exists() and path.read_text(encoding="utf-8") == text:
                    continue
                stale.append(path)
                if not args.check:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
                    print(f"wrote {path.relative_to(ROOT)}")
            strays += stray_files(ROOT / "source" / name, set(files), course.ignore)
        if args.release:
            generate_release(ROOT, names)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in strays:
        print(f"warning: {path.relative_to(ROOT)} is not built by this script, but nbgrader would release it")
    if args.check and (stale or strays):
        for path in stale:
            print(f"{path.relative_to(ROOT)}: {'differs from' if path.exists() else 'missing in'} the build")
        print(
            "source/ is out of date: run .venv/bin/python scripts/build_sources.py "
            "and remove the files it does not build",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
