"""The article text as the builders see it, without rebuilding ``Doc.text`` for every span."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.schema import Article


def article_text(doc: Doc, article: Article) -> str:
    """The text of ``doc``, read from the article when it is the article's text.

    ``Doc.text`` is rebuilt from the tokens on every access (about a millisecond for a news
    article), and ``extract_facts`` has already checked ``doc.text == article.text``; the length
    check keeps a builder called with another article (tests) correct.
    """
    text = article.text
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    return text if len(text) == end else doc.text
