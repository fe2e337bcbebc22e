"""The money ruler: finds money spans ("US$1.5 billion", "24.23 billion yuan") with a spaCy Matcher.

Patterns come from ``models/money_patterns.jsonl`` (spaCy's own format, generated from the
currency and number lexicons). The ruler only finds candidate spans and writes them, possibly
overlapping, to ``doc.spans["money"]`` with the rule name as ``span.id_``; the fact builder
(``pipeline.facts.money``) computes values and keeps the longest span that has one.

Speed: the Matcher reads only the windows around anchor tokens (a currency symbol, code or
name; a counted noun) with the patterns each anchor can start: see ``AnchoredMatcher``.
"""

from __future__ import annotations

from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.anchored import AnchoredMatcher
from pipeline.errors import LexiconError
from pipeline.settings import DEFAULT_MODELS_DIR

SPANS_KEY = "money"
# Tokens no anchor may accept: plain numbers and the commonest words of a number phrase.
COMMON_TOKENS = (
    "1", "12", "2025", "1,000", "3.5", "one", "twenty", "a", "an", "and", "to", "-", "the", "of",
    "in", "for", "hundred", "million", "half", "new", "The", "said",
)  # fmt: skip


class SpanMatcherRuler:
    """A Matcher over patterns read from one JSONL file, writing labelled spans to ``doc.spans[key]``."""

    def __init__(self, nlp: Language, patterns_path: Path, key: str) -> None:
        self.key = key
        self.patterns_path = patterns_path
        by_rule: dict[str, list[list[dict[str, object]]]] = {}
        try:
            for lineno, row in enumerate(srsly.read_jsonl(patterns_path), start=1):
                if row.get("label") != key or not isinstance(row.get("pattern"), list):
                    raise LexiconError(f"{patterns_path}:{lineno}: expected label {key!r} and a pattern list")
                by_rule.setdefault(str(row["id"]), []).append(row["pattern"])
        except (OSError, ValueError) as exc:
            if isinstance(exc, LexiconError):
                raise
            raise LexiconError(f"{patterns_path}: cannot read patterns: {exc}") from exc
        self.matcher = AnchoredMatcher(
            nlp.vocab, [(rule, p) for rule, patterns in by_rule.items() for p in patterns], COMMON_TOKENS
        )

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        self.set_annotations(doc, matches)
        return doc

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(rule, start token, end token) for each distinct candidate span, in text order."""
        seen: dict[tuple[int, int], str] = {}
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            seen.setdefault((start, end), strings[match_id])
        return sorted(((rule, s, e) for (s, e), rule in seen.items()), key=lambda m: (m[1], m[2]))

    def set_annotations(self, doc: Doc, matches: list[tuple[str, int, int]]) -> None:
        doc.spans[self.key] = [Span(doc, s, e, label=self.key, span_id=rule) for rule, s, e in matches]


@Language.factory("newsfacts_money", assigns=["doc.spans"], default_config={"models_dir": None})
def make_money_ruler(nlp: Language, name: str, models_dir: str | None) -> SpanMatcherRuler:
    """Build the money ruler from ``<models_dir>/money_patterns.jsonl``."""
    folder = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
    return SpanMatcherRuler(nlp, folder / "money_patterns.jsonl", SPANS_KEY)
