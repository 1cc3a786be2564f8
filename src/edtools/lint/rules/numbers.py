"""ED4xx: numbers and dates — Spanish number formats in English, and numbers or dates
that differ between the Spanish source and the English draft.

Numbers are compared as sets of possible values, so that the formats of both languages
meet: 2.350 = 2,350; 12,7 = 12.7; "2,3 millones" = "2.3 million" = 2300000; "dos
millones" = "two million" (number words through text2num's ``alpha2digit``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from edtools.lint.finding import Hit
from edtools.lint.registry import rule

# --- ED401 --------------------------------------------------------------------------

_ES_THOUSANDS = re.compile(r"(?<![\d.,\w])(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?(?![\d]|[.,]\d)(\s?%)?")
_ES_DECIMAL = re.compile(r"(?<![\d.,\w])(\d+),(\d{1,3})(?![\d]|[.,]\d)(\s?%)?")
_SPACE_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?) %")
_ES_TIME = re.compile(r"(?<![\w.,:])([01]?\d|2[0-3])h([0-5]\d)(?!\w)")  # Spanish clock notation: 09h30, 18h00
_VERSIONISH = re.compile(r"(?:\b(?:version|versión|v|release|python|ios|android|windows|update)\s?|[vV])$", re.I)


def _is_ip(s: str) -> bool:
    parts = s.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) <= 255 for p in parts)


def _block_source(ctx: object) -> str:
    """The source sentences aligned with the block being linted ('' without --source/--bilingual)."""
    unit = getattr(ctx, "unit", None)
    pairs = getattr(ctx, "pairs", None)
    if unit is None or not pairs:
        return ""
    return "\n".join(p.source for p in pairs if p.target_block == unit.block.index)


@rule(
    "ED401",
    "number-format",
    "warning",
    flags=(
        "The army seized 1.500 kilos of cocaine.",
        "Inflation reached 3,5 % in October.",
        "Turnout was 45,3 percent.",
        "The budget is 2.350.000 dollars.",
        "Prices rose 12 % this year.",
        "The eruption began at 09h30 on Sunday.",
        "Comments close on Jan. 20 at 18h00.",
    ),
    passes=(
        "The army seized 1,500 kilos of cocaine.",
        "Inflation reached 3.5% in October.",
        "The meeting starts at 10.30.",
        "Install version 2.100 of the app.",
        "The server at 192.168.100.200 is down.",
        "The fund holds 1.5 million dollars.",
        "In 2022, 2023 and 2024 the rate fell.",
        "Sizes 1,2,3 are sold out.",
        ("Se decomisaron 237,286 kilogramos.", "Police seized 237.286 kilograms."),
        "The eruption began at 09:30 on Sunday; the 24h news channel covered it.",
        "Reactor unit 3h00a and the 4x4h20 relay are unaffected.",
    ),
)
def number_format(text: str, ctx: object) -> Iterator[Hit]:
    """Spanish number formats left in English: "1.500" for 1,500, "45,3" for 45.3, "3,5 %".

    ## What it does
    Finds numbers written with a point as the thousands separator (1.500, 2.350.000),
    a comma as the decimal mark (45,3; 0,125), a space before the percent sign, and the
    Spanish clock notation (09h30, 18h00: English writes 9:30 a.m., 18:00).
    Not flagged: version numbers ("version 2.100"), IP addresses, times ("10.30"),
    English decimals ("1.5 million"), lists of digits ("1,2,3"), and a point that the
    aligned source shows to be a decimal (source "237,286 kg", draft "237.286 kg").

    ## Why is this bad?
    An English reader takes "1.500 kilos" for one and a half kilos, and "45,3" for a
    typo. Machine translation copies numbers through unchanged, separators included.

    ## Example
    ```
    The army seized 1.500 kilos; inflation reached 3,5 %.
    ```

    ## Use instead
    ```
    The army seized 1,500 kilos; inflation reached 3.5%.
    ```
    """
    done: set[int] = set()
    source = _block_source(ctx)
    for m in _ES_THOUSANDS.finditer(text):
        number = m.group(1)
        if _is_ip(number) or _VERSIONISH.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if number.count(".") == 1 and not m.group(2) and re.search(rf"(?<![\d.,]){re.escape(number.replace('.', ','))}(?![\d]|[.,]\d)", source):
            continue  # the source's decimal comma (237,286) rightly written 237.286
        new = number.replace(".", ",") + ("." + m.group(2) if m.group(2) else "") + ("%" if m.group(3) else "")
        hint = "" if m.group(2) or number.count(".") > 1 else f" (or {number} if a decimal was meant)"
        done.add(m.start())
        yield Hit(m.start(), m.end(), f"Spanish thousands separator: write {new}{hint}", suggestion=new)
    for m in _ES_DECIMAL.finditer(text):
        if len(m.group(2)) == 3 and m.group(1) != "0":
            continue  # 1,064: English thousands
        if m.start() in done or _VERSIONISH.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        new = f"{m.group(1)}.{m.group(2)}" + ("%" if m.group(3) else "")
        done.add(m.start())
        yield Hit(m.start(), m.end(), f"Spanish decimal comma: write {new}", suggestion=new)
    for m in _SPACE_PERCENT.finditer(text):
        if m.start() in done or m.start(1) in done:
            continue
        yield Hit(m.start(), m.end(), f"no space before % in English: write {m.group(1)}%", suggestion=f"{m.group(1)}%")
    for m in _ES_TIME.finditer(text):
        new = f"{m.group(1)}:{m.group(2)}"
        yield Hit(m.start(), m.end(), f"Spanish time notation: write {new}", suggestion=new)


# --- dates ---------------------------------------------------------------------------

_ES_MONTHS = {
    "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3, "abril": 4, "abr": 4, "mayo": 5,
    "may": 5, "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8, "septiembre": 9,
    "setiembre": 9, "sept": 9, "sep": 9, "set": 9, "octubre": 10, "oct": 10, "noviembre": 11, "nov": 11,
    "diciembre": 12, "dic": 12,
}
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_ES_MONTH_RE = "|".join(sorted(_ES_MONTHS, key=len, reverse=True))
_EN_MONTH_RE = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_ES_DATE = re.compile(
    rf"(?:\b(\d{{1,2}})(?:\s+de)?\s+)?\b({_ES_MONTH_RE})\b\.?(?:(?:,?\s+(?:de|del)\s+|\s+|,\s*)(\d{{4}})\b)?", re.I
)
_EN_DATE_MD = re.compile(rf"\b({_EN_MONTH_RE})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?", re.I)
_EN_DATE_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_EN_MONTH_RE})\b\.?(?:,?\s+(\d{{4}})\b)?", re.I)
_EN_DATE_MY = re.compile(rf"\b({_EN_MONTH_RE})\b\.?(?:\s+of)?,?\s+(\d{{4}})\b", re.I)

Date = tuple[int | None, int, int | None]  # day, month, year


def _valid(day: int | None) -> bool:
    return day is None or 1 <= day <= 31


def spanish_dates(text: str, *, with_names: bool = False) -> list[tuple[Date, int, int]]:
    """Dates in Spanish text; ``with_names`` also returns date-like street names ("avenida 9 de Octubre")."""
    out = []
    for m in _ES_DATE.finditer(text):
        word = m.group(2).lower()
        if not with_names and m.group(2)[:1].isupper() and m.group(1) and text[: m.start()].strip()[-1:] not in ("", ".", "(", "\n"):
            continue  # "avenida 9 de Octubre": Spanish writes months in lower case, so this is a name
        day = int(m.group(1)) if m.group(1) else None
        year = int(m.group(3)) if m.group(3) else None
        if word in ("mar", "set", "may") and day is None:
            continue  # "mar" = sea, "set", "may": only with a day
        if len(word) <= 4 and word not in ("mayo",) and day is None and year is None:
            continue
        if day is None and year is None:
            continue  # a bare month name says nothing to compare
        if _valid(day):
            out.append(((day, _ES_MONTHS[word], year), m.start(), m.end()))
    return out


def english_dates(text: str) -> list[tuple[Date, int, int]]:
    out: list[tuple[Date, int, int]] = []
    taken: list[tuple[int, int]] = []
    for regex, order in ((_EN_DATE_MD, "md"), (_EN_DATE_DM, "dm"), (_EN_DATE_MY, "my")):
        for m in regex.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if order == "md":
                month, day, year = m.group(1), int(m.group(2)), m.group(3)
            elif order == "dm":
                day, month, year = int(m.group(1)), m.group(2), m.group(3)
            else:
                month, day, year = m.group(1), None, m.group(2)
            if month.lower() == "may" and order == "md" and not text[m.start()].isupper():
                continue  # the verb "may"
            if not _valid(day):
                continue
            out.append(((day, _EN_MONTHS[month.lower()], int(year) if year else None), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return out


def _same_date(a: Date, b: Date) -> bool:
    return a[1] == b[1] and (a[0] is None or b[0] is None or a[0] == b[0]) and (a[2] is None or b[2] is None or a[2] == b[2])


def _show(d: Date) -> str:
    months = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
    out = months[d[1] - 1]
    if d[0]:
        out += f" {d[0]}"
    if d[2]:
        out += f", {d[2]}" if d[0] else f" {d[2]}"
    return out


# --- numbers -------------------------------------------------------------------------

_NUM = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:st|nd|rd|th|º|ª|er|o|a)?(?![\w]|[.,]\d)")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|º|ª|er|o|a)$")
_MULT_ES = re.compile(r"\s*(mil\s+millones|millones|millón|billones|billón|mil)\b", re.I)
_MULT_EN = re.compile(r"\s*(trillion|billion|million|thousand|bn|m)\b", re.I)
_MULTS = {"mil millones": 1e9, "millones": 1e6, "millón": 1e6, "billones": 1e12, "billón": 1e12, "mil": 1e3,
          "trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "m": 1e6, "thousand": 1e3}


def _readings(token: str, lang: str) -> set[float]:
    """Every value a written number may stand for in this language."""
    out: set[float] = set()
    if token.isdigit():
        return {float(token)}
    seps = [c for c in token if c in ".,"]
    groups = re.split(r"[.,]", token)
    if len(set(seps)) == 2:  # 1.234,5 or 1,234.5: the last separator is the decimal mark
        dec = seps[-1]
        whole, frac = token.rsplit(dec, 1)
        out.add(float(re.sub(r"[.,]", "", whole) + "." + frac))
        return out
    sep = seps[0]
    if len(seps) > 1:  # 1.234.567 or 1,234,567: thousands
        if all(len(g) == 3 for g in groups[1:]):
            out.add(float("".join(groups)))
        return out
    whole, frac = groups
    if lang == "es" and sep == ",":  # the Spanish decimal comma: 237,286 kg is 237.286 kg, never 237 thousand
        return {float(f"{whole}.{frac}")}
    if len(frac) == 3:  # thousands in either language (or a 3-decimal number)
        out.add(float(whole + frac))
    if (lang == "es" and sep == ",") or (lang == "en" and sep == ".") or len(frac) != 3:
        out.add(float(f"{whole}.{frac}"))
    return out


@lru_cache(maxsize=4096)
def _words_to_digits(text: str, lang: str) -> str:
    try:
        from text_to_num import alpha2digit
    except ImportError:  # pragma: no cover
        return text
    # "cientos de turistas", "thousands of people": a vague quantity, not 100 or 1000
    text = re.sub(r"\b(cientos|miles|millares|centenares|hundreds|thousands)(?=\s+(?:de|of)\b)", "many", text, flags=re.I)
    if lang == "es":
        text = re.sub(r"\bpor\s+ciento\b", "%", text, flags=re.I)
        text = re.sub(r"\b(veinti|treinta y |cuarenta y |cincuenta y |sesenta y |setenta y |ochenta y |noventa y )(ún|un)\b",
                      r"\1uno", text, flags=re.I)  # "veintiún muertos": the apocopated form text2num skips
    else:
        text = re.sub(r"\bper\s*cent\b", "%", text, flags=re.I)
    try:
        # threshold 0: small numbers too, in both languages alike ("uno o dos" = "one or two")
        return alpha2digit(text, lang, threshold=0)
    except Exception:  # noqa: BLE001 - a library failure must not stop the lint
        return text


def numbers_in(text: str, lang: str, skip: list[tuple[int, int]]) -> list[tuple[set[float], str]]:
    """(possible values, as written) for every number outside the ``skip`` spans (dates)."""
    # blank out dates first so their days and years are not counted as numbers
    chars = list(text)
    for s, e in skip:
        for i in range(s, e):
            chars[i] = " "
    text = "".join(chars)
    mult_re = _MULT_ES if lang == "es" else _MULT_EN
    out: list[tuple[set[float], str]] = []

    def scan(text: str, words: bool = False) -> str:
        """Collect the numbers written in digits; return the text with them blanked."""
        chars = list(text)
        for m in _NUM.finditer(text):
            token = _ORDINAL_SUFFIX.sub("", m.group())
            values = _readings(token, lang)
            end = m.end()
            mm = mult_re.match(text, m.end())
            if mm:
                factor = _MULTS[" ".join(mm.group(1).lower().split())]
                values |= {v * factor for v in values}
                end = mm.end()
            if words and values == {1.0}:
                pass  # "un", "una", "uno", "one": an article or pronoun far more often than a count
            elif values:
                out.append((values, m.group()))
            chars[m.start() : end] = " " * (end - m.start())
        return "".join(chars)

    rest = scan(text)
    # then numbers written in words ("dos millones", "twenty-one"), through text2num
    if re.search(r"[^\W\d_]", rest):
        converted = _words_to_digits(rest, lang)
        if converted != rest:
            scan(converted, words=True)
    return out


def english_form(written: str) -> str:
    """A number written the Spanish way, written the English way: 1.500 -> 1,500; 237,286 -> 237.286."""
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", written):
        return written
    seps = {c for c in written if c in ".,"}
    if seps == {".", ","}:
        whole, frac = written.rsplit(",", 1) if written.rfind(",") > written.rfind(".") else written.rsplit(".", 1)
        return whole.replace(".", ",") + "." + frac if "," in frac or written.rfind(",") > written.rfind(".") else written
    if seps == {","} and written.count(",") == 1:
        return written.replace(",", ".")
    if seps == {"."} and all(len(g) == 3 for g in written.split(".")[1:]):
        return written.replace(".", ",")
    return written


def _same_number(a: set[float], b: set[float]) -> bool:
    return any(abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0) for x in a for y in b)


@rule(
    "ED402",
    "number-mismatch",
    "error",
    scope="pair",
    requires="source",
    flags=(
        ("Se incautaron 2.350 kilos de droga.", "Police seized 2,530 kilos of drugs."),
        ("La inflación llegó al 12,7 %.", "Inflation reached 12%."),
        ("Hubo 45 heridos y 3 muertos.", "There were 45 injured."),
        ("Se decomisaron 237,286 kilogramos de droga.", "Police seized 237,286 kilograms of drugs."),
        ("Murieron cinco soldados.", "Four soldiers died."),
    ),
    passes=(
        ("Se incautaron 2.350 kilos de droga.", "Police seized 2,350 kilos of drugs."),
        ("Se decomisaron 237,286 kilogramos de droga.", "Police seized 237.286 kilograms of drugs."),
        ("Murieron uno o dos soldados.", "One or two soldiers died."),
        ("Cada uno recibió un promedio de 300 dólares.", "Each one received an average of 300 dollars."),
        ("Es una de las provincias más afectadas.", "It is one of the most affected provinces."),
        ("Hubo veintiún muertos.", "There were 21 dead."),
        ("Cientos de turistas llegaron.", "Hundreds of tourists arrived."),
        ("Miles de personas marcharon.", "Thousands marched."),
        ("La inflación llegó al 12,7 %.", "Inflation reached 12.7%."),
        ("El fondo suma 2,3 millones de dólares.", "The fund totals $2.3 million."),
        ("Llegaron dos millones de turistas.", "Two million tourists arrived."),
        ("Asistieron tres ministros.", "Three ministers attended."),
        ("La reunión fue el 8 de mayo de 2023.", "The meeting was on May 8, 2023."),
    ),
)
def number_mismatch(source: str, target: str, ctx: object) -> Iterator[Hit]:
    """A number in the source that is missing or different in the translation.

    ## What it does
    Reads every number in the Spanish source and in the aligned English sentence,
    normalising both languages' formats (2.350 = 2,350; 12,7 = 12.7; "2,3 millones" =
    "2.3 million"; number words such as "dos millones" = "two million", "uno o dos" =
    "one or two"), and reports a source number that the translation lacks. A single
    comma in the Spanish source is a decimal mark: "237,286 kilogramos" left as
    "237,286 kilograms" (237 thousand to an English reader) is reported with its English
    form, 237.286. "un", "una", "uno" and "one" are read as articles and pronouns ("cada
    uno", "un promedio", "una de las"), not as the number 1. Dates are left to ED403.
    Needs `--source` or `--bilingual`.

    ## Why is this bad?
    A wrong figure is the most damaging error a translated news story can carry, and
    models do swap digits, drop a "millones" or lose one item of a list.

    ## Example
    ```
    source: Se incautaron 2.350 kilos de droga.
    draft:  Police seized 2,530 kilos of drugs.
    ```

    ## Use instead
    ```
    Police seized 2,350 kilos of drugs.
    ```
    """
    src_dates = [(s, e) for _, s, e in spanish_dates(source, with_names=True)]
    tgt_dates = [(s, e) for _, s, e in english_dates(target)]
    src = numbers_in(source, "es", src_dates)
    if not src:
        return
    tgt = numbers_in(target, "en", tgt_dates)
    unmatched_tgt = list(tgt)
    missing = []
    for values, written in src:
        for k, (tv, _) in enumerate(unmatched_tgt):
            if _same_number(values, tv):
                del unmatched_tgt[k]
                break
        else:
            missing.append(written)
    if not missing:
        return
    # point at the target number that took the missing one's place, when there is exactly one
    if len(unmatched_tgt) == 1 and len(missing) == 1:
        written = unmatched_tgt[0][1]
        m = re.search(rf"(?<![\w.,]){re.escape(written)}(?![\w]|[.,]\d)", target)
        if m:
            english = english_form(_ORDINAL_SUFFIX.sub("", missing[0]))
            if written == missing[0] and english != written:
                message = f"number {written} kept in the Spanish format: the source's {missing[0]} is {english} in English"
            else:
                message = f"number {written} does not match the source's {missing[0]}"
                message += f" ({english} in English)" if english != missing[0] else ""
            yield Hit(m.start(), m.end(), message, suggestion=english, source=source)
            return
    stripped = target.strip()
    start = target.find(stripped[:1]) if stripped else 0
    yield Hit(
        start,
        start + len(stripped),
        f"source number{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing from the translation",
        source=source,
    )


@rule(
    "ED403",
    "date-mismatch",
    "error",
    scope="pair",
    requires="source",
    flags=(
        ("La reunión fue el 8 de mayo de 2023.", "The meeting was on May 18, 2023."),
        ("El acuerdo se firmó el 16 nov.", "The agreement was signed on Oct. 16."),
        ("Las elecciones serán en febrero de 2025.", "The elections will be in February 2024."),
    ),
    passes=(
        ("La reunión fue el 8 de mayo de 2023.", "The meeting was on May 8, 2023."),
        ("El acuerdo se firmó el 16 nov.", "The agreement was signed on Nov. 16."),
        ("Las elecciones serán en febrero de 2025.", "The elections will be in February 2025."),
        ("Lo dijo el 3 de marzo.", "He said it on 3 March."),
        ("Marcharon por la avenida 9 de Octubre.", "They marched along 9 de Octubre Avenue."),
    ),
)
def date_mismatch(source: str, target: str, ctx: object) -> Iterator[Hit]:
    """A date in the source that is missing or different in the translation.

    ## What it does
    Reads Spanish dates in the source ("8 de mayo de 2023", "16 nov.", "febrero de
    2025") and English dates in the aligned sentence ("May 8, 2023", "Nov. 16", "8 May",
    "February 2025") and reports a source date whose day, month or year differs or is
    missing. Needs `--source` or `--bilingual`.

    ## Why is this bad?
    Models mistranslate abbreviated months and shift days; a wrong date in a news story
    is a correction waiting to happen.

    ## Example
    ```
    source: La reunión fue el 8 de mayo de 2023.
    draft:  The meeting was on May 18, 2023.
    ```

    ## Use instead
    ```
    The meeting was on May 8, 2023.
    ```
    """
    src = spanish_dates(source)
    if not src:
        return
    remaining = list(english_dates(target))
    unmatched = []
    for date, _, _ in src:  # exact matches first: a dateline's date must not take the body's (12 mar, 1 de abril)
        for k, (td, _, _) in enumerate(remaining):
            if _same_date(date, td):
                del remaining[k]
                break
        else:
            unmatched.append(date)
    for date in unmatched:
        if remaining:
            td, s, e = remaining.pop(0)
            yield Hit(s, e, f"date {_show(td)} does not match the source's {_show(date)}", suggestion=_show(date), source=source)
        else:
            stripped = target.strip()
            start = target.find(stripped[:1]) if stripped else 0
            yield Hit(start, start + len(stripped), f"source date {_show(date)} missing from the translation", source=source)
