"""newsfacts: structured, verifiable facts (money, dates, agreement counts, entities) from news.

The public Python API, re-exported lazily so that ``import pipeline`` (and ``newsfacts --help``)
does not load spaCy:

    from pipeline import Settings, extract_article, read_corpus

    for article in read_corpus(Path("corpus/articles")):
        facts = extract_article(article, Settings())
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Settings": "pipeline.settings",
    "Article": "pipeline.schema",
    "ArticleMeta": "pipeline.schema",
    "Fact": "pipeline.schema",
    "MoneyFact": "pipeline.schema",
    "DateFact": "pipeline.schema",
    "CountFact": "pipeline.schema",
    "EntityFact": "pipeline.schema",
    "read_corpus": "pipeline.corpus",
    "build_nlp": "pipeline.nlp",
    "extract_article": "pipeline.extract",
    "extract_facts": "pipeline.extract",
    "read_facts": "pipeline.io",
    "write_facts": "pipeline.io",
    "evaluate": "pipeline.evaluate",
    "evaluate_files": "pipeline.evaluate",
    "run": "pipeline.batch",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
