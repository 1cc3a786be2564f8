"""Inline Markdown: code, links, images, URLs, e-mails, HTML, emphasis; protected spans."""

from __future__ import annotations

import pytest

from edtools.inline import atomic_spans, find_urls_emails, parse_inline, protected_spans


def kinds(text):
    return [(s.kind, text[s.start : s.end], text[s.inner_start : s.inner_end]) for s in parse_inline(text)]


def test_link_with_title_and_parentheses_in_target():
    text = 'Ver [el sitio](https://x.com/a_(b) "Título") hoy.'
    assert kinds(text) == [("link", '[el sitio](https://x.com/a_(b) "Título")', "el sitio")]
    assert [text[s:e] for s, e in protected_spans(text)] == ["[", '](https://x.com/a_(b) "Título")']
    assert [text[s:e] for s, e in atomic_spans(text)] == ['[el sitio](https://x.com/a_(b) "Título")']


def test_code_spans_single_and_double():
    text = "Use `a.b()` o ``con ` dentro`` y `sin cerrar"
    assert kinds(text) == [("code", "`a.b()`", ""), ("code", "``con ` dentro``", "")]


def test_image_reference_link_autolink_and_html():
    text = '<b>hola</b> <http://a.b/c> ![alt *x*](img.png) [ref][1] <!-- nota --> <span class="x">'
    got = kinds(text)
    assert ("html", "<b>", "") in got and ("html", "</b>", "") in got
    assert ("autolink", "<http://a.b/c>", "") in got
    assert ("image", "![alt *x*](img.png)", "alt *x*") in got
    assert ("emphasis", "*x*", "x") in got  # nested inside the alt text
    assert ("link", "[ref][1]", "ref") in got
    assert ("html", "<!-- nota -->", "") in got
    assert ("html", '<span class="x">', "") in got


def test_bare_urls_and_emails_trim_trailing_punctuation():
    text = "Visite www.elcomercio.com, https://gob.ec/a?b=1. Escriba a info@diario.ec. (ver http://x.org/y)"
    got = [(k, text[s:e]) for k, s, e in find_urls_emails(text)]
    assert got == [
        ("url", "www.elcomercio.com"),
        ("url", "https://gob.ec/a?b=1"),
        ("email", "info@diario.ec"),
        ("url", "http://x.org/y"),
    ]


def test_emphasis_rules():
    text = "_a_ __b__ ~~c~~ *a **b** c* snake_case_word 2 * 3 * 4"
    got = kinds(text)
    assert ("emphasis", "_a_", "a") in got
    assert ("emphasis", "__b__", "b") in got
    assert ("emphasis", "~~c~~", "c") in got
    assert ("emphasis", "*a **b** c*", "a **b** c") in got
    assert ("emphasis", "**b**", "b") in got
    assert not any("snake" in whole for _k, whole, _i in got)  # no intraword _
    assert not any("3" in whole for _k, whole, _i in got)  # spaced * is not emphasis


def test_escapes_are_not_markup():
    assert kinds(r"\*no\* \`tampoco\` \[x](y)") == []


def test_unclosed_brackets_and_long_texts_are_plain():
    assert kinds("[sin cerrar (x) y ![tampoco") == []
    assert kinds("[" * 5000 + "x") == []


@pytest.mark.parametrize(
    "text,protected",
    [
        ("Llame al `+593 2`.", ["`+593 2`"]),
        ("Correo: a.b@c.ec.", ["a.b@c.ec"]),
        ("<https://x.ec> y [t](u)", ["<https://x.ec>", "[", "](u)"]),
        ("Nada aquí.", []),
    ],
)
def test_protected_spans(text, protected):
    assert [text[s:e] for s, e in protected_spans(text)] == protected
