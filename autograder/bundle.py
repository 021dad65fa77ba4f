"""Encrypt the instructor-only solutions/ (reference modules and hidden tests) into one file, and back.

A bundle can sit in a repository students can read: without the key it is noise, and it is
authenticated, so nobody without the key can make one the grader accepts. The key lives in a CI secret
(an environment variable); it is read once, removed from the environment, and never given to a worker.

Format: the line `DESCENT-KIT-BUNDLE 1`, then a Fernet token (AES-128-CBC + HMAC-SHA256, from the
`cryptography` package) of a gzipped tar of `<assignment>/<file>` entries.
"""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
from collections.abc import Iterable, MutableMapping
from pathlib import Path

MAGIC = b"DESCENT-KIT-BUNDLE 1\n"
KEY_ENV = "AUTOGRADER_BUNDLE_KEY"
MAX_BUNDLE_BYTES = 64 * 1024**2


class BundleError(RuntimeError):
    """The bundle cannot be made or opened: no key, a wrong key, or a damaged file."""


def _fernet(key: str | bytes):
    try:
        from cryptography.fernet import Fernet
    except ImportError:  # an optional dependency: pip install 'descent-kit-autograder[ci]'
        raise BundleError(
            "hidden-test bundles need the 'cryptography' package: pip install 'descent-kit-autograder[ci]'"
        ) from None
    try:
        return Fernet(key.strip() if isinstance(key, (str, bytes)) else key)
    except (ValueError, TypeError):
        raise BundleError(
            "the bundle key is not a valid key (make one with `autograder bundle --new-key`)"
        ) from None


def new_key() -> str:
    """A fresh random key, as text to paste into a repository secret."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def take_key(environ: MutableMapping[str, str], name: str = KEY_ENV) -> str:
    """Read the key from the environment and remove it there, so no child process can inherit it."""
    key = environ.pop(name, "")
    if not key.strip():
        raise BundleError(f"no bundle key: the environment variable {name} is empty or not set")
    return key


def _members(solutions: Path, assignments: Iterable[str]) -> list[tuple[Path, str]]:
    files = []
    assignments = list(assignments)
    for name in assignments:
        folder = solutions / name
        if not folder.is_dir():
            raise BundleError(f"no solutions folder for {name} in {solutions}")
        for path in sorted(folder.rglob("*")):
            parts = path.relative_to(solutions).parts
            if path.is_file() and "__pycache__" not in parts and path.suffix != ".pyc":
                files.append((path, "/".join(parts)))
    # Every assignment's manifest (public: module and function names), so that CI knows a submission
    # of an assignment whose hidden tests are not in the bundle, and says so.
    chosen = set(assignments)
    for manifest in sorted(solutions.glob("*/assignment.toml")):
        if manifest.parent.name not in chosen:
            files.append((manifest, f"{manifest.parent.name}/{manifest.name}"))
    return files


def make_bundle(solutions: Path, assignments: Iterable[str], key: str) -> bytes:
    """The encrypted bundle of `solutions/<assignment>/**` for the given assignments."""
    fernet = _fernet(key)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path, arcname in _members(solutions, assignments):
            info = tarfile.TarInfo(arcname)
            data = path.read_bytes()
            info.size = len(data)
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(data))
    return MAGIC + fernet.encrypt(buffer.getvalue()) + b"\n"


def open_bundle(data: bytes, key: str, dest: Path) -> list[str]:
    """Check and decrypt a bundle into `dest` (which must exist); return the assignments it holds."""
    if len(data) > MAX_BUNDLE_BYTES or not data.startswith(MAGIC):
        raise BundleError("this file is not a descent-kit hidden-test bundle")
    from cryptography.fernet import InvalidToken

    try:
        plain = _fernet(key).decrypt(data[len(MAGIC) :].strip())
    except InvalidToken:
        raise BundleError(
            "the bundle cannot be decrypted with this key (wrong key, or the file was changed)"
        ) from None
    names: list[str] = []
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:gz") as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if not member.isfile() or member.name.startswith("/") or ".." in parts or len(parts) < 2:
                raise BundleError(f"the bundle holds an unexpected entry: {member.name[:100]}")
            source = tar.extractfile(member)
            target = dest.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            target.write_bytes(source.read() if source else b"")
            if parts[1:] != ("assignment.toml",):
                names.append(parts[0])
    return sorted(set(names))


def open_bundle_file(path: Path, key: str) -> tuple[Path, list[str]]:
    """Decrypt the bundle at `path` into a new private temporary folder; return it and the assignments.

    The caller removes the folder. It is created 0700 by the grader's user; the sandbox hides it from
    workers as the solutions folder (pass it as Settings.solutions_dir).
    """
    folder = Path(tempfile.mkdtemp(prefix="descent-kit-hidden-"))
    os.chmod(folder, 0o700)
    try:
        return folder, open_bundle(path.read_bytes(), key, folder)
    except BaseException:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        raise
