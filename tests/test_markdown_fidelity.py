"""What never reaches the model, checked through the ``pseudo`` backend (upper-cases what it is given)
and the ``identity`` backend: the realistic cases of issue 14, each with its exact draft."""

from __future__ import annotations

import base64
import random

import pytest

from cmark_spec import canonical_html, renderer

from edtools.document import parse_document
from edtools.lint.engine import lint_text
from edtools.translate.pipeline import translate_document
from edtools.translate.pseudo import pseudo_translator


def pseudo(markdown: str, backend: str = "pseudo"):
    return translate_document(parse_document(markdown, fmt="markdown"), pseudo_translator(backend), cache=None)


CASES = [
    # entities stay entities; the text around them is translated
    ("El canciller&nbsp;Manrique llegó ayer.\n", "EL CANCILLER&nbsp;MANRIQUE LLEGÓ AYER.\n"),
    ("Cuesta 5&#8239;&euro; &amp; más.\n", "CUESTA 5&#8239;&euro; &amp; MÁS.\n"),
    # paired inline tags: the text between them is translated, the tags put back once, in order
    ("La inflación fue de 3,5<sup>1</sup> por ciento.\n", "LA INFLACIÓN FUE DE 3,5<sup>1</sup> POR CIENTO.\n"),
    ('El ministro dijo <span class="cita">que no habrá cambios</span> hoy.\n',
     'EL MINISTRO DIJO <span class="cita">QUE NO HABRÁ CAMBIOS</span> HOY.\n'),
    # an unpaired tag cuts the sentence; it never reaches the model
    ("Primera línea<br>segunda línea.\n", "PRIMERA LÍNEA<br>SEGUNDA LÍNEA.\n"),
    # hard line breaks: two trailing spaces or a backslash
    ("Dirección:  \nAv. Amazonas 123  \nQuito\n", "DIRECCIÓN:  \nAV. AMAZONAS 123  \nQUITO\n"),
    ("Dirección:\\\nAv. Amazonas 123\\\nQuito\n", "DIRECCIÓN:\\\nAV. AMAZONAS 123\\\nQUITO\n"),
    ("> Dijo:  \n> «Nada cambia»\n", "> DIJO:  \n> «NADA CAMBIA»\n"),
    # link reference definitions on several lines are not text
    ("Ver el [informe][inf].\n\n[inf]:\n  https://example.org/informe.pdf\n  \"Informe anual\"\n",
     "VER EL [INFORME][inf].\n\n[inf]:\n  https://example.org/informe.pdf\n  \"Informe anual\"\n"),
    ("[inf]: https://example.org/a.pdf 'Título'\n\nVer [inf].\n", "[inf]: https://example.org/a.pdf 'Título'\n\nVER [INF].\n"),
    # an escaped marker written as an entity stays literal, the real emphasis stays emphasis
    ("&#42;foo&#42;\n*foo*\n", "&#42;FOO&#42; *FOO*\n"),
    # autolinks, footnote references and definitions, strikethrough
    ("Escriba a <mailto:prensa@example.org> o vea <https://example.org>.\n",
     "ESCRIBA A <mailto:prensa@example.org> O VEA <https://example.org>.\n"),
    ("El dato[^fuente] es ~~falso~~ cierto.\n\n[^fuente]: Según el informe.\n    Y sigue aquí.\n",
     "EL DATO[^fuente] ES ~~FALSO~~ CIERTO.\n\n[^fuente]: SEGÚN EL INFORME. Y SIGUE AQUÍ.\n"),
    ("Así terminó.[^2]\n\n[^2]: Fuente: EFE.\n", "ASÍ TERMINÓ.[^2]\n\n[^2]: FUENTE: EFE.\n"),
]


@pytest.mark.parametrize(("source", "draft"), CASES)
def test_pseudo_draft_is_exact(source: str, draft: str) -> None:
    result = pseudo(source)
    assert result.draft == draft
    assert (result.links_appended, result.emphasis_dropped, result.tags_dropped, result.verbatim_repaired) == (0, 0, 0, 0)


@pytest.mark.parametrize(("source", "_draft"), CASES)
def test_identity_draft_renders_as_the_source(source: str, _draft: str) -> None:
    draft = pseudo(source, "identity").draft
    # the lines of one paragraph may be joined (a soft break is a space); nothing else changes
    assert draft == source or " ".join(draft.split()) == " ".join(source.split())
    md = renderer()
    assert canonical_html(md.render(draft)) == canonical_html(md.render(source))


def test_what_the_model_reads() -> None:
    class Recorder:
        name = "recorder"
        fingerprint = "recorder"
        cacheable = False

        def __init__(self) -> None:
            self.seen: list[str] = []

        def translate_batch(self, sentences: list[str]) -> list[str]:
            self.seen.extend(sentences)
            return sentences

    rec = Recorder()
    src = ('El canciller&nbsp;Manrique dijo <span class="cita">que no</span> hoy.  \n'
           "Fin[^1].\n\n[^1]: Nota.\n")
    translate_document(parse_document(src, fmt="markdown"), rec, cache=None)
    assert sorted(rec.seen) == sorted(["El canciller\u00a0Manrique dijo que no hoy.", "que no", "Fin", "Fin.", "Nota."])


def _data_uri_image(kb: int) -> str:
    payload = base64.b64encode(random.Random(kb).randbytes(kb * 768)).decode()
    return f"![foto del acto](data:image/png;base64,{payload})"


def test_a_50_kb_data_uri_image_is_kept_whole() -> None:
    img = _data_uri_image(50)
    assert len(img) > 50_000
    src = f"La foto del acto {img} muestra al ministro.\n\n{img}\n"
    result = pseudo(src)
    expected_img = img.replace("foto del acto]", "FOTO DEL ACTO]")
    assert result.draft == f"LA FOTO DEL ACTO {expected_img} MUESTRA AL MINISTRO.\n\n{expected_img}\n"
    assert result.model_inputs == 2  # the sentence and the image description (the same for both images)


def test_a_long_link_target_and_link_definition() -> None:
    url = "https://example.org/" + "a" * 5000
    src = f"Vea [el informe]({url}) completo.\n\n[ref]:\n  {url}\n"
    assert pseudo(src).draft == f"VEA [EL INFORME]({url}) COMPLETO.\n\n[ref]:\n  {url}\n"


def _long_inputs() -> list[tuple[str, str]]:
    token = "a" * 1_000_000
    b64 = base64.b64encode(random.Random(1).randbytes(750_000)).decode()
    assert len(b64) == 1_000_000
    return [("token", token), ("base64", b64)]


@pytest.mark.parametrize(("label", "blob"), _long_inputs())
def test_one_megabyte_token_lints_and_translates(label: str, blob: str) -> None:
    draft = f"The attachment reads {blob} and nothing else.\n"
    assert lint_text(draft) == []
    spanish = f"Texto antes {blob} y después de la foto del acto.\n"
    # the run is masked like a URL; the Spanish words around it are still read and flagged
    found = [(f.code, f.column, f.end_column, f.text) for f in lint_text(spanish)]
    tail = spanish.index("y después")
    assert found == [("ED202", 7, 12, "antes"), ("ED201", tail + 1, len(spanish) - 1, spanish[tail:-2])]
    result = pseudo(spanish)
    # the run is kept byte for byte and never reaches the model: only the words around it do
    assert result.draft == f"TEXTO ANTES {blob} Y DESPUÉS DE LA FOTO DEL ACTO.\n"
    assert result.model_inputs == 2


NOTE = """# Visita oficial

El canciller&nbsp;Manrique llegó a Quito.  
Se reunió con la ministra.

La inflación fue de 3,5<sup>1</sup> por ciento[^1].

[^1]: Dato del Banco Central.
"""


def test_translate_with_the_pseudo_backend(edtools_run, tmp_path) -> None:
    src = tmp_path / "nota.es.md"
    src.write_text(NOTE, encoding="utf-8")
    out, cache = tmp_path / "nota.en.md", tmp_path / "tm.sqlite"
    r = edtools_run(["translate", str(src), "-o", str(out), "--backend", "pseudo", "--cache", str(cache),
                     "--source-lang", "es"])
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == (
        "# VISITA OFICIAL\n\nEL CANCILLER&nbsp;MANRIQUE LLEGÓ A QUITO.  \nSE REUNIÓ CON LA MINISTRA.\n\n"
        "LA INFLACIÓN FUE DE 3,5<sup>1</sup> POR CIENTO[^1].\n\n[^1]: DATO DEL BANCO CENTRAL.\n"
    )
    assert "model pseudo (no model: upper-cases every letter)" in r.stderr
    assert "demo model" not in r.stderr and "Traceback" not in r.stderr
    assert not cache.exists()  # fake translations never enter the translation memory


def test_draft_with_the_identity_backend(edtools_inprocess, tmp_path) -> None:
    src = tmp_path / "nota.es.md"
    src.write_text(NOTE, encoding="utf-8")
    out = tmp_path / "nota.en.md"
    r = edtools_inprocess(["draft", str(src), "-o", str(out), "--backend", "identity", "--source-lang", "es",
                           "--no-glossary", "--fail-level", "never"])
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == NOTE
    assert "by identity (no model: returns each sentence unchanged)" in r.stderr
    assert "ED201" in r.stdout  # the "draft" is still Spanish, and lint says so


def test_backend_from_the_config(edtools_inprocess, tmp_path) -> None:
    (tmp_path / "edtools.toml").write_text('[translate]\nbackend = "pseudo"\n', encoding="utf-8")
    src = tmp_path / "nota.es.md"
    src.write_text("Hola, *mundo*.\n", encoding="utf-8")
    r = edtools_inprocess(["translate", str(src), "--source-lang", "es", "-q"])
    assert (r.returncode, r.stdout) == (0, "HOLA, *MUNDO*.\n"), r.stderr


def test_unknown_backend_is_one_line(edtools_inprocess, tmp_path) -> None:
    src = tmp_path / "nota.es.md"
    src.write_text("Hola.\n", encoding="utf-8")
    r = edtools_inprocess(["translate", str(src), "--backend", "upper"])
    assert r.returncode == 2
    assert r.stderr.strip().startswith("edtools: error: invalid value for --backend: 'upper'")
    assert "identity" in r.stderr and "pseudo" in r.stderr


def test_thousands_of_code_spans_and_links_in_one_sentence() -> None:
    # 64 links are re-placed in the translation; past that they are kept whole, like code spans
    n = 2000
    src = "Uno " + " ".join(f"`c{i}` [enlace {i}](/u{i})" for i in range(n)) + " fin.\n"
    result = pseudo(src)
    words = (f"ENLACE {i}" if i < 64 else f"enlace {i}" for i in range(n))
    assert result.draft == "UNO " + " ".join(f"`c{i}` [{w}](/u{i})" for i, w in zip(range(n), words)) + " FIN.\n"
    assert (result.links_appended, result.verbatim_repaired) == (0, 0)


def test_several_inputs_with_the_pseudo_backend_leave_the_cache_alone(edtools_inprocess, tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.es.md").write_text("Hola, *mundo*.\n", encoding="utf-8")
    (src / "b.es.md").write_text("Adiós.\n", encoding="utf-8")
    cache, out = tmp_path / "tm.sqlite", tmp_path / "out"
    for command in ("translate", "draft"):
        r = edtools_inprocess([command, str(src), "-o", str(out), "--backend", "pseudo", "--cache", str(cache),
                               "--source-lang", "es", "-q"] + (["--fail-level", "never"] if command == "draft" else []))
        assert r.returncode == 0, r.stderr
        assert (out / "a.en.md").read_text(encoding="utf-8") == "HOLA, *MUNDO*.\n"
        assert not cache.exists()  # as with one input: fake translations never enter the translation memory
