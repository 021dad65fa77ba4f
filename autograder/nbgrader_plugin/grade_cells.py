"""nbgrader's autograde, grading pass: the engine's results written into the hidden-test grade cells.

In nbgrader_config.py this stands where nbgrader's `Execute` stood, so the submitted notebook is never
run in a kernel: the engine grades the submitted file in its sandbox (grading.py) and this writes, into
each `hidden_<test>` cell, what nbgrader's `SaveAutoGrades` turns into the stored score
(`nbgrader.utils.determine_grade`): a stdout stream with the results in words, then an `execute_result`
whose text is the points earned, a float between 0 and the cell's points. A test written with
`@pytest.mark.parametrize` is one cell; its cases' points add up. A code grade cell that is not one of
ours gets an error output (0 points): nothing here would check it, and a code cell without output would
otherwise earn full marks. Grader-side failures (missing hidden tests, broken tests, a host that cannot
run workers) raise, so nbgrader records nothing for the submission rather than a wrong score.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nbformat import NotebookNode, from_dict
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Float, Unicode

from autograder.config import Settings
from autograder.course import UnknownAssignment, get_assignment
from autograder.nbgrader_plugin.cells import hidden_test_name
from autograder.nbgrader_plugin.grading import GradedSubmission, engine_settings, grade_submission

METADATA_KEY = "descent_kit"
GRADED = "graded"
"""resources[METADATA_KEY][GRADED]: the GradedSubmission a recording process was handed with the
submission by the process that graded it (autograde.record_graded); without it the step grades (or
finds the result in the grading cache) itself."""


class GraderSetupError(RuntimeError):
    """The kit cannot grade this submission for a reason on the instructor's side."""


class GradeWithEngine(NbGraderPreprocessor):
    """Grade the submitted file with descent-kit's engine and record each hidden test's points."""

    solutions_dir = Unicode(
        "", help="Reference solutions and hidden tests; empty means <course root>/solutions."
    ).tag(config=True)
    call_seconds = Float(
        0.0, help="Seconds per call of a student function; 0 keeps the engine's default."
    ).tag(config=True)
    load_seconds = Float(0.0, help="Seconds to load a submission's code; 0 keeps the engine's default.").tag(
        config=True
    )

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        graded = resources.get(METADATA_KEY, {}).get(GRADED)
        if graded is None:
            graded = self._grade(info)
        problems = write_grade_cells(nb, graded)
        for problem in problems:
            self.log.error("%s/%s: %s", info["student"], info["assignment"], problem)
        nb.metadata[METADATA_KEY] = {
            **nb.metadata.get(METADATA_KEY, {}),
            "graded_file": graded.chosen.file_name,
            "report": {k: v for k, v in graded.chosen.report.items() if k != "output"},
            "curves": graded.chosen.curves,
            "also_graded": {g.file_name: g.score for g in graded.others},
            "problems": problems,
            "lang": graded.lang,
        }
        return nb, resources

    def _grade(self, info: dict[str, str]) -> GradedSubmission:
        """The engine's result for the submitted folder (from the grading cache when it is there)."""
        os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        coursedir = self._coursedir()
        settings = self.settings(Path(coursedir.root))
        try:
            assignment = self._assignment(info["assignment"], settings)
        except UnknownAssignment as err:
            raise GraderSetupError(str(err)) from None
        folder = Path(
            coursedir.format_path(coursedir.submitted_directory, info["student"], info["assignment"])
        )
        stub = (
            Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
            / assignment.module
        )
        graded = grade_submission(
            folder,
            f"{info['notebook']}.ipynb",
            assignment,
            settings,
            stub,
            shown_as=os.path.relpath(folder, coursedir.root),
        )
        if graded is None:
            raise GraderSetupError(f"nothing to grade in {folder}")
        return graded

    def settings(self, course_root: Path) -> Settings:
        """The engine's settings for this course, with this preprocessor's overrides (read once per
        course and environment by this step, which lives for one nbgrader run or one recorder)."""
        key = (course_root, tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AUTOGRADER_"))))
        known = self.__dict__.setdefault("_settings", {})
        if key not in known:
            known[key] = self._read_settings(course_root)
        return known[key]

    def _assignment(self, name: str, settings: Settings) -> Any:
        """The course's assignment `name` (its manifest read once by this step)."""
        known = self.__dict__.setdefault("_assignments", {})
        if (name, settings) not in known:
            known[(name, settings)] = get_assignment(name, settings)
        return known[(name, settings)]

    def _read_settings(self, course_root: Path) -> Settings:
        return engine_settings(course_root, self.solutions_dir, self.call_seconds, self.load_seconds)

    def _coursedir(self) -> CourseDirectory:
        owner: Any = self.parent
        while owner is not None:
            if isinstance(getattr(owner, "coursedir", None), CourseDirectory):
                return owner.coursedir
            owner = getattr(owner, "parent", None)
        return CourseDirectory(config=self.config)


def write_grade_cells(nb: NotebookNode, graded: GradedSubmission) -> list[str]:
    """Put each hidden test's result into its cell; return what did not fit (for the instructor's log)."""
    by_test: dict[str, list[dict[str, Any]]] = {}
    for test in graded.chosen.report["tests"]:
        by_test.setdefault(test["name"].split("[", 1)[0], []).append(test)
    problems, seen = [], set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or meta.get("solution") or cell.cell_type != "code":
            continue
        name = hidden_test_name(cell)
        if name is None:
            cell.outputs = [
                _error("not graded automatically", "descent-kit grades only its hidden-test cells")
            ]
            problems.append(f"grade cell {meta.get('grade_id')} is not a descent-kit hidden test; scored 0")
            continue
        seen.add(name)
        cases = by_test.get(name, [])
        cell_points = float(meta.get("points", 0))
        if not cases:
            problems.append(f"hidden test {name} gave no result (rebuild source/ after changing the tests?)")
            cell.outputs = [
                _error("test did not run", "this test did not run; your instructor has been told")
            ]
            continue
        earned, possible = sum(t["points"] for t in cases), sum(t["max_points"] for t in cases)
        if abs(possible - cell_points) > 1e-9:
            problems.append(f"hidden test {name} is worth {possible:g} points but its cell {cell_points:g}")
        cell.outputs = [
            _output("stream", name="stdout", text=describe_cases(cases)),
            _output("execute_result", data={"text/plain": repr(min(float(earned), cell_points))},
                    metadata={}, execution_count=None),
        ]
        cell.execution_count = None
    for name in sorted(set(by_test) - seen):
        problems.append(f"hidden test {name} has no grade cell in the notebook; its points are not recorded")
    return problems


def describe_cases(cases: list[dict[str, Any]]) -> str:
    """The test's results in words: one line per case, with the message when it did not pass."""
    lines = []
    for number, case in enumerate(cases, 1):
        label = f"case {number}: " if len(cases) > 1 else ""
        mark = "passed" if case["status"] == "passed" else case["status"].upper()
        text = f"{label}{mark} ({case['points']:g}/{case['max_points']:g} points)"
        lines.append(text + (f" - {case['message']}" if case["message"] else ""))
    return "\n".join(lines) + "\n"


def _error(name: str, value: str) -> NotebookNode:
    return _output("error", ename=name, evalue=value, traceback=[])


def _output(output_type: str, **fields: Any) -> NotebookNode:
    """A cell output, as nbformat's `new_output` makes it but not validated on its own: the whole
    notebook is validated before nbgrader writes it."""
    return from_dict({"output_type": output_type, **fields})

