"""Turn the spans the components found into schema facts, one module per fact type.

Each builder reads ``doc.spans[type]`` (or ``doc.ents``), asks the pure normalisers in
``pipeline.normalise`` for values with the article's context (publication date, source,
earlier mentions), and returns validated facts. Spans that have no value are dropped.
"""

from pipeline.facts.counts import count_facts
from pipeline.facts.dates import date_facts
from pipeline.facts.entities import entity_facts
from pipeline.facts.money import money_facts

BUILDERS = (entity_facts, money_facts, date_facts, count_facts)

__all__ = ["BUILDERS", "count_facts", "date_facts", "entity_facts", "money_facts"]
