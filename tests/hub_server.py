"""A stand-in for the Hugging Face hub, on 127.0.0.1, for the ``edtools models pull`` tests.

It answers the requests that huggingface_hub (2.x) makes for ``snapshot_download`` /
``hf_hub_download`` (read from its ``_snapshot_download.py``, ``file_download.py`` and
``hf_api.py``), the way the hub answers them:

- ``GET /api/models/{repo}/revision/{rev}``: repository metadata; ``sha`` is the commit the
  revision (branch, tag or commit) points to. Skipped by the client when the revision already is
  a 40-hex commit.
- ``GET /api/models/{repo}/tree/{commit}?recursive=…``: the file listing (path, size, git blob
  ``oid``; ``lfs`` with the sha256 for large files), one page (no ``Link`` header).
- ``HEAD|GET /{repo}/resolve/{rev}/{file}``: a small file is served directly with ``ETag`` (its
  git blob id), ``X-Repo-Commit`` and ``Content-Length``; a large (LFS) file answers ``302`` to a
  "CDN" URL on another origin (a second port of 127.0.0.1, as cdn-lfs.hf.co is another host: the
  client keeps the metadata of the redirect response and does not follow it for HEAD), with
  ``X-Linked-Etag`` (its sha256), ``X-Linked-Size`` and ``X-Repo-Commit``. A renamed repository
  answers ``307`` with a relative ``Location`` to the new name (the client follows those). Unknown
  revisions and files get ``404`` with ``X-Error-Code`` ``RevisionNotFound`` / ``EntryNotFound`` /
  ``RepoNotFound``, as the hub sends.
- ``HEAD|GET /cdn/{sha256}`` on the CDN origin: the LFS object, with ``Accept-Ranges`` and ``206``
  answers to ``Range: bytes=N-`` (how huggingface_hub resumes a download cut halfway).

Faults for the tests: ``cut_once`` (file names whose next full GET sends the headers and half
the body, then drops the connection) and ``refuse_ranges`` (a ``Range`` request gets ``500``).
Every request is recorded (method, path, Range header). It binds to 127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".bin", ".spm")


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 (git's object id, not security)


@dataclass
class Commit:
    sha: str
    files: dict[str, bytes]


@dataclass
class Repo:
    commits: dict[str, Commit] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)  # branch or tag -> commit sha

    def resolve(self, rev: str) -> Commit | None:
        return self.commits.get(self.refs.get(rev, rev))


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    range: str | None


class StubHub:
    """The hub's state (repositories, faults) and the log of requests; see the module docstring."""

    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.requests: list[Request] = []
        self.cut_once: set[str] = set()
        self.refuse_ranges = False
        self.renamed: dict[str, str] = {}  # old repo id -> new repo id
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.cdn: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ set-up
    def add_commit(self, repo_id: str, files: dict[str, bytes], *, refs: tuple[str, ...] = ("main",)) -> str:
        """Publish ``files`` as a new commit of ``repo_id``; ``refs`` (branches/tags) point to it."""
        repo = self.repos.setdefault(repo_id, Repo())
        sha = hashlib.sha1(json.dumps([repo_id, len(repo.commits), sorted(files)]).encode()).hexdigest()  # noqa: S324
        repo.commits[sha] = Commit(sha, dict(files))
        for ref in refs:
            repo.refs[ref] = sha
        return sha

    @staticmethod
    def _origin(server: ThreadingHTTPServer | None) -> str:
        assert server is not None
        host, port = server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def endpoint(self) -> str:
        return self._origin(self.server)

    @property
    def cdn_origin(self) -> str:
        return self._origin(self.cdn)

    def start(self) -> StubHub:
        hub = self

        class Handler(_Handler):
            state = hub

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.cdn = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        for name, server in (("stub-hub", self.server), ("stub-cdn", self.cdn)):
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in (self.server, self.cdn):
            if server is not None:
                server.shutdown()
                server.server_close()

    # ------------------------------------------------------------------ queries for tests
    def paths(self, method: str | None = None) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests if method is None or r.method == method]

    def blob(self, sha256: str) -> tuple[str, bytes] | None:
        for repo in self.repos.values():
            for commit in repo.commits.values():
                for name, data in commit.files.items():
                    if hashlib.sha256(data).hexdigest() == sha256:
                        return name, data
        return None


class _Handler(BaseHTTPRequestHandler):
    state: StubHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test output
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self._route(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._route(head=False)

    # ------------------------------------------------------------------ routing
    def _route(self, *, head: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        with self.state.lock:
            self.state.requests.append(Request(self.command, url.path, self.headers.get("Range")))
        on_cdn = self.server is self.state.cdn
        if on_cdn or path.startswith("/cdn/"):
            m = re.fullmatch(r"/cdn/([0-9a-f]{64})", path)
            if on_cdn and m:
                self._cdn(m[1], head=head)
            else:
                self._error(404, "EntryNotFound", f"no route for {path}")
        elif (m := re.fullmatch(r"(/api/models)?/([^/]+/[^/]+)/(resolve|tree|revision)/(.+)", path)) and (
            m[2] in self.state.renamed
        ):
            self.send_response(307)  # a renamed repository: relative redirect to the new name
            self.send_header("Location", f"{m[1] or ''}/{self.state.renamed[m[2]]}/{m[3]}/{m[4]}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif m := re.fullmatch(r"/api/models/(.+?)/revision/([^/]+)", path):
            self._revision_info(m[1], m[2])
        elif m := re.fullmatch(r"/api/models/(.+?)/tree/([^/]+)(/.*)?", path):
            self._tree(m[1], m[2])
        elif m := re.fullmatch(r"/([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path):
            self._resolve(m[1], m[2], m[3], head=head)
        else:
            self._error(404, "RepoNotFound", f"no route for {path}")

    def _repo_and_commit(self, repo_id: str, rev: str) -> Commit | None:
        repo = self.state.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound", f"Repository Not Found for url: {self.path}")
            return None
        commit = repo.resolve(rev)
        if commit is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
        return commit

    # ------------------------------------------------------------------ endpoints
    def _revision_info(self, repo_id: str, rev: str) -> None:
        commit = self._repo_and_commit(repo_id, rev)
        if commit is None:
            return
        body = {"_id": "stub", "id": repo_id, "modelId": repo_id, "sha": commit.sha, "private": False,
                "gated": False, "disabled": False, "tags": ["marian", "translation"],
                "siblings": [{"rfilename": name} for name in sorted(commit.files)]}
        self._json(body, commit.sha)

    def _tree(self, repo_id: str, rev: str) -> None:
        commit = self._repo_and_commit(repo_id, rev)
        if commit is None:
            return
        entries = []
        for name, data in sorted(commit.files.items()):
            entry: dict[str, object] = {"type": "file", "path": name, "size": len(data), "oid": git_blob_id(data)}
            if name.endswith(LFS_SUFFIXES):
                entry["lfs"] = {"oid": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 134}
            entries.append(entry)
        self._json(entries, commit.sha)

    def _resolve(self, repo_id: str, rev: str, name: str, *, head: bool) -> None:
        commit = self._repo_and_commit(repo_id, rev)
        if commit is None:
            return
        data = commit.files.get(name)
        if data is None:
            self._error(404, "EntryNotFound", f"{name} does not exist at {rev}", commit=commit.sha)
            return
        if name.endswith(LFS_SUFFIXES):
            digest = hashlib.sha256(data).hexdigest()
            self.send_response(302)
            self.send_header("Location", f"{self.state.cdn_origin}/cdn/{digest}?file={name}")
            self.send_header("X-Repo-Commit", commit.sha)
            self.send_header("X-Linked-Etag", f'"{digest}"')
            self.send_header("X-Linked-Size", str(len(data)))
            self.send_header("ETag", f'"{git_blob_id(data)}"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send_bytes(name, data, etag=git_blob_id(data), commit=commit.sha, head=head)

    def _cdn(self, digest: str, *, head: bool) -> None:
        found = self.state.blob(digest)
        if found is None:
            self._error(404, "EntryNotFound", "no such object")
            return
        name, data = found
        self._send_bytes(name, data, etag=digest, commit=None, head=head)

    # ------------------------------------------------------------------ responses
    def _send_bytes(self, name: str, data: bytes, *, etag: str, commit: str | None, head: bool) -> None:
        wanted = self.headers.get("Range")
        start, status = 0, 200
        if wanted:
            if self.state.refuse_ranges:
                self._error(500, "InternalError", "ranges are broken today")
                return
            m = re.fullmatch(r"bytes=(\d+)-(\d*)", wanted.strip())
            if m is None or int(m[1]) >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start, status = int(m[1]), 206
            end = int(m[2]) + 1 if m[2] else len(data)
            body = data[start:end]
        else:
            body = data
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", f'"{etag}"')
        if commit:
            self.send_header("X-Repo-Commit", commit)
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{start + len(body) - 1}/{len(data)}")
        self.end_headers()
        if head:
            return
        cut = status == 200 and name in self.state.cut_once
        if cut:
            with self.state.lock:
                self.state.cut_once.discard(name)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True  # the rest never comes: the client sees a short body
            return
        self.wfile.write(body)

    def _json(self, body: object, commit: str) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Repo-Commit", commit)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, code: str, message: str, *, commit: str | None = None) -> None:
        data = json.dumps({"error": message}).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
