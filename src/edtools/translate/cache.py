"""Translation memory: a SQLite cache of sentence translations.

Key: (model fingerprint — model files, backend and output-changing options —, source sentence).
The file lives in the platformdirs user cache dir (``tm.sqlite``) unless ``--cache PATH``.
WAL mode and a busy timeout let two runs share it; every batch is committed at once, so a
run killed halfway resumes where it stopped. A corrupt or truncated file is moved aside
(``*.corrupt-<timestamp>``) with a warning and rebuilt.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from edtools.console import warn
from edtools.errors import UserError

SCHEMA_VERSION = 1


def default_cache_path() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("edtools") / "tm.sqlite"


class TranslationCache:
    """A sentence-level translation memory backed by SQLite."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        if self.path.is_dir():
            raise UserError(f"--cache {self.path}: is a directory, expected a file path")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the cache folder {self.path.parent}: {exc.strerror or exc}") from None
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            self._move_aside(exc)
            try:
                self._conn = self._open()
            except sqlite3.Error as exc2:
                raise UserError(f"cannot open the translation cache {self.path}: {exc2}") from None
        except sqlite3.Error as exc:  # pragma: no cover - e.g. permissions
            raise UserError(f"cannot open the translation cache {self.path}: {exc}") from None

    # -------------------------------------------------------------- opening

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        except sqlite3.OperationalError as exc:
            raise UserError(f"cannot open the translation cache {self.path}: {exc}") from None
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {row[0] if row else 'no answer'}")
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # e.g. a network filesystem: the default journal still works
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS tm ("
                " fingerprint TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
                " created REAL NOT NULL, PRIMARY KEY (fingerprint, source)) WITHOUT ROWID"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
            )
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "readonly" in str(exc) or "unable to open" in str(exc):
                raise UserError(f"cannot use the translation cache {self.path}: {exc}") from None
            raise sqlite3.DatabaseError(str(exc)) from None
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _move_aside(self, exc: Exception) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        except OSError as err:
            raise UserError(
                f"the translation cache {self.path} is corrupt ({exc}) and cannot be moved aside: "
                f"{err.strerror or err}; delete it or pass --no-cache"
            ) from None
        warn(f"the translation cache {self.path} was corrupt ({exc}); moved it to {aside.name} and started a new one")

    # -------------------------------------------------------------- use

    def get_many(self, fingerprint: str, sources: Iterable[str]) -> dict[str, str]:
        """The cached translations of ``sources`` (only those present)."""
        found: dict[str, str] = {}
        items = list(dict.fromkeys(sources))
        for i in range(0, len(items), 500):
            chunk = items[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT source, target FROM tm WHERE fingerprint = ? AND source IN ({marks})",  # noqa: S608
                (fingerprint, *chunk),
            )
            found.update(rows)
        return found

    def get(self, fingerprint: str, source: str) -> str | None:
        return self.get_many(fingerprint, [source]).get(source)

    def put_many(self, fingerprint: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store translations and commit at once (a killed run keeps every finished batch)."""
        now = time.time()
        rows = [(fingerprint, s, t, now) for s, t in pairs]
        if not rows:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "INSERT OR REPLACE INTO tm (fingerprint, source, target, created) VALUES (?, ?, ?, ?)", rows
            )
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise UserError(f"cannot write to the translation cache {self.path}: {exc}") from None

    def count(self, fingerprint: str | None = None) -> int:
        if fingerprint is None:
            return int(self._conn.execute("SELECT COUNT(*) FROM tm").fetchone()[0])
        return int(self._conn.execute("SELECT COUNT(*) FROM tm WHERE fingerprint = ?", (fingerprint,)).fetchone()[0])

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:  # pragma: no cover
            pass

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
