"""Count facts: give each number span the count ruler found its count, item and qualifier.

The span is the number only (FACTS.md); the item is read from the words after it. A number that
is part of a money amount ("$5 million projects") is not a count.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.normalise.counts import normalise_count
from pipeline.normalise.money import normalise_money
from pipeline.schema import Article, CountFact

CONTEXT_CHARS = 40
AFTER_CHARS = 120


def _in_money(doc: Doc, start: int, end: int) -> bool:
    for span in doc.spans.get("money", []):
        if span.start_char < end and start < span.end_char:
            before = doc.text[max(0, span.start_char - CONTEXT_CHARS) : span.start_char]
            if normalise_money(span.text, before) is not None:
                return True
    return False


def count_facts(doc: Doc, article: Article) -> list[CountFact]:
    """One fact per number span that counts an item on FACTS.md's closed list."""
    facts: list[CountFact] = []
    taken: list[tuple[int, int]] = []
    spans = sorted(doc.spans.get("count", []), key=lambda s: (-(s.end_char - s.start_char), s.start_char))
    for span in spans:
        start, end = span.start_char, span.end_char
        if any(s < end and start < e for s, e in taken) or _in_money(doc, start, end):
            continue
        value = normalise_count(
            doc.text[start:end],
            doc.text[end : end + AFTER_CHARS],
            doc.text[max(0, start - CONTEXT_CHARS) : start],
        )
        if value is None:
            continue
        taken.append((start, end))
        facts.append(
            CountFact(
                article_id=article.id,
                text=doc.text[start:end],
                start=start,
                end=end,
                rule=span.id_ or None,
                count=value.count,
                item=value.item,
                qualifier=value.qualifier,  # type: ignore[arg-type]
            )
        )
    return sorted(facts, key=lambda f: f.start)
