"""`autograder gradescope-package ASSIGNMENT`: the autograder zip that Gradescope expects.

Gradescope unpacks the zip into /autograder/source, runs setup.sh once when it builds the image, and
runs run_autograder for every submission (the student's files are in /autograder/submission; the
result goes to /autograder/results/results.json). The zip holds, at its root:

    setup.sh            installs Python, bubblewrap (best effort) and this kit into /autograder/venv
    run_autograder      finds the submission, runs `autograder grade --format gradescope`
    kit/                this package's source and pyproject.toml
    solutions/<assignment>/   the reference module and hidden tests of that one assignment

setup.sh makes solutions/ readable by root only; the grader runs as root and its worker as `nobody`
(and inside bubblewrap where the image allows it), so submissions cannot read the hidden tests.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import autograder
from autograder.config import Settings
from autograder.course import Assignment, hidden_tests_path, reference_path

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once while building the autograder image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q python3 python3-venv python3-pip
apt-get install -y -q bubblewrap || echo "bubblewrap not installed: the sandbox will use its other layers"
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet /autograder/source/kit
chown -R root:root /autograder/source/solutions
chmod -R go-rwx /autograder/source/solutions
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. It always leaves a well-formed results.json.
set -uo pipefail
ROOT="${{AUTOGRADER_HOME:-/autograder}}"
GRADER="${{AUTOGRADER_EXE:-$ROOT/venv/bin/autograder}}"
ASSIGNMENT="{assignment}"
mkdir -p "$ROOT/results"
RESULTS="$ROOT/results/results.json"
rm -f "$RESULTS"
export AUTOGRADER_COURSE="$ROOT/source"
export AUTOGRADER_SOLUTIONS="$ROOT/source/solutions"
export PYTHONDONTWRITEBYTECODE=1

# The module if the student uploaded it, else a notebook (the assignment's own name first).
SUBMISSION="$(find "$ROOT/submission" -type f -name '{module}' -not -path '*/.*' | sort | head -n 1)"
if [ -z "$SUBMISSION" ]; then
  SUBMISSION="$(find "$ROOT/submission" -type f -name '{assignment}.ipynb' -not -path '*/.*' | sort | head -n 1)"
fi
if [ -z "$SUBMISSION" ]; then
  SUBMISSION="$(find "$ROOT/submission" -type f -name '*.ipynb' -not -path '*/.*' | sort | head -n 1)"
fi
if [ -z "$SUBMISSION" ]; then
  cat > "$RESULTS" <<'EOF'
{{"score": 0, "output": "No submission file found: upload {module} or your notebook {assignment}.ipynb.", "visibility": "visible", "tests": []}}
EOF
  exit 0
fi

cd "$ROOT/source"
if ! "$GRADER" grade "$ASSIGNMENT" "$SUBMISSION" --format gradescope > "$RESULTS.tmp"; then
  cat > "$RESULTS" <<'EOF'
{{"score": 0, "output": "The autograder could not grade this submission (not your fault). Your instructor can see why in the autograder's output.", "visibility": "visible", "tests": []}}
EOF
  exit 0
fi
mv "$RESULTS.tmp" "$RESULTS"
"""


class PackageError(RuntimeError):
    """The package cannot be built (hidden tests missing for the assignment)."""


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
    zf.writestr(info, data)


def _kit_files(settings: Settings) -> list[tuple[str, bytes]]:
    package = Path(autograder.__file__).resolve().parent
    files = [(f"kit/autograder/{p.name}", p.read_bytes()) for p in sorted(package.glob("*.py"))]
    pyproject = settings.course_root / "pyproject.toml"
    if not pyproject.is_file():
        pyproject = package.parent / "pyproject.toml"
    if not pyproject.is_file():
        raise PackageError("cannot find the kit's pyproject.toml to package it")
    files.append(("kit/pyproject.toml", pyproject.read_bytes()))
    readme = pyproject.parent / "README.md"
    files.append(
        (
            "kit/README.md",
            readme.read_bytes() if readme.is_file() else b"descent-kit autograder (Gradescope copy)\n",
        )
    )
    return files


def build_package(assignment: Assignment, settings: Settings) -> bytes:
    """The zip's bytes: setup.sh and run_autograder at the root, the kit, and this assignment's hidden tests."""
    tests, reference = hidden_tests_path(settings, assignment), reference_path(settings, assignment)
    if not tests.is_file() or not reference.is_file():
        raise PackageError(
            f"the hidden tests or reference solution of {assignment.name} are not in {settings.solutions_dir}"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _add(zf, "setup.sh", SETUP_SH.encode(), executable=True)
        run = RUN_AUTOGRADER.format(assignment=assignment.name, module=assignment.module)
        _add(zf, "run_autograder", run.encode(), executable=True)
        for name, data in _kit_files(settings):
            _add(zf, name, data)
        folder = tests.parent
        for path in sorted(folder.rglob("*")):
            parts = path.relative_to(folder).parts
            if path.is_file() and "__pycache__" not in parts and path.suffix != ".pyc":
                _add(zf, f"solutions/{assignment.name}/{'/'.join(parts)}", path.read_bytes())
    return buffer.getvalue()
