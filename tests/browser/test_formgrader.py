"""The instructor's side in nbgrader's formgrader, in headless Chromium, on a course the demo graded.

The course: scripts/demo.py on three students of the sample cohort, all four assignments: s01 correct
everywhere, s02 with the sign error in ps1, s15 correct in ps1 but after the due date. One JupyterLab
for the module, in the course folder (formgrader reads the course's nbgrader_config.py).
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_support import Lab, nbgrader, run_demo, small_cohort

ASSIGNMENTS = ["ps1_gradient_descent", "ps2_linear_regression", "ps3_sgd", "ps4_adam"]
PS1 = ASSIGNMENTS[0]
TIMEOUT = 60_000  # ms


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("formgrader")
    cohort = small_cohort(
        base / "cohort", {"s01": ASSIGNMENTS, "s02": [PS1], "s15": [PS1]}, late=[("s15", PS1)]
    )
    return run_demo(base / "work", cohort, ASSIGNMENTS)


@pytest.fixture(scope="module")
def lab(course: Path) -> Lab:
    config = course.parent / "instructor" / ".jupyter"
    config.mkdir(parents=True)
    server = Lab(course, config, course.parent / "instructor-lab.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(browser, lab):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(TIMEOUT)
    yield page
    page.close()


def gradebook(course: Path):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{course / 'gradebook.db'}")


def test_manage_assignments_lists_due_dates_and_submissions(page, lab, course, shots):
    with gradebook(course) as gb:
        expected = {a.name: (a.duedate, len(a.submissions)) for a in gb.assignments}
    assert sorted(expected) == ASSIGNMENTS
    page.goto(lab.page_url("formgrader"))
    for name in ASSIGNMENTS:
        row = page.locator("tr").filter(has=page.locator("td.name", has_text=name))
        row.wait_for()
        duedate, submissions = expected[name]
        assert row.locator("td.duedate").inner_text().startswith(f"{duedate:%Y-%m-%d %H:%M:%S}")
        assert row.locator("td.status").inner_text().strip() == "released"
        assert row.locator("td.num-submissions").inner_text().strip() == str(submissions)
    assert expected[PS1][1] == 3
    page.screenshot(path=shots / "instructor-01-manage-assignments.png")

    # the late student is the one whose timestamp is after the due date
    page.goto(lab.page_url(f"formgrader/manage_submissions/{PS1}"))
    late = page.locator("tr").filter(has=page.locator("td.student-id", has_text="s15"))
    on_time = page.locator("tr").filter(has=page.locator("td.student-id", has_text="s01"))
    late.wait_for()
    due = f"{expected[PS1][0]:%Y-%m-%d %H:%M:%S} UTC"
    assert late.locator("td.timestamp").inner_text() > due >= on_time.locator("td.timestamp").inner_text()
    page.screenshot(path=shots / "instructor-02-submissions.png")

    # the late student's notebook in the grading view opens with the penalty (formgrader's own totals
    # are before it)
    with gradebook(course) as gb:
        late_id = gb.find_submission_notebook(PS1, PS1, "s15").id
        penalty = gb.find_submission(PS1, "s15").late_submission_penalty
    page.goto(lab.page_url(f"formgrader/submissions/{late_id}"))
    note = page.get_by_text("Handed in late", exact=False).first
    note.wait_for()
    assert f"takes {penalty:g} points off" in note.locator("xpath=ancestor::p[1]").inner_text()
    page.screenshot(path=shots / "instructor-03-late-note.png")


def test_manual_grading_override_and_comment_reach_feedback_and_export(browser, page, lab, course, shots):
    from playwright.sync_api import expect

    with gradebook(course) as gb:
        notebook_id = gb.find_submission_notebook(PS1, PS1, "s02").id
        before = gb.find_submission(PS1, "s02").score
        cells = [c for c in gb.find_notebook(PS1, PS1).grade_cells if c.name.startswith("hidden_")]
        auto = {c.name: gb.find_grade(c.name, PS1, PS1, "s02").auto_score for c in cells}
        maximum = {c.name: c.max_score for c in cells}
    page.goto(lab.page_url(f"formgrader/submissions/{notebook_id}"))
    target = "hidden_test_get_minimizer_x_contract_examples"
    # every hidden-test cell shows the engine's message and its points
    # (the engine's points are the score box's placeholder; its value is the instructor's, empty so far)
    assert len(auto) == 10
    for name, points in auto.items():
        box = page.locator(f"div.cell[id='cell-id={name}']")
        expect(box.locator("input.score")).to_have_attribute("placeholder", f"{points:g}")
        expect(box.locator("input.score")).to_have_value("")
        assert box.locator(".output_stdout").inner_text().strip()
        assert f"/ {maximum[name]:.1f}" in box.locator(".panel-heading").inner_text()
    engine = page.locator(f"div.cell[id='cell-id={target}']")
    said = engine.locator(".output_stdout").inner_text()
    assert "case 2: FAILED (0/1 points)" in said and "Likely mistake: sign error in the update" in said
    assert auto[target] == 1
    engine.scroll_into_view_if_needed()
    page.screenshot(path=shots / "instructor-03-manual-grading.png")

    # override: 3 of 3 for the contract examples, and a comment on the answer
    score = engine.locator("input.score")
    score.fill("3")
    score.press("Tab")
    comment = "Right idea; check the sign of the step. I gave the worked examples full marks."
    box = page.locator("textarea#answer_get_minimizer_x-comment")
    box.fill(comment)
    box.press("Tab")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with gradebook(course) as gb:
            grade = gb.find_grade(target, PS1, PS1, "s02")
            text = gb.find_comment("answer_get_minimizer_x", PS1, PS1, "s02").manual_comment
            if grade.manual_score == 3 and text == comment:
                break
        time.sleep(0.3)
    assert grade.manual_score == 3 and text == comment
    # formgrader scrolls to whatever has the focus; leave it nowhere, then show the overridden cell
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(800)
    engine.evaluate("cell => { cell.scrollIntoView(); window.scrollBy(0, -90); }")  # under the top bar
    page.wait_for_timeout(300)
    expect(engine.locator("input.score")).to_have_value("3")
    page.screenshot(path=shots / "instructor-04-override.png")

    # regenerated feedback shows the new points, marked, and the comment
    nbgrader("generate_feedback", PS1, "--student", "s02", "--force", cwd=course)
    feedback = browser.new_page(viewport={"width": 1280, "height": 900})
    feedback.goto(lab.page_url(f"files/feedback/s02/{PS1}/{PS1}.html"))
    text = feedback.locator("body").inner_text()
    after = before + 2
    assert f"Your score: {after:g} / 15 points" in text
    row = feedback.locator(".dk-summary tr").filter(has_text="contract examples").first
    assert "3 / 3 (set by your instructor)" in row.inner_text()
    assert comment in text
    assert "sign error" in text  # the feedback names the mistake
    feedback.close()

    nbgrader_exe = Path(sys.executable).with_name("nbgrader")
    done = subprocess.run(
        [str(nbgrader_exe), "export", "--to", "after_override.csv"],
        cwd=course,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    with open(course / "after_override.csv", newline="") as f:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    assert float(rows[(PS1, "s02")]["score"]) == after
    late = rows[(PS1, "s15")]
    assert float(late["late_submission_penalty"]) == pytest.approx(1.5)
    assert float(late["score"]) == pytest.approx(13.5)
