"""The notebook-first authoring path: derive the rest of an assignment from its nbgrader source notebook.

For an assignment whose manifest says `authoring = "notebook"`, the instructor writes
`source/<assignment>/<assignment>.ipynb` in JupyterLab with nbgrader's Create Assignment toolbar:

  - "Autograded answer" cells holding each graded function, its body between `### BEGIN SOLUTION`
    and `### END SOLUTION` (the cell's ID is `answer_<function>`);
  - "Read-only" cells with the visible checks students run (locked);
  - any other cells (text, data, plots);

next to `solutions/<assignment>/assignment.toml` and `solutions/<assignment>/test_hidden.py`. That
notebook is then the single source of truth of the reference code. `scripts/build_sources.py
[--release] <assignment>` calls `expected_files` below, which derives:

  - `solutions/<assignment>/<module>.py`, the reference module the grader uses: the imports of the
    notebook's code cells before the first answer, then each answer cell with its markers removed
    (a header says it is derived; `autograder check` reports it when it no longer matches);
  - `source/<assignment>/<module>.py`, the stub module students may fill in instead;
  - the notebook's "Graded tests" section: one read-only "Autograder tests" placeholder cell per hidden
    test of test_hidden.py, with its points (any grade cells the instructor made are replaced).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import ModuleType

import nbformat

from autograder.course import Assignment

DERIVED = "# Derived from source/{name}/{name}.ipynb by scripts/build_sources.py: edit the notebook, not this file.\n"
MARKER_LINE = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def _answer_function(
    build: ModuleType, cell: nbformat.NotebookNode, assignment: Assignment, where: str
) -> str:
    """The graded function an answer cell defines; its ID must be answer_<function>."""
    try:
        tree = ast.parse(_without_markers(cell.source))
    except SyntaxError as err:
        raise build.BuildError(f"{where}: the answer cell does not parse: {err}") from None
    defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in assignment.functions]
    if len(defined) != 1:
        raise build.BuildError(f"{where}: an answer cell must define exactly one of {assignment.functions}")
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
    if grade_id != f"answer_{defined[0]}":
        raise build.BuildError(
            f"{where}: the answer cell defining {defined[0]} has ID {grade_id!r}; give it the ID "
            f"answer_{defined[0]} in the Create Assignment toolbar"
        )
    return defined[0]


def _without_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not MARKER_LINE.match(line))


def reference_text(build: ModuleType, assignment: Assignment, nb: nbformat.NotebookNode, where: str) -> str:
    """The reference module the notebook's answer cells make."""
    imports: list[str] = []
    answers: dict[str, str] = {}
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[_answer_function(build, cell, assignment, f"{where}, cell {index}")] = _without_markers(
                cell.source
            )
        elif not answers and not meta.get("grade") and not meta.get("locked"):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            imports += [
                ast.get_source_segment(cell.source, n) or ""
                for n in tree.body
                if isinstance(n, (ast.Import, ast.ImportFrom)) and "matplotlib" not in ast.dump(n)
            ]
    missing = [f for f in assignment.functions if f not in answers]
    if missing:
        raise build.BuildError(f"{where}: no answer cell for {', '.join(missing)}")
    title = assignment.title or assignment.name
    parts = [
        DERIVED.format(name=assignment.name) + f'"""Reference solution for {assignment.name}: {title}."""'
    ]
    parts.append("\n".join(imports))
    parts += [answers[f].strip("\n") for f in assignment.functions]
    return "\n\n\n".join(p for p in parts if p) + "\n"


def with_graded_tests(
    build: ModuleType, assignment: Assignment, nb: nbformat.NotebookNode, tests: list
) -> nbformat.NotebookNode:
    """The instructor's notebook with its grade cells (and any earlier Graded tests section) replaced by
    one placeholder cell per hidden test."""
    out = nbformat.v4.new_notebook()
    out.metadata = nb.metadata
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            continue
        if cell.cell_type == "markdown" and cell.source.startswith("## Graded tests"):
            continue
        out.cells.append(cell)
    if tests:
        intro = nbformat.v4.new_markdown_cell(build.graded_tests_markdown(tests))
        intro.id = "graded-tests"  # fixed, so that deriving again gives identical bytes
        out.cells.append(intro)
    for test in tests:
        meta = build.nbgrader_metadata(
            f"hidden_{test.name}", solution=False, grade=True, locked=True, points=test.points
        )
        out.cells.append(
            nbformat.v4.new_code_cell(
                build.hidden_test_source(assignment.name, test), metadata={"nbgrader": meta}
            )
        )
    for index, cell in enumerate(out.cells):
        cell.id = cell.metadata.get("nbgrader", {}).get("grade_id") or cell.get("id") or f"cell-{index:02d}"
    nbformat.validate(out)
    return out


def expected_files(root: Path, assignment: Assignment, code_stub: str, build: ModuleType) -> dict[Path, str]:
    """Every file derived from the source notebook, with the text it should have (`build`: the
    build_sources module, whose cell builders and errors are reused)."""
    notebook = root / "source" / assignment.name / f"{assignment.name}.ipynb"
    if not notebook.is_file():
        raise build.BuildError(f'{notebook}: missing (authoring = "notebook" in the manifest)')
    nb = nbformat.read(notebook, as_version=4)
    where = str(notebook.relative_to(root))
    solutions = root / "solutions" / assignment.name
    module = solutions / assignment.module
    text = reference_text(build, assignment, nb, where)
    # The stub is made from the derived reference, written to a scratch path first if it is stale.
    scratch = module if module.is_file() and module.read_text(encoding="utf-8") == text else None
    if scratch is None:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="descent-kit-derive-"))
        scratch = folder / assignment.module
        scratch.write_text(text, encoding="utf-8")
    reference = build.parse_reference(scratch)
    tests = build.parse_hidden_tests(solutions / "test_hidden.py", assignment.functions)
    return {
        module: text,
        root / "source" / assignment.name / assignment.module: build.build_stub(
            assignment, reference, code_stub
        ),
        notebook: nbformat.writes(with_graded_tests(build, assignment, nb, tests)),
    }
