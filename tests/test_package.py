"""The installable engine (what students may pip install) holds no hidden test and no reference code."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _code_runs(path: Path, length: int = 3) -> set[tuple[str, ...]]:
    """Every run of `length` consecutive statements of a function body, whitespace-normalised.

    Single lines are not enough evidence: the diagnosis hints quote the contract's own formulas
    (`m_hat = m / (1 - beta1**t)`), which are public. Three statements in a row are a piece of a solution.
    """
    source = path.read_text()
    lines = source.splitlines()
    runs = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            body = node.body[1:] if ast.get_docstring(node) else node.body
            text = [" ".join(" ".join(lines[s.lineno - 1 : s.end_lineno]).split()) for s in body]
            runs |= {tuple(text[i : i + length]) for i in range(len(text) - length + 1)}
    return runs


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_holds_only_the_engine(wheel):
    names = wheel.namelist()
    assert any(n == "autograder/run.py" for n in names)
    assert all(n.startswith(("autograder/", "descent_kit_autograder-")) for n in names), names
    assert not any("solutions" in n or "test_hidden" in n or n.endswith("mistakes.py") for n in names)


def test_the_wheel_names_no_assignment_of_the_course(wheel):
    """The course is data (solutions/*/assignment.toml): the engine names none of its assignments and
    ships no manifest, feedback plot or mistake catalogue."""
    names = [p.parent.name for p in sorted((ROOT / "solutions").glob("*/assignment.toml"))]
    assert len(names) >= 5, names
    for member in wheel.namelist():
        assert not member.endswith((".toml", "plot.py", "mistakes.py")), member
        if not member.startswith("autograder/"):
            continue  # the metadata carries the README, which is documentation
        text = wheel.read(member).decode("utf-8", "replace")
        assert [n for n in names if n in text] == [], member


def test_no_piece_of_reference_code_or_hidden_tests_is_in_the_wheel(wheel):
    secret = set()
    for path in (ROOT / "solutions").rglob("*.py"):
        secret |= _code_runs(path)
    assert len(secret) > 50  # the check has something to look for
    copied = (ROOT / "solutions" / "ps4_adam" / "adam.py").read_text()
    assert secret & _code_runs_of_text(copied)  # and would see a copied reference module
    shipped = set()
    for name in wheel.namelist():
        if name.endswith(".py"):
            shipped |= _code_runs_of_text(wheel.read(name).decode())
    assert secret & shipped == set()


def _code_runs_of_text(source: str, length: int = 3) -> set[tuple[str, ...]]:
    """Runs of `length` consecutive non-blank lines of any text, whitespace-normalised."""
    text = [" ".join(line.split()) for line in source.splitlines() if line.strip()]
    return {tuple(text[i : i + length]) for i in range(len(text) - length + 1)}
