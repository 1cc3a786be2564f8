"""Reading term bases: YAML (a file or a folder of them), CSV, TSV and TBX, chosen by suffix.

Every reader returns :class:`RawEntry` records that remember the line of each field, plus
the :class:`Problem` list found on the way; :func:`build_entries` turns them into
:class:`Entry` records. :func:`load_glossary` is what the rest of edtools calls: it raises one
``ConfigError`` line (file:line: reason) when a file cannot be used.

YAML is composed with PyYAML's safe loader and interpreted node by node: only plain
strings, lists and mappings are accepted, so ``no``/``on`` (booleans), dates and numbers
are refused with their line, and tags that would construct objects never reach a
constructor.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from edtools.errors import ConfigError, InputError
from edtools.glossary.model import (
    CASE_POLICIES,
    FIELDS,
    ID_RE,
    LIST_FIELDS,
    Entry,
    Glossary,
    Problem,
    RawEntry,
    RawField,
    slugify,
)
from edtools.glossary.tbx import SKIPPED_CODE
from edtools.textio import read_text_file

YAML_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv",)
TSV_SUFFIXES = (".tsv", ".tab")
TBX_SUFFIXES = (".tbx", ".xml")
SUFFIXES = YAML_SUFFIXES + CSV_SUFFIXES + TSV_SUFFIXES + TBX_SUFFIXES

# Codes of problems that make a file unusable (load_glossary refuses it); others are validate's.
FATAL_CODES = frozenset({"GL001", "GL002"})

_STR_TAG = "tag:yaml.org,2002:str"
_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean (YAML reads yes/no/on/off/true/false as booleans: quote it)",
    "tag:yaml.org,2002:int": "a number (quote it)",
    "tag:yaml.org,2002:float": "a number (quote it)",
    "tag:yaml.org,2002:timestamp": "a date (quote it)",
    "tag:yaml.org,2002:null": "empty (null)",
}


REJECTED = object()  # a field whose value was refused while reading (already reported)


def _problem(path: str, line: int, code: str, message: str, *, column: int = 0, severity: str = "error",
             entry: str = "") -> Problem:
    return Problem(path=path, line=line, column=column, code=code, severity=severity, message=message, entry=entry)


# --------------------------------------------------------------------------------------------- YAML


def read_yaml(path: str, text: str) -> tuple[list[RawEntry], list[Problem]]:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return [], [_yaml_error(path, text, exc)]
    if root is None:
        return [], [_problem(path, 1, "GL001", "the file holds no entries", severity="warning")]
    problems: list[Problem] = []
    entries_node = _entries_node(path, root, problems)
    if entries_node is None:
        return [], problems
    raws: list[RawEntry] = []
    for item in entries_node.value:
        raw = _read_entry(path, item, problems)
        if raw is not None:
            raws.append(raw)
    return raws, problems


def _yaml_error(path: str, text: str, exc: Exception) -> Problem:
    """The one GL001 problem for a file that is not valid YAML, at the place YAML names."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        reason = exc.problem or exc.context or "invalid YAML"
        return _problem(path, line, "GL001", f"not valid YAML: {reason}", column=col)
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML forbids (control characters): a position
        pos = max(0, min(int(exc.position), len(text)))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return _problem(path, line, "GL001", f"not valid YAML: character {char!r} is not allowed", column=col)
    reason = (str(exc).strip().splitlines() or ["invalid YAML"])[0]
    return _problem(path, 0, "GL001", f"not valid YAML: {reason}")


def _where(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _bad_tag(node) -> str | None:
    from yaml.nodes import ScalarNode

    tag = node.tag or ""
    if isinstance(node, ScalarNode) and tag in _TAG_NAMES:
        return None
    if tag in (_STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
        return None
    return f"the YAML tag {tag!r} is not allowed in a glossary"


def _entries_node(path: str, root, problems: list[Problem]):
    """The list of entries (the root, or the root's ``entries:``); None, with the problem added, when absent."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    entries_node = root
    if isinstance(root, MappingNode):
        keys = {}
        for k, v in root.value:
            if not isinstance(k, ScalarNode):
                problems.append(_problem(path, _where(k)[0], "GL001", "a key must be plain text"))
                continue
            keys[k.value] = (k, v)
        if "entries" not in keys:
            line, col = _where(root)
            problems[:] = [_problem(path, line, "GL001", "expected a list of entries or a mapping with an "
                                    "'entries:' list", column=col)]
            return None
        for name, (k, _) in keys.items():
            if name != "entries":
                line, col = _where(k)
                problems.append(_problem(path, line, "GL001", f"unknown top-level key {name!r} (expected 'entries')",
                                         column=col))
        entries_node = keys["entries"][1]
    if not isinstance(entries_node, SequenceNode):
        line, col = _where(entries_node)
        problems.append(_problem(path, line, "GL001", "'entries' must be a list of entries", column=col))
        return None
    return entries_node


def _read_entry(path: str, item, problems: list[Problem]) -> RawEntry | None:
    from yaml.nodes import MappingNode, ScalarNode

    line, col = _where(item)
    msg = _bad_tag(item)
    if msg:
        problems.append(_problem(path, line, "GL001", msg, column=col))
        return None
    if not isinstance(item, MappingNode):
        problems.append(_problem(path, line, "GL001", "an entry must be a mapping (es:, en:, ...)", column=col))
        return None
    raw = RawEntry(path=path, line=line)
    for key_node, value_node in item.value:
        kline, kcol = _where(key_node)
        if not isinstance(key_node, ScalarNode) or key_node.tag != _STR_TAG:
            problems.append(_problem(path, kline, "GL001", "a key must be plain text", column=kcol))
            continue
        key = key_node.value
        if key == "<<":
            problems.append(_problem(path, kline, "GL001", "YAML merge keys ('<<') are not supported here",
                                     column=kcol))
        elif key not in FIELDS:
            problems.append(_problem(path, kline, "GL001",
                                     f"unknown field {key!r} (fields: {', '.join(FIELDS)})", column=kcol))
        elif key in raw.fields:
            problems.append(_problem(path, kline, "GL001", f"field {key!r} appears twice in this entry",
                                     column=kcol))
        else:
            raw.fields[key] = _read_value(path, key, value_node, problems)
    return raw


def _read_value(path: str, key: str, node, problems: list[Problem]) -> RawField:
    """A field's value: text (or a boolean ``inflect``), None, or a list of text; REJECTED after a problem."""
    from yaml.nodes import ScalarNode, SequenceNode

    vline, vcol = _where(node)
    msg = _bad_tag(node)
    if msg:
        problems.append(_problem(path, vline, "GL001", f"{key}: {msg}", column=vcol))
        return RawField(REJECTED, vline, vcol)
    if isinstance(node, ScalarNode):
        if key == "inflect" and node.tag == "tag:yaml.org,2002:bool":
            return RawField(node.value.lower() in ("true", "yes", "on", "y"), vline, vcol)
        if node.tag == _STR_TAG:
            return RawField(node.value, vline, vcol)
        if node.tag == "tag:yaml.org,2002:null":
            return RawField(None, vline, vcol)
        problems.append(_problem(path, vline, "GL002", f"{key}: {node.value!r} is {_TAG_NAMES[node.tag]}, "
                                 "expected text", column=vcol))
        return RawField(REJECTED, vline, vcol)
    if not isinstance(node, SequenceNode):
        problems.append(_problem(path, vline, "GL001", f"{key}: expected text or a list of text", column=vcol))
        return RawField(REJECTED, vline, vcol)
    items: list[object] = []
    ok = True
    for sub in node.value:
        sline, scol = _where(sub)
        msg = _bad_tag(sub)
        if msg:
            problems.append(_problem(path, sline, "GL001", f"{key}: {msg}", column=scol))
            ok = False
        elif not isinstance(sub, ScalarNode):
            problems.append(_problem(path, sline, "GL001", f"{key}: list items must be text", column=scol))
            ok = False
            break  # one report per list is enough (and aliases can repeat a node many times)
        elif sub.tag != _STR_TAG:
            problems.append(_problem(path, sline, "GL002", f"{key}: {sub.value!r} is {_TAG_NAMES[sub.tag]}, "
                                     "expected text", column=scol))
            ok = False
        else:
            items.append(RawField(sub.value, sline, scol))
    return RawField(items if ok else REJECTED, vline, vcol)


# ---------------------------------------------------------------------------------------- CSV / TSV

CSV_COLUMNS = ("source", "target", "source_variants", "avoid", "exceptions", "note")
# extra columns edtools writes so that nothing is lost in a round trip
CSV_EXTRA = ("id", "case", "ref", "tags", "en_lower", "en_plural", "inflect", "accepted", "context", "office")
CSV_TO_FIELD = {"source": "es", "target": "en", "source_variants": "es_variants"}
LIST_SEP = "|"
_FORMULA_START = ("=", "+", "-", "@")


def unescape_cell(cell: str) -> str:
    """Reverse the export's formula-injection guard: "'=x" -> "=x", "''=x" -> "'=x"; nothing else."""
    if cell.startswith("'"):
        rest = cell.lstrip("'")
        if rest.startswith(_FORMULA_START):
            return cell[1:]
    return cell


def escape_cell(cell: str) -> str:
    """Spreadsheet formula-injection guard: a cell starting with = + - @ gets a leading apostrophe."""
    if cell.lstrip("'").startswith(_FORMULA_START):
        return "'" + cell
    return cell


def read_delimited(path: str, text: str, delimiter: str) -> tuple[list[RawEntry], list[Problem]]:
    problems: list[Problem] = []
    raws: list[RawEntry] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    columns: list[str] = list(CSV_COLUMNS)
    last_line = 0
    try:
        for row in reader:
            start = last_line + 1
            last_line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if header is None:
                header = [c.strip().lower().lstrip("\ufeff") for c in row]
                known = set(CSV_COLUMNS) | set(CSV_EXTRA)
                if header[:2] == ["source", "target"] or header[:1] == ["id"] and "source" in header:
                    unknown = [h for h in header if h not in known]
                    if unknown:
                        problems.append(_problem(path, start, "GL001", f"unknown column {unknown[0]!r} "
                                                 f"(columns: {', '.join(CSV_COLUMNS + CSV_EXTRA)})"))
                        return raws, problems
                    if "target" not in header:
                        problems.append(_problem(path, start, "GL001", "the header has no 'target' column"))
                        return raws, problems
                    columns = header
                    continue
                # no header: the six columns, in order
            if len(row) != len(columns):
                problems.append(_problem(path, start, "GL001",
                                         f"expected {len(columns)} columns, found {len(row)}"))
                continue
            raw = RawEntry(path=path, line=start)
            for name, cell in zip(columns, row):
                cell = unescape_cell(cell)
                key = CSV_TO_FIELD.get(name, name)
                if key in LIST_FIELDS:
                    items = [RawField(x, start) for x in cell.split(LIST_SEP)] if cell.strip() else []
                    raw.fields[key] = RawField(items, start)
                elif key == "inflect":
                    if cell.strip():
                        raw.fields[key] = RawField(cell.strip().lower() in ("true", "yes", "1"), start)
                elif cell != "" or key in ("es", "en"):
                    raw.fields[key] = RawField(cell, start)
            raws.append(raw)
    except csv.Error as exc:
        problems.append(_problem(path, reader.line_num or last_line + 1, "GL001", f"not valid CSV: {exc}"))
    return raws, problems


# --------------------------------------------------------------------------------------------- TBX


def read_tbx_file(path: str, data: bytes, *, strict: bool = False) -> tuple[list[RawEntry], list[Problem]]:
    from edtools.glossary.tbx import read_tbx

    return read_tbx(path, data, strict=strict)


# ------------------------------------------------------------------------------------ raw -> Entry


def _as_text(raw: RawEntry, key: str, problems: list[Problem], *, required: bool = False) -> str:
    f = raw.fields.get(key)
    if f is None or f.value is None:
        if required:
            problems.append(_problem(raw.path, raw.line if f is None else f.line, "GL001",
                                     f"missing required field {key!r}"))
        return ""
    if isinstance(f.value, list):
        problems.append(_problem(raw.path, f.line, "GL001", f"{key}: expected text, not a list", column=f.column))
        return ""
    if not isinstance(f.value, str):
        problems.append(_problem(raw.path, f.line, "GL001", f"{key}: expected text", column=f.column))
        return ""
    return _clean(raw, key, f, f.value, problems, required=required)


def _clean(raw: RawEntry, key: str, f: RawField, value: str, problems: list[Problem], *, required: bool) -> str:
    if not value.strip():
        if required or key in LIST_FIELDS:
            problems.append(_problem(raw.path, f.line, "GL003", f"{key}: empty value", column=f.column))
        return ""
    if value != value.strip() or "  " in value or "\n" in value.strip() and key not in ("note", "ref"):
        problems.append(_problem(raw.path, f.line, "GL003",
                                 f"{key}: {value!r} has leading, trailing or doubled whitespace",
                                 column=f.column))
        value = " ".join(value.split()) if key not in ("note", "ref") else value.strip()
    if not unicodedata.is_normalized("NFC", value):
        problems.append(_problem(raw.path, f.line, "GL004",
                                 f"{key}: {value!r} is not in Unicode NFC form (decomposed accents); "
                                 "re-save it composed", column=f.column))
        value = unicodedata.normalize("NFC", value)
    return value


def _as_list(raw: RawEntry, key: str, problems: list[Problem]) -> tuple[str, ...]:
    f = raw.fields.get(key)
    if f is None or f.value is None:
        return ()
    if isinstance(f.value, str):
        items = [RawField(f.value, f.line, f.column)]
    elif isinstance(f.value, list):
        items = f.value
    else:
        problems.append(_problem(raw.path, f.line, "GL001", f"{key}: expected a list of text", column=f.column))
        return ()
    out: list[str] = []
    for item in items:
        value = _clean(raw, key, item, item.value, problems, required=False)
        if value:
            out.append(value)
    return tuple(out)


def default_case(es: str) -> str:
    """Without a ``case`` field: Spanish capitalises institutions, not titles. "Fiscalía General
    del Estado" and "USAID" are names; "canciller" is a title."""
    return "name" if es[:1].isupper() else "title"


def build_entry(raw: RawEntry, problems: list[Problem],
                field_lines: dict[str, dict[str, int]] | None = None) -> Entry | None:
    if any(f.value is REJECTED for f in raw.fields.values()):
        return None  # a value was refused while reading (reported there): the entry is unusable
    before = len(problems)
    es = _as_text(raw, "es", problems, required=True)
    en = _as_text(raw, "en", problems, required=True)
    case_field = raw.fields.get("case")
    case = _as_text(raw, "case", problems) or default_case(es)
    if case not in CASE_POLICIES:
        problems.append(_problem(raw.path, raw.line_of("case"), "GL001",
                                 f"case: {case!r} is not a case policy (title or name)",
                                 column=case_field.column if case_field else 0))
    entry_id = _as_text(raw, "id", problems)
    if entry_id and not ID_RE.match(entry_id):
        problems.append(_problem(raw.path, raw.line_of("id"), "GL001",
                                 f"id: {entry_id!r} must be lowercase letters, digits and hyphens, "
                                 "starting with a letter"))
    inflect_field = raw.fields.get("inflect")
    inflect = case == "title"
    if inflect_field is not None:
        if isinstance(inflect_field.value, bool):
            inflect = inflect_field.value
        else:
            problems.append(_problem(raw.path, inflect_field.line, "GL001", "inflect: expected true or false"))
    entry = Entry(
        id=entry_id or slugify(es or "entry"),
        es=es,
        es_variants=_as_list(raw, "es_variants", problems),
        en=en,
        avoid=_as_list(raw, "avoid", problems),
        exceptions=_as_list(raw, "exceptions", problems),
        case=case if case in CASE_POLICIES else "title",
        note=_as_text(raw, "note", problems),
        ref=_as_text(raw, "ref", problems),
        tags=_as_list(raw, "tags", problems),
        origin=f"{raw.path}:{raw.line}",
        en_lower=_as_text(raw, "en_lower", problems),
        en_plural=_as_text(raw, "en_plural", problems),
        inflect=inflect,
        accepted=_as_list(raw, "accepted", problems),
        context=_as_text(raw, "context", problems),
        office=_as_text(raw, "office", problems),
    )
    problems[before:] = [
        Problem(p.path, p.line, p.column, p.code, p.severity, p.message, entry.id) for p in problems[before:]
    ]
    if not es or not en or any(p.code in FATAL_CODES and p.severity == "error" for p in problems[before:]):
        return None
    if field_lines is not None:
        field_lines[entry.origin] = {name: f.line for name, f in raw.fields.items()}
    return entry


def build_entries(raws: Iterable[RawEntry], field_lines: dict[str, dict[str, int]] | None = None
                  ) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    entries: list[Entry] = []
    for raw in raws:
        entry = build_entry(raw, problems, field_lines)
        if entry is not None:
            entries.append(entry)
    return entries, problems


# ------------------------------------------------------------------------------------------- files


def expand_paths(paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[Path]:
    """Files behind the given paths: a folder gives its *.yaml/*.yml files (sorted)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(q for q in path.iterdir() if q.suffix.lower() in YAML_SUFFIXES and q.is_file())
            if not found:
                raise ConfigError(f"{path}: no glossary files (*.yaml, *.yml) in this folder")
            files.extend(found)
        elif not path.exists():
            raise ConfigError(f"{path}: no such glossary file or folder")
        else:
            if path.suffix.lower() not in SUFFIXES:
                raise ConfigError(f"{path}: unknown glossary format {path.suffix or '(no suffix)'!r}; "
                                  "use .yaml/.yml, .csv, .tsv or .tbx")
            files.append(path)
    if not files:
        raise ConfigError("no glossary given")
    return files


def read_raw(path: str | os.PathLike[str], *, strict: bool = False) -> tuple[list[RawEntry], list[Problem]]:
    """Read one glossary file of any supported format into raw entries and problems.

    ``strict``: a TBX concept without a Spanish or an English term is an error (else it is skipped
    and reported in one ``GL012`` warning).
    """
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix in TBX_SUFFIXES:
        from edtools.textio import read_bytes

        try:
            data = read_bytes(p)
        except InputError as exc:
            raise ConfigError(exc.message) from None
        return read_tbx_file(name, data, strict=strict)
    try:
        tf = read_text_file(p, allow_empty=True)
    except InputError as exc:
        raise ConfigError(exc.message) from None
    text = tf.text
    if suffix in YAML_SUFFIXES:
        return read_yaml(name, text)
    if suffix in CSV_SUFFIXES:
        return read_delimited(name, text, ",")
    if suffix in TSV_SUFFIXES:
        return read_delimited(name, text, "\t")
    raise ConfigError(f"{name}: unknown glossary format {suffix!r}; use .yaml/.yml, .csv, .tsv or .tbx")


def load_entries(paths, field_lines: dict[str, dict[str, int]] | None = None, *, strict: bool = False
                 ) -> tuple[list[Entry], list[Problem], list[str]]:
    """All entries of all files, every problem found, and the file names read.

    ``field_lines``, when given, is filled with {entry.origin: {field: line}}.
    """
    files = expand_paths(paths)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for f in files:
        raws, probs = read_raw(f, strict=strict)
        problems.extend(probs)
        built, probs = build_entries(raws, field_lines)
        entries.extend(built)
        problems.extend(probs)
    return entries, problems, [str(f) for f in files]


def load_glossary(paths: Sequence[str | Path] | str | Path, *, strict: bool = False) -> Glossary:
    """Load a term base: YAML files or folders, CSV/TSV or TBX files, by suffix.

    Raises ConfigError (one line, file:line: reason) when a file has a schema error; problems
    that do not stop the glossary from working (padding, NFC, duplicates) are left to
    ``edtools glossary validate``. TBX concepts skipped for want of a Spanish or an English term
    are reported on stderr (one warning per file, with their ids); ``strict`` refuses such a file.
    """
    entries, problems, files = load_entries(paths, strict=strict)
    fatal = [p for p in problems if p.code in FATAL_CODES and p.severity == "error"]
    if fatal:
        more = f" (and {len(fatal) - 1} more; run `edtools glossary validate`)" if len(fatal) > 1 else ""
        raise ConfigError(f"{fatal[0].location()}: {fatal[0].message}{more}")
    skipped = [p for p in problems if p.code == SKIPPED_CODE]
    if skipped:
        from edtools.console import warn

        for p in skipped:
            warn(f"{p.location()}: {p.message}")
    return Glossary(entries=tuple(entries), sources=tuple(files))
