"""A student's whole assignment in JupyterLab, in headless Chromium, on a scratch course with an exchange.

One JupyterLab for the module, run as student s16 (their own folder and ~/.jupyter/nbgrader_config.py).
The steps, in order (one test: each needs the one before): the Assignments tab lists the released
assignment; Fetch; open the notebook; type the sign-error answer into an answer cell with the keyboard
and Validate: it fails naming the check, in autograder validate's words (the toolbar's button and the
Assignments tab's say the same); type the correct answers;
Run All: the visible checks print success and the plots appear; Validate: success; Submit. The
instructor's side then runs nbgrader collect, autograder autograde, generate_feedback and
release_feedback; the student fetches the feedback and opens the page (phone-sized too): the score,
the per-test table and the plot.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from browser_support import COHORT, ROOT, Lab, answer_sources, nbgrader, student_config

PS1 = "ps1_gradient_descent"
STUDENT = "s16"
TIMEOUT = 60_000  # ms


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course with ps1 released (due in a week) and an exchange; the roster has the student."""
    course = tmp_path_factory.mktemp("student-course") / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "source" / PS1, course / "source" / PS1)
    (course / "solutions").symlink_to(ROOT / "solutions", target_is_directory=True)
    (course / "students.csv").write_text(f"id,first_name,last_name,email\n{STUDENT},Emmy,Student,s@x.edu\n")
    nbgrader("db", "student", "import", "students.csv", cwd=course)
    due = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=7)
    nbgrader("db", "assignment", "add", PS1, f"--duedate={due:%Y-%m-%d %H:%M:%S} UTC", cwd=course)
    nbgrader("generate_assignment", PS1, "--force", cwd=course)
    nbgrader("release_assignment", PS1, "--force", cwd=course)
    return course


@pytest.fixture(scope="module")
def lab(course: Path) -> Lab:
    home = course.parent / STUDENT
    home.mkdir()
    config = student_config(home, course / "exchange", STUDENT)
    settings = config / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    server = Lab(home, config, course.parent / "student-lab.log")
    yield server
    server.stop()


def type_answer(page, function: str, source: str) -> None:
    """Click into the answer cell that defines `function`, select its text and type `source`."""
    cell = page.locator(".jp-CodeCell").filter(has_text=f"def {function}(").first
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    # insert_text types the text as one input (like a paste): CodeMirror's auto-indent would
    # otherwise indent every typed line again.
    page.keyboard.insert_text(source)
    page.keyboard.press("Escape")


def validate_dialog(page) -> str:
    """Press the notebook toolbar's Validate (it saves the notebook first); return the dialog's text."""
    page.locator(".jp-Toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog").filter(has_text="Validation Results")
    started = time.monotonic()
    try:
        dialog.wait_for(timeout=TIMEOUT)
    except Exception:
        page.screenshot(path=Path(tempfile.gettempdir()) / "descent-kit-validate-timeout.png")
        raise
    print(f"Validate answered in {time.monotonic() - started:.1f} s")
    return dialog.inner_text()


def close_dialog(page) -> None:
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.locator(".jp-Dialog").wait_for(state="detached")


def test_a_student_fetches_works_validates_submits_and_reads_feedback(browser, lab, course, shots):
    started = time.monotonic()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(TIMEOUT)
    page.goto(lab.page_url("lab"))
    page.locator("#jp-main-dock-panel").wait_for()

    # the Assignments tab lists the released assignment
    page.locator("#jp-MainMenu").get_by_text("Nbgrader", exact=True).click()
    page.get_by_text("Assignment List", exact=True).click()
    released = page.locator("#released_assignments_list .list_item").filter(has_text=PS1)
    released.wait_for()
    assert "descent-kit" in released.inner_text()
    page.screenshot(path=shots / "student-01-assignments.png")

    # Fetch: it moves to the downloaded list, and the files are in the student's folder
    released.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list .list_item").filter(has_text=PS1).first
    fetched.wait_for()
    home = course.parent / STUDENT
    assert (home / PS1 / f"{PS1}.ipynb").is_file()
    page.screenshot(path=shots / "student-02-fetched.png")

    # open the notebook from the downloaded assignment
    fetched.locator("a.assignment-notebooks-link").click()
    notebook_link = page.locator("#fetched_assignments_list .nested_list_item").filter(has_text=PS1)
    notebook_link.get_by_role("link", name=PS1).click()
    page.locator(".jp-NotebookPanel .jp-Notebook").wait_for()
    page.locator(".jp-Notebook .jp-CodeCell").first.wait_for()

    # a sign error, typed in: Validate fails and names the check in autograder validate's words
    wrong = answer_sources(COHORT / "exchange" / "s02" / PS1 / f"{PS1}.ipynb")
    right = answer_sources(COHORT / "exchange" / "s01" / PS1 / f"{PS1}.ipynb")
    type_answer(page, "get_minimizer_x", wrong["answer_get_minimizer_x"])
    said = validate_dialog(page)
    page.screenshot(path=shots / "student-03-validate-fails.png")
    assert "The following cell failed" in said
    assert "✘ check_get_minimizer_x (get_minimizer_x)" in said
    assert "this check failed: assert np.isclose(get_minimizer_x(10, 0.01, 3), 2.451218," in said
    assert "not ready yet" in said and "Success" not in said
    assert "hidden" not in said.lower().replace("hidden tests run after you submit", "")
    close_dialog(page)

    # the Assignments tab's Validate (next to the fetched notebook) says the same
    page.locator(".lm-TabBar-tab").filter(has_text="Assignments").click()
    row = page.locator("#fetched_assignments_list .nested_list_item").filter(has_text=PS1)
    row.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog").filter(has_text="Validation Results")
    dialog.wait_for()
    from_tab = dialog.inner_text()
    assert "✘ check_get_minimizer_x (get_minimizer_x)" in from_tab and "not ready yet" in from_tab
    close_dialog(page)
    page.locator(".lm-TabBar-tab").filter(has_text=f"{PS1}.ipynb").click()

    # the right answers; Run All: visible checks print success, the plots appear
    type_answer(page, "get_minimizer_x", right["answer_get_minimizer_x"])
    type_answer(page, "gradient_descent", right["answer_gradient_descent"])
    page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    for check in ("get_minimizer_x: all checks passed", "gradient_descent: all checks passed"):
        page.locator(".jp-OutputArea-output").filter(has_text=check).wait_for(timeout=120_000)
    assert (
        page.locator(
            ".jp-OutputArea-output.jp-mod-error, .jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']"
        ).count()
        == 0
    )
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=120_000)
    plots = page.locator(".jp-RenderedImage img")
    plots.first.wait_for()
    assert plots.count() >= 3
    check_cell = page.locator(".jp-CodeCell").filter(has_text="get_minimizer_x: all checks passed").first
    check_cell.scroll_into_view_if_needed()
    page.screenshot(path=shots / "student-04-checks-pass.png")

    # Validate: success
    said = validate_dialog(page)
    page.screenshot(path=shots / "student-05-validate-success.png")
    assert "Success! Your notebook passes all the tests." in said
    close_dialog(page)

    # Submit from the Assignments tab
    page.locator(".lm-TabBar-tab").filter(has_text="Assignments").click()
    fetched = page.locator("#fetched_assignments_list .list_item").filter(has_text=PS1).first
    fetched.get_by_role("button", name="Submit").click()
    submitted = page.locator("#submitted_assignments_list .list_item").filter(has_text=PS1).first
    submitted.wait_for()
    page.screenshot(path=shots / "student-06-submitted.png")
    inbound = list((course / "exchange" / "descent-kit" / "inbound").glob(f"{STUDENT}+{PS1}+*"))
    assert len(inbound) == 1

    # the instructor collects, grades, and returns feedback
    nbgrader("collect", PS1, cwd=course)
    grade = subprocess.run(
        [str(Path(sys.executable).with_name("autograder")), "autograde", PS1, "--workers", "1"],
        cwd=course,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert grade.returncode == 0, grade.stdout[-2000:] + grade.stderr[-2000:]
    nbgrader("generate_feedback", PS1, "--force", cwd=course)
    nbgrader("release_feedback", PS1, cwd=course)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission(PS1, STUDENT)
        score, max_score = submission.score, submission.max_score
    assert score == max_score > 0

    # Fetch Feedback; "(view feedback)" shows the page's folder; the page has score, tests, plot
    page.locator("#refresh_assignments_list, button[title='Refresh assignments list']").first.click()
    submitted = page.locator("#submitted_assignments_list .list_item").filter(has_text=PS1).first
    submitted.get_by_role("button", name="Fetch Feedback").click()
    view = page.get_by_text("(view feedback)").first
    view.wait_for()
    page.screenshot(path=shots / "student-07-feedback-fetched.png")
    view.click()
    page.locator(".jp-DirListing-item").filter(has_text=f"{PS1}.html").wait_for()
    pages = sorted((home / PS1 / "feedback").glob(f"*/{PS1}.html"))
    assert len(pages) == 1
    relative = pages[0].relative_to(home).as_posix()
    feedback = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    feedback.goto(lab.page_url(f"files/{relative}"))
    text = feedback.locator("body").inner_text()
    assert f"Your score: {score:g} / {max_score:g} points" in text
    table_rows = feedback.locator(".dk-summary table tr")
    assert table_rows.count() >= 10
    assert "test_get_minimizer_x_contract_examples" in text
    assert feedback.locator(".dk-summary img").count() >= 1
    feedback.screenshot(path=shots / "student-08-feedback-phone.png")
    feedback.screenshot(path=shots / "student-08-feedback-phone-full.png", full_page=True)
    assert feedback.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    feedback.close()
    page.close()
    print(f"student flow: {time.monotonic() - started:.1f} s")


def test_validate_fails_on_the_untouched_stub_of_every_assignment(browser, lab, course, shots):
    """Each released notebook, opened unchanged in JupyterLab: the toolbar's Validate reports failure,
    naming the visible checks, never "Success"."""
    home = course.parent / STUDENT
    released = sorted(p.name for p in (ROOT / "release").iterdir() if (p / f"{p.name}.ipynb").is_file())
    assert len(released) == 5
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(TIMEOUT)
    for name in released:
        shutil.copytree(ROOT / "release" / name, home / "stubs" / name)
        # ?reset: a fresh workspace, with only this notebook open (not what earlier tests left open)
        page.goto(lab.page_url(f"lab/tree/stubs/{name}/{name}.ipynb?reset"))
        page.locator(".jp-NotebookPanel .jp-Notebook .jp-CodeCell").first.wait_for()
        said = validate_dialog(page)
        assert "The following cell failed" in said, (name, said)
        assert "not ready yet" in said and "not implemented yet" in said, (name, said)
        assert "Success" not in said, name
        assert "✘ check_" in said, (name, said)
        close_dialog(page)
    page.screenshot(path=shots / "student-09-stub-validate.png")
    page.close()
