"""The approved translation memory: segments an editor or translator signed off.

Kept apart from the machine-output cache (``translate/cache.py``) on purpose: the cache is
disposable (keyed by model fingerprint, rebuilt at will, moved aside when corrupt), while
approved translations are the newsroom's work and must survive a cache wipe or a model
change. So it is its own SQLite file in the platformdirs *user data* folder
(``approved-tm.sqlite``), never in the cache folder. See docs/tm.md.

Where it is: ``--tm PATH`` > ``EDTOOLS_TM`` > ``tm`` in the config > the user data folder.
Who approved: ``EDTOOLS_TRANSLATOR`` > ``translator`` in the config > ``$USER``/``$USERNAME``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from edtools.errors import UserError
from edtools.tm.match import FUZZY_MIN, exact_key, fuzzy_key, length_window, match_percent

SCHEMA_VERSION = 1
FILE_NAME = "approved-tm.sqlite"


@dataclass(frozen=True, slots=True)
class TMUnit:
    """One approved pair, with where it came from."""

    source: str  # Spanish, inline Markdown kept
    target: str  # English, inline Markdown kept
    document: str = ""  # the document it was learnt from
    translator: str = ""
    created: str = ""  # ISO 8601 UTC, e.g. 2026-11-30T10:00:00Z
    origin: str = ""  # learn | xliff | tmx
    src_lang: str = "es"
    tgt_lang: str = "en"


@dataclass(frozen=True, slots=True)
class TMMatch:
    unit: TMUnit
    score: int  # 100 for an exact match (after normalisation)


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_tm_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("edtools") / FILE_NAME


def resolve_tm_path(option: str | None, config: Any | None = None) -> Path:
    """``--tm`` > ``EDTOOLS_TM`` > config ``tm`` > the user data folder."""
    if option:
        return Path(option)
    env = os.environ.get("EDTOOLS_TM")
    if env:
        return Path(env)
    conf = getattr(config, "tm", None) if config is not None else None
    return Path(conf) if conf else default_tm_path()


def translator_name(config: Any | None = None) -> str:
    """``EDTOOLS_TRANSLATOR`` > config ``translator`` > the login name."""
    for value in (os.environ.get("EDTOOLS_TRANSLATOR"), getattr(config, "translator", None),
                  os.environ.get("USER"), os.environ.get("USERNAME")):
        if value:
            return str(value)
    return "unknown"


class ApprovedMemory:
    """A SQLite file of approved segments; exact and fuzzy lookup."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        self._index: tuple[list[int], list[str], list[int], list[str]] | None = None  # fuzzy index, lazily
        if self.path.is_dir():
            raise UserError(f"--tm {self.path}: is a directory, expected a file path")
        if not create and not self.path.exists():
            raise UserError(f"--tm {self.path}: no translation memory there (learn or import segments first)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self._conn.execute("PRAGMA busy_timeout = 30000")
            self._setup()
        except sqlite3.DatabaseError as exc:
            raise UserError(f"--tm {self.path}: not a usable translation memory ({exc})") from None
        except OSError as exc:
            raise UserError(f"--tm {self.path}: cannot open ({exc.strerror or exc})") from None

    def _setup(self) -> None:
        c = self._conn
        c.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = c.execute("SELECT value FROM meta WHERE key = 'kind'").fetchone()
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if row is None and tables - {"meta"}:
            raise sqlite3.DatabaseError("this SQLite file is not an edtools approved memory "
                                        "(is it the machine cache? that one is --cache)")
        if row is not None and row[0] != "edtools-approved-tm":
            raise sqlite3.DatabaseError(f"unexpected kind {row[0]!r}")
        c.execute("BEGIN IMMEDIATE")
        c.execute("INSERT OR IGNORE INTO meta VALUES ('kind', 'edtools-approved-tm')")
        c.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        c.execute(
            "CREATE TABLE IF NOT EXISTS units (id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,"
            " skey TEXT NOT NULL, fkey TEXT NOT NULL, flen INTEGER NOT NULL, src_lang TEXT NOT NULL,"
            " tgt_lang TEXT NOT NULL, document TEXT NOT NULL, translator TEXT NOT NULL, created TEXT NOT NULL,"
            " origin TEXT NOT NULL, UNIQUE (source, target))"
        )
        c.execute("CREATE INDEX IF NOT EXISTS units_skey ON units (skey)")
        c.execute("CREATE INDEX IF NOT EXISTS units_flen ON units (flen)")
        c.execute("COMMIT")

    # -------------------------------------------------------------- writing

    def add_many(self, units: Iterable[TMUnit]) -> tuple[int, int]:
        """Store approved pairs; (added, updated). A pair already stored gets the newer provenance."""
        added = updated = 0
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for u in units:
                if not u.source.strip() or not u.target.strip():
                    continue
                fkey = fuzzy_key(u.source)
                row = self._conn.execute("SELECT id FROM units WHERE source = ? AND target = ?",
                                         (u.source, u.target)).fetchone()
                values = (exact_key(u.source), fkey, len(fkey), u.src_lang, u.tgt_lang, u.document,
                          u.translator, u.created or now_iso(), u.origin)
                if row is None:
                    self._conn.execute(
                        "INSERT INTO units (source, target, skey, fkey, flen, src_lang, tgt_lang, document,"
                        " translator, created, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (u.source, u.target, *values),
                    )
                    added += 1
                else:
                    self._conn.execute(
                        "UPDATE units SET skey=?, fkey=?, flen=?, src_lang=?, tgt_lang=?, document=?, translator=?,"
                        " created=?, origin=? WHERE id = ?", (*values, row[0]),
                    )
                    updated += 1
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise UserError(f"cannot write to the translation memory {self.path}: {exc}") from None
        self._index = None
        return added, updated

    # -------------------------------------------------------------- reading

    @staticmethod
    def _unit(row: tuple) -> TMUnit:
        source, target, document, translator, created, origin, src_lang, tgt_lang = row
        return TMUnit(source, target, document, translator, created, origin, src_lang, tgt_lang)

    _COLUMNS = "source, target, document, translator, created, origin, src_lang, tgt_lang"

    def exact(self, sources: Iterable[str]) -> dict[str, TMUnit]:
        """Each source with an approved exact match (normalised whitespace and quotes): the newest one."""
        found: dict[str, TMUnit] = {}
        for source in dict.fromkeys(sources):
            row = self._conn.execute(
                f"SELECT {self._COLUMNS} FROM units WHERE skey = ? ORDER BY created DESC, id DESC LIMIT 1",
                (exact_key(source),),
            ).fetchone()
            if row is not None:
                found[source] = self._unit(row)
        return found

    def _fuzzy_index(self) -> tuple[list[int], list[str], list[int], list[str]]:
        """(lengths, fuzzy keys, ids, exact keys), sorted by length: loaded once per open memory."""
        if self._index is None:
            rows = self._conn.execute("SELECT flen, fkey, id, skey FROM units ORDER BY flen, id").fetchall()
            self._index = ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows])
        return self._index

    def search(self, text: str, *, minimum: int = FUZZY_MIN, limit: int = 5) -> list[TMMatch]:
        """The best matches for ``text`` at or above ``minimum`` %, best first (exact ones score 100).

        Candidates are the units whose fuzzy key is within the length window that can still reach
        ``minimum``; rapidfuzz scores them in bulk (normalised Levenshtein similarity, the same
        formula as :func:`match_percent`, which then gives each survivor its exact integer score).
        """
        from bisect import bisect_left, bisect_right

        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein as RFLevenshtein

        key, skey = fuzzy_key(text), exact_key(text)
        lo, hi = length_window(len(key), minimum)
        lengths, keys, ids, skeys = self._fuzzy_index()
        a, b = bisect_left(lengths, lo), bisect_right(lengths, hi)
        found = process.extract(key, keys[a:b], scorer=RFLevenshtein.normalized_similarity,
                                score_cutoff=max(0.0, minimum / 100 - 1e-9), limit=None)
        scores: dict[int, int] = {}
        for _choice, _sim, k in found:
            i = a + k
            score = 100 if skeys[i] == skey else min(99, match_percent(key, keys[i]))
            if score >= minimum:  # 99: same words, but case, quotes or markup differ: not an exact match
                scores[ids[i]] = score
        if not scores:
            return []
        marks = ",".join("?" * len(scores))
        rows = self._conn.execute(f"SELECT id, {self._COLUMNS} FROM units WHERE id IN ({marks})", list(scores))
        units = {r[0]: self._unit(tuple(r[1:])) for r in rows}
        ranked = sorted(units, key=lambda i: (-scores[i], -_ts(units[i].created), -i))
        return [TMMatch(units[i], scores[i]) for i in ranked[:limit]]

    def units(self) -> list[TMUnit]:
        rows = self._conn.execute(f"SELECT {self._COLUMNS} FROM units ORDER BY id")
        return [self._unit(r) for r in rows]

    def count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM units").fetchone()[0])

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:  # pragma: no cover
            pass

    def __enter__(self) -> ApprovedMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ts(created: str) -> float:
    try:
        return datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def memory_for_translation(option: str | None, no_tm: bool, config: Any | None) -> ApprovedMemory | None:
    """The approved memory ``translate``/``draft`` read (never created by them); None when off or absent.

    An explicit ``--tm PATH`` that does not exist is an error (a typo would silently reuse nothing).
    """
    if no_tm:
        if option:
            raise UserError("--tm and --no-tm cannot be used together")
        return None
    path = resolve_tm_path(option, config)
    if not path.exists():
        if option:
            raise UserError(f"--tm {path}: no translation memory there (create one with `edtools tm learn` or `tm import`)")
        return None
    return ApprovedMemory(path, create=False)


def memory_summary(result: Any) -> str:
    """'approved memory: 3 segments reused, 2 with fuzzy suggestions' for the translate/draft summaries."""
    reused = int(getattr(result, "tm_reused", 0))
    fuzzy = len(getattr(result, "tm_suggestions", {}) or {})
    return (f"approved memory: {reused} segment{'s' if reused != 1 else ''} reused, "
            f"{fuzzy} with fuzzy suggestions")
