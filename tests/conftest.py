"""Shared helpers for the kit's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path: Path):
    """write(name, text) -> path of a new file in a temporary folder."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        return path

    return _write


@pytest.fixture(scope="session")
def postgres():
    """One real PostgreSQL server for the test session (tests/postgres_server.py); `.new_database()`
    gives each test an empty database. Skipped, with the reason, only where PostgreSQL cannot be had."""
    from postgres_server import running_server, unavailable

    reason = unavailable()
    if reason:
        pytest.skip(reason)
    with running_server() as server:
        yield server
