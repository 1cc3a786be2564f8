"""TranslationCache: storage, keys, concurrency settings, corruption recovery."""

from __future__ import annotations

import sqlite3

import pytest

from edtools.errors import UserError
from edtools.translate.cache import TranslationCache, default_cache_path


def test_put_get_keyed_by_fingerprint(tmp_path) -> None:
    with TranslationCache(tmp_path / "tm.sqlite") as c:
        c.put_many("fp1", [("Hola.", "Hello."), ("Adiós.", "Goodbye.")])
        c.put_many("fp2", [("Hola.", "Hi.")])
        assert c.get_many("fp1", ["Hola.", "Adiós.", "Nada."]) == {"Hola.": "Hello.", "Adiós.": "Goodbye."}
        assert c.get("fp2", "Hola.") == "Hi."
        assert c.get("fp3", "Hola.") is None
        assert c.count() == 3 and c.count("fp1") == 2


def test_persists_and_uses_wal(tmp_path) -> None:
    path = tmp_path / "tm.sqlite"
    with TranslationCache(path) as c:
        c.put_many("fp", [("a", "b")])
    with TranslationCache(path) as c:
        assert c.get("fp", "a") == "b"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_many_keys_in_one_lookup(tmp_path) -> None:
    with TranslationCache(tmp_path / "tm.sqlite") as c:
        c.put_many("fp", [(f"s{i}", f"t{i}") for i in range(1200)])
        assert len(c.get_many("fp", [f"s{i}" for i in range(1300)])) == 1200


@pytest.mark.parametrize("garbage", [b"this is not a database at all" * 10, b"SQLite format 3\x00" + b"\x01" * 50])
def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path, capsys, garbage: bytes) -> None:
    path = tmp_path / "tm.sqlite"
    path.write_bytes(garbage)
    with TranslationCache(path) as c:
        c.put_many("fp", [("a", "b")])
        assert c.get("fp", "a") == "b"
    aside = list(tmp_path.glob("tm.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    err = capsys.readouterr().err
    assert "corrupt" in err and "moved it to" in err and err.count("\n") == 1


def test_truncated_real_cache_is_recovered(tmp_path) -> None:
    path = tmp_path / "tm.sqlite"
    with TranslationCache(path) as c:
        c.put_many("fp", [(f"sentence {i} " * 20, "x" * 200) for i in range(300)])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with TranslationCache(path) as c:
        c.put_many("fp", [("a", "b")])
        assert c.get("fp", "a") == "b"
        assert c.count() == 1
    assert len(list(tmp_path.glob("tm.sqlite.corrupt-*"))) == 1


def test_directory_as_cache_path_is_a_user_error(tmp_path) -> None:
    with pytest.raises(UserError, match="is a directory"):
        TranslationCache(tmp_path)


def test_default_path_is_in_user_cache_dir() -> None:
    p = default_cache_path()
    assert p.name == "tm.sqlite" and p.parent.name == "edtools"
