"""Placeholder: replaced by the money ruler."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsfacts_money", assigns=["doc.spans"], default_config={"models_dir": None})
def make_money_ruler(nlp: Language, name: str, models_dir: str | None) -> object:
    def _noop(doc: Doc) -> Doc:
        doc.spans["money"] = []
        return doc

    return _noop
