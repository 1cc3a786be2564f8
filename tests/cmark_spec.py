"""The CommonMark spec examples, fetched at test time, and the HTML comparison used on them.

The examples are not copied into this repository: ``spec_examples()`` downloads the pinned
markdown-it-py source distribution with pip (into a cache folder, once) and reads
``tests/test_cmark_spec/commonmark.json`` from the tarball. ``None`` when no registry answers.

How two renderings are compared (``canonical_html``): both Markdown texts are rendered with
markdown-it-py's ``commonmark`` preset, then each HTML string is read with ``html.parser`` and
written back canonically:

- tags and their attributes as they are, attribute values unescaped then re-escaped;
- text is unescaped (``&amp;`` → ``&``, ``&ouml;`` → ``ö``) then re-escaped, so two sources that
  mean the same character compare equal;
- outside ``<pre>`` any run of whitespace in text becomes one space (a soft line break and a
  space render the same: the pipeline joins a paragraph's lines);
- with ``fold=True`` (the pseudo backend), letters are upper-cased in text outside ``<code>`` and in
  ``alt`` attributes (an image description is translated text), on both sides. Everything else —
  tag names, ``href``/``src``/``title`` values, code — must be equal as it is. (Text inside a raw
  ``<pre>`` of an HTML block is folded too: it never changes, and Markdown inside it may.)

Identity: ``canonical_html(src) == canonical_html(draft)``. Pseudo: the same with ``fold=True``
on both sides, which says the draft differs from the source only by the case of text outside
tags and code.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tarfile
from html.parser import HTMLParser
from pathlib import Path

MARKDOWN_IT_VERSION = "4.3.0"  # its sdist carries spec 0.31.2 (652 examples)
SPEC_MEMBER = f"markdown_it_py-{MARKDOWN_IT_VERSION}/tests/test_cmark_spec/commonmark.json"


def _cache_dir() -> Path:
    """``<checkout>/.test-data`` (git-ignored): downloaded once, kept between test sessions."""
    return Path(__file__).resolve().parents[1] / ".test-data"


def spec_examples() -> tuple[list[dict] | None, str]:
    """(examples, "") or (None, why they could not be had)."""
    folder = _cache_dir()
    sdist = folder / f"markdown_it_py-{MARKDOWN_IT_VERSION}.tar.gz"
    if not sdist.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
               "--disable-pip-version-check", f"markdown-it-py=={MARKDOWN_IT_VERSION}", "-d", str(folder)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"pip download of markdown-it-py {MARKDOWN_IT_VERSION} failed: {exc}"
        if proc.returncode != 0 or not sdist.is_file():
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            return None, f"no package registry reachable for markdown-it-py {MARKDOWN_IT_VERSION} sdist ({last})"
    try:
        with tarfile.open(sdist) as tar:
            member = tar.extractfile(SPEC_MEMBER)
            if member is None:
                return None, f"{SPEC_MEMBER} missing from {sdist}"
            return json.loads(member.read().decode("utf-8")), ""
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        return None, f"cannot read {SPEC_MEMBER} from {sdist}: {exc}"


def _collapse(data: str) -> str:
    """Runs of whitespace -> one space (kept at the ends: they separate words from tags)."""
    return re.sub(r"\s+", " ", data)


class _Canon(HTMLParser):
    def __init__(self, fold: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.fold = fold
        self.out: list[str] = []
        self.text: list[str] = []
        self.pre = 0
        self.code = 0

    def _flush(self) -> None:
        if not self.text:
            return
        data = "".join(self.text)
        self.text = []
        if not self.pre:
            data = _collapse(data)
        if self.fold and not self.code:
            data = data.upper()
        self.out.append(html.escape(data, quote=False))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> str:
        parts = [tag]
        for name, value in attrs:
            if value is None:
                parts.append(name)
                continue
            if self.fold and name == "alt":
                value = value.upper()
            parts.append(f'{name}="{html.escape(value)}"')
        return "<" + " ".join(parts) + close

    def handle_starttag(self, tag, attrs):
        self._flush()
        self.out.append(self._tag(tag, attrs, ">"))
        if tag == "pre":
            self.pre += 1
        elif tag == "code":
            self.code += 1

    def handle_startendtag(self, tag, attrs):
        self._flush()
        self.out.append(self._tag(tag, attrs, " />"))

    def handle_endtag(self, tag):
        self._flush()
        self.out.append(f"</{tag}>")
        if tag == "pre" and self.pre:
            self.pre -= 1
        elif tag == "code" and self.code:
            self.code -= 1

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self._flush()
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._flush()
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self._flush()
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self._flush()
        self.out.append(f"<![{data}]>")


def canonical_html(rendered: str, *, fold: bool = False) -> str:
    parser = _Canon(fold)
    # CommonMark 0.31 ends a comment at "<!-->" and "<!--->"; Python's html.parser reads on to the next
    # "-->". Write them as an empty comment both parsers agree on.
    parser.feed(rendered.replace("<!--->", "<!---->").replace("<!-->", "<!---->"))
    parser.close()
    parser._flush()
    return "".join(parser.out).strip()


def renderer():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def through(markdown: str, backend: str) -> str:
    """The draft of ``markdown`` made with the ``identity`` or ``pseudo`` backend (no cache)."""
    from edtools.document import parse_document
    from edtools.translate.pseudo import pseudo_translator
    from edtools.translate.pipeline import translate_document

    doc = parse_document(markdown, fmt="markdown")
    return translate_document(doc, pseudo_translator(backend), cache=None).draft


def same_rendering(md, source: str, draft: str, *, fold: bool) -> bool:
    return canonical_html(md.render(source), fold=fold) == canonical_html(md.render(draft), fold=fold)


def score(examples: list[dict], backend: str) -> list[int]:
    """Numbers of the examples whose draft does not render like the source."""
    md = renderer()
    failed = []
    for ex in examples:
        try:
            draft = through(ex["markdown"], backend)
        except Exception:  # noqa: BLE001 - a crash is a failure of that example
            failed.append(ex["example"])
            continue
        if not same_rendering(md, ex["markdown"], draft, fold=backend == "pseudo"):
            failed.append(ex["example"])
    return failed
