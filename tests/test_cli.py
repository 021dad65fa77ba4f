"""cli.py: the contract's command line, JSON shape and exit statuses."""

import json
import os
import subprocess
import sys

import nbformat
from support import AUTOGRADER, ROOT, by_function, grade

REFERENCE = ROOT / "solutions" / "ps1_gradient_descent" / "gradient_descent.py"
CONTRACT_TOP = {"assignment", "submission", "score", "max_score", "tests"}
CONTRACT_TEST = {"name", "function", "points", "max_points", "status", "message"}


def test_reference_gets_full_marks_with_the_contract_shape():
    code, report, _ = grade("ps1_gradient_descent", REFERENCE)
    assert code == 0
    assert CONTRACT_TOP <= set(report) and report["assignment"] == "ps1_gradient_descent"
    assert report["submission"] == str(REFERENCE)
    assert all(CONTRACT_TEST <= set(t) and t["status"] == "passed" for t in report["tests"])
    assert report["score"] == report["max_score"] == sum(t["max_points"] for t in report["tests"]) > 0
    assert set(by_function(report)) == {"get_minimizer_x", "gradient_descent"}
    assert report["sandbox"]["layers"]["session"] and report["sandbox"]["layers"]["rlimits"]


def test_submission_path_is_echoed_as_given(tmp_path):
    target = tmp_path / "학생 제출" / "과제 1.py"
    target.parent.mkdir()
    target.write_bytes(REFERENCE.read_bytes())
    code, report, _ = grade("ps1_gradient_descent", "학생 제출/과제 1.py", cwd=tmp_path,
                            env={"AUTOGRADER_COURSE": str(ROOT)})
    assert code == 0 and report["submission"] == "학생 제출/과제 1.py"
    assert report["score"] == report["max_score"]


def test_python_dash_m_and_text_report(tmp_path):
    wrong = tmp_path / "gd.py"
    wrong.write_text(REFERENCE.read_text().replace("x = x - learning_rate * 2 * x", "x = x + learning_rate * 2 * x"))
    proc = subprocess.run([*AUTOGRADER, "grade", "ps1_gradient_descent", str(wrong)], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 0
    assert "Score:" in proc.stdout and "What went wrong" in proc.stdout
    assert "expected 2.451218" in proc.stdout and "get_minimizer_x(10, 0.01, 3)" in proc.stdout
    assert "contract examples [10-0.01-3]" in proc.stdout and "one step" in proc.stdout  # the tests' titles


def test_text_report_in_korean_names_the_tests_by_their_korean_titles(tmp_path):
    wrong = tmp_path / "gd.py"
    wrong.write_text(REFERENCE.read_text().replace("x = x - learning_rate * 2 * x", "x = x + learning_rate * 2 * x"))
    proc = subprocess.run([*AUTOGRADER, "grade", "ps1_gradient_descent", str(wrong), "--lang", "ko"],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "160"})
    assert proc.returncode == 0, proc.stderr
    for title in ("과제 설명의 예시 [10-0.01-3]", "한 번 반복", "학습률이 너무 크면 발산", "반복마다 grad_fn을 한 번씩 호출"):
        assert title in proc.stdout, title
    for label in ("contract examples", "one step", "large learning rate", "test_get_minimizer_x"):
        assert label not in proc.stdout, label


def test_notebook_submission_with_magics_and_plots(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# My work"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport matplotlib.pyplot as plt\n!echo hi"),
        nbformat.v4.new_code_cell(REFERENCE.read_text()),
        nbformat.v4.new_code_cell("plt.plot([get_minimizer_x(k, 0.1, 3) for k in range(10)])\nplt.show()"),
    ]
    path = tmp_path / "work.ipynb"
    path.write_text(nbformat.writes(nb))
    code, report, _ = grade("ps1_gradient_descent", path)
    assert code == 0 and report["score"] == report["max_score"]


def test_usage_errors_exit_2_with_a_reason():
    proc = subprocess.run([*AUTOGRADER, "grade", "nope", str(REFERENCE), "--json"], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 2 and "unknown assignment 'nope'" in proc.stderr and proc.stdout == ""
    proc = subprocess.run([*AUTOGRADER, "grade", "ps1_gradient_descent", "missing.py", "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "no such submission file" in proc.stderr


def test_missing_hidden_tests_are_a_usage_error_not_a_traceback(tmp_path):
    proc = subprocess.run([*AUTOGRADER, "grade", "ps1_gradient_descent", str(REFERENCE), "--json"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "AUTOGRADER_COURSE": str(tmp_path)})
    assert proc.returncode == 2 and "instructor-only" in proc.stderr and "Traceback" not in proc.stderr


def test_json_is_strict(tmp_path):
    path = tmp_path / "nan.py"
    path.write_text("def get_minimizer_x(*a):\n    return float('nan')\n"
                    "def gradient_descent(*a):\n    return float('inf')\n")
    code, report, _ = grade("ps1_gradient_descent", path)
    assert code == 0 and report["score"] == 0
    assert any("NaN" in t["message"] for t in report["tests"])
    json.dumps(report, allow_nan=False)


def test_sys_argv_free_entry_point():
    from autograder.cli import main

    assert callable(main) and sys.executable
