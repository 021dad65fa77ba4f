"""Put a submitted notebook's nbgrader structure back as released, and say what was repaired.

Students copy, rename, delete, merge and re-create cells, change their types and their nbgrader
settings, save notebooks in other editors, and some forge points. nbgrader's own sanitize steps
(DeduplicateIds, OverwriteCells) fail on much of this ("No such grade cell") and nothing is recorded.
This kit grades the functions a notebook defines, not its cells (the engine reads the submitted file
itself, every code cell), so here only the structure that nbgrader stores scores by is restored:

- each released cell with nbgrader settings (answer, check, hidden-test cell) is found again by its
  `grade_id`; when several cells carry the same one, the last is it (nbgrader's DeduplicateIds keeps
  the last too, and the last definition is the one Python keeps) and the others become the student's
  own cells. Its settings are the released ones again; a read-only cell gets its released text back;
  a changed cell type is put back.
- cells with nbgrader settings the assignment does not have (renamed, invented, forged points) lose
  those settings and keep their code.
- an answer cell whose settings were lost is found by the functions its released stub defines;
  released graded and read-only cells that are missing are put back where they were released.
- the kernelspec is the course's.

Everything here is pure: the released structure comes in as `ReleasedCell`s (from the gradebook in
nbgrader, see cells.RestoreReleasedStructure), the notebook is changed in place, and each repair comes
back as a `Repair` whose sentence is in the message catalog (`repair.<kind>`), in English and Korean.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode, from_dict
from nbformat.v4.rwbase import rejoin_lines, strip_transient

from autograder.messages import Text
from autograder.nbgrader_plugin import notebook_schema

SCHEMA_VERSION = 3
ROLES = ("grade", "solution", "locked", "task")
KEPT_METADATA = ("kernelspec", "language_info", "descent_kit")
"""The notebook-wide metadata a repaired notebook keeps (the last is this kit's)."""
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


@dataclass(frozen=True)
class ReleasedCell:
    """One released cell with nbgrader settings, as the gradebook keeps it."""

    name: str
    """Its grade_id."""
    cell_type: str
    source: str
    """The released text (what a read-only cell must hold)."""
    checksum: str | None
    grade: bool
    solution: bool
    locked: bool
    task: bool
    points: float | None
    """Points of a grade cell or task; None otherwise."""

    def metadata(self) -> dict[str, Any]:
        """The cell's nbgrader metadata as generate_assignment wrote it."""
        meta: dict[str, Any] = {
            "grade": self.grade,
            "grade_id": self.name,
            "locked": self.locked,
            "schema_version": SCHEMA_VERSION,
            "solution": self.solution,
            "task": self.task,
            "cell_type": self.cell_type,
        }
        if self.checksum:
            meta["checksum"] = self.checksum
        if self.grade or self.task:
            meta["points"] = self.points if self.points is not None else 0.0
        return meta


@dataclass(frozen=True)
class Repair:
    """One repair: its kind (catalog key `repair.<kind>`) and the cells it concerns."""

    kind: str
    cells: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "cells": list(self.cells)}


KINDS = (
    "kernelspec",
    "cell_ids",
    "settings",
    "duplicate",
    "unknown",
    "type_changed",
    "locked_edited",
    "outputs",
    "answer_found",
    "answer_missing",
    "missing",
)
"""Every kind of repair, in the order the notes are given."""


def restore_structure(
    nb: NotebookNode,
    released: list[ReleasedCell],
    kernelspec: dict[str, Any] | None,
    translated: dict[str, str] | None = None,
) -> list[Repair]:
    """Bring `nb`'s nbgrader structure back to `released` (in place); return what was repaired.

    `translated`: the read-only cells' released text in the notebook's own language, by grade_id, when
    the student works in another language than the course's (release_<lang>/): such a cell is put back
    as released like any other, but holding that text is not an edit."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    by_name = {cell.name: cell for cell in released}

    if kernelspec and nb.metadata.get("kernelspec") != kernelspec:
        nb.metadata["kernelspec"] = from_dict(kernelspec)
        found["kernelspec"].append(str(kernelspec.get("display_name") or kernelspec.get("name", "")))

    # Other tools' notebook-wide metadata (widget state, Colab, VS Code, jupytext) can break nbgrader's
    # HTML templates (a widget state without "state" does); nbgrader's own autograde clears it too.
    for key in [k for k in nb.metadata if k not in KEPT_METADATA]:
        del nb.metadata[key]

    # Which cell is each released cell: the last one carrying its grade_id.
    claimed: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        name = _grade_id(cell)
        if name in by_name:
            claimed[name] = index
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        name = _grade_id(cell)
        if name in by_name and claimed[name] == index:
            continue
        del cell.metadata["nbgrader"]
        if name in by_name:
            found["duplicate"].append(name)
        elif isinstance(meta, dict) and any(meta.get(role) for role in ROLES):
            found["unknown"].append(name or f"cell {index + 1}")

    for name, index in claimed.items():
        _restore_cell(nb.cells[index], by_name[name], found, (translated or {}).get(name))

    # Answer cells that lost their settings: the student's cell defining the stub's functions.
    for want in released:
        if want.name in claimed or not want.solution or want.grade or want.cell_type != "code":
            continue
        functions = _defined(want.source)
        matches = [
            i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and "nbgrader" not in c.metadata and functions
            and functions <= _defined(_text(c.get("source", "")))
        ]
        if matches:
            claimed[want.name] = matches[-1]
            nb.cells[matches[-1]].metadata["nbgrader"] = from_dict(want.metadata())
            found["answer_found"].append(want.name)
        else:
            found["answer_missing"].append(want.name)

    _put_back_missing(nb, released, claimed, found)
    return [Repair(kind, tuple(dict.fromkeys(cells))) for kind, cells in found.items() if cells]


def _restore_cell(
    cell: NotebookNode, want: ReleasedCell, found: dict[str, list[str]], translation: str | None = None
) -> None:
    """Settings, type and (read-only cells) text of one found cell, as released."""
    meta = cell.metadata["nbgrader"]
    if not isinstance(meta, dict) or any(
        bool(meta.get(role)) != getattr(want, role) for role in ROLES
    ) or ((want.grade or want.task) and _points(meta.get("points")) != want.points):
        found["settings"].append(want.name)
    if cell.cell_type != want.cell_type:
        found["type_changed"].append(want.name)
        _set_type(cell, want.cell_type)
    if want.locked:
        text = _text(cell.get("source", "")).strip()
        if text not in (without_hidden_region(want.source).strip(), (translation or "").strip() or None):
            found["locked_edited"].append(want.name)
        cell.source = want.source
    if want.grade and not want.solution and cell.cell_type == "code" and cell.get("outputs"):
        found["outputs"].append(want.name)
    cell.metadata["nbgrader"] = from_dict(want.metadata())
    if want.locked:
        cell.metadata["editable"] = False
        cell.metadata["deletable"] = False


def _put_back_missing(
    nb: NotebookNode, released: list[ReleasedCell], claimed: dict[str, int], found: dict[str, list[str]]
) -> None:
    """Released graded, task and read-only cells that are gone, each after the released cell before it."""
    present = {id(nb.cells[i]): name for name, i in claimed.items()}
    anchor = -1  # insert after this index of nb.cells
    for want in released:
        if want.name in claimed:
            anchor = next(i for i, c in enumerate(nb.cells) if present.get(id(c)) == want.name)
            continue
        if not (want.grade or want.task or want.locked):
            continue  # an answer cell: the student's code is wherever they put it
        cell = _new_cell(want)
        nb.cells.insert(anchor + 1, cell)
        anchor += 1
        present[id(cell)] = want.name
        found["missing"].append(want.name)


def _new_cell(want: ReleasedCell) -> NotebookNode:
    cell: dict[str, Any] = {
        "cell_type": want.cell_type,
        "id": "restored-" + hashlib.sha1(want.name.encode()).hexdigest()[:12],
        "metadata": {"nbgrader": want.metadata()},
        "source": want.source,
    }
    if want.locked:
        cell["metadata"].update(editable=False, deletable=False)
    if want.cell_type == "code":
        cell.update(outputs=[], execution_count=None)
    return from_dict(cell)


def _set_type(cell: NotebookNode, cell_type: str) -> None:
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
        cell.pop("attachments", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


def without_hidden_region(source: str) -> str:
    """The cell's source with the hidden-tests region (delimiters included) removed: the released text
    of a hidden-test cell (the gradebook keeps the source's, which nbgrader puts back when grading)."""
    kept, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN_HIDDEN:
            inside = True
        elif line.strip() == END_HIDDEN:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept).strip("\n")


def _grade_id(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    name = meta.get("grade_id") if isinstance(meta, dict) else None
    return name if isinstance(name, str) and name else None


def _points(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _defined(source: str) -> frozenset[str]:
    """Names of the functions a cell defines at its top level (empty when it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    return frozenset(n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))


def read_notebook(text: str, validate: bool = True) -> nbformat.NotebookNode:
    """The notebook in `text` as nbformat 4.5, validated; raises when it is not a readable notebook.

    What editors other than JupyterLab leave is taken as they meant it: a byte-order mark before the
    JSON, nbformat 3 or 4.0 to 4.4 (upgraded, cells given ids), and cell ids that are missing, invalid
    or used twice (new ones are given). The repairs are listed under the kit's notebook metadata.
    """
    # nbformat.reads would validate, only to log what is wrong; this validates once, and raises
    raw = json.loads(text.removeprefix("\ufeff"), object_hook=NotebookNode)
    if isinstance(raw, dict) and raw.get("nbformat") == 4 and isinstance(raw.get("cells"), list):
        # as nbformat.reads (JSONReader.to_notebook), without a second parse or its from_dict pass
        nb = strip_transient(rejoin_lines(raw))
    else:
        nb = nbformat.convert(nbformat.reader.reads(text.removeprefix("\ufeff")), 4)
    repairs = []
    if nb.get("nbformat_minor", 0) < 5:
        nbformat.v4.upgrade(nb, from_version=4, from_minor=nb.get("nbformat_minor", 0))
        nb.nbformat_minor = 5
    seen: set[str] = set()
    for index, cell in enumerate(nb.get("cells", [])):
        cell_id = cell.get("id")
        if not (isinstance(cell_id, str) and _CELL_ID.fullmatch(cell_id)) or cell_id in seen:
            cell["id"] = f"cell-{index}-{len(seen)}"
            if "cell_ids" not in repairs:
                repairs.append("cell_ids")
        seen.add(cell["id"])
    if validate:
        notebook_schema.validate(nb)  # nbformat.validate's verdict, for less
    if repairs:
        nb.metadata.setdefault("descent_kit", {})["read_repairs"] = repairs
    return nb


_CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")  # nbformat 4.5's pattern for a cell id


def repair_notes(repairs: list[Repair]) -> tuple[Text, ...]:
    """The notes for a student: one line saying the notebook was repaired, then one sentence per kind."""
    if not repairs:
        return ()
    return (Text("repair.graded_as_released"),
            *(Text(f"repair.{r.kind}", cells=_few(r.cells)) for r in repairs))


def _few(cells: tuple[str, ...], shown: int = 3) -> list[str]:
    """`a`, `b`, `c` (+9): a few names, and how many more."""
    names = [f"`{c}`" for c in cells[:shown]]
    return names + [f"(+{len(cells) - shown})"] if len(cells) > shown else names


def translated_locked_cells(release: Path) -> dict[str, str]:
    """The read-only cells' text by grade_id in another language's released notebook (release_<lang>/),
    or nothing when there is none."""
    try:
        cells, _ = released_from_file(release, release.stat().st_mtime_ns)
    except (OSError, ValueError):
        return {}
    return {cell.name: without_hidden_region(cell.source) for cell in cells if cell.locked}


def repairs_against(submitted: bytes, released_path: Path) -> list[Repair]:
    """What restore_structure would repair in this notebook file, against the released notebook file.

    For `autograder grade` (and the engine's report on any notebook), which has no gradebook: the
    released notebook in the course is the record. Never raises: a file that cannot be compared gets
    no repairs (the engine's own notes say what could not be read).
    """
    try:
        released, kernelspec = released_from_file(released_path, released_path.stat().st_mtime_ns)
        nb = read_notebook(submitted.decode("utf-8"), validate=False)
    except Exception:  # noqa: BLE001 - unreadable files are the engine's to describe, not ours
        return []
    if not any("nbgrader" in cell.get("metadata", {}) for cell in nb.cells):
        return []  # not made from the released notebook (CI, a student's own notebook): nothing to repair
    read = [Repair(kind) for kind in nb.metadata.get("descent_kit", {}).get("read_repairs", [])]
    try:
        return read + restore_structure(nb, released, kernelspec)
    except Exception:  # noqa: BLE001 - a shape of notebook this does not know: say nothing
        return read


@functools.lru_cache(maxsize=8)
def released_from_file(path: Path, mtime_ns: int) -> tuple[list[ReleasedCell], dict[str, Any] | None]:
    """The released cells with nbgrader settings and the kernelspec, read from a released notebook."""
    nb = json.loads(path.read_text(encoding="utf-8-sig"))
    cells = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not isinstance(meta, dict) or not meta.get("grade_id"):
            continue
        cells.append(ReleasedCell(
            name=meta["grade_id"], cell_type=cell["cell_type"], source=_text(cell.get("source", "")),
            checksum=meta.get("checksum"), grade=bool(meta.get("grade")), solution=bool(meta.get("solution")),
            locked=bool(meta.get("locked")), task=bool(meta.get("task")),
            points=_points(meta.get("points")) if meta.get("grade") or meta.get("task") else None,
        ))
    return cells, nb.get("metadata", {}).get("kernelspec")
