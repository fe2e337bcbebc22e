"""Placeholder: replaced by the date ruler."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsfacts_dates", assigns=["doc.spans"], default_config={"models_dir": None})
def make_date_ruler(nlp: Language, name: str, models_dir: str | None) -> object:
    def _noop(doc: Doc) -> Doc:
        doc.spans["date"] = []
        return doc

    return _noop
