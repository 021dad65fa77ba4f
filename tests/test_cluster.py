"""`autograder autograde A --scheduler ADDRESS`: grading on a Dask cluster, recording into PostgreSQL.

A real cluster started as a user starts one, over TLS with certificates made for the test: `dask
scheduler` and two `dask worker` processes on 127.0.0.1 (one per module), and a real PostgreSQL server
(tests/postgres_server.py). A mixed cohort (examples/cohort's notebooks, tests/cohort's mistakes as
modules, a syntax error, two more notebooks) is graded once on this machine into SQLite and once
through the cluster into PostgreSQL: every total must agree, once per student. Then one Dask worker is
killed in the middle of a run: nothing is lost or counted twice, and a rerun has nothing to do.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")
pytest.importorskip("distributed", reason="Dask's distributed is not installed (pip install -e '.[dask]')")

from dask_cluster import Cluster, make_certificates  # noqa: E402
from test_postgres import make_course, run, totals  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PS1 = "ps1_gradient_descent"
HANGUL = re.compile("[\uac00-\ud7a3]")
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    private_before = set(Path(tempfile.gettempdir()).glob("descent-kit-worker-*"))
    cluster = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        cluster.start_worker("w1")
        cluster.start_worker("w2")
        cluster.wait_for_workers(2)
        yield cluster
    finally:
        cluster.stop()
        # A worker killed with SIGKILL had no chance to remove its folder of instructor files.
        for folder in set(Path(tempfile.gettempdir()).glob("descent-kit-worker-*")) - private_before:
            shutil.rmtree(folder, ignore_errors=True)


def cohort() -> dict[str, list[tuple[str, bytes]]]:
    """student -> files of their submitted folder: a mixed ps1 cohort."""
    release = ROOT / "release" / PS1
    notebook = (release / f"{PS1}.ipynb").read_bytes()
    students: dict[str, list[tuple[str, bytes]]] = {}
    for folder in sorted((ROOT / "examples" / "cohort" / "exchange").glob(f"*/{PS1}")):
        students[folder.parent.name] = [(f"{PS1}.ipynb", (folder / f"{PS1}.ipynb").read_bytes())]
    for kind in ("mistakes", "broken"):
        for module in sorted((ROOT / "tests" / "cohort" / kind).glob(f"{PS1}__*.py")):
            students[f"{kind[0]}_{module.stem.split('__')[1]}"] = [
                (f"{PS1}.ipynb", notebook), ("gradient_descent.py", module.read_bytes())]
    for nb in sorted((ROOT / "tests" / "cohort" / "notebooks").glob(f"{PS1}__*.ipynb")):
        students[f"n_{nb.stem.split('__')[1]}"] = [(f"{PS1}.ipynb", nb.read_bytes())]
    return students


def notebook_language(content: bytes) -> str | None:
    """The language a submitted notebook says it is in (None for none, or for a damaged file)."""
    try:
        return json.loads(content)["metadata"]["descent_kit"]["lang"]
    except (ValueError, KeyError, TypeError):
        return None


def fill(course: Path, students: dict[str, list[tuple[str, bytes]]]) -> None:
    for student, files in students.items():
        folder = course / "submitted" / student / PS1
        folder.mkdir(parents=True)
        for name, content in files:
            (folder / name).write_bytes(content)
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")


@pytest.fixture(scope="module")
def local_totals(tmp_path_factory) -> dict[str, float]:
    """student -> total of the cohort graded on this machine (`--workers 2`) into SQLite."""
    folder = tmp_path_factory.mktemp("local")
    local = make_course(folder, "sqlite:///" + str(folder / "course" / "gradebook.db"), [])
    fill(local, cohort())
    done = run(local, "autograder", "autograde", PS1, "--workers", "2")
    assert done.returncode == 0, done.stderr
    return totals("sqlite:///" + str(local / "gradebook.db"))


def test_a_mixed_cohort_graded_on_the_cluster_into_postgresql_equals_the_local_sqlite_run(
    tmp_path, postgres, cluster, local_totals
):
    students = cohort()
    assert len(students) >= 12
    expected = local_totals
    assert set(expected) == set(students) and len(set(expected.values())) >= 4

    db_url = postgres.new_database()
    remote = make_course(tmp_path / "remote", db_url, [])
    fill(remote, students)
    started = time.monotonic()
    done = subprocess.run([str(BIN / "autograder"), "autograde", PS1, "--scheduler", cluster.address],
                          cwd=remote, env=cluster.env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr + cluster.log("w1") + cluster.log("w2")
    assert f"to grade on the Dask cluster at {cluster.address}" in done.stderr
    assert totals(db_url) == expected
    print(f"{len(students)} submissions through the cluster in {time.monotonic() - started:.1f} s")
    for student, files in students.items():
        kept = json.loads((remote / "autograded" / student / PS1 / f"{PS1}.ipynb").read_text())
        kit = kept["metadata"]["descent_kit"]
        assert kit["report"]["score"] == expected[student]
        # The worker answered in the notebook's language (s16's is Korean), as a local run does.
        lang = notebook_language(dict(files)[f"{PS1}.ipynb"]) or "en"
        assert kit["lang"] == lang and (kit["curves"] is None or kit["curves"]["lang"] == lang), student
        assert any(HANGUL.search(t["title"]) for t in kit["report"]["tests"]) == (lang == "ko"), student
    assert any(notebook_language(dict(files)[f"{PS1}.ipynb"]) == "ko" for files in students.values())
    # ... and each file was graded once, by a worker: one cached result per distinct file graded (the
    # recording side grades a file itself only when what the worker answered is not the one to record).
    stub = (remote / "source" / PS1 / "gradient_descent.py").read_bytes()
    graded = {content for files in students.values() for name, content in files
              if name.endswith(".ipynb") or content != stub}
    assert len(list((remote / "grading_cache" / PS1).glob("*.json"))) == len(graded)
    # DASK_SCHEDULER_ADDRESS works as --scheduler does, and the rerun finds everything recorded.
    again = subprocess.run([str(BIN / "autograder"), "autograde", PS1], cwd=remote,
                           env={**cluster.env, "DASK_SCHEDULER_ADDRESS": cluster.address},
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and f"{len(students)} submission(s): 0 to grade on the Dask cluster" in again.stderr


def test_the_cluster_refuses_a_client_without_a_certificate_of_its_authority(tmp_path, cluster):
    import dask

    from autograder.nbgrader_plugin.cluster import ClusterUnavailable, connect

    stranger = make_certificates(tmp_path)  # a certificate authority the cluster does not know
    tls = {"distributed.comm.tls.ca-file": str(stranger["ca"]), "distributed.comm.tls.client.cert":
           str(stranger["cert"]), "distributed.comm.tls.client.key": str(stranger["key"]),
           "distributed.comm.require-encryption": True, "distributed.comm.timeouts.connect": "3s"}
    with dask.config.set(tls), pytest.raises(ClusterUnavailable, match="cannot reach the Dask scheduler"):
        connect(cluster.address)
    with dask.config.set({"distributed.comm.tls.ca-file": None}), \
            pytest.raises(ClusterUnavailable, match="speaks TLS: set DASK_DISTRIBUTED__COMM__TLS__CA_FILE"):
        connect(cluster.address)
    with dask.config.set({**tls, "distributed.comm.tls.ca-file": str(cluster.certs["ca"]),
                          "distributed.comm.tls.client.cert": str(cluster.certs["cert"]),
                          "distributed.comm.tls.client.key": str(cluster.certs["key"])}):
        client = connect(cluster.address)  # the same call with the cluster's own certificates
        try:
            assert len(client.scheduler_info()["workers"]) >= 1
        finally:
            client.close()


def test_a_worker_killed_mid_run_loses_nothing_and_counts_nothing_twice(tmp_path, postgres, cluster,
                                                                        local_totals):
    base = cohort()
    students = {}
    for copy in range(1):  # unique files, so that no result comes from the grading cache
        for student, files in base.items():
            students[f"{student}_{copy}"] = [
                (name, content + f"\n# copy {copy}\n".encode() if name.endswith(".py") else
                 json.dumps({**json.loads(content), "metadata": {**json.loads(content)["metadata"],
                                                                  "copy": copy}}).encode())
                for name, content in files
            ]
    db_url = postgres.new_database()
    course = make_course(tmp_path, db_url, [])
    fill(course, students)
    markers = course / "grading_cache" / "recorded" / PS1
    grading = subprocess.Popen([str(BIN / "autograder"), "autograde", PS1, "--scheduler", cluster.address],
                               cwd=course, env=cluster.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 120
    while len(list(markers.glob("*.txt"))) < 3:
        assert grading.poll() is None and time.monotonic() < deadline, grading.communicate()
        time.sleep(0.05)
    cluster.kill("w1")
    out, err = grading.communicate(timeout=300)
    assert grading.returncode == 0, err + cluster.log("w2")
    scores = totals(db_url)  # fails if any submission is there twice
    assert set(scores) == set(students) == {p.stem for p in markers.glob("*.txt")}
    assert scores == {s: local_totals[s.rsplit("_", 1)[0]] for s in students}
    again = subprocess.run([str(BIN / "autograder"), "autograde", PS1, "--scheduler", cluster.address],
                           cwd=course, env=cluster.env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "0 to grade" in again.stderr, again.stderr
    assert totals(db_url) == scores
    for folder in Path(tempfile.gettempdir()).glob("descent-kit-worker-*"):
        assert folder.stat().st_mode & 0o077 == 0, "a worker's folder of instructor files is private"
