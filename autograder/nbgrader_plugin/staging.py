"""A batch's gradebook writes, made by nbgrader's own steps on rows held in memory, then written at once.

nbgrader's autograde writes a submission's rows through its `Gradebook` API, one ORM object at a time:
the student, the submission mirroring the assignment (`add_submission`: a notebook row per notebook, a
grade per grade cell, a comment per solution cell), then its writing steps (`SaveAutoGrades`: each
grade's automatic score, each comment's automatic comment; `AssignLatePenalties`: each notebook's late
penalty). That costs about ten milliseconds per submission, most of it in SQLAlchemy's ORM.

`StagedBatch` does the same for a batch of submissions in one transaction, for less:

- it reads what the batch needs (the assignment's structure, the students, and any earlier submission
  with its grades and comments) in a few queries;
- `stage` builds a submission's rows as nbgrader's `update_or_create_student` and
  `update_or_create_submission` would leave them (`Row`s holding the very columns, nbgrader's column
  defaults included);
- the writing steps themselves run unchanged, with `Staged` (the rows of the one submission) in place of
  the `Gradebook` they open: they find grades, comments, the submission and its notebooks there and
  set the same fields by their own rules; the submission's `total_seconds_late` and `duedate` are
  nbgrader's own properties, and a notebook's `score` is nbgrader's sum over its grades;
- `write` stores every new row with one INSERT per table and every changed one with one UPDATE per
  table and column set.

Only nbgrader's writing steps (and the kit's subclasses of them) are known to open a Gradebook nowhere
else than in their modules; a course that configures any other step among them is recorded by
nbgrader's own application (`supports`). tests/test_recording.py compares every row and file with
nbgrader's.
"""

from __future__ import annotations

import contextlib
import datetime
import math
from collections.abc import Iterator
from typing import Any

from nbgrader import utils
from nbgrader.api import (
    Assignment,
    BaseCell,
    Comment,
    Grade,
    MissingEntry,
    Notebook,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
    new_uuid,
)

GRADE_KINDS = ("GradeCell", "TaskCell")
"""Where nbgrader's find_grade looks for a cell's name, in order."""
COMMENT_KINDS = ("SolutionCell", "TaskCell")
"""Where nbgrader's find_comment looks, in order."""

STEP_MODULES = (
    "nbgrader.preprocessors.saveautogrades",
    "nbgrader.preprocessors.latesubmissions",
    "autograder.nbgrader_plugin.late",
    "autograder.nbgrader_plugin.recording",
)
"""The modules whose `Gradebook` the known writing steps open (see `supports`)."""


def supports(steps: list[Any]) -> bool:
    """Whether these writing steps are ones whose gradebook use `Staged` stands in for."""
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    from autograder.nbgrader_plugin.late import AssignLatePenaltiesAndSay
    from autograder.nbgrader_plugin.recording import SaveAutoGradesAtOnce

    known = (SaveAutoGrades, SaveAutoGradesAtOnce, AssignLatePenalties, AssignLatePenaltiesAndSay)
    return all(type(step) in known for step in steps)


class Row:
    """One gradebook row: its table's columns as attributes, and whether it is new or which columns
    changed since it was read."""

    def __init__(self, table: Any, values: dict[str, Any], new: bool) -> None:
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_new", new)
        object.__setattr__(self, "_read", dict(values))
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def columns(self) -> dict[str, Any]:
        return {c.name: getattr(self, c.name) for c in self._table.columns}

    def changed(self) -> dict[str, Any]:
        return {name: value for name, value in self.columns().items() if value != self._read.get(name)}


class StagedGrade(Row):
    @property
    def score(self) -> float:
        """nbgrader's Grade.score: the manual score, else the automatic one (plus any extra credit), else 0."""
        extra = self.extra_credit if self.extra_credit is not None else 0.0
        if self.manual_score is not None:
            return self.manual_score + extra
        if self.auto_score is not None:
            return self.auto_score + extra
        return 0.0


class StagedNotebook(Row):
    grades: dict[str, StagedGrade]
    comments: dict[str, Row]
    name: str
    submission: StagedSubmission

    @property
    def score(self) -> float:
        """nbgrader's SubmittedNotebook.score: the sum of its grades' scores."""
        return math.fsum(grade.score for grade in self.grades.values())

    def __repr__(self) -> str:
        return f"SubmittedNotebook<{self.submission.assignment.name}/{self.name} for {self.student_id}>"

    @property
    def student_id(self) -> str:
        return self.submission.student_id


class StagedSubmission(Row):
    assignment: Any
    notebooks: dict[str, StagedNotebook]

    duedate = SubmittedAssignment.duedate
    total_seconds_late = SubmittedAssignment.total_seconds_late

    def __repr__(self) -> str:
        return f"SubmittedAssignment<{self.assignment.name} for {self.student_id}>"


class _Assignment:
    def __init__(self, id: str, name: str, duedate: datetime.datetime | None) -> None:
        self.id, self.name, self.duedate = id, name, duedate


class _NoSession:
    """What the steps call on `gradebook.db`: the batch commits once, at the end."""

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        raise RuntimeError("a writing step rolled back its gradebook changes")


class Staged:
    """One submission's rows, given to nbgrader's writing steps in place of the `Gradebook` they open."""

    def __init__(self, submission: StagedSubmission) -> None:
        self.submission = submission
        self.db = _NoSession()

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def close(self) -> None:
        pass

    def _check(self, assignment: str, student: str) -> None:
        if (assignment, student) != (self.submission.assignment.name, self.submission.student_id):
            raise MissingEntry(f"No such submission: {assignment} for {student}")

    def find_submission(self, assignment: str, student: str) -> StagedSubmission:
        self._check(assignment, student)
        return self.submission

    def find_submission_notebook(self, notebook: str, assignment: str, student: str) -> StagedNotebook:
        self._check(assignment, student)
        try:
            return self.submission.notebooks[notebook]
        except KeyError:
            raise MissingEntry(f"No such submitted notebook: {assignment}/{notebook} for {student}") from None

    def find_grade(self, grade_cell: str, notebook: str, assignment: str, student: str) -> StagedGrade:
        found = self.find_submission_notebook(notebook, assignment, student).grades.get(grade_cell)
        if found is None:
            raise MissingEntry(f"No such grade: {assignment}/{notebook}/{grade_cell} for {student}")
        return found

    def find_comment(self, solution_cell: str, notebook: str, assignment: str, student: str) -> Row:
        found = self.find_submission_notebook(notebook, assignment, student).comments.get(solution_cell)
        if found is None:
            raise MissingEntry(f"No such comment: {assignment}/{notebook}/{solution_cell} for {student}")
        return found


class StagedBatch:
    """The rows of one batch of submissions of `assignment`, read and written on `connection` (inside
    the batch's transaction)."""

    def __init__(self, connection: Any, assignment: str, students: list[str]) -> None:
        from sqlalchemy import select

        self.connection = connection
        found = connection.execute(
            select(Assignment.id, Assignment.name, Assignment.duedate).where(Assignment.name == assignment)
        ).one_or_none()
        if found is None:
            raise MissingEntry(f"No such assignment: {assignment}")
        self.assignment = _Assignment(*found)
        self.notebooks = dict(connection.execute(
            select(Notebook.name, Notebook.id).where(Notebook.assignment_id == self.assignment.id)
        ).all())
        self.cells: dict[str, list[tuple[str, str, str]]] = {nb: [] for nb in self.notebooks.values()}
        for cell_id, name, kind, notebook_id in connection.execute(
            select(BaseCell.id, BaseCell.name, BaseCell.type, BaseCell.notebook_id)
            .where(BaseCell.notebook_id.in_(list(self.notebooks.values())))
            .order_by(BaseCell.id)
        ):
            self.cells[notebook_id].append((cell_id, name, kind))
        self.students = set(connection.execute(
            select(Student.id).where(Student.id.in_(students))
        ).scalars())
        self.earlier = self._earlier(students)
        self.staged: list[StagedSubmission] = []
        self.new_students: list[str] = []

    def _earlier(self, students: list[str]) -> dict[str, StagedSubmission]:
        """The batch's students' earlier submissions of the assignment, with their rows."""
        from sqlalchemy import select

        tables = {name: model.__table__ for name, model in (("a", SubmittedAssignment), ("n", SubmittedNotebook),
                                                            ("g", Grade), ("c", Comment))}
        submissions = {
            row.id: StagedSubmission(tables["a"], dict(row._mapping), False)
            for row in self.connection.execute(select(tables["a"]).where(
                tables["a"].c.assignment_id == self.assignment.id, tables["a"].c.student_id.in_(students)))
        }
        names = {nb_id: name for name, nb_id in self.notebooks.items()}
        notebooks = {}
        for submission in submissions.values():
            submission.assignment, submission.notebooks = self.assignment, {}
        for row in self.connection.execute(select(tables["n"]).where(tables["n"].c.assignment_id.in_(list(submissions)))):
            notebook = StagedNotebook(tables["n"], dict(row._mapping), False)
            notebook.name, notebook.submission = names.get(row.notebook_id, ""), submissions[row.assignment_id]
            notebook.grades, notebook.comments = {}, {}
            notebook.submission.notebooks[notebook.name] = notebook
            notebooks[row.id] = notebook
        cells = {cell_id: (name, kind) for found in self.cells.values() for cell_id, name, kind in found}
        for key, model, kinds, into in (("g", StagedGrade, GRADE_KINDS, "grades"),
                                        ("c", Row, COMMENT_KINDS, "comments")):
            rows = [model(tables[key], dict(row._mapping), False) for row in self.connection.execute(
                select(tables[key]).where(tables[key].c.notebook_id.in_(list(notebooks))))]
            for kind in reversed(kinds):  # the first kind wins where a name is both, as nbgrader looks
                for row in rows:
                    name, cell_kind = cells.get(row.cell_id, ("", ""))
                    if cell_kind == kind:
                        getattr(notebooks[row.notebook_id], into)[name] = row
        return {s.student_id: s for s in submissions.values()}

    def stage(self, student: str, timestamp: str | None) -> Staged:
        """The student's and the submission's rows as nbgrader's `update_or_create_student` and
        `update_or_create_submission(assignment, student[, timestamp])` leave them."""
        if student not in self.students:
            self.students.add(student)
            self.new_students.append(student)
        when = utils.parse_utc(timestamp) if timestamp else None
        submission = self.earlier.get(student)
        if submission is not None:
            if timestamp:
                submission.timestamp = when
            self.staged.append(submission)
            return Staged(submission)
        tables = {model: model.__table__ for model in (SubmittedAssignment, SubmittedNotebook, Grade, Comment)}
        submission = StagedSubmission(tables[SubmittedAssignment], {
            "id": new_uuid(), "assignment_id": self.assignment.id, "student_id": student, "timestamp": when,
            "extension": None}, True)
        submission.assignment, submission.notebooks = self.assignment, {}
        for name, notebook_id in self.notebooks.items():
            notebook = StagedNotebook(tables[SubmittedNotebook], {
                "id": new_uuid(), "assignment_id": submission.id, "notebook_id": notebook_id,
                "flagged": False, "late_submission_penalty": None}, True)
            notebook.name, notebook.submission, notebook.grades, notebook.comments = name, submission, {}, {}
            cells = self.cells[notebook_id]
            for kinds, into, model, values in (
                (GRADE_KINDS, notebook.grades, StagedGrade, {"auto_score": None, "manual_score": None,
                                                             "extra_credit": None, "needs_manual_grade": True}),
                (COMMENT_KINDS, notebook.comments, Row, {"auto_comment": None, "manual_comment": None}),
            ):
                table = tables[Grade] if model is StagedGrade else tables[Comment]
                for kind in reversed(kinds):
                    for cell_id, cell_name, cell_kind in cells:
                        if cell_kind == kind:
                            into[cell_name] = model(table, {"id": new_uuid(), "cell_id": cell_id,
                                                            "notebook_id": notebook.id, **values}, True)
            submission.notebooks[name] = notebook
        self.staged.append(submission)
        return Staged(submission)

    def write(self) -> None:
        """Every staged row: one INSERT per table for the new, one UPDATE per table and set of changed
        columns for the others."""
        from sqlalchemy import bindparam, update

        if self.new_students:
            self.connection.execute(Student.__table__.insert(), [
                {"id": s, "first_name": None, "last_name": None, "email": None, "lms_user_id": None}
                for s in self.new_students])
        rows: list[Row] = []
        for submission in self.staged:
            rows.append(submission)
            for notebook in submission.notebooks.values():
                rows += [notebook, *notebook.grades.values(), *notebook.comments.values()]
        inserts: dict[Any, list[dict]] = {}
        updates: dict[tuple[Any, tuple[str, ...]], list[dict]] = {}
        for row in rows:
            if row._new:
                inserts.setdefault(row._table, []).append(row.columns())
            elif changed := row.changed():
                updates.setdefault((row._table, tuple(sorted(changed))), []).append({"row_id": row.id, **changed})
        order = [m.__table__ for m in (SubmittedAssignment, SubmittedNotebook, Grade, Comment)]
        for table in order:
            if table in inserts:
                self.connection.execute(table.insert(), inserts[table])
        for (table, names), values in updates.items():
            statement = (update(table).where(table.c.id == bindparam("row_id"))
                         .values({name: bindparam(name) for name in names}))
            self.connection.execute(statement, values)


@contextlib.contextmanager
def standing_in(current: Any) -> Iterator[None]:
    """While inside, the known writing steps' `Gradebook(...)` gives `current()` (a `Staged`)."""
    import importlib

    modules = [importlib.import_module(name) for name in STEP_MODULES]
    saved = [module.Gradebook for module in modules]
    try:
        for module in modules:
            module.Gradebook = lambda *args, **kwargs: current()
        yield
    finally:
        for module, gradebook in zip(modules, saved):
            module.Gradebook = gradebook
