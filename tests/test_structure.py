"""nbgrader_plugin/structure.py: a damaged notebook's structure put back as released, each repair named."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.messages import Messages
from autograder.nbgrader_plugin.structure import (
    read_notebook,
    released_from_file,
    repair_notes,
    repairs_against,
    restore_structure,
)

ROOT = Path(__file__).resolve().parent.parent
RELEASED = ROOT / "release" / "ps1_gradient_descent" / "ps1_gradient_descent.ipynb"
sys.path.insert(0, str(ROOT / "tests" / "damaged"))
import make_damaged  # noqa: E402


def released():
    return released_from_file(RELEASED, RELEASED.stat().st_mtime_ns)


def nbgrader_view(nb) -> list[tuple[str, str, dict]]:
    """(grade_id, cell type, settings) of every cell with nbgrader settings, in order."""
    return [(c.metadata["nbgrader"]["grade_id"], c.cell_type,
             {k: c.metadata["nbgrader"].get(k) for k in ("grade", "solution", "locked", "points")})
            for c in nb.cells if "nbgrader" in c.metadata]


@pytest.fixture(scope="module")
def undamaged():
    nb = read_notebook(RELEASED.read_text())
    return nbgrader_view(nb)


@pytest.mark.parametrize("damage", [d for _, _, d, _ in make_damaged.DAMAGE], ids=lambda d: d.__name__)
def test_every_damage_is_repaired_to_the_released_settings(damage, undamaged):
    cells, kernelspec = released()
    nb = read_notebook(damage(make_damaged.solved("correct")).decode("utf-8"))
    restore_structure(nb, cells, kernelspec)
    restored = nbgrader_view(nb)
    # every released cell with settings is there once, with its released type and settings
    assert sorted(restored) == sorted(undamaged) or damage.__name__ == "answer_cells_merged"
    assert len({name for name, _, _ in restored}) == len(restored)
    assert nb.metadata["kernelspec"] == kernelspec
    nbformat.validate(nb)


def test_a_forged_cell_loses_its_points_and_keeps_its_code():
    cells, kernelspec = released()
    nb = read_notebook(make_damaged.forged_1000_point_cell(make_damaged.solved("sign error")).decode())
    repairs = restore_structure(nb, cells, kernelspec)
    assert [(r.kind, r.cells) for r in repairs] == [("unknown", ("bonus_points",))]
    forged = next(c for c in nb.cells if c.id == "bonus")
    assert "nbgrader" not in forged.metadata and forged.source == "print('all tests passed')"


def test_the_last_copy_of_a_cell_is_it_and_the_released_points_count():
    cells, kernelspec = released()
    nb = read_notebook(make_damaged.hidden_test_cell_copied_with_points(make_damaged.solved("correct")).decode())
    kinds = {r.kind for r in restore_structure(nb, cells, kernelspec)}
    assert kinds == {"duplicate", "settings", "outputs"}
    copy_, = [c for c in nb.cells if c.id == "forged-copy"]
    assert copy_.metadata["nbgrader"]["points"] == 3  # the released points, not 1000


def test_an_undamaged_notebook_needs_no_repair():
    cells, kernelspec = released()
    nb = read_notebook(json.dumps(make_damaged.solved("correct")))
    before = copy.deepcopy(nb)
    assert restore_structure(nb, cells, kernelspec) == []
    assert nbgrader_view(nb) == nbgrader_view(before)


def test_notes_name_each_kind_once_in_english_and_korean(tmp_path):
    data = make_damaged.grade_ids_renamed(make_damaged.solved("correct"))
    notes = repair_notes(repairs_against(data, RELEASED))
    assert len(notes) == 3  # the heading, renamed ids, answers found again
    english = [Messages("en").render(n) for n in notes]
    korean = [Messages("ko").render(n) for n in notes]
    assert "`my_answer_1`, `my_answer_2`" in english[1] and "your code was kept" in english[1]
    assert "`my_answer_1`, `my_answer_2`" in korean[1] and "코드는 그대로" in korean[1]


def test_a_notebook_not_made_from_the_release_is_not_compared():
    data = make_damaged.converted_by_jupytext(make_damaged.solved("correct"))
    assert repairs_against(data, RELEASED) == []
    assert repairs_against(b"not json", RELEASED) == []


def test_autograder_grade_names_the_repairs_and_scores_the_code(tmp_path):
    from support import grade

    damaged = tmp_path / "ps1_gradient_descent.ipynb"
    damaged.write_bytes(make_damaged.solution_cell_duplicated(make_damaged.solved("correct")))
    code, report, stderr = grade("ps1_gradient_descent", damaged, "--lang", "ko")
    assert code == 0, stderr
    assert report["score"] == report["max_score"]
    assert any("`answer_gradient_descent`의 복사본" in note for note in report["notes"]), report["notes"]


def test_the_engine_reads_every_code_cell_but_a_hidden_tests_region_and_accepts_a_bom(tmp_path):
    from autograder.course import get_assignment
    from autograder.submission import read_submission

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("def answer():\n    return 1",
                                  metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "x"}}),
        nbformat.v4.new_code_cell("# test\n### BEGIN HIDDEN TESTS\nsecret = 1\n### END HIDDEN TESTS\nkept = 2"),
    ]
    path = tmp_path / "n.ipynb"
    path.write_bytes(b"\xef\xbb\xbf" + nbformat.writes(nb).encode())
    sub = read_submission(path, get_assignment("ps1_gradient_descent"), 10**7)
    code = "\n".join(c.code for c in sub.chunks)
    assert sub.problems == ()
    assert "def answer" in code and "kept = 2" in code and "secret" not in code


def test_a_korean_notebook_is_not_edited_for_holding_its_own_language():
    """The course releases English cells; a student in the Korean notebook (release_ko/) holds the same
    read-only cells in Korean. Put back as released, but not reported as edits; a real edit still is."""
    from autograder.nbgrader_plugin.structure import translated_locked_cells

    korean = ROOT / "release_ko" / "ps1_gradient_descent" / "ps1_gradient_descent.ipynb"
    cells, kernelspec = released()
    translated = translated_locked_cells(korean)
    assert translated and all(name.startswith(("check_", "hidden_")) for name in translated)

    nb = read_notebook(korean.read_text(encoding="utf-8"))
    kinds = {r.kind for r in restore_structure(nb, cells, kernelspec, translated)}
    assert "locked_edited" not in kinds
    assert nbgrader_view(nb) == nbgrader_view(read_notebook(RELEASED.read_text()))
    untranslated = read_notebook(korean.read_text(encoding="utf-8"))
    assert "locked_edited" in {r.kind for r in restore_structure(untranslated, cells, kernelspec)}

    edited = read_notebook(korean.read_text(encoding="utf-8"))
    check = next(c for c in edited.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("check_"))
    check.source += "\nassert True  # my own check"
    repairs = restore_structure(edited, cells, kernelspec, translated)
    assert any(r.kind == "locked_edited" and check.metadata["nbgrader"]["grade_id"] in r.cells for r in repairs)


def test_autograder_grade_compares_a_korean_notebook_with_the_korean_release(tmp_path):
    import subprocess

    work = tmp_path / "ps1_gradient_descent.ipynb"
    work.write_text((ROOT / "release_ko" / "ps1_gradient_descent" / "ps1_gradient_descent.ipynb").read_text())
    out = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "ps1_gradient_descent", str(work), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    notes = json.loads(out.stdout)["notes"]
    assert not any("배포된" in n or "as released" in n for n in notes), notes
