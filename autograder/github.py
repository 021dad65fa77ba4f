"""What `autograder ci` needs from GitHub: the pull-request event, and five REST calls, over urllib.

The event comes from the file at GITHUB_EVENT_PATH; the API lives at GITHUB_API_URL (tests point it at
a fake server on localhost). The token is handed in once and kept only in the client object.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

API_VERSION = "2022-11-28"
MAX_PAGES = 30
"""At 100 items a page (GitHub's largest), its own limit of 3000 files for a pull request."""


class GitHubError(RuntimeError):
    """A call to the GitHub API failed, or the event is not a pull request."""


@dataclass(frozen=True)
class PullRequest:
    """The facts about a pull request that grading uses, read from the event file."""

    repository: str
    """owner/name of the repository the pull request targets (the base)."""
    number: int
    head_sha: str
    """The commit whose submission files are graded."""
    base_ref: str
    author: str
    head_repository: str
    """owner/name the pull request comes from (a fork, normally)."""


@dataclass(frozen=True)
class ChangedFile:
    """One file of the pull request, as GitHub lists it."""

    path: str
    status: str
    """added, removed, modified, renamed, copied, changed or unchanged."""
    previous_path: str = ""


def read_event(path: Path) -> PullRequest:
    """The pull request described by the event file (pull_request_target or pull_request)."""
    try:
        event = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GitHubError(f"cannot read the event file {path}: {err}") from None
    pr = event.get("pull_request") if isinstance(event, dict) else None
    if not isinstance(pr, dict):
        raise GitHubError("the event is not about a pull request (run this workflow on pull_request_target)")
    try:
        base_repo = event.get("repository", {}).get("full_name") or pr["base"]["repo"]["full_name"]
        head_repo = (pr.get("head", {}).get("repo") or {}).get("full_name", "")
        return PullRequest(
            repository=str(base_repo),
            number=int(pr["number"]),
            head_sha=str(pr["head"]["sha"]),
            base_ref=str(pr["base"].get("ref", "")),
            author=str((pr.get("user") or {}).get("login", "")),
            head_repository=str(head_repo),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise GitHubError(f"the pull-request event lacks a field the grader needs ({err})") from None


class GitHubClient:
    """The few REST calls of the grading workflow; every failure becomes a GitHubError."""

    def __init__(self, api_url: str, token: str, timeout: float = 30.0, per_page: int = 100) -> None:
        self._api = api_url.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._per_page = per_page

    def _request(
        self,
        method: str,
        path: str,
        body: Any = None,
        accept: str = "application/vnd.github+json",
        limit: int = 0,
    ) -> bytes:
        headers = {
            "Accept": accept,
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "descent-kit-autograder",
        }
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self._api + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                content = response.read(limit + 1) if limit else response.read()
        except urllib.error.HTTPError as err:
            detail = err.read(500).decode("utf-8", "replace")
            raise GitHubError(f"{method} {path}: HTTP {err.code} {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            raise GitHubError(f"{method} {path}: {err}") from None
        if limit and len(content) > limit:
            raise GitHubError(f"{method} {path}: the file is larger than {limit} bytes")
        return content

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        content = self._request(method, path, body)
        try:
            return json.loads(content) if content else None
        except ValueError:
            raise GitHubError(f"{method} {path}: the answer is not JSON") from None

    def _pages(self, path: str) -> Iterator[dict[str, Any]]:
        for page in range(1, MAX_PAGES + 1):
            items = self._json("GET", f"{path}?per_page={self._per_page}&page={page}")
            if not isinstance(items, list):
                raise GitHubError(f"GET {path}: expected a list")
            yield from (i for i in items if isinstance(i, dict))
            if len(items) < self._per_page:
                return

    def changed_files(self, pr: PullRequest) -> list[ChangedFile]:
        """Every file the pull request adds, changes, renames or removes."""
        return [
            ChangedFile(
                str(f.get("filename", "")), str(f.get("status", "")), str(f.get("previous_filename", ""))
            )
            for f in self._pages(f"/repos/{pr.repository}/pulls/{pr.number}/files")
        ]

    def file_at(self, pr: PullRequest, path: str, limit: int) -> bytes:
        """The raw bytes of `path` at the pull request's head commit (at most `limit` bytes)."""
        quoted = urllib.parse.quote(path)
        ref = urllib.parse.quote(pr.head_sha)
        return self._request(
            "GET",
            f"/repos/{pr.repository}/contents/{quoted}?ref={ref}",
            accept="application/vnd.github.raw+json",
            limit=limit,
        )

    def upsert_comment(self, pr: PullRequest, body: str, marker: str, author: str) -> str:
        """Edit the grader's earlier comment carrying `marker`, or post a new one; 'updated' or 'created'.

        Only comments written by `author` (the workflow's bot account) count, so a comment a student
        posts with the marker in it is never taken for the grader's.
        """
        own = [
            c
            for c in self._pages(f"/repos/{pr.repository}/issues/{pr.number}/comments")
            if marker in str(c.get("body", "")) and (c.get("user") or {}).get("login") == author
        ]
        if own:
            self._json("PATCH", f"/repos/{pr.repository}/issues/comments/{int(own[0]['id'])}", {"body": body})
            return "updated"
        self._json("POST", f"/repos/{pr.repository}/issues/{pr.number}/comments", {"body": body})
        return "created"
