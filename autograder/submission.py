"""Read a submission (.py module or .ipynb notebook) into code chunks, without executing any of it.

Each chunk is one top-level statement (or a group the parser could not split) that the worker runs
on its own, so that one broken statement, cell or function costs only what depends on it.
"""

from __future__ import annotations

import ast
import json
import re
import tokenize
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from autograder.course import Assignment

# Top-level statements a notebook keeps: what defines things. Plots, prints, asserts and training
# loops are left out, so that they cannot break or slow the grading of the functions.
NOTEBOOK_KEEPS = (
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Assign,
    ast.AnnAssign,
    ast.AugAssign,
    ast.If,
    ast.Try,
)
_TOP_LEVEL_START = re.compile(r"^(?:@|def\s|async\s+def\s|class\s|import\s|from\s)")


@dataclass(frozen=True)
class Chunk:
    """A piece of the student's code that the worker runs on its own."""

    origin: str
    """Where it comes from, in the student's words: 'gradient_descent.py' or 'cell 4'."""
    code: str
    first_line: int
    """Line number of the chunk's first line within its origin."""


@dataclass(frozen=True)
class Submission:
    """A parsed submission: the code to run and what went wrong reading it."""

    path: Path
    kind: str
    """'module' or 'notebook'."""
    chunks: tuple[Chunk, ...]
    problems: tuple[str, ...]
    """Plain-words notes on what could not be read (syntax errors, bad notebook JSON, ...)."""


def read_submission(path: Path, assignment: Assignment, max_bytes: int) -> Submission:
    """Parse `path` into chunks; never raises for bad content, only records problems."""
    kind = "notebook" if path.suffix.lower() == ".ipynb" else "module"
    size = path.stat().st_size
    if size > max_bytes:
        return Submission(
            path, kind, (), (f"the file is {size // 2**20} MB, over the {max_bytes // 2**20} MB limit",)
        )
    data = path.read_bytes()
    if kind == "notebook":
        chunks, problems = _notebook_chunks(data)
    else:
        text, problems = _decode_module(data)
        chunks, more = _split_source(text, path.name, keep=None)
        problems += more
    if not chunks and not problems:
        problems.append("the submission contains no code")
    return Submission(path, kind, tuple(chunks), tuple(problems))


def _decode_module(data: bytes) -> tuple[str, list[str]]:
    try:
        encoding, _ = tokenize.detect_encoding(BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    try:
        return data.decode(encoding), []
    except (UnicodeDecodeError, LookupError) as err:
        line = data[: getattr(err, "start", 0)].count(b"\n") + 1
        return data.decode("utf-8", errors="replace"), [
            f"the file is not valid UTF-8 text (first bad byte on line {line}); "
            "unreadable characters were replaced. Save the file as UTF-8."
        ]


def _notebook_chunks(data: bytes) -> tuple[list[Chunk], list[str]]:
    import nbformat  # only notebooks need it

    try:
        raw = json.loads(data.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as err:
        return [], [f"the notebook file is damaged and cannot be opened (not valid JSON: {str(err)[:120]})"]
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as err:  # nbformat raises many kinds on malformed content
        return [], [f"the notebook's structure is not valid ({type(err).__name__}: {str(err)[:160]})"]
    chunks: list[Chunk] = []
    problems: list[str] = []
    index = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        index += 1
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            continue  # an nbgrader test cell: the grader runs its own tests
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if not source.strip():
            continue
        cell_chunks, cell_problems = _split_source(source, f"cell {index}", keep=NOTEBOOK_KEEPS)
        chunks += cell_chunks
        problems += cell_problems
    return chunks, problems


def _split_source(text: str, origin: str, keep: tuple[type, ...] | None) -> tuple[list[Chunk], list[str]]:
    """Top-level statements of `text` as chunks; unparsable regions become problems, not exceptions."""
    tree = _parse(text)
    if tree is None and keep is not None:
        transformed = _ipython_to_python(text)
        tree = _parse(transformed) if transformed is not None else None
        if tree is not None:
            text = transformed
    if tree is not None:
        lines = text.splitlines(keepends=True)
        return [
            _chunk_for(node, lines, origin) for node in tree.body if keep is None or isinstance(node, keep)
        ], []
    return _split_broken(text, origin, keep)


def _parse(text: str) -> ast.Module | None:
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _chunk_for(node: ast.stmt, lines: list[str], origin: str) -> Chunk:
    start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    end = node.end_lineno or node.lineno
    return Chunk(origin, "".join(lines[start - 1 : end]), start)


def _split_broken(text: str, origin: str, keep: tuple[type, ...] | None) -> tuple[list[Chunk], list[str]]:
    """Split code that does not parse at lines that start a definition, and keep the pieces that parse."""
    lines = text.splitlines(keepends=True)
    starts = [0] + [i for i, line in enumerate(lines) if i and _TOP_LEVEL_START.match(line)]
    starts = [s for k, s in enumerate(starts) if not (k and lines[s - 1].startswith("@"))]
    chunks: list[Chunk] = []
    problems: list[str] = []
    for begin, end in zip(starts, [*starts[1:], len(lines)]):
        piece = "".join(lines[begin:end])
        sub_chunks, _ = _split_source(piece, origin, keep) if _parse(piece) else ([], [])
        if sub_chunks or not piece.strip():
            chunks += [Chunk(c.origin, c.code, c.first_line + begin) for c in sub_chunks]
            continue
        problems.append(_syntax_problem(piece, origin, begin))
    return chunks, problems


def _syntax_problem(piece: str, origin: str, offset: int) -> str:
    try:
        ast.parse(piece)
    except SyntaxError as err:
        line = (err.lineno or 1) + offset
        names = re.findall(r"^(?:async\s+)?def\s+(\w+)", piece, flags=re.M)
        lost = f" ({', '.join(names)} could not be read)" if names else ""
        return f"{origin}, line {line}: syntax error: {err.msg}{lost}"
    except (ValueError, RecursionError, MemoryError) as err:
        return f"{origin}, line {offset + 1}: code could not be read ({type(err).__name__})"
    return f"{origin}, line {offset + 1}: code could not be read"


def _ipython_to_python(text: str) -> str | None:
    """Plain Python for notebook syntax (%magics, !shell, ?help); None if IPython cannot translate it."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return None
    try:
        return TransformerManager().transform_cell(text)
    except Exception:  # IPython's transformer raises on input it cannot tokenize
        return None
