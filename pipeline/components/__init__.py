"""The one place where newsfacts' spaCy components are registered.

Importing this package runs every ``@Language.factory`` below, so ``nlp.add_pipe("newsfacts_money")``
works; the ``spacy_factories`` entry points in pyproject.toml let ``spacy.load`` (and Dask workers)
find them without the import. Components only *find* spans and write them to ``doc.spans[type]``
with the rule name as ``span.id_``; values are computed later by ``pipeline.normalise``.
"""

from pipeline.components.counts import make_count_ruler
from pipeline.components.dates import make_date_ruler
from pipeline.components.entities import make_entity_fixer
from pipeline.components.money import make_money_ruler

__all__ = ["make_count_ruler", "make_date_ruler", "make_entity_fixer", "make_money_ruler"]
