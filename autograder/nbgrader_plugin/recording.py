"""Recording graded submissions with nbgrader's own steps, for less: what nbgrader writes, written cheaper.

- `BatchRecorder` (used by `autograder autograde`'s recording processes): nbgrader's Autograde
  converter for many submissions of one assignment, each notebook put through its steps once, in
  memory, and each batch's gradebook writes in one transaction, made on the batch's rows in memory
  and written with a few statements (staging.py; see the class).
- `SaveAutoGradesAtOnce`: nbgrader's `SaveAutoGrades` (autograde's step that stores the scores) looks
  up each grade cell's `Grade` and each solution cell's `Comment` with a query of its own and commits
  after each one: about thirty queries and thirty commits for one notebook of this course. This loads
  the notebook's grades and comments in two queries, sets the very same fields by nbgrader's own rules
  (its `_add_score` and `_add_comment`, unchanged), and writes them at the end of the notebook; a cell
  it did not find is looked up as nbgrader would (and fails the same way).

nbgrader_config.py uses both when `c.DescentKit.fast_recording` is on; tests/test_recording.py compares
every gradebook row and autograded file with nbgrader's own application and steps.
"""

from __future__ import annotations

import glob
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
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

from autograder.nbgrader_plugin.grade_cells import GRADED, METADATA_KEY
from autograder.nbgrader_plugin.grading import GradedSubmission
from autograder.nbgrader_plugin.staging import NoCommit, Staged, StagedBatch, standing_in, supports


class _Found:
    """Stands in for the Gradebook inside nbgrader's `_add_score`/`_add_comment`: finds grades and
    comments among those loaded at once, and leaves the commit to the end of the notebook (the session
    flushes the changes then, or before any query that could see them)."""

    def __init__(self, gradebook: Gradebook, grades: dict[str, Grade], comments: dict[str, Comment]) -> None:
        self.gradebook, self.grades, self.comments = gradebook, grades, comments
        self.db = NoCommit()

    def find_grade(self, grade_id: str, notebook_id: str, assignment_id: str, student_id: str) -> Grade:
        found = self.grades.get(grade_id)
        return found if found is not None else self.gradebook.find_grade(grade_id, notebook_id, assignment_id,
                                                                         student_id)

    def find_comment(self, comment_id: str, notebook_id: str, assignment_id: str, student_id: str) -> Comment:
        found = self.comments.get(comment_id)
        return found if found is not None else self.gradebook.find_comment(comment_id, notebook_id,
                                                                           assignment_id, student_id)


class SaveAutoGradesAtOnce(SaveAutoGrades):
    """nbgrader's SaveAutoGrades: the same rows, written in one transaction per notebook."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        with Gradebook(self.db_url) as gradebook:
            if isinstance(gradebook, Staged):  # BatchRecorder's rows in memory: nothing to load or commit
                self.gradebook = gradebook  # type: ignore[assignment]
                return super(SaveAutoGrades, self).preprocess(nb, resources)
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


class BatchRecorder:
    """nbgrader's `autograde --force` for many submissions of one assignment, in one process and one
    gradebook transaction per batch, with each autograded notebook produced in one pass.

    Per submission it takes nbgrader's Autograde converter's own steps, with its configuration (its
    methods where they are not tied to one submission per run): the autograded folder removed and
    refilled (the student's other files, then the source files not excluded), the student and the
    submission (with nbgrader's timestamp) created or updated, the submitted notebooks the gradebook
    knows put through the sanitize and the autograde preprocessors, missing ones scored 0, the files
    made read-only. Unlike nbgrader:

    - the preprocessors run one after another on the notebook in memory (nbgrader writes the
      sanitized notebook and reads it back for the second pass, which changes nothing but the time);
    - the work is done in three rounds over the batch: what needs no gradebook write (the files, the
      preprocessors before the first that writes: reading, repairing, the engine's results), then,
      in one transaction, every write (student, submission, and the preprocessors that store grades
      and late penalties), then the rest (the last checks, writing the notebooks). A writer holds
      the gradebook only for the middle round, so several recorders can share an SQLite file;
    - in the middle round the writing steps work on the batch's rows held in memory, and the rows
      are written with a few statements for the whole batch (staging.py). `staged` is False when the
      course puts steps of its own among them: `autograder autograde` then records with nbgrader's
      own application instead.

    tests/test_recording.py checks that the gradebook and autograded/ end up exactly as nbgrader's own
    converter leaves them.
    """

    def __init__(self, course_root: Path, assignment: str) -> None:
        from nbconvert.writers import FilesWriter
        from nbgrader.converters import Autograde
        from nbgrader.preprocessors import AssignLatePenalties

        from autograder.nbgrader_plugin.autograde import course_config, course_directory

        self.course_root, self.assignment = course_root, assignment
        config = course_config(course_root)
        self.coursedir = course_directory(course_root)
        self.coursedir.assignment_id = assignment
        self.converter = Autograde(coursedir=self.coursedir, config=config)
        self.converter.force = True
        self.writer = FilesWriter(parent=self.converter, config=config)
        self.exporter = self.converter.exporter_class(parent=self.converter, config=config)
        self.converter.exporter = self.exporter
        for step in [*self.converter.sanitize_preprocessors, *self.converter.autograde_preprocessors]:
            self.exporter.register_preprocessor(step)
        steps = self.exporter._preprocessors
        writing = [i for i, step in enumerate(steps) if isinstance(step, (SaveAutoGrades, AssignLatePenalties))]
        first, last = (writing[0], writing[-1] + 1) if writing else (len(steps), len(steps))
        self.before, self.writing, self.after = steps[:first], steps[first:last], steps[last:]
        self.staged = supports(self.writing)
        self._current: Staged | None = None
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            self.notebook_names = sorted(n.name for n in gb.find_assignment(assignment).notebooks)

    def record(self, batch: list[Any], graded: Sequence[GradedSubmission | None] = ()) -> list[tuple[Any, str]]:
        """Record each of `batch` (`autograde.Pending`), all in one transaction; return, for each and in
        the order given, the error in words ("" when recorded). `graded`, when given, holds the
        engine's result for each (or None): GradeWithEngine then takes it instead of looking for it in
        the grading cache. A write refused because another writer held the gradebook is tried again;
        when one submission fails, the others are recorded one at a time, so that only it is left out."""
        import nbgrader.api

        from autograder.nbgrader_plugin.autograde import LOCKED_RETRIES, RETRY_WHEN, pause_before_retry

        results = list(graded) or [None] * len(batch)
        for attempt in range(LOCKED_RETRIES):
            try:
                prepared = [(pending, self._prepare(pending, result)) for pending, result in zip(batch, results)]
                with nbgrader.api.create_engine(self.coursedir.db_url).begin() as connection:
                    rows = StagedBatch(connection, self.assignment, [pending.student for pending, _ in prepared])
                    with standing_in(lambda: self._current):
                        for pending, notebooks in prepared:
                            self._store(rows, pending, notebooks)
                    rows.write()
                break
            except Exception as err:  # noqa: BLE001 - one submission's failure must not cost the others
                if not any(w in str(err) for w in RETRY_WHEN) or attempt == LOCKED_RETRIES - 1:
                    if len(batch) == 1:
                        return [(batch[0], _in_words(err))]
                    return [done for pending, result in zip(batch, results)
                            for done in self.record([pending], [result])]
                pause_before_retry(attempt)
        done = []
        for pending, notebooks in prepared:
            try:
                self._finish(pending, notebooks)
                done.append((pending, ""))
            except Exception as err:  # noqa: BLE001 - this submission only
                done.append((pending, _in_words(err)))
        return done

    def _prepare(self, pending: Any, graded: GradedSubmission | None) -> list[tuple[Any, dict]]:
        """First round, no gradebook writes: the autograded folder refilled, and each known notebook
        read and put through the preprocessors before the first that writes (`graded`, the engine's
        result for the assignment's notebook, handed to GradeWithEngine)."""
        from nbgrader.utils import find_all_files, rmtree

        conv, student, assignment = self.converter, pending.student, self.assignment
        source = conv._format_source(assignment, student)
        dest = os.path.normpath(conv._format_dest(assignment, student))
        if os.path.exists(dest):  # init_destination with --force
            rmtree(dest)
        found = {os.path.splitext(os.path.basename(p))[0]: p
                 for p in sorted(glob.glob(os.path.join(source, f"{self.coursedir.notebook_id}.ipynb")))}
        notebooks = [found[name] for name in sorted(found) if name in self.notebook_names]
        if conv.pre_convert_hook:
            conv.pre_convert_hook(assignment=assignment, student=student, notebooks=notebooks)
        skip = self.coursedir.ignore + ["*.ipynb"]
        _copy_over(find_all_files(source, skip), source, dest)  # BaseConverter.init_assignment
        released = self.coursedir.format_path(self.coursedir.source_directory, ".", assignment)
        excluded = {os.path.join(released, x) for x in conv.exclude_overwriting.get(assignment, [])}
        _copy_over(sorted(set(find_all_files(released, skip)) - excluded), released, dest)  # Autograde's
        if not notebooks:
            raise ValueError("No notebooks found, did you forget to run 'nbgrader generate_assignment'?")
        prepared = []
        for filename in notebooks:
            resources = conv.init_single_notebook_resources(filename)
            nb = self.exporter.read(filename, resources)
            nb, resources = self.exporter.begin(nb, resources)
            if graded is not None and resources["nbgrader"]["notebook"] == assignment:
                resources[METADATA_KEY] = {GRADED: graded}  # after begin, which deep-copies resources
            prepared.append(self.exporter.run(nb, resources, self.before))
        return prepared

    def _store(self, rows: StagedBatch, pending: Any, notebooks: list[tuple[Any, dict]]) -> None:
        """Second round, on the batch's rows: Autograde.init_assignment's (the student, the submission
        with nbgrader's timestamp), then the preprocessors that write, for each notebook (a missing
        one is scored 0, as nbgrader does)."""
        student, assignment = pending.student, self.assignment
        folder = self.converter._format_source(assignment, student)
        self._current = staged = rows.stage(student, self.coursedir.get_existing_timestamp(folder))
        handed_in = {resources["nbgrader"]["notebook"] for _, resources in notebooks}
        for name in [name for name in self.notebook_names if name not in handed_in]:
            for grade in staged.find_submission_notebook(name, assignment, student).grades.values():
                grade.auto_score, grade.needs_manual_grade = 0, False
        for index, (nb, resources) in enumerate(notebooks):
            notebooks[index] = self.exporter.run(nb, resources, self.writing)

    def _finish(self, pending: Any, notebooks: list[tuple[Any, dict]]) -> None:
        """Third round, after the commit: the last preprocessors, each notebook written as nbgrader
        writes it, the folder made read-only."""
        conv, student, assignment = self.converter, pending.student, self.assignment
        for nb, resources in notebooks:
            nb, resources = self.exporter.run(nb, resources, self.after)
            output, resources = self.exporter.end(nb, resources)
            self.writer.build_directory = conv._format_dest(assignment, student)
            self.writer.write(output, resources, notebook_name=resources["unique_key"])
        conv.set_permissions(assignment, student)
        if conv.post_convert_hook:
            names = [os.path.join(conv._format_source(assignment, student), f"{r['unique_key']}.ipynb")
                     for _, r in notebooks]
            conv.post_convert_hook(assignment=assignment, student=student, notebooks=names)


def _copy_over(files: list[str], root: str, dest: str) -> None:
    """Copy `files` (under `root`) to the same places under `dest`, replacing what is there, as
    nbgrader's converters do."""
    from nbgrader.utils import remove

    for filename in files:
        path = os.path.join(dest, os.path.relpath(filename, root))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.exists(path):
            remove(path)
        shutil.copy(filename, path)


def store_submission(gb: Gradebook, coursedir: Any, assignment: str, student: str, folder: str | Path) -> Any:
    """What nbgrader's Autograde.init_assignment writes first: the student (created when new) and the
    submission, with the timestamp nbgrader's submit or collect left in `folder` (when there is one)."""
    gb.update_or_create_student(student)
    timestamp = coursedir.get_existing_timestamp(str(folder))
    return gb.update_or_create_submission(assignment, student, **({"timestamp": timestamp} if timestamp else {}))


def _in_words(err: Exception) -> str:
    from autograder.nbgrader_plugin.autograde import in_words

    return in_words(f"{type(err).__name__}: {err}")
