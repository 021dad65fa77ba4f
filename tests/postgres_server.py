"""A real PostgreSQL server for the tests, started the way a user would start one.

`initdb` into a temporary folder, `postgres` listening on 127.0.0.1 on a free port (and on a Unix socket
in that folder, nowhere else), stopped by its process id. Debian keeps the binaries under
/usr/lib/postgresql/<version>/bin. PostgreSQL refuses to run as root: as root the folder is given to
`nobody` and both programs run as that user (`setpriv`). One server serves a whole test session; each
test takes a database of its own (`new_database`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "postgres"  # the server's superuser (trust authentication, 127.0.0.1 only)


@dataclass(frozen=True)
class PostgresServer:
    """A running server: where it listens, and its process."""

    port: int
    pid: int
    data: Path

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of `database` on this server, through psycopg (3)."""
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database; return its SQLAlchemy URL."""
        import psycopg

        name = f"gradebook_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres",
                             autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def new_database_from(self, url: str) -> str:
        """A copy of the database at `url` (PostgreSQL's CREATE DATABASE ... TEMPLATE); its URL."""
        import psycopg

        name = f"gradebook_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres",
                             autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{url.rsplit("/", 1)[1]}"')
        return self.url(name)


def binaries() -> Path | None:
    """The folder holding initdb and postgres (the newest Debian version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[4]) if p.parts[4].isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable() -> str:
    """Why a PostgreSQL server cannot be had here, or "" when it can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    if binaries() is None:
        return "PostgreSQL's initdb/postgres are not installed (apt-get install postgresql)"
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        return "running as root without setpriv to start PostgreSQL as an unprivileged user"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", *argv]


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    """Initialise a server in a temporary folder, start it, yield it, stop it by its PID, remove it."""
    bin_dir = binaries()
    assert bin_dir is not None, unavailable()
    folder = Path(tempfile.mkdtemp(prefix="descent-kit-pg-"))  # in /tmp: `nobody` can reach it
    data = folder / "data"
    data.mkdir()
    if os.geteuid() == 0:
        for path in (folder, data):
            shutil.chown(path, "nobody", "nogroup")
    env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
    try:
        subprocess.run(
            _as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
                             "--no-sync", "-E", "UTF8", "--locale=C"]),
            check=True, capture_output=True, env=env, cwd=folder,
        )
        port = _free_port()
        log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            _as_server_user([str(bin_dir / "postgres"), "-D", str(data), "-p", str(port),
                             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={data}",
                             "-c", "fsync=off", "-c", "synchronous_commit=off",
                             "-c", "full_page_writes=off", "-c", "max_connections=200"]),
            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder,
        )
        try:
            _wait_until_ready(port, server, folder / "server.log")
            yield PostgresServer(port, server.pid, data)
        finally:
            server.send_signal(signal.SIGINT)  # "fast shutdown": end sessions, stop cleanly
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_ready(port: int, server: subprocess.Popen, log: Path) -> None:
    import psycopg

    deadline = time.monotonic() + 60
    while True:
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} user={USER} dbname=postgres", connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start:\n{log.read_text()[-2000:]}") from None
            time.sleep(0.2)
