"""Property tests (hypothesis): the glossary loaders take any bytes and either load or say why.

For arbitrary bytes (raw, or YAML/CSV/TSV/TBX-shaped text in UTF-8, UTF-16 or CP1252) saved as
.yaml, .csv, .tsv or .tbx:
  * ``load_glossary`` returns a Glossary or raises ``UserError`` (never another exception);
  * ``validate_paths`` (what `glossary validate` runs) never raises anything but ``UserError``,
    and every problem it reports names the file;
  * a term base that loads exports to CSV, TSV, TBX and YAML, and each export loads back with the
    same (es, en) pairs.

The check function and strategies are reused by ``scripts/fuzz_all.py`` for long sessions.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edtools.errors import UserError
from edtools.glossary import load_glossary
from edtools.glossary.export import export
from edtools.glossary.validate import validate_paths

_WORK = Path(tempfile.mkdtemp(prefix="edtools-fuzz-glossary-"))
atexit.register(shutil.rmtree, _WORK, True)

SUFFIXES = [".yaml", ".csv", ".tsv", ".tbx"]

_TOKENS = st.sampled_from([
    "canciller", "ministro de Gobierno", "foreign minister", "Minister", "niño", "“x”", "=SUM(A1)", "+1", "-", "@x",
    "|", ",", "\t", "\"", "'", "\n", "\r\n", " ", ":", "- ", "  ", "#", "id", "es", "en", "avoid", "case", "title",
    "name", "note", "ref", "tags", "exceptions", "es_variants", "entries", "[", "]", "{", "}", "!!python/object:os.system",
    "!!binary", "&a", "*a", "<<", "~", "null", "true", "1e3", "0x1F", "---", "...", "%YAML 1.1", "&", "<", ">", "]]>",
    "source", "target", "source_variants", "\x00", "\ufeff", "\u00a0", "é", "e\u0301",
])
yaml_like = st.lists(
    st.tuples(st.sampled_from(["", "- ", "  ", "    - ", "entries:\n  - "]),
              st.sampled_from(["id", "es", "en", "avoid", "case", "note", "tags", "es_variants", "exceptions", "x"]),
              st.sampled_from([": ", ":", ": [", ": {", ": |\n    ", ": >\n    ", ": !!python/object/apply:os.system ["]),
              st.lists(_TOKENS, max_size=4).map("".join)),
    max_size=12,
).map(lambda rows: "\n".join("".join(r) for r in rows))
delimited_like = st.tuples(
    st.sampled_from([",", "\t"]),
    st.lists(st.lists(st.lists(_TOKENS, max_size=3).map("".join), max_size=15), max_size=10),
).map(lambda t: "\n".join(t[0].join(cells) for cells in t[1]))
tbx_like = st.lists(
    st.sampled_from([
        '<?xml version="1.0"?>', '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">',
        "<martif type='TBX'>", "<text>", "<body>", "<conceptEntry id='c1'>", "<termEntry>", "<langSec xml:lang='es'>",
        "<langSet xml:lang='en'>", "<langSec>", "<termSec>", "<tig>", "<term>", "canciller", "foreign minister",
        "</term>", "</termSec>", "</tig>", "</langSec>", "</langSet>", "</conceptEntry>", "</termEntry>", "</body>",
        "</text>", "</tbx>", "</martif>", "<note>n</note>", "<termNote type='administrativeStatus'>deprecatedTerm-admn-sts</termNote>",
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>', "&lol2;", "&amp;", "&#0;", "&#x1F600;",
        '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">', '<!ENTITY xxe SYSTEM "file:///etc/passwd">', "&xxe;",
        "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "<", ">", "&", "\x00", "é",
    ]),
    max_size=30,
).map("".join)
texts = yaml_like | delimited_like | tbx_like | st.text(max_size=300)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass") if encoding != "utf-16" else text.encode("utf-16", "surrogatepass")


glossary_files = st.tuples(
    st.sampled_from(SUFFIXES),
    st.one_of(
        st.binary(max_size=400),
        st.tuples(texts, st.sampled_from(ENCODINGS)).map(lambda t: _encode(*t)),
    ),
)


def _pairs(glossary) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((e.es, e.en) for e in glossary.entries)


def check_glossary_bytes(case: tuple[str, bytes]) -> None:
    suffix, data = case
    path = _WORK / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        problems, _n, _files = validate_paths([str(path)])
    except UserError:
        pass
    else:
        for p in problems:
            assert "fuzz" in p.location(), p
    try:
        glossary = load_glossary([path])
    except UserError as exc:
        assert exc.message and "\n" not in exc.message.strip(), exc.message
        return
    # a term base that loads survives every export format and loads back with the same pairs
    for fmt, ext in (("csv", ".csv"), ("tsv", ".tsv"), ("tbx", ".tbx"), ("yaml", ".yaml")):
        out = _WORK / f"export{ext}"
        out.write_text(export(list(glossary.entries), fmt), encoding="utf-8")
        again = load_glossary([out])
        assert _pairs(again) == _pairs(glossary), (fmt, _pairs(glossary), _pairs(again))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(glossary_files)
def test_glossary_loaders_only_ever_raise_user_error(case: tuple[str, bytes]) -> None:
    check_glossary_bytes(case)


def test_known_hostile_files() -> None:
    hostile = [
        (".yaml", b"- id: x\n  es: !!python/object/apply:os.system ['echo pwned']\n  en: y\n"),
        (".yaml", b"a: &a [*a, *a]\n"),
        (".yaml", b"- &a\n  id: x\n  es: y\n  en: z\n- *a\n"),
        (".tbx", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                 b"<tbx><text><body>&b;</body></text></tbx>"),
        (".tbx", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><tbx>&x;</tbx>'),
        (".csv", b"\"unterminated,quote\n"),
        (".tsv", b"\t\t\t\t\t\t\t\t\t\t\t\t\t\n"),
    ]
    for case in hostile:
        check_glossary_bytes(case)
