"""Which nbgrader cells are this kit's hidden tests, putting back the ones a submission lost, and
checking the cells' nbgrader metadata."""

from __future__ import annotations

import functools
import re
import traceback

import jsonschema
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader import preprocessors as nbgrader_preprocessors
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import NbGraderPreprocessor

GRADE_ID_PREFIX = "hidden_"
MARKER = re.compile(r"^# descent-kit hidden test: (?P<assignment>[\w.-]+)::(?P<test>\w+)\s*$", re.MULTILINE)
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


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


def without_hidden_region(source: str) -> str:
    """The cell's source with the hidden-tests region (delimiters included) removed."""
    kept, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN_HIDDEN:
            inside = True
        elif line.strip() == END_HIDDEN:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept).strip("\n")


class RestoreHiddenTestCells(NbGraderPreprocessor):
    """Sanitize pass, after OverwriteCells: append every hidden-test grade cell the submission lacks.

    nbgrader only scores grade cells present in the notebook, so a deleted one would keep no score at
    all. (nbgrader's own OverwriteCells.add_missing_cells fails when the cell before the missing one is
    a read-only cell that is not graded, as our check cells are.)
    """

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            missing = [
                (cell, gb.find_source_cell(cell.name, info["notebook"], info["assignment"]))
                for cell in notebook.grade_cells
                if cell.name.startswith(GRADE_ID_PREFIX) and cell.name not in present
            ]
            restored = [
                new_code_cell(
                    source.source,
                    metadata={
                        "deletable": False,
                        "editable": False,
                        "nbgrader": {
                            "grade": True,
                            "grade_id": cell.name,
                            "locked": True,
                            "points": cell.max_score,
                            "solution": False,
                            "task": False,
                            "checksum": source.checksum,
                            "cell_type": "code",
                            "schema_version": 3,
                        },
                    },
                )
                for cell, source in missing
            ]
        if restored:
            self.log.warning("%d hidden-test cell(s) were missing and are put back", len(restored))
            nb.cells.append(
                new_markdown_cell(
                    "_These graded-test cells were missing from the submitted notebook; "
                    "nbgrader put them back so that their scores are recorded._"
                )
            )
            nb.cells.extend(restored)
        return nb, resources


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
            error = jsonschema.exceptions.best_match(self.compiled.iter_errors(meta))
            if error is not None:
                raise error

    class Validator(MetadataValidator, CompiledSchema):  # MetadataValidator's checks run on top of ours
        def __init__(self) -> None:
            super().__init__()
            checker = jsonschema.validators.validator_for(self.schema)
            checker.check_schema(self.schema)
            self.compiled = checker(self.schema)

    return Validator()
