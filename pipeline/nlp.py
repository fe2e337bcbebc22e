"""Build the one spaCy ``nlp`` object that is the whole pipeline.

The English model contributes only its NER (the small model's NER has its own embedding
layer, so tok2vec, tagger, parser, attribute ruler and lemmatizer are excluded); our rule
components follow it. Each process builds its pipeline once (cached on the settings);
pipelines are never pickled across processes.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from pipeline.errors import NewsfactsError
from pipeline.settings import Settings

# Order matters: the date ruler reads the model's own DATE entities (as a fallback where no
# pattern matched) before the entity fixer keeps only the ORG/GPE/PERSON that FACTS.md counts.
COMPONENTS = ("newsfacts_dates", "newsfacts_entities", "newsfacts_money", "newsfacts_counts")


@functools.cache
def build_nlp(settings: Settings) -> Language:
    """Load the model's NER and add newsfacts' components, configured from ``settings``."""
    import pipeline.components  # noqa: F401  (registers the factories)

    try:
        nlp = spacy.load(settings.model, exclude=list(settings.exclude))
    except OSError as exc:
        raise NewsfactsError(
            f"cannot load the spaCy model {settings.model!r}: install it (make setup) or set "
            f"NEWSFACTS_MODEL / --model to an installed model such as en_core_web_sm"
        ) from exc
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"models_dir": str(settings.models_dir)})
    return nlp
