"""Which language a student reads: the one their notebook is written in.

Every notebook the kit builds carries its language in its metadata, `{"descent_kit": {"lang": "ko"}}`
(scripts/build_sources.py writes it; nbgrader keeps notebook metadata through release, submit and
collect). Whatever speaks to the student about a submission (`autograder grade` and `validate`, the
feedback page, the pull-request comment, Gradescope's output) answers in that language, so a student
who works in the Korean notebook reads Korean everywhere, and an English one English, in the same course.

The choice, first match wins: an explicit `--lang`; the submitted notebook's language; the run's
default (AUTOGRADER_LANG, else the course's `c.DescentKit.lang`, else English). A module (`.py`)
carries no language, so it gets the default. Grading never depends on it: the same code gets the same
points and the same grade ids in every language; only the words differ.

The notebook is the student's file: it is read as data (JSON, bounded in size), never trusted beyond
naming one of the catalog's languages.
"""

from __future__ import annotations

import json
from pathlib import Path

from autograder.messages import LANGUAGES

METADATA_KEY = "descent_kit"
MAX_NOTEBOOK_BYTES = 50_000_000
"""Larger files are not opened to look for a language (the grader reports on them anyway)."""


def notebook_language(path: Path) -> str | None:
    """The language a notebook says it is written in, or None (not a notebook, unreadable, no flag,
    or a language the catalog does not have)."""
    if path.suffix != ".ipynb":
        return None
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    metadata = data.get("metadata") if isinstance(data, dict) else None
    kit = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    lang = kit.get("lang") if isinstance(kit, dict) else None
    return lang if isinstance(lang, str) and lang in LANGUAGES else None


def language_for(path: Path, explicit: str | None, default: str) -> str:
    """The language to answer in about the submission at `path`: `explicit` (a --lang), else the
    notebook's own, else `default`."""
    return explicit or notebook_language(path) or default
