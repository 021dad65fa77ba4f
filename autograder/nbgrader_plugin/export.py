"""`nbgrader export --exporter=autograder.nbgrader_plugin.export.PerTestCsvExport --to=FILE`.

nbgrader's own CSV has one row per student and assignment (the totals). This one has a row per
student, assignment and graded cell, from the same gradebook, so each hidden test's points can be
checked against `autograder grade --json` and read into a spreadsheet. Students without a submission
have no rows here (nbgrader's CSV gives them 0 for the assignment).
"""

from __future__ import annotations

import csv

from nbgrader.api import Gradebook
from nbgrader.plugins import ExportPlugin

from autograder.nbgrader_plugin.cells import GRADE_ID_PREFIX

COLUMNS = (
    "assignment",
    "student_id",
    "last_name",
    "first_name",
    "notebook",
    "test",
    "score",
    "max_score",
    "needs_manual_grade",
)


class PerTestCsvExport(ExportPlugin):
    """One CSV row per (assignment, student, grade cell), sorted, scores as the gradebook holds them."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades_by_test.csv"
        wanted_assignments = {str(a) for a in self.assignment}
        wanted_students = {str(s) for s in self.student}
        rows = []
        for assignment in gradebook.assignments:
            if wanted_assignments and assignment.name not in wanted_assignments:
                continue
            for submission in assignment.submissions:
                student = submission.student
                if wanted_students and student.id not in wanted_students:
                    continue
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append(
                            {
                                "assignment": assignment.name,
                                "student_id": student.id,
                                "last_name": student.last_name or "",
                                "first_name": student.first_name or "",
                                "notebook": notebook.name,
                                "test": grade.name.removeprefix(GRADE_ID_PREFIX),
                                "score": f"{grade.score:g}",
                                "max_score": f"{grade.max_score:g}",
                                "needs_manual_grade": str(bool(grade.needs_manual_grade)),
                            }
                        )
        rows.sort(key=lambda r: (r["assignment"], r["student_id"], r["notebook"], r["test"]))
        self.log.info("Exporting %d per-test grades to %s", len(rows), dest)
        with open(dest, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
