"""Read submitted notebooks for nbgrader's autograde without ever failing on a broken file.

nbgrader gives up on a submission whose notebook is not valid JSON or not a valid notebook: nothing is
stored and no feedback is made. This exporter hands nbgrader a placeholder notebook instead, with a
note for the student; the hidden-test cells are then put back from the gradebook
(cells.RestoreHiddenTestCells) and scored by the engine, which reads the submitted file on its own.
"""

from __future__ import annotations

import os
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbformat.v4 import new_markdown_cell, new_notebook
from traitlets import Bool

from autograder.nbgrader_plugin.structure import read_notebook

PLACEHOLDER_KEY = "unreadable"


class TolerantNotebookExporter(NotebookExporter):
    """nbgrader's notebook exporter, with a placeholder for files that are not readable notebooks.

    With `copy_notebook` off, the notebook it has just read is handed to the preprocessors as it is:
    nbconvert deep-copies it twice before they run (it cannot know that nobody else holds it), four
    copies per submission in nbgrader's two passes. Everything else is nbconvert's NotebookExporter.
    """

    copy_notebook = Bool(
        True, help="Deep-copy the notebook before preprocessing, as nbconvert does (off: it was just read)."
    ).tag(config=True)

    def from_file(self, file_stream: Any, resources: dict | None = None, **kw: Any) -> Any:
        name = (resources or {}).get("metadata", {}).get("name", "the notebook")
        try:
            nb = read_notebook(file_stream.read())
        except Exception as err:  # nbformat and json raise many kinds on malformed files
            self.log.warning("%s.ipynb is not a readable notebook (%s); using a placeholder", name, err)
            nb = placeholder_notebook(f"{name}.ipynb", describe_read_error(err))
        if self.copy_notebook:
            return self.from_notebook_node(nb, resources=resources, **kw)
        return self._export_uncopied(nb, resources)

    def _export_uncopied(self, nb: nbformat.NotebookNode, resources: dict | None) -> Any:
        """nbconvert's NotebookExporter.from_notebook_node and Exporter._preprocess without the copies
        of the notebook (the resources are still copied, as nbconvert does)."""
        import copy

        from nbformat import validator

        resources = self._init_resources(resources)
        if "language" in nb["metadata"]:
            resources["language"] = nb["metadata"]["language"].lower()
        resources = copy.deepcopy(resources)
        if hasattr(validator, "normalize"):
            _, nb = validator.normalize(nb)
        preprocessor = None
        for preprocessor in self._preprocessors:
            nb, resources = preprocessor(nb, resources)
            if not self.optimistic_validation:
                self._validate_preprocessor(nb, preprocessor)
        if self.optimistic_validation:
            self._validate_preprocessor(nb, preprocessor)
        metadata = resources.get("metadata", {}) if resources is not None else {}
        self._nb_metadata[os.path.join(metadata.get("path", ""), metadata.get("name", ""))] = nb.metadata
        version = self.nbformat_version
        resources["output_suffix"] = f".v{version}" if version != nb.nbformat else ".nbconvert"
        output = nbformat.writes(nb, version=self.nbformat_version)
        return output if output.endswith("\n") else output + "\n", resources


def describe_read_error(err: Exception) -> str:
    """What was wrong with the file, in a sentence, without a traceback."""
    if isinstance(err, UnicodeDecodeError):
        return "it is not a text file in UTF-8"
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if "JSON" in text or type(err).__name__ in ("NotJSONError", "JSONDecodeError"):
        return f"it is not valid JSON ({text[:160]})"
    return f"it is not a valid Jupyter notebook ({text[:160]})"


def placeholder_notebook(file_name: str, reason: str) -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["descent_kit"] = {PLACEHOLDER_KEY: reason}
    nb.cells.append(
        new_markdown_cell(
            f"**Your file `{file_name}` could not be opened as a notebook: {reason}.** "
            "This can happen when a notebook is edited outside Jupyter or an upload is cut short. "
            "Its code cannot be shown here; the graded tests below say what the grader could make of it.",
            id="descent-kit-unreadable",  # fixed: the same file always gives the same autograded notebook
        )
    )
    return nb
