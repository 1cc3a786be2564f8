"""Build src/edtools/data/lexicon-es-en.tsv.gz, the word-frequency table the ED2xx and ED6xx lint rules read.

    python scripts/build_lexicon.py            # needs `pip install wordfreq` (not a run-time dependency)

Source: wordfreq (https://github.com/rspeer/wordfreq), the "large" Spanish and English word lists.
Its data is licensed CC BY-SA 4.0 (wordfreq's README: "Data licenses"); the derived table is
distributed under the same licence, with this attribution, and the header of the file says so.

Kept: every alphabetic Spanish word with a Zipf frequency of at least 2.0 in Spanish (about one
per 100 million words), every alphabetic English word with at least 3.0 in English, and English
words written with accents (communiqué, protégé) down to 1.0, so that English loanwords are known
as English. Each line is
``word<TAB>zipf_es*10<TAB>zipf_en*10`` (integers); lint loads it in a few tens of milliseconds
without importing wordfreq.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "edtools" / "data" / "lexicon-es-en.tsv.gz"
MIN_ES = 2.0
MIN_EN = 3.0
MIN_EN_ACCENTED = 1.0


def _alpha(word: str) -> bool:
    return word.isalpha() and word == word.lower()


def build() -> list[str]:
    import wordfreq

    words: dict[str, None] = {}
    for lang, floor in (("es", MIN_ES), ("en", MIN_EN_ACCENTED)):
        for w in wordfreq.iter_wordlist(lang, "large"):
            z = wordfreq.zipf_frequency(w, lang, wordlist="large")
            if z < floor:
                break
            if _alpha(w) and (lang == "es" or z >= MIN_EN or not w.isascii()):
                words.setdefault(w, None)
    lines = []
    for w in sorted(words):
        zes = round(wordfreq.zipf_frequency(w, "es", wordlist="large") * 10)
        zen = round(wordfreq.zipf_frequency(w, "en", wordlist="large") * 10)
        lines.append(f"{w}\t{zes}\t{zen}")
    return lines


def main() -> int:
    import wordfreq

    version = getattr(wordfreq, "__version__", None)
    if version is None:
        from importlib.metadata import version as _v

        version = _v("wordfreq")
    header = [
        f"# Spanish/English word frequencies (Zipf x 10) from wordfreq {version}, 'large' lists.",
        "# Data: wordfreq by Robyn Speer et al., https://github.com/rspeer/wordfreq, licensed CC BY-SA 4.0;",
        "# this derived table is shared under CC BY-SA 4.0 too. Built by scripts/build_lexicon.py;",
        f"# kept: Spanish words with zipf_es >= {MIN_ES}, English words with zipf_en >= {MIN_EN}"
        f" (>= {MIN_EN_ACCENTED} when written with accents).",
        "# word<TAB>zipf_es*10<TAB>zipf_en*10",
    ]
    lines = build()
    data = "\n".join(header + lines) + "\n"
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:  # mtime 0: byte-identical rebuilds
        fh.write(data.encode("utf-8"))
    print(f"{OUT}: {len(lines)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
