"""translate_document: Markdown structure kept, inline elements restored, cache behaviour."""

from __future__ import annotations

import re

import pytest

from edtools.document import parse_document
from edtools.translate.cache import TranslationCache
from edtools.translate.pipeline import prepare_segment, restore_markup, translate_document

WORDS = {
    "el": "the", "la": "the", "los": "the", "las": "the", "ministro": "minister", "de": "of",
    "gobierno": "government", "habló": "spoke", "con": "with", "prensa": "press", "en": "in",
    "policía": "police", "detuvo": "arrested", "a": "to", "tres": "three", "personas": "people",
    "vea": "see", "informe": "report", "y": "and", "escriba": "write", "asamblea": "assembly",
    "nacional": "national", "aprobó": "approved", "presupuesto": "budget", "muy": "very",
    "importante": "important", "lea": "read", "aquí": "here", "del": "of the", "ministerio": "ministry",
    "es": "is", "código": "code", "comando": "command", "uno": "one", "dos": "two", "foto": "photo",
    "río": "river", "hoy": "today", "o": "or", "sección": "section", "tabla": "table",
    "provincia": "province", "votos": "votes",
}


class WordTranslator:
    """A deterministic stand-in for a model: word-by-word dictionary, case kept, other text kept."""

    name = "words (fake)"
    fingerprint = "words-v1"

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail_after = fail_after

    def _one(self, s: str) -> str:
        def sub(m: re.Match[str]) -> str:
            w = m.group(0)
            t = WORDS.get(w.lower())
            if t is None:
                return w
            return t[0].upper() + t[1:] if w[0].isupper() else t
        return re.sub(r"\w+", sub, s)

    def translate_batch(self, sentences: list[str]) -> list[str]:
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise KeyboardInterrupt
        self.calls.append(list(sentences))
        return [self._one(s) for s in sentences]


DOC = """---
title: No se traduce
---

# El ministro de Gobierno

El ministro habló con la prensa en Quito. La Policía detuvo a tres personas.
El informe es **muy importante**.

- Vea el [informe del ministerio](https://example.com/informe_2022?a=1&b=2) y el código `ls -l`.
- Escriba a prensa@gob.ec o en https://gob.ec/noticias.
  1. Uno
  2. Dos

> La Asamblea Nacional aprobó el presupuesto.
> El ministro habló.

| Provincia | Votos |
| --- | ---: |
| Pichincha | 1.500 |

```python
el_codigo = "no se traduce"
```

Lea *aquí* y <b>hoy</b> ![foto del río](img/rio.png "El río").
"""


def _prefix(line: str) -> str:
    m = re.match(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?|\|)?", line)
    return m.group(0) if m else ""


def test_markdown_structure_is_kept() -> None:
    doc = parse_document(DOC, fmt="markdown")
    tr = WordTranslator()
    result = translate_document(doc, tr, cache=None)
    draft = result.draft
    src_lines, out_lines = DOC.split("\n"), draft.split("\n")
    # blank lines and blocks are kept; a block's lines are joined into one line
    assert draft.count("\n\n") == DOC.count("\n\n")
    assert len(out_lines) == len(src_lines) - 2
    assert draft.startswith("---\ntitle: No se traduce\n---\n\n# The minister of Government\n")
    assert "The minister spoke with the press in Quito. The Police arrested to three people. The report is **very important**." in draft
    assert "- See the [report of the ministry](https://example.com/informe_2022?a=1&b=2) and the code `ls -l`." in draft
    assert "- Write to prensa@gob.ec or in https://gob.ec/noticias." in draft
    assert "  1. One\n  2. Two" in draft
    assert "> The Assembly National approved the budget. The minister spoke." in draft
    assert "| Province | Votes |\n| --- | ---: |\n| Pichincha | 1.500 |" in draft
    assert '```python\nel_codigo = "no se traduce"\n```' in draft
    assert 'Read *here* and <b>today</b> ![photo of the river](img/rio.png "El río").' in draft
    # every non-paragraph line keeps its Markdown prefix
    for s_line in src_lines:
        if s_line.startswith(("#", "- ", "  1.", "> ", "|", "```")):
            assert any(o.startswith(_prefix(s_line)) for o in out_lines), s_line
    assert result.segments == len(doc.segments("es"))
    assert [r.id for r in result.records] == list(range(1, result.segments + 1))
    assert result.links_appended == 0 and result.emphasis_dropped == 0
    # the fake model "translated" prensa@gob.ec to press@gob.ec; the address was restored
    assert result.verbatim_repaired == 1


def test_plain_text_keeps_asterisks_and_urls() -> None:
    doc = parse_document("El ministro *habló* en https://gob.ec/a_b.\n\nLa prensa.\n", fmt="text")
    result = translate_document(doc, WordTranslator(), cache=None)
    assert result.draft == "The minister *spoke* in https://gob.ec/a_b.\n\nThe press.\n"


def test_records_carry_block_and_line() -> None:
    doc = parse_document(DOC, fmt="markdown")
    result = translate_document(doc, WordTranslator(), cache=None)
    first = result.records[0]
    assert (first.source, first.target, first.line) == ("El ministro de Gobierno", "The minister of Government", 5)
    quote = [r for r in result.records if r.source.startswith("La Asamblea")][0]
    assert quote.line == 15 and doc.blocks[quote.block].kind == "quote"


class Garbler(WordTranslator):
    """Breaks URLs and drops code spans, as real models do."""

    def _one(self, s: str) -> str:
        out = super()._one(s)
        return out.replace("https://", "https: //").replace("`", "")


def test_garbled_verbatim_elements_are_repaired() -> None:
    doc = parse_document("Vea el código `ls -l` en https://gob.ec/x_y hoy.\n", fmt="markdown")
    result = translate_document(doc, Garbler(), cache=None)
    assert result.draft == "See the code `ls -l` in https://gob.ec/x_y today.\n"
    assert result.verbatim_repaired == 2


def test_link_not_found_is_appended_and_emphasis_dropped() -> None:
    prep = prepare_segment("Vea [aquí](https://a.ec/b) y *muy* bien.")
    out = restore_markup("Look at this, fine.", prep, ["here", "very"])
    assert out.text == "Look at this, fine. ([here](https://a.ec/b))"
    assert (out.links_appended, out.emphasis_dropped) == (1, 1)


def test_same_link_text_twice_is_wrapped_twice() -> None:
    prep = prepare_segment("Vea [aquí](a) y [aquí](b).")
    assert restore_markup("See here and here.", prep, ["here", "here"]).text == "See [here](a) and [here](b)."


def test_phrase_found_case_insensitively_keeps_sentence_casing() -> None:
    prep = prepare_segment("**El ministro** habló.")
    assert restore_markup("The minister spoke.", prep, ["the minister."]).text == "**The minister** spoke."


def test_cache_second_run_makes_no_model_calls(tmp_path) -> None:
    doc = parse_document(DOC, fmt="markdown")
    with TranslationCache(tmp_path / "tm.sqlite") as cache:
        first = WordTranslator()
        r1 = translate_document(doc, first, cache=cache, batch_size=4)
        assert first.calls and r1.cached == 0
        second = WordTranslator()
        r2 = translate_document(doc, second, cache=cache, batch_size=4)
    assert second.calls == []
    assert r2.draft == r1.draft
    # every segment with words came from the cache ("1.500" needs no model)
    assert r2.cached == r2.segments - 1 and r2.model_inputs == 0


def test_interrupted_run_resumes_with_only_the_rest(tmp_path) -> None:
    doc = parse_document(DOC, fmt="markdown")
    total_inputs = len({s for call in _all_inputs(doc) for s in call})
    with TranslationCache(tmp_path / "tm.sqlite") as cache:
        killed = WordTranslator(fail_after=2)
        with pytest.raises(KeyboardInterrupt):
            translate_document(doc, killed, cache=cache, batch_size=3)
        done = [s for call in killed.calls for s in call]
        assert len(done) == 6
        rest = WordTranslator()
        result = translate_document(doc, rest, cache=cache, batch_size=3)
    again = [s for call in rest.calls for s in call]
    assert not set(again) & set(done)
    assert len(again) == total_inputs - len(done)
    assert result.draft == translate_document(doc, WordTranslator(), cache=None).draft


def _all_inputs(doc) -> list[list[str]]:
    tr = WordTranslator()
    translate_document(doc, tr, cache=None, batch_size=1000)
    return tr.calls


def test_batches_are_length_sorted_and_deduplicated() -> None:
    doc = parse_document("El ministro habló. El ministro habló.\n\nLa prensa.\n\nEl ministro habló.\n", fmt="markdown")
    tr = WordTranslator()
    translate_document(doc, tr, cache=None, batch_size=16)
    assert tr.calls == [["La prensa.", "El ministro habló."]]


def test_bad_translator_output_count_is_an_error() -> None:
    from edtools.errors import ModelError

    class Short(WordTranslator):
        def translate_batch(self, sentences):
            return sentences[:-1]

    doc = parse_document("Uno.\n\nDos.\n", fmt="text")
    with pytest.raises(ModelError):
        translate_document(doc, Short(), cache=None)


def test_glossary_is_applied_to_targets_and_records() -> None:
    from pathlib import Path

    from edtools.glossary import load_glossary

    root = Path(__file__).resolve().parents[1]
    glossary = load_glossary([root / "glossary" / "executive.yaml"])
    WORDS_GLOSS = {"canciller": "Chancellor"}

    class Literal(WordTranslator):
        def _one(self, s: str) -> str:
            for es, en in WORDS_GLOSS.items():
                s = s.replace(es, en)
            return super()._one(s)

    doc = parse_document("El canciller Manrique habló con la prensa.\n\n- El ministro habló.\n", fmt="markdown")
    plain = translate_document(doc, Literal(), cache=None)
    assert plain.draft.startswith("The Chancellor Manrique spoke")
    result = translate_document(doc, Literal(), cache=None, glossary=glossary)
    assert "Foreign Minister Manrique" in result.draft
    assert len(result.glossary_changes) >= 1 and result.glossary_changes[0].entry == "canciller"
    assert result.records[0].target in result.draft
    # a segment without glossary terms is untouched
    assert result.records[1].target == plain.records[1].target == "The minister spoke."


def test_progress_bar_only_on_a_tty_for_long_inputs(monkeypatch) -> None:
    import sys

    from edtools.console import set_quiet
    from edtools.translate.progress import Progress, wants_progress

    class Tty:
        def isatty(self) -> bool:
            return True

        def write(self, s: str) -> int:
            return len(s)

        def flush(self) -> None:
            pass

    assert not wants_progress(100)  # pytest's stderr is not a terminal
    monkeypatch.setattr(sys, "stderr", Tty())
    assert wants_progress(100) and not wants_progress(20) and not wants_progress(100, requested=False)
    set_quiet(True)
    try:
        assert not wants_progress(100)
    finally:
        set_quiet(False)
    with Progress(3, True) as bar:
        bar.advance(3)


def test_pipe_written_by_the_model_does_not_split_a_table_cell() -> None:
    class Piper(WordTranslator):
        def _one(self, s: str) -> str:
            return super()._one(s).replace(" and ", " | ")

    doc = parse_document("| Uno y dos | Tres |\n| --- | --- |\n| Uno y dos | x |\n", fmt="markdown")
    draft = translate_document(doc, Piper(), cache=None).draft
    assert draft == "| One \\| two | Three |\n| --- | --- |\n| One \\| two | x |\n"


def test_nested_emphasis_inside_links() -> None:
    prep = prepare_segment("Vea [el **informe**](u) y *el informe* hoy.")
    out = restore_markup("See the report and the report today.", prep, ["the report", "report", "the report"])
    assert out.text == "See [the **report**](u) and *the report* today."
    prep = prepare_segment("[**Informe**](u) y [*dos*](v).")
    assert restore_markup("Report and two.", prep, ["Report", "Report", "two", "two"]).text == "[**Report**](u) and [*two*](v)."


class Identity:
    name = "identity"
    fingerprint = "identity"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        return list(sentences)


@pytest.mark.parametrize("name", ["visita-oficial.es.md", "nota-breve.es.txt"])
def test_identity_translation_renders_the_source_byte_for_byte(name: str) -> None:
    """Markup stripped for the model and restored afterwards gives back exactly the source."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "examples" / name
    text = path.read_text(encoding="utf-8")
    result = translate_document(parse_document(text, path=str(path)), Identity(), cache=None)
    assert result.draft == text
    assert (result.links_appended, result.emphasis_dropped, result.verbatim_repaired) == (0, 0, 0)


def test_identity_round_trip_of_inline_markup() -> None:
    text = DOC.replace("El informe es **muy importante**.\n", "")  # single-line blocks only
    text = text.replace("> La Asamblea Nacional aprobó el presupuesto.\n> El ministro habló.", "> La Asamblea habló.")
    assert translate_document(parse_document(text, fmt="markdown"), Identity(), cache=None).draft == text
