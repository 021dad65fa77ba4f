"""Read submitted notebooks for nbgrader's autograde without ever failing on a broken file.

nbgrader gives up on a submission whose notebook is not valid JSON or not a valid notebook: nothing is
stored and no feedback is made. This exporter hands nbgrader a placeholder notebook instead, with a
note for the student; the hidden-test cells are then put back from the gradebook
(cells.RestoreHiddenTestCells) and scored by the engine, which reads the submitted file on its own.
"""

from __future__ import annotations

from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbformat.v4 import new_markdown_cell, new_notebook

from autograder.nbgrader_plugin.structure import read_notebook

PLACEHOLDER_KEY = "unreadable"


class TolerantNotebookExporter(NotebookExporter):
    """nbgrader's notebook exporter, with a placeholder for files that are not readable notebooks."""

    def from_file(self, file_stream: Any, resources: dict | None = None, **kw: Any) -> Any:
        name = (resources or {}).get("metadata", {}).get("name", "the notebook")
        try:
            nb = read_notebook(file_stream.read())
        except Exception as err:  # nbformat and json raise many kinds on malformed files
            self.log.warning("%s.ipynb is not a readable notebook (%s); using a placeholder", name, err)
            nb = placeholder_notebook(f"{name}.ipynb", describe_read_error(err))
        return self.from_notebook_node(nb, resources=resources, **kw)


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
            "Its code cannot be shown here; the graded tests below say what the grader could make of it."
        )
    )
    return nb
