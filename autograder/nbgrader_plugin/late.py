"""The course's late-submission penalty: a share of the score per day (or part of a day) late, capped.

nbgrader's own `LateSubmissionPlugin` knows only 'none' and 'zero'. This is a `BasePlugin` with the
same method, set in nbgrader_config.py as `c.AssignLatePenalties.plugin_class`; nbgrader's
`AssignLatePenalties` (last-but-one step of autograde) calls it for each notebook of a submission whose
timestamp is after the assignment's due date (plus any extension) and stores the result as the
notebook's `late_submission_penalty`. The gradebook's totals, formgrader, the feedback page and
`nbgrader export` all subtract it.
"""

from __future__ import annotations

import math

from nbgrader.plugins import BasePlugin
from traitlets import Float

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
