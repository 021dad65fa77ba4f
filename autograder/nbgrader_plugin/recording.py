"""nbgrader's SaveAutoGrades with one query and one commit per notebook instead of two per grade cell.

nbgrader's `SaveAutoGrades` (autograde's step that stores the scores) looks up each grade cell's
`Grade` and each solution cell's `Comment` with a query of its own and commits after each one: about
thirty queries and thirty commits for one notebook of this course, a fifth of nbgrader's recording
time per submission. `SaveAutoGradesAtOnce` loads the notebook's grades and comments in two queries,
sets the very same fields by nbgrader's own rules (its `_add_score` and `_add_comment`, unchanged), and
commits once at the end; a cell it did not find is looked up as nbgrader would (and fails the same way).
nbgrader_config.py puts it in place of SaveAutoGrades when `c.DescentKit.fast_recording` is on;
tests/test_recording.py compares every gradebook row and autograded notebook with nbgrader's own step.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.api import (
    Assignment,
    BaseCell,
    Comment,
    Grade,
    Gradebook,
    Notebook,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
)
from nbgrader.preprocessors import SaveAutoGrades


class _Found:
    """Stands in for the Gradebook inside nbgrader's `_add_score`/`_add_comment`: finds grades and
    comments among those loaded at once, and leaves the commit to the end of the notebook."""

    def __init__(self, gradebook: Gradebook, grades: dict[str, Grade], comments: dict[str, Comment]) -> None:
        self.gradebook, self.grades, self.comments = gradebook, grades, comments
        self.db = _NoCommit(gradebook.db)

    def find_grade(self, grade_id: str, notebook_id: str, assignment_id: str, student_id: str) -> Grade:
        found = self.grades.get(grade_id)
        return found if found is not None else self.gradebook.find_grade(grade_id, notebook_id, assignment_id,
                                                                         student_id)

    def find_comment(self, comment_id: str, notebook_id: str, assignment_id: str, student_id: str) -> Comment:
        found = self.comments.get(comment_id)
        return found if found is not None else self.gradebook.find_comment(comment_id, notebook_id,
                                                                           assignment_id, student_id)


class _NoCommit:
    """The session, whose `commit` waits for the end of the notebook."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def commit(self) -> None:
        self.session.flush()


class SaveAutoGradesAtOnce(SaveAutoGrades):
    """nbgrader's SaveAutoGrades: the same rows, written in one transaction per notebook."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        with Gradebook(self.db_url) as gradebook:
            found = [
                gradebook.db.query(BaseCell.name, kind)
                .join(kind, kind.cell_id == BaseCell.id)
                .join(SubmittedNotebook, kind.notebook_id == SubmittedNotebook.id)
                .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
                .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                .join(Student, SubmittedAssignment.student_id == Student.id)
                .filter(Notebook.name == self.notebook_id, Assignment.name == self.assignment_id,
                        Student.id == self.student_id)
                .all()
                for kind in (Grade, Comment)
            ]
            self.gradebook = _Found(gradebook, dict(found[0]), dict(found[1]))  # type: ignore[assignment]
            try:
                nb, resources = super(SaveAutoGrades, self).preprocess(nb, resources)
                gradebook.db.commit()
            except BaseException:
                gradebook.db.rollback()
                raise
        return nb, resources
