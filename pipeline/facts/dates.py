"""Placeholder: replaced by the date fact builder."""

from spacy.tokens import Doc

from pipeline.schema import Article, DateFact


def date_facts(doc: Doc, article: Article) -> list[DateFact]:
    return []
