"""The count ruler: finds agreement counts ("18 collaborative initiatives") with a spaCy Matcher.

Patterns (``models/count_patterns.jsonl``, generated from ``count_items.jsonl``) match the number,
up to three modifiers and the counted noun; FACTS.md's span is the number only, so the span
written to ``doc.spans["count"]`` is cut to the number tokens. Numbers inside a money candidate
("$5 million projects") are left to the money builder, which decides whether that candidate has a value.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.money import SpanMatcherRuler
from pipeline.normalise.numbers import load_number_words
from pipeline.settings import DEFAULT_MODELS_DIR

SPANS_KEY = "count"
_DIGITS = re.compile(r"^\d[\d,]*$")


class CountRuler(SpanMatcherRuler):
    """Matcher over the count patterns; spans cover the number only."""

    def __init__(self, nlp: Language, patterns_path: Path, models_dir: Path) -> None:
        super().__init__(nlp, patterns_path, SPANS_KEY)
        words = load_number_words(models_dir)
        self.number_words = frozenset(words.words | {"-", "a", "half"})

    def set_annotations(self, doc: Doc, matches: list[tuple[str, int, int]]) -> None:
        spans: dict[tuple[int, int], str] = {}
        for rule, start, end in matches:
            stop = start + 1
            while (
                stop < end - 1
                and (doc[stop].lower_ in self.number_words)
                and not (
                    doc[stop].lower_ in ("-", "a")
                    and stop + 1 < end
                    and doc[stop + 1].lower_ not in self.number_words
                )
            ):
                stop += 1
            if doc[start].lower_ in ("a", "half") or _DIGITS.match(doc[start].text) or doc[start].like_num:
                spans.setdefault((start, stop), rule)
        doc.spans[self.key] = [
            Span(doc, s, e, label=self.key, span_id=r) for (s, e), r in sorted(spans.items())
        ]


@Language.factory("newsfacts_counts", assigns=["doc.spans"], default_config={"models_dir": None})
def make_count_ruler(nlp: Language, name: str, models_dir: str | None) -> CountRuler:
    """Build the count ruler from ``<models_dir>/count_patterns.jsonl``."""
    folder = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
    return CountRuler(nlp, folder / "count_patterns.jsonl", folder)
