"""Entity facts: the fixer's ``doc.ents`` with canonical names from the article's mentions.

Besides ``doc.ents``, the publishing site named in the article's metadata (``meta.source``) is
an ORG wherever its name is written, even glued to the next word ("DogevaultCopyright"):
FACTS.md counts site names in credits and footers, and the tokenizer cannot see them there.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.facts.text import article_text
from pipeline.normalise.entities import canonical_names
from pipeline.schema import Article, EntityFact


def _source_mentions(text: str, source: str | None, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of a one-word site name (as cased in the metadata) not inside another mention."""
    if not source or " " in source.strip() or len(source) < 4:
        return []
    found = []
    for m in re.finditer(rf"(?<![\w@.]){re.escape(source.strip())}", text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append((m.start(), m.end()))
    return found


def entity_facts(doc: Doc, article: Article) -> list[EntityFact]:
    """One fact per entity mention, named per FACTS.md."""
    text = article_text(doc, article)
    spans = [(e.start_char, e.end_char, e.label_, e.id_ or "ner") for e in doc.ents]
    spans += [
        (s, e, "ORG", "source")
        for s, e in _source_mentions(text, article.meta.source, [(a, b) for a, b, _, _ in spans])
    ]
    spans.sort()
    names = canonical_names([(text[s:e], label) for s, e, label, _ in spans], text)
    return [
        EntityFact(
            article_id=article.id,
            text=text[s:e],
            start=s,
            end=e,
            label=label,  # type: ignore[arg-type]
            name=name,
            rule=rule,
        )
        for (s, e, label, rule), name in zip(spans, names, strict=True)
        if name
    ]
