"""Placeholder: replaced by the entity fact builder."""

from spacy.tokens import Doc

from pipeline.schema import Article, EntityFact


def entity_facts(doc: Doc, article: Article) -> list[EntityFact]:
    return []
