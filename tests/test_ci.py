"""ci.py and github.py: `autograder ci` on synthetic pull-request events against a fake GitHub API.

Everything but GitHub itself runs for real: the event file, the API calls (served on localhost), the
bundle decryption, the sandboxed grading, and every output file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fake_github import BOT, FakeGitHub, FakePullRequest

from autograder.ci import COMMENT_MARKER, CiError, Policy, _check_sandbox, plan_grading, submission_for
from autograder.config import load_settings
from autograder.exports import gradescope_problems
from autograder.github import ChangedFile, GitHubClient, read_event

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("cryptography", reason="bundles need the ci extra: pip install -e '.[ci]'")

CORRECT = """
import numpy as np


def get_minimizer_x(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
"""

# The known mistake: updating x in place changes the caller's x0 when it is already a float array.
IN_PLACE = CORRECT.replace(
    "    x = np.array(x0, dtype=float)\n    for _ in range(iterations):\n"
    "        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)",
    "    x = np.asarray(x0, dtype=float)\n    for _ in range(iterations):\n"
    "        x -= learning_rate * np.asarray(grad_fn(x), dtype=float)",
)
TOKEN = "ghs_test_token"


# ---------------------------------------------------------------- pure parts


def test_paths_map_to_assignments_by_folder_and_file_name():
    assert submission_for("ps1_gradient_descent/gradient_descent.py")[1] == "module"
    assert submission_for("ps2_linear_regression/my work.ipynb")[1] == "notebook"
    assert submission_for("ps1_gradient_descent/helpers.py") is None
    assert submission_for("release/ps1_gradient_descent/gradient_descent.py") is None
    assert submission_for("gradient_descent.py") is None
    assert submission_for("course/ps3_sgd/sgd.py", root="course")[0].name == "ps3_sgd"


def test_plan_prefers_the_module_and_names_grader_files():
    plan = plan_grading(
        [
            ChangedFile("ps1_gradient_descent/ps1_gradient_descent.ipynb", "modified"),
            ChangedFile("ps1_gradient_descent/gradient_descent.py", "modified"),
            ChangedFile("ps4_adam/notes.ipynb", "added"),
            ChangedFile("ps4_adam/ps4_adam.ipynb", "modified"),
            ChangedFile("ps3_sgd/sgd.py", "removed"),
            ChangedFile(".github/workflows/grade-pr.yml", "modified"),
            ChangedFile("autograder/run.py", "modified"),
            ChangedFile(".autograder/hidden-tests.bundle", "modified"),
            ChangedFile("README.md", "modified"),
        ]
    )
    assert [(s.assignment.name, s.path) for s in plan.submissions] == [
        ("ps1_gradient_descent", "ps1_gradient_descent/gradient_descent.py"),
        ("ps4_adam", "ps4_adam/ps4_adam.ipynb"),
    ]
    assert set(plan.grader_files) == {
        ".github/workflows/grade-pr.yml",
        "autograder/run.py",
        ".autograder/hidden-tests.bundle",
    }
    assert plan.other_files == ("README.md",)
    assert any("removed" in s for s in plan.skipped) and any("notes.ipynb" in s for s in plan.skipped)


def test_policies():
    from autograder import results as r

    report = r.GradeReport(
        "a", "f", (r.TestResult("t1", "f", 7, 7, "passed"), r.TestResult("t2", "f", 0, 3, "failed"))
    )
    assert Policy.parse("").passes(report)
    assert not Policy.parse("full-marks").passes(report)
    assert Policy.parse("min-score:70%").passes(report) and not Policy.parse("min-score:71%").passes(report)
    assert Policy.parse("min-score:7").passes(report) and not Policy.parse("min-score:7.5").passes(report)
    with pytest.raises(CiError):
        Policy.parse("sometimes")


def test_ci_refuses_a_sandbox_that_cannot_hide_the_tests(monkeypatch):
    from autograder import sandbox

    weak = sandbox.SandboxPlan(dict.fromkeys(sandbox.LAYERS, False), ("no bwrap",), None, None)
    monkeypatch.setattr(sandbox, "plan_sandbox", lambda settings: weak)
    with pytest.raises(CiError, match="refusing to grade"):
        _check_sandbox(load_settings(ROOT), allow_weak=False)
    _check_sandbox(load_settings(ROOT), allow_weak=True)


def test_client_pages_files_and_upserts_only_its_own_comment(tmp_path):
    pr = FakePullRequest(files={f"other/{i}.txt": b"x" for i in range(5)})
    pr.comments.append({"id": 1, "body": f"{COMMENT_MARKER} forged by a student", "user": {"login": "alice"}})
    with FakeGitHub(pr, TOKEN) as api:
        event = read_event(pr.event(tmp_path / "event.json"))
        client = GitHubClient(api.url, TOKEN, per_page=2)
        assert len(client.changed_files(event)) == 5
        assert client.upsert_comment(event, f"{COMMENT_MARKER} one", COMMENT_MARKER, BOT) == "created"
        assert client.upsert_comment(event, f"{COMMENT_MARKER} two", COMMENT_MARKER, BOT) == "updated"
    assert [c["body"] for c in pr.comments] == [
        f"{COMMENT_MARKER} forged by a student",
        f"{COMMENT_MARKER} two",
    ]


# ---------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """A bundle of ps1's hidden tests and its key, as an instructor makes them."""
    from autograder.bundle import make_bundle, new_key

    key = new_key()
    path = tmp_path_factory.mktemp("bundle") / "hidden-tests.bundle"
    path.write_bytes(make_bundle(ROOT / "solutions", ["ps1_gradient_descent"], key))
    return path, key


def run_ci(tmp: Path, api: FakeGitHub, bundle, *args: str, policy: str = "always-pass"):
    """Run `autograder ci` as the workflow does, in a workspace with no solutions/; return (proc, out dir)."""
    source, key = bundle
    workspace = tmp / "workspace"
    path = workspace / "base" / ".autograder" / "hidden-tests.bundle"  # where the workflow keeps it
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(source.read_bytes())
    out = tmp / "results"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AUTOGRADER_"))}
    env.update(
        GITHUB_EVENT_PATH=str(api.pr.event(tmp / "event.json")),
        GITHUB_API_URL=api.url,
        GITHUB_TOKEN=TOKEN,
        GITHUB_STEP_SUMMARY=str(tmp / "step_summary.md"),
        GITHUB_OUTPUT=str(tmp / "github_output"),
        GITHUB_SERVER_URL="https://github.example",
        GITHUB_REPOSITORY=api.pr.repo,
        GITHUB_RUN_ID="42",
        AUTOGRADER_BUNDLE_KEY=key,
        AUTOGRADER_CI_POLICY=policy,
    )
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "ci", "--bundle", str(path), "--out", str(out), *args],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc, out


def outputs(tmp: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in (tmp / "github_output").read_text().splitlines())


def test_correct_submission_gets_full_marks_everywhere(tmp_path, bundle):
    pr = FakePullRequest(files={"ps1_gradient_descent/gradient_descent.py": CORRECT.encode()})
    with FakeGitHub(pr, TOKEN) as api:
        proc, out = run_ci(tmp_path, api, bundle)
    assert proc.returncode == 0, proc.stderr
    summary = (tmp_path / "step_summary.md").read_text()
    assert "Autograder: 15 / 15" in summary and "full marks" in summary
    assert len(pr.comments) == 1 and pr.comments[0]["body"].startswith(COMMENT_MARKER)
    assert "15 / 15" in pr.comments[0]["body"]
    suites = ET.parse(out / "junit.xml").getroot()
    assert suites.get("tests") == "15" and suites.get("failures") == "0" and suites.get("errors") == "0"
    results = json.loads((out / "results.json").read_text())
    assert gradescope_problems(results) == []
    assert results["score"] == 15 == sum(t["max_score"] for t in results["tests"])
    assert outputs(tmp_path) == {
        "score": "15",
        "max-score": "15",
        "passed": "true",
        "graded": "ps1_gradient_descent",
        "results-dir": str(out),
    }
    assert api.fetched() == ["ps1_gradient_descent/gradient_descent.py"]


def test_known_mistake_shows_lost_points_updates_the_comment_and_follows_the_policy(tmp_path, bundle):
    pr = FakePullRequest(files={"ps1_gradient_descent/gradient_descent.py": IN_PLACE.encode()})
    with FakeGitHub(pr, TOKEN) as api:
        first, _ = run_ci(tmp_path, api, bundle)
        pr.head_sha = "b" * 40  # a new push to the same pull request
        second, out = run_ci(tmp_path, api, bundle, policy="full-marks")
    assert first.returncode == 0, first.stderr  # always-pass: green with the score
    assert second.returncode == 1, second.stderr  # full-marks: red below 15
    assert len(pr.comments) == 1, "the comment is updated in place, not duplicated"
    body = pr.comments[0]["body"]
    assert "14 / 15" in body and "❌" in body and "bbbbbbbbbbbb" in body
    assert "does not modify x0" in body and "(−1)" in body  # the test's title, not its function name
    assert "in place" in body and "x0" in body
    assert outputs(tmp_path)["passed"] == "false"
    junit = ET.parse(out / "junit.xml").getroot()
    failure = junit.find(".//testcase[@name='test_gradient_descent_does_not_modify_x0']/failure")
    assert failure is not None and "in place" in failure.get("message")
    lost = [t for t in json.loads((out / "results.json").read_text())["tests"] if t["status"] == "failed"]
    assert [t["score"] for t in lost] == [0.0] and "in place" in lost[0]["output"]


def test_pull_request_editing_the_workflow_tests_and_grader_is_graded_by_the_base_branch(tmp_path, bundle):
    forged = b"raise SystemExit('this must never run')\n"
    pr = FakePullRequest(
        files={
            "ps1_gradient_descent/gradient_descent.py": CORRECT.replace(
                "round(x, 6)", "round(x, 6) + 1"
            ).encode(),
            ".github/workflows/grade-pr.yml": b"on: pull_request_target\njobs: {}\n",
            "autograder/run.py": forged,
            "autograder/ci.py": forged,
            "solutions/ps1_gradient_descent/test_hidden.py": b"def test_everything_passes():\n    pass\n",
            ".autograder/hidden-tests.bundle": b"DESCENT-KIT-BUNDLE 1\nforged\n",
            "pyproject.toml": b"[project]\nname = 'forged'\n",
        }
    )
    with FakeGitHub(pr, TOKEN) as api:
        proc, out = run_ci(tmp_path, api, bundle)
    assert proc.returncode == 0, proc.stderr
    assert api.fetched() == ["ps1_gradient_descent/gradient_descent.py"], "only the submission is fetched"
    body = pr.comments[0]["body"]
    assert "7 / 15" in body, "get_minimizer_x's 8 points are lost under the base branch's hidden tests"
    for name in (
        ".github/workflows/grade-pr.yml",
        "autograder/run.py",
        "solutions/ps1_gradient_descent/test_hidden.py",
    ):
        assert f"`{name}`" in body
    assert "used the base branch's versions" in body
    assert json.loads((out / "ci.json").read_text())["grader_files_changed"]


def test_hidden_tests_and_key_cannot_be_read_from_inside_the_sandbox(tmp_path, bundle):
    key = bundle[1]
    workspace = tmp_path / "workspace"
    probe = (
        f"""
import glob, os

def _probe(label, read):
    try:
        found = read()
    except Exception as err:
        print("SAFE", label, type(err).__name__)
        return
    print("LEAK" if found else "SAFE", label, str(found)[:200])

def _environs():
    out = []
    for path in glob.glob("/proc/*/environ"):
        try:
            data = open(path, "rb").read()
        except OSError:
            continue
        if b"AUTOGRADER_BUNDLE_KEY" in data or b"GITHUB_TOKEN" in data:
            out.append(path)
    return out

def _decrypt():
    from cryptography.fernet import Fernet
    key = os.environ.get("AUTOGRADER_BUNDLE_KEY") or ""
    data = open({str(workspace)!r} + "/base/.autograder/hidden-tests.bundle", "rb").read()
    return Fernet(key.encode()).decrypt(data.split(b"\\n", 1)[1].strip())

_probe("environment", lambda: {{k: v for k, v in os.environ.items() if "KEY" in k or "TOKEN" in k}})
_probe("proc-environ", _environs)
_probe("decrypted-folder", lambda: [open(p).read(80) for p in glob.glob("/tmp/descent-kit-hidden-*/*/*")])
_probe("hidden-anywhere", lambda: glob.glob("/tmp/**/test_hidden.py", recursive=True))
_probe("workspace", lambda: [p for p in glob.glob({str(workspace)!r} + "/**", recursive=True) if os.path.isfile(p)])
_probe("decrypt-bundle", _decrypt)
"""
        + CORRECT
    )
    pr = FakePullRequest(files={"ps1_gradient_descent/gradient_descent.py": probe.encode()})
    with FakeGitHub(pr, TOKEN) as api:
        proc, out = run_ci(tmp_path, api, bundle)
    assert proc.returncode == 0, proc.stderr
    printed = json.loads((out / "ps1_gradient_descent.json").read_text())["output"]
    assert printed.count("SAFE") >= 6 and "LEAK" not in printed, printed
    assert "15 / 15" in pr.comments[0]["body"]
    everything = proc.stdout + proc.stderr + "".join(p.read_text() for p in out.iterdir())
    everything += (tmp_path / "step_summary.md").read_text() + pr.comments[0]["body"]
    assert key not in everything and TOKEN not in everything
    assert "expect_close" not in everything, "no text of the hidden tests leaves the grader"


def test_nothing_to_grade_tests_missing_from_the_bundle_and_a_missing_key(tmp_path, bundle):
    pr = FakePullRequest(files={"README.md": b"hello"})
    with FakeGitHub(pr, TOKEN) as api:
        proc, _ = run_ci(tmp_path, api, bundle)
        assert proc.returncode == 0, proc.stderr
        assert "nothing to grade" in pr.comments[0]["body"]
        pr.files = {
            "ps2_linear_regression/linear_regression.py": b"def predict(X, w, b):\n    return X @ w + b\n"
        }
        proc, _ = run_ci(tmp_path, api, bundle)  # the bundle holds ps1 only
        assert proc.returncode == 1, "a grader failure is red whatever the policy"
        assert "not graded" in pr.comments[0]["body"] and "not installed for CI" in pr.comments[0]["body"]
        proc, _ = run_ci(tmp_path, api, (bundle[0], ""))
    assert proc.returncode == 2 and "AUTOGRADER_BUNDLE_KEY" in proc.stderr
    assert len(pr.comments) == 1


def test_broken_hidden_tests_are_not_quoted_anywhere_public(tmp_path):
    from autograder.bundle import make_bundle, new_key

    solutions = tmp_path / "solutions" / "ps1_gradient_descent"
    solutions.mkdir(parents=True)
    (solutions / "gradient_descent.py").write_text(CORRECT)
    (solutions / "test_hidden.py").write_text("SECRET_HIDDEN_LINE = 1 / 0\n")
    shutil.copy(ROOT / "solutions" / "ps1_gradient_descent" / "assignment.toml", solutions)
    key = new_key()
    path = tmp_path / "broken.bundle"
    path.write_bytes(make_bundle(tmp_path / "solutions", ["ps1_gradient_descent"], key))
    pr = FakePullRequest(files={"ps1_gradient_descent/gradient_descent.py": CORRECT.encode()})
    with FakeGitHub(pr, TOKEN) as api:
        proc, out = run_ci(tmp_path, api, (path, key))
    assert proc.returncode == 1
    body = pr.comments[0]["body"]
    assert "failed on the grader's side" in body
    public = body + proc.stdout + proc.stderr + "".join(p.read_text() for p in out.iterdir())
    assert "SECRET_HIDDEN_LINE" not in public
