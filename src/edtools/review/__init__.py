"""The HTML review page that ``edtools draft --review`` writes (see :mod:`edtools.review.html`)."""

from edtools.review.html import Note, Row, build_rows, render_review, review_html

__all__ = ["Note", "Row", "build_rows", "render_review", "review_html"]
