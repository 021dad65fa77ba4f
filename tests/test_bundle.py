"""bundle.py: the encrypted hidden tests open only with their key, unchanged, and nowhere unexpected."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytest.importorskip("cryptography", reason="bundles need the ci extra: pip install -e '.[ci]'")

from autograder.bundle import (  # noqa: E402
    MAGIC,
    BundleError,
    make_bundle,
    new_key,
    open_bundle,
    open_bundle_file,
    take_key,
)

ROOT = Path(__file__).resolve().parent.parent
PS1 = ROOT / "solutions" / "ps1_gradient_descent"


def test_round_trip_gives_back_the_same_files(tmp_path):
    key = new_key()
    data = make_bundle(ROOT / "solutions", ["ps1_gradient_descent"], key)
    assert data.startswith(MAGIC) and b"def test_" not in data and b"graded" not in data
    assert open_bundle(data, key, tmp_path) == ["ps1_gradient_descent"]
    for name in ("test_hidden.py", "gradient_descent.py"):
        assert (tmp_path / "ps1_gradient_descent" / name).read_bytes() == (PS1 / name).read_bytes()
    assert not list(tmp_path.rglob("__pycache__"))


def test_wrong_key_changed_byte_or_other_file_is_refused(tmp_path):
    key = new_key()
    data = make_bundle(ROOT / "solutions", ["ps1_gradient_descent"], key)
    with pytest.raises(BundleError, match="cannot be decrypted"):
        open_bundle(data, new_key(), tmp_path)
    changed = bytearray(data)
    changed[len(MAGIC) + 60] ^= 1
    with pytest.raises(BundleError, match="cannot be decrypted"):
        open_bundle(bytes(changed), key, tmp_path)
    with pytest.raises(BundleError, match="not a descent-kit"):
        open_bundle(b"PK\x03\x04", key, tmp_path)
    with pytest.raises(BundleError, match="not a valid key"):
        open_bundle(data, "not-a-key", tmp_path)
    assert not list(tmp_path.iterdir())


def test_entries_outside_the_folder_are_refused(tmp_path):
    from cryptography.fernet import Fernet

    key = new_key()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("ps1_gradient_descent/../../escaped.py")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    data = MAGIC + Fernet(key.encode()).encrypt(buffer.getvalue())
    with pytest.raises(BundleError, match="unexpected entry"):
        open_bundle(data, key, tmp_path / "inside")
    assert not (tmp_path / "escaped.py").exists()


def test_key_is_taken_out_of_the_environment():
    env = {"AUTOGRADER_BUNDLE_KEY": "k3y", "OTHER": "1"}
    assert take_key(env) == "k3y" and env == {"OTHER": "1"}
    with pytest.raises(BundleError, match="not set"):
        take_key({"AUTOGRADER_BUNDLE_KEY": " "})


def test_open_bundle_file_uses_a_private_folder(tmp_path):
    key = new_key()
    path = tmp_path / "hidden.bundle"
    path.write_bytes(make_bundle(ROOT / "solutions", ["ps1_gradient_descent"], key))
    folder, names = open_bundle_file(path, key)
    try:
        assert names == ["ps1_gradient_descent"]
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        import shutil

        shutil.rmtree(folder)


def test_bundle_command(tmp_path):
    run = [sys.executable, "-m", "autograder", "bundle"]
    key = subprocess.run([*run, "--new-key"], capture_output=True, text=True, check=True).stdout.strip()
    out = tmp_path / ".autograder" / "hidden-tests.bundle"
    env = {**os.environ, "AUTOGRADER_BUNDLE_KEY": key}
    made = subprocess.run(
        [*run, "--out", str(out), "--assignments", "ps1_gradient_descent"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert key not in made.stdout + made.stderr
    assert open_bundle(out.read_bytes(), key, tmp_path) == ["ps1_gradient_descent"]
    no_key = subprocess.run(
        [*run, "--out", str(out)],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k != "AUTOGRADER_BUNDLE_KEY"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert no_key.returncode == 2 and "AUTOGRADER_BUNDLE_KEY" in no_key.stderr
