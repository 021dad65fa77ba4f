"""A Dask cluster of real processes for the tests and benchmarks, started as a user starts one.

`dask scheduler` and `dask worker` on 127.0.0.1, over TLS with a certificate authority and a
certificate made here (`make_certificates`), each process stopped or killed by its process id.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


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
        # What the client needs to connect, as a user would set it (docs/scaling.md).
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
