"""Count facts: give each number span the count ruler found its count, item and qualifier.

The span is the number only (FACTS.md); the item is read from the words after it. A number that
is part of a money amount ("$5 million projects") is not a count.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.facts.text import article_text
from pipeline.normalise.counts import normalise_count
from pipeline.normalise.money import normalise_money
from pipeline.schema import Article, CountFact

CONTEXT_CHARS = 40
AFTER_CHARS = 120


def _in_money(money: list[tuple[int, int]], text: str, start: int, end: int) -> bool:
    return any(
        s < end
        and start < e
        and normalise_money(text[s:e], text[max(0, s - CONTEXT_CHARS) : s], after=text[e : e + CONTEXT_CHARS])
        is not None
        for s, e in money
    )


def count_facts(doc: Doc, article: Article) -> list[CountFact]:
    """One fact per number span that counts an item on FACTS.md's closed list."""
    spans = doc.spans.get("count", [])
    if not spans:
        return []
    text = article_text(doc, article)
    money = [(s.start_char, s.end_char) for s in doc.spans.get("money", [])]
    facts: list[CountFact] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (-(s.end_char - s.start_char), s.start_char)):
        start, end = span.start_char, span.end_char
        if any(s < end and start < e for s, e in taken) or _in_money(money, text, start, end):
            continue
        value = normalise_count(
            text[start:end],
            text[end : end + AFTER_CHARS],
            text[max(0, start - CONTEXT_CHARS) : start],
        )
        if value is None:
            continue
        taken.append((start, end))
        facts.append(
            CountFact(
                article_id=article.id,
                text=text[start:end],
                start=start,
                end=end,
                rule=span.id_ or None,
                count=value.count,
                item=value.item,
                qualifier=value.qualifier,  # type: ignore[arg-type]
            )
        )
    return sorted(facts, key=lambda f: f.start)
