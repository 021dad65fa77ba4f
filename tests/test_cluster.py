"""`autograder autograde A --scheduler ADDRESS`: grading on a Dask cluster, recording into PostgreSQL.

A real cluster started as a user starts one, over TLS with certificates made for the test: `dask
scheduler` and two `dask worker` processes on 127.0.0.1 (one per module), and a real PostgreSQL server
(tests/postgres_server.py). A mixed cohort (examples/cohort's notebooks, tests/cohort's mistakes as
modules, a syntax error, two more notebooks) is graded once on this machine into SQLite and once
through the cluster into PostgreSQL: every total must agree, once per student. Then one Dask worker is
killed in the middle of a run: nothing is lost or counted twice, and a rerun has nothing to do.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("nbgrader")
pytest.importorskip("distributed", reason="Dask's distributed is not installed (pip install -e '.[dask]')")

from test_postgres import make_course, run, totals  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PS1 = "ps1_gradient_descent"
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow


def make_certificates(folder: Path) -> dict[str, Path]:
    """A certificate authority and one certificate for 127.0.0.1 signed by it (scheduler, workers and
    client present the same one; each side checks the other's against the authority)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("descent-kit test CA")).issuer_name(name("descent-kit test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    cert = (x509.CertificateBuilder().subject_name(name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = {"ca": folder / "ca.pem", "cert": folder / "node.pem", "key": folder / "node.key"}
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    paths["key"].chmod(0o600)
    return paths


class Cluster:
    """A TLS Dask cluster of real processes: `dask scheduler`, then `dask worker`s, each by its PID."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.certs = make_certificates(folder)
        self.tls = ["--tls-ca-file", str(self.certs["ca"]), "--tls-cert", str(self.certs["cert"]),
                    "--tls-key", str(self.certs["key"])]
        self.processes: dict[str, subprocess.Popen] = {}
        scheduler_file = folder / "scheduler.json"
        self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0", "--protocol", "tls",
                                  "--no-dashboard", "--no-show", "--scheduler-file", str(scheduler_file), *self.tls])
        deadline = time.monotonic() + 60
        while not scheduler_file.is_file():
            assert time.monotonic() < deadline and self.processes["scheduler"].poll() is None, self.log("scheduler")
            time.sleep(0.2)
        self.address = json.loads(scheduler_file.read_text())["address"]
        assert self.address.startswith("tls://127.0.0.1:")
        # What the client needs to connect, as a user would set it (docs/scale.md).
        self.env = {
            **os.environ,
            "DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION": "True",
            "DASK_DISTRIBUTED__COMM__TLS__CA_FILE": str(self.certs["ca"]),
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT": str(self.certs["cert"]),
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY": str(self.certs["key"]),
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        }

    def _start(self, name: str, argv: list[str]) -> None:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 - the process holds it
        self.processes[name] = subprocess.Popen([str(BIN / "dask"), *argv], stdout=log, stderr=subprocess.STDOUT,
                                                cwd=self.folder, start_new_session=True)

    def start_worker(self, name: str) -> None:
        self._start(name, ["worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny",
                           "--no-dashboard", "--name", name, "--death-timeout", "60", *self.tls])

    def wait_for_workers(self, count: int) -> None:
        from distributed import Client
        from distributed.security import Security

        security = Security(tls_ca_file=str(self.certs["ca"]), tls_client_cert=str(self.certs["cert"]),
                            tls_client_key=str(self.certs["key"]), require_encryption=True)
        with Client(self.address, security=security, timeout=30) as client:
            client.wait_for_workers(count, timeout=90)
            assert len(client.scheduler_info()["workers"]) == count

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")[-3000:]

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)  # the worker and its sandboxed grading processes
        process.wait()

    def stop(self) -> None:
        for name in [n for n in self.processes if n != "scheduler"] + ["scheduler"]:
            process = self.processes.pop(name, None)
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        cluster.start_worker("w1")
        cluster.start_worker("w2")
        cluster.wait_for_workers(2)
        yield cluster
    finally:
        cluster.stop()


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
    for student in students:
        kept = json.loads((remote / "autograded" / student / PS1 / f"{PS1}.ipynb").read_text())
        assert kept["metadata"]["descent_kit"]["report"]["score"] == expected[student]
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
    for copy in range(2):  # unique files, so that no result comes from the grading cache
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
