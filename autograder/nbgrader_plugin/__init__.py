"""descent-kit inside nbgrader: the stages nbgrader_config.py plugs into nbgrader's own pipelines.

nbgrader keeps collecting, the gradebook and feedback; every score it stores comes from this kit's
engine, which runs the hidden tests outside any notebook kernel. The stages, by nbgrader step:

  autograde, sanitize pass   reading.TolerantNotebookExporter   a submission that is not a readable
                                                                notebook becomes a placeholder
                             cells.RestoreReleasedStructure     the nbgrader structure put back as
                                                                released (copied, renamed, deleted, forged
                                                                cells); repairs noted (structure.py)
  autograde, grading pass    grade_cells.GradeWithEngine        replaces nbgrader's Execute: grades the
                                                                submitted file with the engine and writes
                                                                each hidden test's points into its cell
  generate_feedback          feedback.FeedbackSummary           per-test table, messages and the plot
                             feedback.FeedbackExporter          HTML readable on a phone
  export                     export.PerTestCsvExport            one CSV row per student, assignment, test

Engine side, without nbgrader: grading.py (which file to grade, the cached engine result),
curves.py (the student's loss curve or path against the reference). autograde.py is the
`autograder autograde` command: the engine grades all submissions in parallel, then nbgrader's
autograde stores them. commands.py runs nbgrader commands in this process.
"""
