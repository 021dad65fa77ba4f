"""notebook_schema.validate gives nbformat.validate's verdict (and its repairs) on every notebook."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

from autograder.nbgrader_plugin import notebook_schema

ROOT = Path(__file__).resolve().parents[1]
RELEASED = ROOT / "release" / "ps1_gradient_descent" / "ps1_gradient_descent.ipynb"


def verdict(check: Callable[..., None], nb: Any, relax: bool) -> tuple[bool, Any]:
    """Whether `check` accepted the notebook, and the notebook as it left it."""
    nb = copy.deepcopy(nb)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            check(nb, relax_add_props=relax)
        except Exception:  # noqa: BLE001 - ValidationError, or nbformat's own TypeError on some (a bug of its)
            return False, nb
    return True, nb


def code_cell(nb: Any) -> Any:
    return next(c for c in nb["cells"] if c["cell_type"] == "code")


def with_output(output: dict[str, Any]) -> Callable[[Any], None]:
    def change(nb: Any) -> None:
        code_cell(nb)["outputs"] = [output]
    return change


MUTATIONS: dict[str, Callable[[Any], Any]] = {
    "as released": lambda nb: None,
    "cell without cell_type": lambda nb: nb["cells"][0].pop("cell_type"),
    "cell of an unknown type": lambda nb: nb["cells"][0].update(cell_type="heading"),
    "cell type not a string": lambda nb: nb["cells"][0].update(cell_type=3),
    "cell not an object": lambda nb: nb["cells"].insert(0, "text"),
    "code cell without outputs": lambda nb: code_cell(nb).pop("outputs"),
    "code cell marked markdown": lambda nb: code_cell(nb).update(cell_type="markdown"),
    "markdown cell marked code": lambda nb: next(
        c for c in nb["cells"] if c["cell_type"] == "markdown").update(cell_type="code"),
    "markdown cell with outputs": lambda nb: next(
        c for c in nb["cells"] if c["cell_type"] == "markdown").update(outputs=[]),
    "extra field in a cell": lambda nb: nb["cells"][0].update(extra=1),
    "extra field in the notebook": lambda nb: nb.update(extra=1),
    "execution count a string": lambda nb: code_cell(nb).update(execution_count="1"),
    "source a number": lambda nb: nb["cells"][0].update(source=1),
    "metadata a list": lambda nb: nb["cells"][0].update(metadata=[]),
    "notebook metadata missing": lambda nb: nb.pop("metadata"),
    "nbformat_minor missing": lambda nb: nb.pop("nbformat_minor"),
    "older minor version": lambda nb: nb.update(nbformat_minor=4),
    "cells not a list": lambda nb: nb.update(cells={}),
    "cell id invalid": lambda nb: nb["cells"][0].update(id="not valid!"),
    "cell without id": lambda nb: nb["cells"][0].pop("id"),
    "cell ids repeated": lambda nb: nb["cells"][1].update(id=nb["cells"][0]["id"]),
    "a stream output": with_output({"output_type": "stream", "name": "stdout", "text": "hi\n"}),
    "a stream with no name": with_output({"output_type": "stream", "text": "hi\n"}),
    "an error output": with_output({"output_type": "error", "ename": "E", "evalue": "v", "traceback": []}),
    "an unknown output type": with_output({"output_type": "picture"}),
    "a result without its count": with_output({"output_type": "execute_result", "data": {}, "metadata": {}}),
    "no cells": lambda nb: nb.update(cells=[]),
}


@pytest.mark.parametrize("relax", [False, True], ids=["strict", "relaxed"])
@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_the_verdict_is_nbformats(mutation: str, relax: bool) -> None:
    nb = nbformat.read(RELEASED, as_version=4)
    MUTATIONS[mutation](nb)
    expected, theirs = verdict(nbformat.validate, nb, relax)
    found, ours = verdict(notebook_schema.validate, nb, relax)
    assert found == expected
    if expected and isinstance(nb.get("cells"), list):
        # nbformat's repairs (new ids for missing or repeated ones, random) are made to the same cells
        ids = [[c.get("id") for c in cells] for cells in (nb["cells"], theirs["cells"], ours["cells"])]
        assert [a == b for a, b in zip(ids[0], ids[1])] == [a == b for a, b in zip(ids[0], ids[2])]
        assert len(set(ids[2])) == len(ids[2])


def test_some_mutations_are_accepted_and_some_refused() -> None:
    """The cases above are not all of one kind (the comparison would prove little)."""
    nb = nbformat.read(RELEASED, as_version=4)
    verdicts = set()
    for change in MUTATIONS.values():
        copied = copy.deepcopy(nb)
        change(copied)
        verdicts.add(verdict(nbformat.validate, copied, False)[0])
    assert verdicts == {True, False}


def test_every_notebook_in_the_repository_gets_nbformats_verdict() -> None:
    paths = [p for p in ROOT.rglob("*.ipynb") if ".venv" not in p.parts and ".ipynb_checkpoints" not in p.parts]
    assert len(paths) >= 20
    for path in paths:
        try:
            nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=nbformat.NO_CONVERT)
        except Exception:  # noqa: BLE001 - not JSON at all: nothing to validate
            continue
        for relax in (False, True):
            assert verdict(notebook_schema.validate, nb, relax)[0] == verdict(nbformat.validate, nb, relax)[0], path
