"""Regenerate the screenshots in docs/images/ from the browser tests (tests/browser/).

    .venv/bin/python scripts/screenshots.py

Runs the browser tests with DESCENT_KIT_SCREENSHOTS set to a scratch folder (the tests save a
screenshot of every step there) and copies the curated ones below to docs/images/, so the pictures in
the README and docs/lifecycle.md are what the tests saw. Needs what the tests need: Playwright and
Debian's chromium (`python3 kit.py setup` installs both, as root on Debian).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
CURATED = {
    "student-01-assignments.png": "assignments-tab.png",
    "student-03-validate-fails.png": "validate-fails.png",
    "student-04-checks-pass.png": "notebook-checks-pass.png",
    "student-05-validate-success.png": "validate-success.png",
    "student-08-feedback-phone.png": "feedback-phone.png",
    "instructor-01-manage-assignments.png": "formgrader-assignments.png",
    "instructor-04-override.png": "formgrader-grading.png",
}
"""Screenshot the tests save -> name under docs/images/."""


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="descent-kit-shots-") as shots:
        env = {**os.environ, "DESCENT_KIT_SCREENSHOTS": shots}
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/browser", "-q", "-p", "no:cacheprovider"],
            cwd=ROOT,
            env=env,
        )
        if done.returncode != 0:
            print("the browser tests failed; docs/images/ is unchanged", file=sys.stderr)
            return 1
        missing = [name for name in CURATED if not (Path(shots) / name).is_file()]
        if missing:
            print(
                f"the tests saved no {', '.join(missing)} (skipped?); docs/images/ is unchanged",
                file=sys.stderr,
            )
            return 1
        IMAGES.mkdir(parents=True, exist_ok=True)
        for name, target in CURATED.items():
            shutil.copyfile(Path(shots) / name, IMAGES / target)
            print(f"docs/images/{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
