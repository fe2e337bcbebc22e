"""Placeholder: replaced by the money fact builder."""

from spacy.tokens import Doc

from pipeline.schema import Article, MoneyFact


def money_facts(doc: Doc, article: Article) -> list[MoneyFact]:
    return []
