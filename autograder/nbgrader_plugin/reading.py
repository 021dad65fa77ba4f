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
        nb = self.read_stream(file_stream, resources)
        if self.copy_notebook:
            return self.from_notebook_node(nb, resources=resources, **kw)
        return self._export_uncopied(nb, resources)

    def _export_uncopied(self, nb: nbformat.NotebookNode, resources: dict | None) -> Any:
        """nbconvert's NotebookExporter.from_notebook_node and Exporter._preprocess without the copies
        of the notebook (the resources are still copied, as nbconvert does)."""
        nb, resources = self.begin(nb, resources)
        nb, resources = self.run(nb, resources, self._preprocessors)
        return self.end(nb, resources)

    def begin(self, nb: nbformat.NotebookNode, resources: dict | None) -> tuple[nbformat.NotebookNode, dict]:
        """What nbconvert does to a notebook it has read, before the preprocessors."""
        import copy

        from nbformat import validator

        resources = self._init_resources(resources)
        if "language" in nb["metadata"]:
            resources["language"] = nb["metadata"]["language"].lower()
        resources = copy.deepcopy(resources)
        in_place = getattr(validator, "_normalize", None)
        if in_place is not None:  # what validator.normalize does, without copying the notebook first
            version, minor = nbformat.reader.get_version(nb)
            _, nb = in_place(nb, version, minor, True, relax_add_props=False, strip_invalid_metadata=False)
        elif hasattr(validator, "normalize"):
            _, nb = validator.normalize(nb)
        return nb, resources

    def run(self, nb: nbformat.NotebookNode, resources: dict, steps: list[Any]) -> tuple[nbformat.NotebookNode, dict]:
        """Some of the preprocessors, in order (validating after each, unless optimistic)."""
        for preprocessor in steps:
            nb, resources = preprocessor(nb, resources)
            if not self.optimistic_validation:
                self._validate_preprocessor(nb, preprocessor)
        return nb, resources

    def _validate_preprocessor(self, nbc: nbformat.NotebookNode, preprocessor: Any) -> None:
        """nbconvert's check after a preprocessor, with nbformat's verdict for less (notebook_schema)."""
        from autograder.nbgrader_plugin import notebook_schema

        try:
            notebook_schema.validate(nbc, relax_add_props=True)
        except nbformat.ValidationError:
            self.log.error("Notebook is invalid after preprocessor %s", preprocessor)
            raise

    def end(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[str, dict]:
        """What nbconvert does after the preprocessors: the notebook as text, to be written. `nb` is
        the exporter's own (read by it, never given back): it is changed as it is written."""
        validated = bool(self._preprocessors)  # after each step, or once after the last (optimistic)
        if self.optimistic_validation and validated:
            self._validate_preprocessor(nb, self._preprocessors[-1])
        metadata = resources.get("metadata", {}) if resources is not None else {}
        self._nb_metadata[os.path.join(metadata.get("path", ""), metadata.get("name", ""))] = nb.metadata
        version = self.nbformat_version
        resources["output_suffix"] = f".v{version}" if version != nb.nbformat else ".nbconvert"
        if validated and version == 4:  # nbformat.writes without its own validation (it only logs what
            output = _writes_in_place(nbformat.convert(nb, version))  # ours raised on), nor its copy
        elif validated:
            output = nbformat.versions[version].writes_json(nbformat.convert(nb, version))
        else:
            output = nbformat.writes(nb, version=version)
        return output if output.endswith("\n") else output + "\n", resources

    def read(self, filename: str, resources: dict) -> nbformat.NotebookNode:
        """The notebook in `filename` (or the placeholder), with nbconvert's `from_filename`'s resources
        put into `resources`, ready for `begin`."""
        import datetime
        import sys

        from nbconvert.exporters.exporter import ResourcesDict

        if "metadata" not in resources or resources["metadata"] == "":
            resources["metadata"] = ResourcesDict()
        path, basename = os.path.split(filename)
        resources["metadata"]["name"] = os.path.splitext(basename)[0]
        resources["metadata"]["path"] = path
        modified = datetime.datetime.fromtimestamp(os.path.getmtime(filename), tz=datetime.timezone.utc)
        resources["metadata"]["modified_date"] = modified.strftime(
            "%B %d, %Y" if sys.platform == "win32" else "%B %-d, %Y")
        with open(filename, encoding="utf-8") as f:
            return self.read_stream(f, resources)

    def read_stream(self, file_stream: Any, resources: dict | None) -> nbformat.NotebookNode:
        """The notebook in `file_stream`, or a placeholder saying why it could not be read."""
        name = (resources or {}).get("metadata", {}).get("name", "the notebook")
        try:
            return read_notebook(file_stream.read())
        except Exception as err:  # nbformat and json raise many kinds on malformed files
            self.log.warning("%s.ipynb is not a readable notebook (%s); using a placeholder", name, err)
            return placeholder_notebook(f"{name}.ipynb", describe_read_error(err))


def _writes_in_place(nb: nbformat.NotebookNode) -> str:
    """nbformat v4's JSONWriter.writes, the same text, without the deep copy it makes so as not to
    change a notebook its caller still uses (lines split, transient metadata dropped)."""
    from nbformat.v4.rwbase import split_lines, strip_transient

    from autograder.nbgrader_plugin.notebook_text import dumps

    return dumps(strip_transient(split_lines(nb)))


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
