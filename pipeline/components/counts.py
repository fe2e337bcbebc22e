"""Placeholder: replaced by the count ruler."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsfacts_counts", assigns=["doc.spans"], default_config={"models_dir": None})
def make_count_ruler(nlp: Language, name: str, models_dir: str | None) -> object:
    def _noop(doc: Doc) -> Doc:
        doc.spans["count"] = []
        return doc

    return _noop
