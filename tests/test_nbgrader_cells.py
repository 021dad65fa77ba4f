"""nbgrader_plugin/cells.py: the kit's CheckCellMetadata must accept and refuse exactly what nbgrader's does."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import nbformat
import pytest
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheck

from autograder.nbgrader_plugin.cells import CheckCellMetadata

ROOT = Path(__file__).resolve().parent.parent
RELEASED = ROOT / "release" / "ps1_gradient_descent" / "ps1_gradient_descent.ipynb"


def corrupted(edit) -> nbformat.NotebookNode:
    nb = nbformat.read(RELEASED, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    edit(cell.metadata["nbgrader"], cell)
    return nb


CORRUPTIONS = {
    "points not a number": lambda m, c: m.update(points="ten"),
    "unknown key": lambda m, c: m.update(secret=1),
    "grade id missing": lambda m, c: m.pop("grade_id"),
    "schema too old": lambda m, c: m.update(schema_version=1),
    "schema too new": lambda m, c: m.update(schema_version=99),
    "markdown grade cell without solution": lambda m, c: c.update(cell_type="markdown"),
}


def verdict(check, nb) -> str:
    try:
        check(log=logging.getLogger("test")).preprocess(copy.deepcopy(nb), {})
    except Exception as err:  # noqa: BLE001 - comparing whatever each one raises
        return type(err).__name__
    return "accepted"


def test_the_released_notebook_passes_both():
    nb = nbformat.read(RELEASED, as_version=4)
    assert verdict(CheckCellMetadata, nb) == verdict(NbgraderCheck, nb) == "accepted"


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupted_metadata_is_refused_as_nbgrader_refuses_it(name):
    nb = corrupted(CORRUPTIONS[name])
    assert verdict(CheckCellMetadata, nb) == verdict(NbgraderCheck, nb)
    assert verdict(NbgraderCheck, nb) != "accepted"
