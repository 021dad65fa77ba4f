"""The course in Korean and English: one template per assignment, the same grading, the student's language.

- Templates: every cell in both languages; a missing twin, a placeholder, Korean code that is not the
  same code, or a Korean plot label with $math$ (mathtext would draw boxes) stops the build.
- The Korean notebooks have exactly the English notebooks' nbgrader cells (grade ids, points, locks).
- A notebook's language flag is read as data, and only a catalog language counts.
- In a kernel (slow): the Korean notebooks run top to bottom with the reference code, their checks pass
  in Korean and draw Hangul; on the released stubs the checks fail in Korean.
- Through nbgrader (slow): a Korean and an English submission of the same code get the same gradebook
  entries from `autograder autograde`; their feedback pages are in Korean and in English.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from autograder.config import load_settings
from autograder.course import course_assignments
from autograder.languages import language_for, notebook_language

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = course_assignments(load_settings(ROOT, {}))
BIN = Path(sys.executable).parent
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PS1 = "ps1_gradient_descent"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_sources", ROOT / "scripts" / "build_sources.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_sources"] = module
    spec.loader.exec_module(module)
    return module


def nbgrader_cells(path: Path) -> list[tuple]:
    """Each nbgrader cell's type, id and metadata (but its checksum, which hashes the words)."""
    nb = nbformat.read(path, as_version=4)
    return [
        (c.cell_type, c.id, tuple(sorted((k, v) for k, v in c.metadata["nbgrader"].items() if k != "checksum")))
        for c in nb.cells
        if "nbgrader" in c.metadata
    ]


# --- one source of truth, checked ------------------------------------------------------------------------


def test_template_cells_carry_both_languages(build: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "template.py"
    path.write_text(
        "# %% [docstring ko]\n# 요약.\n\n"
        "# %% [markdown]\n# # Title\n\n# %% [markdown ko]\n# # 제목\n\n"
        "# %%\nx = 1\n\n"
        '# %%\nprint("hello world")\n\n# %% [ko]\nprint("안녕 세상")\n\n'
        "# %% [solution] f\n\n# %% [docstring ko] f\n# 한국어 설명.\n\n"
        '# %% [tests] f\nassert f(), "f must be true"\n\n# %% [tests ko] f\nassert f(), "f는 참이어야 해요"\n'
    )
    template = build.read_template(path)
    assert [(c.kind, c.function, c.text, c.in_language("ko")) for c in template.cells] == [
        ("markdown", "", "# Title", "# 제목"),
        ("code", "", "x = 1", None),  # shared: no prose in it
        ("code", "", 'print("hello world")', 'print("안녕 세상")'),
        ("solution", "f", "", "한국어 설명."),
        ("tests", "f", 'assert f(), "f must be true"', 'assert f(), "f는 참이어야 해요"'),
    ]
    assert dict(template.module_summary) == {"ko": "요약."}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("# %% [markdown]\n# Title\n", r"no \[markdown ko\] translation"),
        ('# %%\nprint("two words")\n', r"no \[ko\] translation"),
        ("# %%\nx = 1  # a comment\n", r"no \[ko\] translation"),
        ("# %% [solution] f\n", r"no \[docstring ko\] f translation"),
        ("# %% [tests] f\nassert f()\n", r"no \[tests ko\] f translation"),
        ("# %% [markdown]\n# Title\n# %% [markdown ko]\n# Title TODO\n", "placeholder"),
        ("# %% [markdown]\n# Title\n# %% [markdown ko]\n# Title\n", "placeholder"),  # no Hangul
        ('# %%\nprint("a b")\n# %% [ko]\nprint("가 나", 1)\n', "same code"),
        ('# %%\nf(x=1, label="a b")\n# %% [ko]\nf(x=2, label="가 나")\n', "same code"),
        ('# %%\nax.set_xlabel("step $k$")\n# %% [ko]\nax.set_xlabel("스텝 $k$")\n', "Hangul and"),
        ("# %% [markdown ko]\n# 제목\n", "must follow"),
        ("# %% [docstring] f\n# text\n", "come from the reference"),
    ],
)
def test_a_missing_or_unfaithful_translation_stops_the_build(
    build: ModuleType, tmp_path: Path, text: str, error: str
) -> None:
    path = tmp_path / "template.py"
    path.write_text(text)
    with pytest.raises(build.BuildError, match=error):
        build.read_template(path)


def test_a_translation_may_reorder_the_fields_of_an_f_string(build: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "template.py"
    path.write_text('# %%\nt = f"{n} steps on {f}"\n# %% [ko]\nt = f"{f}에서 {n}스텝"\n')
    (cell,) = build.read_template(path).cells
    assert cell.in_language("ko") == 't = f"{f}에서 {n}스텝"'


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_korean_notebook_has_the_english_notebooks_nbgrader_cells(assignment: str) -> None:
    english = ROOT / "source" / assignment / f"{assignment}.ipynb"
    korean = ROOT / "source_ko" / assignment / f"{assignment}.ipynb"
    assert nbgrader_cells(english) == nbgrader_cells(korean)
    en, ko = (nbformat.read(p, as_version=4) for p in (english, korean))
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in ko.cells]
    assert (notebook_language(english), notebook_language(korean)) == ("en", "ko")
    # Every markdown cell of the Korean notebook is Korean; the released one too, with Korean stubs.
    assert all(HANGUL.search(c.source) for c in ko.cells if c.cell_type == "markdown")
    released = ROOT / "release_ko" / assignment
    assert nbgrader_cells(released / f"{assignment}.ipynb") == nbgrader_cells(
        ROOT / "release" / assignment / f"{assignment}.ipynb"
    )
    stub = (released / ASSIGNMENTS[assignment].module).read_text(encoding="utf-8")
    assert "이 줄을 지우고 여기에 코드를 작성하세요" in stub and HANGUL.search(stub.split('"""')[1])
    assert (released / "matplotlibrc").is_file()


def test_a_notebooks_language_is_read_as_data(tmp_path: Path) -> None:
    def notebook(metadata: object) -> Path:
        path = tmp_path / "work.ipynb"
        path.write_text(json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}))
        return path

    assert notebook_language(notebook({"descent_kit": {"lang": "ko"}})) == "ko"
    for bad in ({"descent_kit": {"lang": "fr"}}, {"descent_kit": "ko"}, [], {"descent_kit": {"lang": ["ko"]}}):
        assert notebook_language(notebook(bad)) is None
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert notebook_language(broken) is None
    module = tmp_path / "work.py"
    module.write_text("x = 1\n")
    assert notebook_language(module) is None
    ko = notebook({"descent_kit": {"lang": "ko"}})
    assert (language_for(ko, None, "en"), language_for(ko, "en", "en"), language_for(module, None, "ko")) == (
        "ko",
        "en",
        "ko",
    )


def korean_font() -> str | None:
    """The file of the first Korean font Matplotlib finds (autograder.config.HANGUL_FONTS), or None.

    Where there is none and it cannot be had (not root on Debian: `kit.py setup` installs fonts-nanum
    only as root), the Hangul checks skip with that reason; as root on Debian a missing font fails."""
    from matplotlib import font_manager

    from autograder.config import HANGUL_FONTS

    for family in HANGUL_FONTS:
        try:
            return font_manager.findfont(family, fallback_to_default=False)
        except ValueError:
            continue
    if os.geteuid() == 0 and shutil.which("apt-get"):
        pytest.fail(f"no Korean font among {HANGUL_FONTS}: python3 kit.py setup installs fonts-nanum")
    pytest.skip("no Korean font on this machine and not root to install fonts-nanum (python3 kit.py setup)")


def test_korean_plot_settings_find_a_font_with_hangul() -> None:
    """The feedback plot and the notebooks' matplotlibrc name fonts; one of them must draw Hangul here."""
    from matplotlib.ft2font import FT2Font

    assert FT2Font(korean_font()).get_char_index(ord("경")) != 0


# --- in a kernel ----------------------------------------------------------------------------------------


def execute(nb: nbformat.NotebookNode, cwd: Path, allow_errors: bool = False) -> None:
    """Run `nb` in a fresh python3 kernel in `cwd`, with the inline backend (so figures are drawn)."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client = NotebookClient(
        nb, kernel_name="python3", timeout=180, allow_errors=allow_errors, resources={"metadata": {"path": str(cwd)}}
    )
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)


def streams(cell: nbformat.NotebookNode, name: str) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == name)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_korean_notebook_runs_top_to_bottom_in_korean_and_draws_hangul(assignment: str, tmp_path: Path) -> None:
    source = ROOT / "source_ko" / assignment
    shutil.copy(source / "matplotlibrc", tmp_path)
    nb = nbformat.read(source / f"{assignment}.ipynb", as_version=4)
    execute(nb, tmp_path)
    checks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("check_")]
    assert len(checks) == len(ASSIGNMENTS[assignment].functions)
    for cell in checks:
        assert "모든 확인을 통과했어요" in streams(cell, "stdout")
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert figures >= 1  # ps5 draws one figure of two panels; the others two or more
    errors = "".join(streams(c, "stderr") for c in nb.cells)
    korean_font()  # a machine without one draws boxes, which the next line catches
    assert "missing from font" not in errors and "does not have a glyph" not in errors, errors[:500]


@pytest.mark.slow
def test_korean_checks_fail_on_the_released_stubs_in_korean(tmp_path: Path) -> None:
    released = ROOT / "release_ko" / PS1
    shutil.copy(released / "matplotlibrc", tmp_path)
    nb = nbformat.read(released / f"{PS1}.ipynb", as_version=4)
    execute(nb, tmp_path, allow_errors=True)
    check = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "check_get_minimizer_x")
    (error,) = [o for o in check.outputs if o.output_type == "error"]
    assert error.ename == "NotImplementedError" and "이 줄을 지우고" in error.evalue

    # A wrong implementation fails the check with the Korean assert message.
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_get_minimizer_x")
    answer.source = "def get_minimizer_x(iterations, learning_rate, init):\n    return init + 1\n"
    with pytest.raises(CellExecutionError, match="반복 횟수가 0이면 시작점을 그대로 반환해야 해요"):
        execute(nb, tmp_path)


def test_autograder_validate_answers_in_the_notebooks_language(tmp_path: Path) -> None:
    for lang, folder in (("ko", "release_ko"), ("en", "release")):
        work = tmp_path / lang
        work.mkdir()
        shutil.copy(ROOT / folder / PS1 / f"{PS1}.ipynb", work)
        proc = subprocess.run(
            [sys.executable, "-m", "autograder", "validate", str(work / f"{PS1}.ipynb"), "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        report = json.loads(proc.stdout)
        assert proc.returncode == 1 and report["lang"] == lang and not report["ok"]
        message = report["checks"][0]["message"]
        if lang == "ko":
            assert message.startswith("아직 구현하지 않았어요: 이 줄을 지우고"), message
        else:
            assert message.startswith("not implemented yet: replace this line"), message


# --- through nbgrader: same code, same grades, each in its own language ------------------------------------


def filled(notebook: Path, build: ModuleType) -> nbformat.NotebookNode:
    """The released notebook with the reference code in its answer cells, and one known mistake."""
    reference = build.parse_reference(ROOT / "solutions" / PS1 / ASSIGNMENTS[PS1].module)
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id == "answer_get_minimizer_x":  # the sign error: climbs instead of descending
            cell.source = reference.functions["get_minimizer_x"].source.replace("x - learning_rate", "x + learning_rate")
        elif grade_id.startswith("answer_"):
            cell.source = reference.functions[grade_id.removeprefix("answer_")].source
    return nb


@pytest.mark.slow
def test_same_code_same_gradebook_entries_and_feedback_in_each_language(tmp_path: Path, build: ModuleType) -> None:
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / PS1, course / "source" / PS1)
    shutil.copytree(ROOT / "release_ko" / PS1, course / "release_ko" / PS1)
    (course / "solutions").symlink_to(ROOT / "solutions", target_is_directory=True)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    nbgrader = [str(BIN / "nbgrader")]
    subprocess.run([*nbgrader, "generate_assignment", PS1], cwd=course, env=env, capture_output=True, check=True)
    for student, folder in (("kim", "release_ko"), ("smith", "release")):
        submitted = course / "submitted" / student / PS1
        submitted.mkdir(parents=True)
        nbformat.write(filled(ROOT / folder / PS1 / f"{PS1}.ipynb", build), submitted / f"{PS1}.ipynb")
        (submitted / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    done = subprocess.run(
        [str(BIN / "autograder"), "autograde", PS1, "--workers", "2"], cwd=course, env=env,
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        entries = {
            student: sorted(
                (g.name, g.notebook.name, g.score, g.max_score)
                for g in gb.find_submission(PS1, student).notebooks[0].grades
            )
            for student in ("kim", "smith")
        }
    assert entries["kim"] == entries["smith"]
    scores = [score for _, _, score, _ in entries["kim"]]
    assert 0 < sum(scores) < sum(top for *_, top in entries["kim"])  # the mistake costs points
    # Each notebook was graded once, in its own language, by the grading processes: one cached result
    # per notebook (a result in the course's language would not be the one recorded, and the recorder
    # would have graded kim's notebook again on its own).
    assert len(list((course / "grading_cache" / PS1).glob("*.json"))) == 2
    for student, lang in (("kim", "ko"), ("smith", "en")):
        kit = nbformat.read(course / "autograded" / student / PS1 / f"{PS1}.ipynb", as_version=4).metadata.descent_kit
        assert kit.lang == kit.curves.lang == lang
        assert bool(HANGUL.search(kit.curves.caption)) == (lang == "ko")
        assert bool(HANGUL.search(kit.report.tests[0].title)) == (lang == "ko"), kit.report.tests[0]

    feedback = subprocess.run(
        [*nbgrader, "generate_feedback", PS1, "--force"], cwd=course, env=env, capture_output=True, text=True
    )
    assert feedback.returncode == 0, feedback.stderr
    korean = (course / "feedback" / "kim" / PS1 / f"{PS1}.html").read_text(encoding="utf-8")
    english = (course / "feedback" / "smith" / PS1 / f"{PS1}.html").read_text(encoding="utf-8")
    for words in ("점수:", "무엇이 잘못됐을까요", "흔한 실수로 보여요", "여러분의 결과와 참고 답안 비교", "✘ 실패"):
        assert words in korean, words
    assert "Your score:" not in korean and "What probably went wrong" not in korean
    # The locked cells nbgrader restored from the (English) gradebook are shown from release_ko/.
    assert "get_minimizer_x: 모든 확인을 통과했어요" in korean and "숨겨진 테스트 test_get_minimizer_x_one_step" in korean
    assert "all checks passed" not in korean and "# Hidden test" not in korean
    for words in ("Your score:", "What probably went wrong", "Your results next to the reference"):
        assert words in english, words
    assert not HANGUL.search(english.split('class="dk-summary"')[1].split("</section>")[0])
    assert korean.count("data:image/png;base64,") == english.count("data:image/png;base64,") >= 1
    # The per-test table: the course's Korean titles, in file order, and no English label; English as before.
    titles = hidden_test_titles(PS1)
    assert table_labels(korean) == [ko for _, ko in titles.values()]
    assert table_labels(english) == [en for en, _ in titles.values()]
    assert table_labels(english)[:3] == ["contract examples", "one step", "large learning rate diverges"]
    # nbgrader's own header, "ps1_gradient_descent (Score: 8.0 / 15.0)", in the page's language too.
    assert f"{PS1} (점수: " in korean and "Score:" not in korean and "(Top)" not in korean
    assert f"{PS1} (Score: " in english and "(점수" not in english


def hidden_test_titles(assignment: str) -> dict[str, tuple[str, str]]:
    """Each hidden test's (English, Korean) title, read from its @graded(..., title=localized(...))."""
    import ast

    tree = ast.parse((ROOT / "solutions" / assignment / "test_hidden.py").read_text(encoding="utf-8"))
    titles = {}
    for node in tree.body:
        for call in getattr(node, "decorator_list", []):
            title = next((k.value for k in getattr(call, "keywords", []) if k.arg == "title"), None)
            if isinstance(title, ast.Call):
                words = {k.arg: ast.literal_eval(k.value) for k in title.keywords}
                titles[node.name] = (words["en"], words["ko"])
    return titles


def table_labels(page: str) -> list[str]:
    """The test labels of the feedback summary's table, in order."""
    table = page.split('<table class="dk-tests">', 1)[1].split("</table>", 1)[0]
    return [html.unescape(label) for label in re.findall(r'<td><a href="#[^"]*">([^<]*)</a>', table)]


def test_the_korean_release_holds_nothing_secret() -> None:
    """release_ko/ goes to students like release/: no reference code, no hidden test, no marker, no output."""
    from test_release import MARKERS, hidden_test_lines, normalize, reference_body_lines

    secret = {**reference_body_lines(), **hidden_test_lines()}
    files = [p for p in sorted((ROOT / "release_ko").rglob("*")) if p.is_file()]
    assert {p.parent.name for p in files} == set(ASSIGNMENTS)
    leaks = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            nb = nbformat.reads(text, as_version=4)
            assert all(not cell.get("outputs") for cell in nb.cells), path
            text = "\n".join(cell.source for cell in nb.cells)
        leaks += [f"{path}: {marker}" for marker in MARKERS if marker in text]
        leaks += [f"{path}: {line.strip()!r}" for line in text.splitlines() if normalize(line) in secret]
    assert not leaks, "\n".join(leaks)


@pytest.mark.slow
def test_nbgrader_reproduces_the_committed_korean_release(tmp_path: Path, build: ModuleType) -> None:
    """release_ko/ is what the documented nbgrader command makes of source_ko/ (build_sources --release)."""
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source_ko", course / "source_ko")
    (course / "solutions").symlink_to(ROOT / "solutions", target_is_directory=True)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
    }
    options = build.release_options("ko", "en", tmp_path / "scratch.db")
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "*", "--force", *options],
        cwd=course, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0 and "ERROR" not in proc.stderr, proc.stderr[-3000:]
    assert not (course / "gradebook.db").exists(), "the course's gradebook keeps the course language's cells"

    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    generated, committed = files(course / "release_ko"), files(ROOT / "release_ko")
    assert sorted(generated) == sorted(committed)
    stale = [name for name in committed if committed[name] != generated[name]]
    assert not stale, f"release_ko/ is stale ({stale}); run .venv/bin/python scripts/build_sources.py --release"


def test_the_pull_request_comment_speaks_the_notebooks_language(tmp_path: Path, build: ModuleType) -> None:
    from fake_github import FakeGitHub, FakePullRequest
    from test_ci import TOKEN, run_ci

    from autograder.bundle import make_bundle, new_key

    key = new_key()
    bundle = tmp_path / "hidden-tests.bundle"
    bundle.write_bytes(make_bundle(ROOT / "solutions", [PS1], key))
    notebook = nbformat.writes(filled(ROOT / "release_ko" / PS1 / f"{PS1}.ipynb", build)).encode()
    pr = FakePullRequest(files={f"{PS1}/{PS1}.ipynb": notebook})
    with FakeGitHub(pr, TOKEN) as api:
        proc, out = run_ci(tmp_path, api, (bundle, key))
    assert proc.returncode == 0, proc.stderr
    body = pr.comments[0]["body"]
    for words in ("자동 채점: 8 / 15", "점수를 잃은 테스트", "흔한 실수로 보여요", "| # | 테스트 | 함수 | 점수 | 결과 |", "❌ 실패"):
        assert words in body, words
    assert "Autograder:" not in body and "What went wrong" not in body
    from autograder.exports import md_text

    titles = hidden_test_titles(PS1)
    assert [ko for _, ko in titles.values() if md_text(ko) not in body] == []  # each test under its Korean title
    assert not [en for en, _ in titles.values() if f"| {md_text(en)} " in body or f"** {md_text(en)} (" in body]
    results = json.loads((out / "results.json").read_text())
    assert any("흔한 실수로 보여요" in t["output"] for t in results["tests"])
