"""Which nbgrader cells are this kit's hidden tests, putting a submission's cells back as released, and
checking the cells' nbgrader metadata."""

from __future__ import annotations

import functools
import json
import re
import traceback
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
from nbformat import NotebookNode
from nbgrader import preprocessors as nbgrader_preprocessors
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from autograder.messages import LANGUAGES
from autograder.nbgrader_plugin.structure import (  # without_hidden_region: feedback.py imports it from here
    ReleasedCell,
    Repair,
    restore_structure,
    translated_locked_cells,
    without_hidden_region,  # noqa: F401
)

METADATA_KEY = "descent_kit"

GRADE_ID_PREFIX = "hidden_"
MARKER = re.compile(r"^# descent-kit hidden test: (?P<assignment>[\w.-]+)::(?P<test>\w+)\s*$", re.MULTILINE)


def hidden_test_name(cell: NotebookNode) -> str | None:
    """The hidden test a grade cell stands for: from its marker comment, else from its grade_id."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if not meta.get("grade") or cell.get("cell_type") != "code":
        return None
    found = MARKER.search(cell.get("source", ""))
    if found:
        return found["test"]
    grade_id = str(meta.get("grade_id", ""))
    return grade_id.removeprefix(GRADE_ID_PREFIX) if grade_id.startswith(GRADE_ID_PREFIX) else None


class RestoreReleasedStructure(NbGraderPreprocessor):
    """Sanitize pass: the submitted notebook's nbgrader structure put back as released (structure.py).

    In place of nbgrader's DeduplicateIds, OverwriteKernelspec and OverwriteCells, which fail on cells
    that were renamed, copied or given settings the assignment does not have, so that nothing is
    recorded. The released structure comes from the gradebook's record of the source notebook; what
    was repaired goes into the notebook's metadata for the feedback page and the instructor's log.
    Runs before ClearOutput, so that outputs saved in graded-test cells can be noticed.
    """

    remember_released = Bool(
        False, help="In an autograde worker, read the released structure from the gradebook once per run."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        released, kernelspec = released_structure(info["db_url"], info["notebook"], info["assignment"],
                                                  remembered=self.remember_released)
        # Of the kit's metadata only what the reader wrote counts here (a student's file may carry any).
        kit = nb.metadata.get(METADATA_KEY, {})
        translated = self._translated(kit.get("lang") if isinstance(kit, dict) else None, info)
        kit = {k: v for k, v in kit.items() if k in ("unreadable", "read_repairs")} if isinstance(kit, dict) else {}
        read = [Repair(kind) for kind in ("cell_ids",) if kind in kit.pop("read_repairs", [])]
        repairs = read + restore_structure(nb, released, kernelspec, translated)
        if "unreadable" in kit:  # a placeholder (reading.py): its note already says what happened
            repairs = []
        if repairs:
            self.log.warning(
                "%s/%s: notebook repaired: %s", info.get("student"), info["assignment"],
                "; ".join(f"{r.kind} {', '.join(r.cells)}".strip() for r in repairs),
            )
        nb.metadata[METADATA_KEY] = {**kit, "repairs": [r.as_json() for r in repairs]}
        return nb, resources

    def _translated(self, lang: Any, info: dict) -> dict[str, str]:
        """Read-only cells in the notebook's language, from the course's release_<lang>/ (languages.md)."""
        release = release_in_language(self, lang, info)
        return translated_locked_cells(release) if release else {}


def release_in_language(preprocessor: Any, lang: Any, info: dict) -> Path | None:
    """The course's released notebook in `lang` (release_<lang>/) for the notebook `info` (nbgrader's
    resources) names, when the course has one."""
    if not isinstance(lang, str) or lang not in LANGUAGES or not info.get("assignment"):
        return None
    name = info.get("notebook", info["assignment"])
    path = course_root_of(preprocessor) / f"release_{lang}" / info["assignment"] / f"{name}.ipynb"
    return path if path.is_file() else None


def course_root_of(preprocessor: Any) -> Path:
    """The course root of the nbgrader application running `preprocessor` (else the working directory)."""
    owner: Any = preprocessor.parent
    while owner is not None:
        if isinstance(getattr(owner, "coursedir", None), CourseDirectory):
            return Path(owner.coursedir.root)
        owner = getattr(owner, "parent", None)
    return Path.cwd()


RestoreHiddenTestCells = RestoreReleasedStructure  # its former name, for configurations that still use it


_REMEMBERED: dict[tuple[str, str, str], tuple[list[ReleasedCell], str | None]] | None = None
"""In an autograde worker (see `remember_released_structures`): each released notebook's structure."""


def remember_released_structures(remember: bool) -> None:
    """In a process that records one assignment's submissions, one after another (an `autograder
    autograde` worker), read each released notebook's structure from the gradebook once, not once per
    submission (a Gradebook session and four queries). The released notebooks do not change during a
    run (`nbgrader generate_assignment` in the middle of one would already mix two versions). Off, and
    forgotten, when the worker ends (`autograde.dispose_gradebook_engines`)."""
    global _REMEMBERED
    _REMEMBERED = {} if remember else None


def released_structure(
    db_url: str, notebook_name: str, assignment: str, remembered: bool = False
) -> tuple[list[ReleasedCell], dict | None]:
    """The released notebook's cells with nbgrader settings, in order, and its kernelspec (with
    `remembered`, in a worker that remembers them, read from the gradebook only the first time)."""
    key = (db_url, notebook_name, assignment)
    remembering = remembered and _REMEMBERED is not None
    if remembering and key in _REMEMBERED:  # type: ignore[operator]
        cells, kernelspec = _REMEMBERED[key]
        return list(cells), json.loads(kernelspec) if kernelspec else None
    with Gradebook(db_url) as gb:
        notebook = gb.find_notebook(notebook_name, assignment)
        points = {c.name: float(c.max_score) for c in notebook.grade_cells}
        tasks = {c.name: float(c.max_score) for c in notebook.task_cells}
        solutions = {c.name for c in notebook.solution_cells}
        cells = [
            ReleasedCell(
                name=c.name,
                cell_type=c.cell_type,
                source=c.source or "",
                checksum=c.checksum,
                grade=c.name in points,
                solution=c.name in solutions,
                locked=bool(c.locked),
                task=c.name in tasks,
                points=points.get(c.name, tasks.get(c.name)),
            )
            for c in sorted(notebook.source_cells, key=lambda c: c.id)
        ]
        kernelspec = json.loads(notebook.kernelspec) if notebook.kernelspec else None
        if remembering:
            _REMEMBERED[key] = (list(cells), notebook.kernelspec)  # type: ignore[index]
    return cells, kernelspec


class CheckCellMetadata(nbgrader_preprocessors.CheckCellMetadata):
    """nbgrader's check of the cells' nbgrader metadata, with its JSON schema compiled once per process.

    nbgrader's own step checks each cell with `jsonschema.validate`, which first checks the schema
    itself: for every cell, twice per submission, about a fifth of nbgrader's time per submission.
    The checks and their errors are nbgrader's; only the schema's compilation is shared.
    """

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        try:
            _metadata_validator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            message = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(message)
            raise ValidationError(message) from None
        return nb, resources


@functools.cache
def _metadata_validator() -> MetadataValidator:
    class CompiledSchema(BaseMetadataValidator):
        def validate_cell(self, cell: NotebookNode) -> None:
            meta = cell.metadata.get("nbgrader")
            if meta is None or meta.get("schema_version", 0) != self.schema_version:
                return super().validate_cell(cell)  # nbgrader's own "too old / too new" errors
            try:
                self.fast(meta)
            except fastjsonschema.JsonSchemaException:  # jsonschema's error, as nbgrader reports it
                error = jsonschema.exceptions.best_match(self.compiled.iter_errors(meta))
                if error is not None:
                    raise error from None

    class Validator(MetadataValidator, CompiledSchema):  # MetadataValidator's checks run on top of ours
        def __init__(self) -> None:
            super().__init__()
            checker = jsonschema.validators.validator_for(self.schema)
            checker.check_schema(self.schema)
            self.compiled = checker(self.schema)
            self.fast = fastjsonschema.compile(self.schema)  # a tenth of jsonschema's time on valid cells

    return Validator()
