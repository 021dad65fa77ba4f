"""Damaged notebooks: what students really hand in, built from the released ps1 notebook.

Each case starts from the released notebook (release/ps1_gradient_descent/) with the answer cells
filled in from the reference solution (source/, delimiters removed), with either the correct code or
one mistake (the sign error in `get_minimizer_x`), and then damages it the way an editor, a student
or a cheat does: settings changed, cells copied, renamed, merged, split, retyped, deleted, moved,
forged points and outputs, other editors' files (Colab, VS Code, jupytext), old formats, a byte-order
mark, Windows line ends, and files that are no notebook at all.

`code` says which code the notebook holds: its honest score is that of the undamaged notebook with the
same code. `repairs` are the kinds of repair (`repair.<kind>` in autograder/messages.py) its feedback
must mention. Nothing here is committed output: tests build the cases into a scratch course.

Usage (from the course root):
  .venv/bin/python tests/damaged/make_damaged.py OUT_DIR      one OUT_DIR/<case>/ps1_gradient_descent.ipynb each
"""

from __future__ import annotations

import copy
import io
import json
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "ps1_gradient_descent"
SIGN_ERROR = ("x = x - learning_rate * 2 * x", "x = x + learning_rate * 2 * x")


@dataclass(frozen=True)
class Case:
    """One damaged hand-in."""

    name: str
    description: str
    code: str | None
    """'correct', 'sign error', or None for a file that is not a notebook (its score is 0)."""
    repairs: frozenset[str]
    """Kinds of repair the feedback must name."""
    data: bytes
    file_name: str = f"{ASSIGNMENT}.ipynb"
    """The name it is handed in under (a module, a renamed notebook, a PDF: the notebook is missing)."""


def released() -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def answers() -> dict[str, str]:
    """grade_id -> the reference answer as a student would leave it in the cell."""
    source = nbformat.read(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    out = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            keep = [line for line in cell.source.splitlines()
                    if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
            out[meta["grade_id"]] = "\n".join(keep)
    return out


def solved(code: str) -> nbformat.NotebookNode:
    """The released notebook with every answer filled in ('correct' or 'sign error')."""
    nb = released()
    filled = answers()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in filled:
            cell.source = filled[grade_id]
            if code == "sign error" and SIGN_ERROR[0] in cell.source:
                cell.source = cell.source.replace(*SIGN_ERROR)
    return nb


def _meta(cell: nbformat.NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def _role(nb: nbformat.NotebookNode, test: Callable[[dict], bool]) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if test(_meta(c))]


def answers_of(nb):
    return _role(nb, lambda m: bool(m.get("solution")))


def hidden_of(nb):
    return _role(nb, lambda m: m.get("grade_id", "").startswith("hidden_"))


def checks_of(nb):
    return _role(nb, lambda m: m.get("locked") and not m.get("grade"))


def _write(nb: nbformat.NotebookNode) -> bytes:
    """As Jupyter writes it (sources as lists of lines), without nbformat's validation."""
    return (nbformat.v4.nbjson.writes(nb) + "\n").encode()


def _fake_output(text: str) -> dict:
    return {"output_type": "execute_result", "data": {"text/plain": text}, "metadata": {}, "execution_count": 1}


# ----------------------------------------------------------------- the damage, one function each
# Each takes the solved notebook and returns the file's bytes.


def grade_flag_switched_on(nb):
    meta = _meta(answers_of(nb)[0])
    meta.update(grade=True, points=100)
    return _write(nb)


def grade_ids_renamed(nb):
    for number, cell in enumerate(answers_of(nb), 1):
        _meta(cell)["grade_id"] = f"my_answer_{number}"
    return _write(nb)


def solution_cell_duplicated(nb):
    cell = answers_of(nb)[1]
    copy_ = copy.deepcopy(cell)
    copy_.id = "scratch-copy"
    copy_.source += "\n\n# scratch work\ntrial = gradient_descent(lambda x: 2 * x, [1.0], 0.1, 3)"
    nb.cells.insert(nb.cells.index(cell) + 1, copy_)
    return _write(nb)


def forged_1000_point_cell(nb):
    cell = nbformat.v4.new_code_cell("print('all tests passed')", id="bonus")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus_points", "locked": True, "points": 1000,
                                 "schema_version": 3, "solution": False, "task": False}
    cell.outputs = [nbformat.from_dict(_fake_output("1000"))]
    cell.execution_count = 1
    nb.cells.append(cell)
    return _write(nb)


def fake_outputs_in_hidden_tests(nb):
    for cell in hidden_of(nb):
        cell.outputs = [nbformat.from_dict(_fake_output(str(_meta(cell)["points"])))]
        cell.execution_count = 1
    return _write(nb)


def hidden_test_points_raised(nb):
    for cell in hidden_of(nb):
        _meta(cell)["points"] = 100
    return _write(nb)


def hidden_test_cell_copied_with_points(nb):
    real = hidden_of(nb)[0]
    forged = copy.deepcopy(real)
    forged.id = "forged-copy"
    _meta(forged)["points"] = 1000
    forged.outputs = [nbformat.from_dict(_fake_output("1000"))]
    nb.cells.insert(nb.cells.index(real) + 1, forged)
    return _write(nb)


def other_kernelspec(nb):
    nb.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    return _write(nb)


def answer_turned_into_test_cell(nb):
    _meta(answers_of(nb)[0]).update(grade=True, solution=False, locked=True, points=5)
    return _write(nb)


def answer_cells_merged(nb):
    first, second = answers_of(nb)[:2]
    first.source = first.source + "\n\n\n" + second.source
    nb.cells.remove(second)
    return _write(nb)


def answer_cell_split(nb):
    cell = answers_of(nb)[1]
    head = copy.deepcopy(cell)
    head.id = "split-head"
    head.source = "# a helper I wrote first\ndef _scaled(v, rate):\n    return rate * v"
    nb.cells.insert(nb.cells.index(cell), head)
    return _write(nb)


def cell_types_changed(nb):
    markdown = next(c for c in nb.cells if c.cell_type == "markdown" and "nbgrader" not in c.metadata)
    index = nb.cells.index(markdown)
    nb.cells[index] = nbformat.from_dict({"cell_type": "code", "id": markdown.id, "metadata": {},
                                          "source": markdown.source, "outputs": [], "execution_count": None})
    for cell in (checks_of(nb)[0], hidden_of(nb)[0]):
        index = nb.cells.index(cell)
        nb.cells[index] = nbformat.from_dict({"cell_type": "markdown", "id": cell.id,
                                              "metadata": cell.metadata, "source": cell.source})
    return _write(nb)


def other_tools_metadata(nb):
    nb.metadata.update(toc={"number_sections": True}, widgets={"application/vnd.jupyter.widget-state+json": {}},
                       celltoolbar="Create Assignment")
    for number, cell in enumerate(nb.cells):
        cell.metadata.update(tags=["exercise"], jupyter={"source_hidden": number % 2 == 0},
                             ExecuteTime={"end_time": "2026-11-19T22:01:00"}, scrolled=True)
        if cell.cell_type == "code":
            cell.metadata["collapsed"] = False
    return _write(nb)


def duplicate_cell_ids(nb):
    for cell in nb.cells[1:6]:
        cell.id = nb.cells[0].id
    return _write(nb)


def locked_cells_edited(nb):
    checks_of(nb)[0].source = "# I removed this check, it kept failing"
    hidden_of(nb)[0].source += "\nassert True  # passes"
    return _write(nb)


def hidden_tests_moved(nb):
    hidden = hidden_of(nb)
    nb.cells = [c for c in nb.cells if c not in hidden]
    nb.cells[1:1] = hidden
    return _write(nb)


def hidden_tests_deleted(nb):
    hidden = hidden_of(nb)
    nb.cells = [c for c in nb.cells if c not in hidden]
    return _write(nb)


def locked_cells_deleted(nb):
    checks = checks_of(nb)
    nb.cells = [c for c in nb.cells if c not in checks]
    return _write(nb)


def cells_reordered(nb):
    nb.cells = nb.cells[::-1]
    return _write(nb)


def metadata_stripped(nb):
    for cell in nb.cells:
        cell.metadata = {}
    nb.metadata = {}
    return _write(nb)


def byte_order_mark(nb):
    return b"\xef\xbb\xbf" + _write(nb)


def windows_line_ends(nb):
    return _write(nb).replace(b"\n", b"\r\n")


def old_format(minor: int) -> Callable[[nbformat.NotebookNode], bytes]:
    def damage(nb):
        nb.nbformat_minor = minor
        for cell in nb.cells:
            cell.pop("id", None)
        return _write(nb)

    damage.__name__ = f"nbformat_4_{minor}"
    return damage


def saved_by_colab(nb):
    raw = json.loads(_write(nb))
    raw["nbformat_minor"] = 0
    raw["metadata"] = {"colab": {"provenance": [], "name": f"{ASSIGNMENT}.ipynb"},
                       "kernelspec": {"name": "python3", "display_name": "Python 3"},
                       "language_info": {"name": "python"}}
    for number, cell in enumerate(raw["cells"]):
        cell.pop("id", None)
        cell["metadata"]["id"] = f"colab{number:04d}xyz"
        if cell["cell_type"] == "code":
            cell["metadata"]["colab"] = {"base_uri": "https://localhost:8080/"}
            cell["metadata"]["outputId"] = f"out{number:04d}"
        if isinstance(cell["source"], str):
            cell["source"] = cell["source"].splitlines(keepends=True)
    return (json.dumps(raw, indent=2) + "\n").encode()


def saved_by_vscode(nb):
    raw = json.loads(_write(nb))
    raw["nbformat_minor"] = 2
    raw["metadata"] = {"kernelspec": {"display_name": ".venv", "language": "python", "name": "python3"},
                       "language_info": {"name": "python", "version": "3.12.3", "mimetype": "text/x-python"},
                       "vscode": {"interpreter": {"hash": "0" * 64}}}
    for cell in raw["cells"]:
        cell.pop("id", None)
        if isinstance(cell["source"], str):
            cell["source"] = cell["source"].splitlines(keepends=True)
    return (json.dumps(raw, indent=1) + "\n").encode()


def converted_by_jupytext(nb):
    """A `.py` in jupytext's percent format, converted: the functions in plain cells, no nbgrader settings."""
    module = (ROOT / "solutions" / ASSIGNMENT / "gradient_descent.py").read_text()
    chunks = [part.strip("\n") for part in module.split("\n\n\ndef ")]
    cells = [nbformat.v4.new_code_cell(chunks[0], id="jupytext-0")]
    cells += [nbformat.v4.new_code_cell("def " + part, id=f"jupytext-{i}") for i, part in enumerate(chunks[1:], 1)]
    new = nbformat.v4.new_notebook(cells=cells)
    new.metadata = {"jupytext": {"formats": "ipynb,py:percent", "text_representation": {
        "extension": ".py", "format_name": "percent", "format_version": "1.3"}},
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    return _write(new)


DAMAGE: list[tuple[str, str, Callable, frozenset[str]]] = [
    # (code, what, how, repairs named)
    ("correct", "solution cell's grade flag switched on, points changed", grade_flag_switched_on, {"settings"}),
    ("correct", "answer cells' grade_ids renamed", grade_ids_renamed, {"unknown", "answer_found"}),
    ("correct", "solution cell duplicated (same grade_id) for scratch work", solution_cell_duplicated,
     {"duplicate"}),
    ("sign error", "a forged 1000-point grade cell with a fake output", forged_1000_point_cell, {"unknown"}),
    ("sign error", "fake outputs in the hidden-test cells", fake_outputs_in_hidden_tests, {"outputs"}),
    ("sign error", "hidden-test cells' points raised to 100", hidden_test_points_raised, {"settings"}),
    ("sign error", "a hidden-test cell copied, 1000 points and a fake output", hidden_test_cell_copied_with_points,
     {"duplicate", "settings", "outputs"}),
    ("correct", "another kernelspec (R)", other_kernelspec, {"kernelspec"}),
    ("correct", "answer cell turned into an autograder-test cell", answer_turned_into_test_cell, {"settings"}),
    ("correct", "two answer cells merged into one", answer_cells_merged, {"answer_missing"}),
    ("correct", "an answer cell split in two (both keep its settings)", answer_cell_split, {"duplicate"}),
    ("correct", "cell types changed (markdown to code, check and hidden test to markdown)", cell_types_changed,
     {"type_changed"}),
    ("correct", "other tools' metadata (tags, ExecuteTime, toc, widgets)", other_tools_metadata, set()),
    ("correct", "duplicate cell ids", duplicate_cell_ids, {"cell_ids"}),
    ("correct", "locked cells edited (a check removed, a hidden test cell changed)", locked_cells_edited,
     {"locked_edited"}),
    ("correct", "hidden-test cells moved to the top", hidden_tests_moved, set()),
    ("correct", "hidden-test cells deleted", hidden_tests_deleted, {"missing"}),
    ("correct", "read-only check cells deleted", locked_cells_deleted, {"missing"}),
    ("correct", "cells in reverse order", cells_reordered, set()),
    ("correct", "all metadata stripped (nbstripout)", metadata_stripped,
     {"answer_found", "missing", "kernelspec"}),
    ("correct", "UTF-8 byte-order mark before the JSON", byte_order_mark, set()),
    ("correct", "Windows line ends (CRLF) in the JSON", windows_line_ends, set()),
    *[("correct", f"nbformat 4.{minor}, no cell ids", old_format(minor), set()) for minor in (0, 2, 4)],
    ("correct", "saved by Google Colab", saved_by_colab, {"kernelspec"}),
    ("correct", "saved by VS Code", saved_by_vscode, {"kernelspec"}),
    ("correct", "converted from a .py by jupytext", converted_by_jupytext, {"answer_found", "missing",
                                                                              "kernelspec"}),
]


def _zip_of(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(f"{ASSIGNMENT}.ipynb", date_time=(2026, 11, 20, 9, 0, 0)), data)
    return buffer.getvalue()


NOT_NOTEBOOKS = [
    ("empty_file", "an empty file", b""),
    ("binary_file", "binary bytes (a PNG renamed)", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    ("zip_file", "a zip of the notebook, renamed .ipynb", None),
    ("not_json", "plain text, not JSON", b"def get_minimizer_x(iterations, learning_rate, init):\n    return 0\n"),
]


WITHOUT_NOTEBOOK = [
    ("module_only", "no notebook; the module, with the correct code", "correct", "gradient_descent.py",
     lambda: (ROOT / "solutions" / ASSIGNMENT / "gradient_descent.py").read_bytes()),
    ("notebook_renamed", "no notebook; the notebook renamed by a download (1)", None,
     f"{ASSIGNMENT} (1).ipynb", lambda: _write(solved("correct"))),
    ("pdf_only", "no notebook; a PDF export", None, f"{ASSIGNMENT}.pdf", lambda: b"%PDF-1.4\n%\xe2\xe3\n"),
]


def cases() -> list[Case]:
    """Every case, in a fixed order."""
    out = [Case("clean_correct", "undamaged, correct code", "correct", frozenset(), _write(solved("correct"))),
           Case("clean_sign_error", "undamaged, sign error", "sign error", frozenset(),
                _write(solved("sign error")))]
    for code, what, damage, repairs in DAMAGE:
        out.append(Case(damage.__name__, what, code, frozenset(repairs), damage(solved(code))))
    for name, what, data in NOT_NOTEBOOKS:
        out.append(Case(name, what, None, frozenset(), data if data is not None else _zip_of(_write(solved("correct")))))
    for name, what, code, file_name, data in WITHOUT_NOTEBOOK:
        out.append(Case(name, what, code, frozenset(), data(), file_name))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out = Path(argv[0])
    for case in cases():
        folder = out / case.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / case.file_name).write_bytes(case.data)
        print(f"{case.name}: {case.description}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
