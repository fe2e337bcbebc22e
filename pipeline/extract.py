"""The one unit of work: an article in, its validated, sorted facts out.

``extract_facts`` turns a processed ``Doc`` into facts by calling every builder in
``pipeline.facts``; ``process_articles`` streams articles through ``nlp.pipe`` in batches
so memory stays flat however long the stream is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc

from pipeline.errors import NewsfactsError
from pipeline.facts import BUILDERS
from pipeline.facts.text import article_text
from pipeline.nlp import build_nlp
from pipeline.schema import Article, Fact, fact_sort_key
from pipeline.settings import Settings


def count_words(doc: Doc) -> int:
    """Tokens that are not space or punctuation: the word count every speed figure divides by.

    Read from one ``to_array`` call: iterating the tokens in Python would cost more than some
    components.

    >>> import spacy
    >>> count_words(spacy.blank("en")("Hello, world!  Two words."))
    4
    """
    flags = doc.to_array([IS_SPACE, IS_PUNCT])
    return len(doc) - int(flags.any(axis=1).sum()) if len(doc) else 0


class ExtractionError(NewsfactsError):
    """A builder produced a fact whose text does not match the article at its offsets."""


def extract_facts(doc: Doc, article: Article) -> list[Fact]:
    """All facts of one processed article, checked against the raw text and sorted."""
    if article_text(doc, article) is not article.text:  # a length check: Doc.text is costly to rebuild
        raise ExtractionError(
            f"{article.path or article.id}: the processed text differs from the stored text"
        )
    facts: list[Fact] = []
    for build in BUILDERS:
        facts.extend(build(doc, article))
    for fact in facts:
        if article.text[fact.start : fact.end] != fact.text:
            raise ExtractionError(
                f"{article.path or article.id}: {fact.type} fact {fact.text!r} does not match "
                f"the text at [{fact.start}, {fact.end})"
            )
    facts.sort(key=fact_sort_key)
    return facts


def process_articles(
    articles: Iterable[Article], settings: Settings
) -> Iterator[tuple[Article, list[Fact] | NewsfactsError, int]]:
    """Yield ``(article, facts or error, word count)`` for each article, streaming through ``nlp.pipe``.

    One article's failure is yielded as its error; the others go on.
    """
    nlp = build_nlp(settings)
    stream = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=settings.batch_size):
        words = count_words(doc)
        try:
            yield article, extract_facts(doc, article), words
        except NewsfactsError as exc:
            yield article, exc, words


def extract_article(article: Article, settings: Settings | None = None) -> list[Fact]:
    """Facts of a single article (convenience for scripts and tests)."""
    for _, result, _ in process_articles([article], settings or Settings.from_env()):
        if isinstance(result, NewsfactsError):
            raise result
        return result
    return []
