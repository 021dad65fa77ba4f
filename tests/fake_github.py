"""A fake GitHub REST API on localhost, and synthetic pull-request events, for testing `autograder ci`.

It serves the calls the grader makes (pull-request files, file contents at a commit, issue comments)
from a pull request held in memory, checks the token, and records every request.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

BOT = "github-actions[bot]"


@dataclass
class FakePullRequest:
    """A pull request: its changed files (None = removed) at head_sha, and the comments on it."""

    repo: str = "course/descent-kit-assignments"
    number: int = 7
    head_sha: str = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"
    author: str = "alice"
    files: dict[str, bytes | None] = field(default_factory=dict)
    comments: list[dict] = field(default_factory=list)

    def event(self, path: Path, fork: str = "alice/descent-kit-assignments") -> Path:
        """Write a pull_request_target event for this pull request to `path`."""
        event = {
            "action": "synchronize",
            "number": self.number,
            "pull_request": {
                "number": self.number,
                "user": {"login": self.author},
                "head": {"sha": self.head_sha, "ref": "solution", "repo": {"full_name": fork}},
                "base": {"sha": "0" * 40, "ref": "main", "repo": {"full_name": self.repo}},
            },
            "repository": {"full_name": self.repo},
        }
        path.write_text(json.dumps(event))
        return path


class FakeGitHub:
    """ThreadingHTTPServer on 127.0.0.1 serving one FakePullRequest; use as a context manager."""

    def __init__(self, pr: FakePullRequest, token: str = "ghs_test_token") -> None:
        self.pr = pr
        self.token = token
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeGitHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fetched(self) -> list[str]:
        """Paths whose contents were requested."""
        return [
            unquote(p.split("/contents/", 1)[1].split("?")[0]) for m, p in self.requests if "/contents/" in p
        ]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(
                self, code: int, body: bytes | dict | list, content_type: str = "application/json"
            ) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method: str) -> None:
                with fake.lock:
                    fake.requests.append((method, self.path))
                if self.headers.get("Authorization") != f"Bearer {fake.token}":
                    return self._send(401, {"message": "Bad credentials"})
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                page = int(query.get("page", ["1"])[0])
                pr = fake.pr
                base = f"/repos/{pr.repo}"
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None

                def paged(items: list) -> None:
                    size = min(int(query.get("per_page", ["30"])[0]), 100)
                    self._send(200, items[(page - 1) * size : page * size])

                if method == "GET" and url.path == f"{base}/pulls/{pr.number}/files":
                    items = [
                        {
                            "filename": name,
                            "status": "removed" if data is None else "modified",
                            "sha": "f" * 40,
                        }
                        for name, data in pr.files.items()
                    ]
                    return paged(items)
                if method == "GET" and url.path.startswith(f"{base}/contents/"):
                    name = unquote(url.path[len(f"{base}/contents/") :])
                    if query.get("ref") != [pr.head_sha] or pr.files.get(name) is None:
                        return self._send(404, {"message": "Not Found"})
                    if "raw" not in self.headers.get("Accept", ""):
                        return self._send(415, {"message": "ask for the raw media type"})
                    return self._send(200, pr.files[name], "application/octet-stream")
                if url.path == f"{base}/issues/{pr.number}/comments":
                    if method == "GET":
                        return paged(pr.comments)
                    if method == "POST":
                        comment = {
                            "id": 1000 + len(pr.comments),
                            "body": body["body"],
                            "user": {"login": BOT},
                        }
                        pr.comments.append(comment)
                        return self._send(201, comment)
                match = re.fullmatch(rf"{re.escape(base)}/issues/comments/(\d+)", url.path)
                if method == "PATCH" and match:
                    for comment in pr.comments:
                        if comment["id"] == int(match.group(1)):
                            comment["body"] = body["body"]
                            return self._send(200, comment)
                return self._send(404, {"message": "Not Found"})

            def do_GET(self) -> None:
                self._route("GET")

            def do_POST(self) -> None:
                self._route("POST")

            def do_PATCH(self) -> None:
                self._route("PATCH")

        return Handler
