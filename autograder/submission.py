"""Read a submission (.py module or .ipynb notebook) into code chunks, without executing any of it.

Each chunk is one top-level statement (or a group the parser could not split) that the worker runs
on its own, so that one broken statement, cell or function costs only what depends on it.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tokenize
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from autograder.course import Assignment
from autograder.messages import Text

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
            path, kind, (), (Text("submission.too_large", size=size // 2**20, limit=max_bytes // 2**20),)
        )
    data = path.read_bytes()
    if kind == "notebook":
        chunks, problems = _notebook_chunks(data)
    else:
        text, problems = _decode_module(data)
        chunks, more = _split_source(text, path.name, keep=None)
        problems += more
    if not chunks and not problems:
        problems.append(Text("submission.no_code"))
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
        return data.decode("utf-8", errors="replace"), [Text("submission.not_utf8", line=line)]


def _is_plain_v4(raw: object) -> bool:
    """A version-4 notebook whose cells can be read as they are (the usual case)."""
    if not isinstance(raw, dict) or raw.get("nbformat") != 4 or not isinstance(raw.get("cells"), list):
        return False
    return all(
        isinstance(cell, dict)
        and isinstance(cell.get("metadata", {}), dict)
        and isinstance(cell.get("source", ""), (str, list))
        and all(isinstance(line, str) for line in (cell.get("source") if isinstance(cell.get("source"), list) else []))
        for cell in raw["cells"]
    )


def _upgrade_with_nbformat(raw: object) -> dict:
    """Older or irregular notebooks go through nbformat, which converts and validates them."""
    # jsonschema (under nbformat) imports the optional rfc3987_syntax, which compiles dozens of grammars
    # (seconds of CPU) for a URI format no notebook schema uses; marking it absent skips that.
    sys.modules.setdefault("rfc3987_syntax", None)
    import nbformat

    return nbformat.reads(json.dumps(raw), as_version=4)


def _notebook_chunks(data: bytes) -> tuple[list[Chunk], list[str]]:
    try:
        raw = json.loads(data.decode("utf-8-sig", errors="replace"))  # -sig: a byte-order mark is allowed
    except (ValueError, RecursionError) as err:
        return [], [Text("submission.bad_json", error=str(err)[:120])]
    try:
        nb = raw if _is_plain_v4(raw) else _upgrade_with_nbformat(raw)
    except Exception as err:  # nbformat raises many kinds on malformed content
        return [], [Text("submission.bad_notebook", kind=type(err).__name__, error=str(err)[:160])]
    chunks: list[Chunk] = []
    problems: list[str] = []
    index = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        index += 1
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        # Every code cell is read, whatever its nbgrader settings say (students copy cells and change
        # their settings); only an instructor's hidden-tests region is left out.
        source = _HIDDEN_REGION.sub("", source)
        if not source.strip():
            continue
        cell_chunks, cell_problems = _split_source(source, f"cell {index}", keep=NOTEBOOK_KEEPS)
        chunks += cell_chunks
        problems += cell_problems
    return chunks, problems


_HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[ \t]*$", re.M | re.S)

# Cell magics whose body is ordinary Python that Jupyter runs (and so defines what it defines).
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun"}


def _split_source(text: str, origin: str, keep: tuple[type, ...] | None) -> tuple[list[Chunk], list[str]]:
    """Top-level statements of `text` as chunks; unparsable regions become problems, not exceptions."""
    if keep is not None and text.lstrip().startswith("%%"):
        magic, _, body = text.lstrip().partition("\n")
        if magic[2:].split(" ")[0] not in PYTHON_CELL_MAGICS:
            return [], []  # %%bash, %%html, %%writefile...: not Python, nothing to define
        offset = text[: len(text) - len(text.lstrip())].count("\n") + 1
        chunks, problems = _split_source(body, origin, keep)
        return [Chunk(c.origin, c.code, c.first_line + offset) for c in chunks], problems
    tree = _parse(text)
    if tree is None and keep is not None:
        transformed = _ipython_to_python(text)
        tree = _parse(transformed) if transformed is not None else None
        if tree is not None:
            text = transformed
    if tree is not None:
        lines = text.splitlines(keepends=True)
        kept = [node for node in tree.body if keep is None or isinstance(node, keep)]
        lazy = keep is not None  # only notebooks: a module's imports run as written
        return [(lazy and _lazy_plotting(node, origin)) or _chunk_for(node, lines, origin) for node in kept], []
    return _split_broken(text, origin, keep)


# Plotting libraries cost a second to import and graded functions do not need them: in notebooks their
# imports bind a stand-in that imports the real module on first use (see worker._LazyModule).
LAZY_PACKAGES = {"matplotlib", "seaborn"}


def _lazy_plotting(node: ast.stmt, origin: str) -> Chunk | None:
    """For `import matplotlib.pyplot as plt` and the like, a chunk binding lazy stand-ins; else None."""
    if isinstance(node, ast.Import) and all(a.name.split(".")[0] in LAZY_PACKAGES for a in node.names):
        pairs = [(a.asname, a.name) if a.asname else (a.name.split(".")[0], a.name.split(".")[0])
                 for a in node.names]
    elif (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
          and node.module.split(".")[0] in LAZY_PACKAGES and all(a.name != "*" for a in node.names)):
        pairs = [(a.asname or a.name, f"{node.module}.{a.name}") for a in node.names]
    else:
        return None
    code = "; ".join(f"{name} = __descent_kit_lazy__({target!r})" for name, target in pairs)
    return Chunk(origin, code + "\n", node.lineno)


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
        if names:
            return Text(
                "submission.syntax_error_lost",
                origin=origin,
                line=line,
                error=err.msg,
                names=", ".join(names),
            )
        return Text("submission.syntax_error", origin=origin, line=line, error=err.msg)
    except (ValueError, RecursionError, MemoryError) as err:
        return Text("submission.unreadable_kind", origin=origin, line=offset + 1, kind=type(err).__name__)
    return Text("submission.unreadable", origin=origin, line=offset + 1)


_MAGIC_LINE = re.compile(r"^([ \t]*)[%!].*$", re.M)


def _ipython_to_python(text: str) -> str | None:
    """Plain Python for notebook syntax (%magics, !shell, ?help); None if IPython cannot translate it."""
    # The worker runs no magic or shell command, so a line that is one can become `pass`. That covers
    # most notebooks and saves importing IPython (a tenth of a second); when a magic line sits inside a
    # string, or the syntax is anything else, IPython's own translation decides.
    quick = _MAGIC_LINE.sub(r"\1pass", text)
    tree = _parse(quick) if quick != text else None
    if tree is not None and not _strings_span(tree, _changed_lines(text, quick)):
        return quick
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return None
    try:
        return TransformerManager().transform_cell(text)
    except Exception:  # IPython's transformer raises on input it cannot tokenize
        return None


def _changed_lines(before: str, after: str) -> set[int]:
    return {n for n, (a, b) in enumerate(zip(before.splitlines(), after.splitlines()), 1) if a != b}


def _strings_span(tree: ast.Module, lines: set[int]) -> bool:
    """Whether a string literal of `tree` covers any of these lines (so they were text, not magics)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and node.end_lineno != node.lineno:
            if any(node.lineno <= n <= (node.end_lineno or node.lineno) for n in lines):
                return True
    return False
