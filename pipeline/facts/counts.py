"""Placeholder: replaced by the count fact builder."""

from spacy.tokens import Doc

from pipeline.schema import Article, CountFact


def count_facts(doc: Doc, article: Article) -> list[CountFact]:
    return []
