"""The student material that scripts/build_sources.py derives from solutions/: sync, structure, execution."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.config import load_settings
from autograder.course import course_assignments

ASSIGNMENTS = course_assignments(load_settings(Path(__file__).resolve().parent.parent, {}))

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "scripts" / "build_sources.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    """scripts/build_sources.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_sources", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_sources"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def execute(nb: nbformat.NotebookNode, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every cell of `nb` in a fresh python3 kernel (the venv's), headless, in `cwd`."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()


def printed(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


# --- source/ is what the build makes of solutions/ -------------------------------------------------------


def test_sources_are_in_sync_with_solutions_and_hidden_tests() -> None:
    proc = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"run .venv/bin/python scripts/build_sources.py\n{proc.stderr}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_cells_are_wired_for_nbgrader(assignment: str, build: ModuleType) -> None:
    nb = nbformat.read(ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    nbformat.validate(nb)
    meta = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
    ids = [m["grade_id"] for m in meta]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    assert len({c.id for c in nb.cells}) == len(nb.cells), "cell ids must be unique"
    functions = ASSIGNMENTS[assignment].functions
    assert sorted(i for i in ids if i.startswith("answer_")) == sorted(f"answer_{f}" for f in functions)
    assert sorted(i for i in ids if i.startswith("check_")) == sorted(f"check_{f}" for f in functions)
    hidden = build.parse_hidden_tests(ROOT / "solutions" / assignment / "test_hidden.py", functions)
    grade_cells = {m["grade_id"]: m for m in meta if m["grade"]}
    assert grade_cells.keys() == {f"hidden_{t.name}" for t in hidden}
    for test in hidden:
        cell = grade_cells[f"hidden_{test.name}"]
        assert (cell["points"], cell["solution"], cell["locked"]) == (test.points, False, True)
    for m in meta:
        assert m["schema_version"] == 3
        assert m["locked"] == (not m["solution"]), m["grade_id"]


# --- the build script's parts ----------------------------------------------------------------------------


def test_hidden_tests_are_read_without_importing_and_parametrize_multiplies_points(
    build: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "test_hidden.py"
    path.write_text(
        textwrap.dedent(
            """
            import pytest
            from autograder.harness import graded
            raise RuntimeError("the build must never import this file")

            def _helper():
                pass

            @pytest.mark.parametrize("x", [1, 2, 3])
            @graded("f", points=2)
            def test_three_cases(student, x):
                assert False

            @pytest.mark.parametrize("a", range(2))
            @pytest.mark.parametrize("b", (1, 2, 3))
            @graded("g", points=0.5)
            def test_six_cases(student, a, b):
                pass

            @graded("g")
            def test_default_points(student):
                pass

            @graded("g", title=localized(en="a [b]", ko="가_나"))
            def test_g_titled(student):
                pass

            def test_not_graded():
                pass
            """
        )
    )
    tests = build.parse_hidden_tests(path, ("f", "g"))
    assert [(t.name, t.function, t.cases, t.points) for t in tests] == [
        ("test_three_cases", "f", 3, 6),
        ("test_six_cases", "g", 6, 3.0),
        ("test_default_points", "g", 1, 1),
        ("test_g_titled", "g", 1, 1),
    ]
    # The notebook's table names each test as the grader's reports do: its title, else words of its name.
    table = build.graded_tests_markdown(tests, "ko")
    assert "| 가\\_나 | `g` | 1점 |" in table and "| default points | `g` | 1점 |" in table
    assert "| a \\[b\\] | `g` | 1 point |" in build.graded_tests_markdown(tests, "en")
    assert build.parse_hidden_tests(tmp_path / "missing.py", ("f",)) == []
    with pytest.raises(build.BuildError, match="not one of"):
        build.parse_hidden_tests(path, ("f",))


def test_uncountable_parametrize_is_an_error(build: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "test_hidden.py"
    path.write_text(
        '@pytest.mark.parametrize("x", CASES)\n@graded("f", points=1)\ndef test_x(x):\n    pass\n'
    )
    with pytest.raises(build.BuildError, match="cannot count"):
        build.parse_hidden_tests(path, ("f",))


def test_template_cells_and_their_errors(build: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "template.py"
    path.write_text(
        "# ruff: noqa\n# %% [markdown]\n# # Title\n#\n# text\n\n# %% [markdown ko]\n# # 제목\n\n"
        "# %%\nx = 1\n\n# %% [solution] f\n# %% [docstring ko] f\n# 설명\n"
    )
    cells = build.parse_template(path)
    assert [(c.kind, c.function, c.text) for c in cells] == [
        ("markdown", "", "# Title\n\ntext"),
        ("code", "", "x = 1"),
        ("solution", "f", ""),
    ]
    for bad, message in [
        ("# %% [solution] f\nx = 1\n", "leave it empty"),
        ("# %% [weird]\nx = 1\n", "unknown cell marker"),
        ("# %%\n# BEGIN SOLUTION\n", "delimiters"),
        ("# %% [markdown]\ntext\n", "must start with '#'"),
        ("# %% [tests]\nassert True\n", "needs the name"),
    ]:
        path.write_text(bad)
        with pytest.raises(build.BuildError, match=message):
            build.parse_template(path)


def test_solution_cell_nests_the_private_helpers_it_needs(build: ModuleType) -> None:
    reference = build.parse_reference(ROOT / "solutions" / "ps3_sgd" / "sgd.py")
    source = build.solution_source(reference.functions["fit_sgd"], reference)
    tree = ast.parse(source)
    (function,) = tree.body
    nested = [node.name for node in function.body if isinstance(node, ast.FunctionDef)]
    assert nested == ["_mse", "_mse_gradient"]
    lines = source.splitlines()
    assert lines.count("    ### BEGIN SOLUTION") == 1 and lines[-1] == "    ### END SOLUTION"
    assert (
        lines.index("    ### BEGIN SOLUTION")
        == len(reference.functions["fit_sgd"].signature.splitlines()) + 1
    )


# --- the notebooks run ---------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_runs_top_to_bottom(
    assignment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = nbformat.read(ROOT / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    execute(nb, tmp_path, monkeypatch)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("check_"):
            assert "all checks passed" in printed(cell), grade_id


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_notebook_runs_once_the_stubs_are_filled_in(
    assignment: str, build: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A student who writes the reference's code into each answer cell gets a notebook that runs."""
    reference = build.parse_reference(ROOT / "solutions" / assignment / ASSIGNMENTS[assignment].module)
    nb = nbformat.read(ROOT / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    filled = 0
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer_"):
            name = grade_id.removeprefix("answer_")
            assert "raise NotImplementedError" in cell.source
            helpers = [h.source for h in reference.helpers_for(name)]
            cell.source = "\n\n".join([*helpers, reference.functions[name].source])
            filled += 1
    assert filled == len(ASSIGNMENTS[assignment].functions)
    execute(nb, tmp_path, monkeypatch)
