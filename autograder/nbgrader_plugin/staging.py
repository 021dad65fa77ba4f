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
    """By cell name, as nbgrader's find_grade finds them (a grade cell before a task cell)."""
    comments: dict[str, Row]
    """By cell name, as nbgrader's find_comment finds them (a solution cell before a task cell)."""
    rows: list[Row]
    """Every grade and comment of the notebook, to be written."""
    name: str
    submission: StagedSubmission

    def add(self, row: Row, cell_name: str, kind: str) -> None:
        """A grade or comment of this notebook, for its cell `cell_name` of `kind` (nbgrader's cell type)."""
        self.rows.append(row)
        kinds, found = (GRADE_KINDS, self.grades) if isinstance(row, StagedGrade) else (COMMENT_KINDS, self.comments)
        if kind in kinds and (cell_name not in found or kinds.index(kind) < kinds.index(found[cell_name].kind)):
            row.kind = kind
            found[cell_name] = row

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


def _notebook(values: dict[str, Any], new: bool, name: str, submission: StagedSubmission) -> StagedNotebook:
    """A submitted notebook's row, part of `submission`, with no grades or comments yet."""
    notebook = StagedNotebook(SubmittedNotebook.__table__, values, new)
    notebook.name, notebook.submission, notebook.grades, notebook.comments, notebook.rows = name, submission, {}, {}, []
    submission.notebooks[name] = notebook
    return notebook


class _Assignment:
    def __init__(self, id: str, name: str, duedate: datetime.datetime | None) -> None:
        self.id, self.name, self.duedate = id, name, duedate


class NoCommit:
    """What the writing steps call on `gradebook.db`: their commits wait for the end (of the batch, or
    of the notebook for SaveAutoGradesAtOnce)."""

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        raise RuntimeError("a writing step rolled back its gradebook changes")


class Staged:
    """One submission's rows, given to nbgrader's writing steps in place of the `Gradebook` they open."""

    def __init__(self, submission: StagedSubmission) -> None:
        self.submission = submission
        self.db = NoCommit()

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

        def read(model: Any, column: str, values: list[str]) -> list[dict[str, Any]]:
            table = model.__table__
            found = select(table).where(table.c[column].in_(values))
            if model is SubmittedAssignment:
                found = found.where(table.c.assignment_id == self.assignment.id)
            return [dict(row._mapping) for row in self.connection.execute(found)]

        submissions = {}
        for values in read(SubmittedAssignment, "student_id", students):
            submission = submissions[values["id"]] = StagedSubmission(SubmittedAssignment.__table__, values, False)
            submission.assignment, submission.notebooks = self.assignment, {}
        names = {nb_id: name for name, nb_id in self.notebooks.items()}
        notebooks = {values["id"]: _notebook(values, False, names.get(values["notebook_id"], ""),
                                             submissions[values["assignment_id"]])
                     for values in read(SubmittedNotebook, "assignment_id", list(submissions))}
        cells = {cell_id: (name, kind) for found in self.cells.values() for cell_id, name, kind in found}
        for model, row_class in ((Grade, StagedGrade), (Comment, Row)):
            for values in read(model, "notebook_id", list(notebooks)):
                notebooks[values["notebook_id"]].add(row_class(model.__table__, values, False),
                                                     *cells.get(values["cell_id"], ("", "")))
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
        submission = StagedSubmission(SubmittedAssignment.__table__, {
            "id": new_uuid(), "assignment_id": self.assignment.id, "student_id": student, "timestamp": when,
            "extension": None}, True)
        submission.assignment, submission.notebooks = self.assignment, {}
        for name, notebook_id in self.notebooks.items():  # nbgrader's add_submission, with its defaults
            notebook = _notebook({"id": new_uuid(), "assignment_id": submission.id, "notebook_id": notebook_id,
                                  "flagged": False, "late_submission_penalty": None}, True, name, submission)
            for cell_id, cell_name, kind in self.cells[notebook_id]:
                new = {"id": new_uuid(), "cell_id": cell_id, "notebook_id": notebook.id}
                if kind in GRADE_KINDS:
                    notebook.add(StagedGrade(Grade.__table__, {**new, "auto_score": None, "manual_score": None,
                                                               "extra_credit": None, "needs_manual_grade": True},
                                             True), cell_name, kind)
                if kind in COMMENT_KINDS:
                    notebook.add(Row(Comment.__table__, {**new, "id": new_uuid(), "auto_comment": None,
                                                         "manual_comment": None}, True), cell_name, kind)
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
                rows += [notebook, *notebook.rows]
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
