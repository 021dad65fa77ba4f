"""The course's late-submission penalty: a share of the score per day (or part of a day) late, capped.

nbgrader's own `LateSubmissionPlugin` knows only 'none' and 'zero'. This is a `BasePlugin` with the
same method, set in nbgrader_config.py as `c.AssignLatePenalties.plugin_class`; nbgrader's
`AssignLatePenalties` (last-but-one step of autograde) calls it for each notebook of a submission whose
timestamp is after the assignment's due date (plus any extension) and stores the result as the
notebook's `late_submission_penalty`. The feedback page and `nbgrader export` subtract it; nbgrader
0.9.6's formgrader shows only the score before it, so `AssignLatePenaltiesAndSay` (in its place in the
autograde pipeline) also writes the penalty into the top of the autograded notebook, which formgrader's
grading view shows (the feedback page drops that cell: it says the same in the student's language).
"""

from __future__ import annotations

import math
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.api import Gradebook
from nbgrader.plugins import BasePlugin
from nbgrader.preprocessors import AssignLatePenalties
from traitlets import Float

from autograder.messages import Messages

NOTE_KEY = "late_note"
"""Marks the instructor's note cell in the notebook's `descent_kit` cell metadata."""

DAY_SECONDS = 24 * 60 * 60


class PercentPerDayLate(BasePlugin):
    """Penalty = score x min(percent_per_day x days late, rounded up, max_percent) / 100."""

    percent_per_day = Float(
        10.0, help="Percent of the score taken for each day, or part of a day, late."
    ).tag(config=True)
    max_percent = Float(50.0, help="The most a late submission loses, in percent of its score.").tag(
        config=True
    )

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        """Points taken from `score` (nbgrader keeps the penalty between 0 and the score)."""
        return score * penalty_percent(total_seconds_late, self.percent_per_day, self.max_percent) / 100


def penalty_percent(seconds_late: float, percent_per_day: float, max_percent: float) -> float:
    """Percent of the score lost: percent_per_day for each started day late, at most max_percent."""
    if seconds_late <= 0:
        return 0.0
    return min(math.ceil(seconds_late / DAY_SECONDS) * percent_per_day, max_percent)


class AssignLatePenaltiesAndSay(AssignLatePenalties):
    """nbgrader's AssignLatePenalties, then, for a late notebook, a note on top saying what was taken off."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        self._penalty: tuple[float, float] | None = None
        nb, resources = super().preprocess(nb, resources)
        nb.cells = [c for c in nb.cells if not c.get("metadata", {}).get("descent_kit", {}).get(NOTE_KEY)]
        if self._penalty:
            info = resources["nbgrader"]
            with Gradebook(info["db_url"]) as gb:
                seconds = gb.find_submission(info["assignment"], info["student"]).total_seconds_late
            penalty, score = self._penalty
            say = Messages(_course_language())
            text = say("late.formgrader_note", late=late_words(seconds, say), penalty=f"{penalty:g}", score=f"{score:g}")
            # A fixed cell id: the same submission always gives the same autograded notebook.
            nb.cells.insert(0, new_markdown_cell(text, id="descent-kit-late-note",
                                                 metadata={"descent_kit": {NOTE_KEY: True}}))
        return nb, resources

    def _check_late_penalty(self, notebook: Any, penalty: float) -> float:
        checked = super()._check_late_penalty(notebook, penalty)
        if checked:
            self._penalty = (float(checked), float(notebook.score))
        return checked


def late_words(seconds: float, say: Messages) -> str:
    """'3 s', '12 min', '5 h' or '2 days': how late, roughly, in words."""
    for limit, unit, size in ((60, "s", 1), (3600, "min", 60), (DAY_SECONDS, "h", 3600)):
        if seconds < limit:
            return say(f"late.{unit}", n=max(1, round(seconds / size)))
    return say("late.days", n=round(seconds / DAY_SECONDS, 1))


def _course_language() -> str:
    from pathlib import Path

    from autograder.config import course_language, find_course_root
    from autograder.messages import LANGUAGES

    lang = course_language(find_course_root(Path.cwd()))
    return lang if lang in LANGUAGES else "en"
