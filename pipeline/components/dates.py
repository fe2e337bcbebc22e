"""The date ruler: finds date expressions and writes them to ``doc.spans["date"]``.

Patterns (spaCy Matcher format) are generated from a lexicon into
``models/date_patterns.jsonl`` by ``scripts/build_date_patterns.py``. The ruler only finds
spans; values are computed later by ``pipeline.normalise.dates``. FACTS.md span rules applied
here: prepositions and a possessive 's outside, the longest match wins, durations ("the next
year", "the past three years") and numbers that are not calendar references ("$2025",
"2025 people") are dropped. The model's own DATE entities add spans the patterns missed
when they hold a calendar word, after the same filters.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.errors import LexiconError
from pipeline.settings import DEFAULT_MODELS_DIR

SPANS_KEY = "date"
# "the next year", "the past decade", "the coming years": durations, not dates (FACTS.md).
_DURATION_HEADS = {"next", "past", "coming", "last", "recent", "upcoming"}
_POINT_RULES = frozenset({"iso", "month_day", "deictic", "weekday"})
_RANGE_SEPARATORS = frozenset({"-", "–", "—", "to", "through", "until", "till", "thru"})
_CALENDAR_HINTS = {"today", "yesterday", "tomorrow", "year", "month", "week", "quarter", "ago"}


def _load_patterns(path: Path) -> list[dict[str, Any]]:
    rows = []
    for i, row in enumerate(srsly.read_jsonl(path), 1):
        if set(row) != {"label", "id", "pattern"} or not isinstance(row["pattern"], list):
            raise LexiconError(f"{path}:{i}: a date pattern needs exactly label, id and pattern")
        rows.append(row)
    return rows


class DateRuler:
    """Matcher over the date patterns, with FACTS.md's span trimming and filters."""

    def __init__(self, nlp: Language, models_dir: str | None = None) -> None:
        base = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
        words = json.loads((base / "date_words.json").read_text(encoding="utf-8"))
        self.outside = frozenset(words["outside"])
        self.not_before_year = frozenset(words["not_before_year"])
        self.not_after_year = frozenset(words["not_after_year"])
        self.calendar_words = frozenset(words["months"]) | frozenset(words["weekdays"]) | _CALENDAR_HINTS
        self.matcher = Matcher(nlp.vocab)
        for row in _load_patterns(base / "date_patterns.jsonl"):
            self.matcher.add(row["id"], [row["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        self.set_annotations(doc, matches)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        """Candidate spans, trimmed and filtered, longest first wins."""
        spans = []
        for match_id, start, end in self.matcher(doc):
            span = self._trim(doc, start, end, doc.vocab.strings[match_id])
            if span is not None:
                spans.append(span)
        spans = self._join_ranges(doc, filter_spans(spans))
        taken = {i for s in spans for i in range(s.start, s.end)}
        for ent in doc.ents:  # the model's DATE entities only where no pattern matched
            if ent.label_ != "DATE" or any(i in taken for i in range(ent.start, ent.end)):
                continue
            if any(t.lower_ in self.calendar_words or t.is_digit for t in ent):
                span = self._trim(doc, ent.start, ent.end, "model_date")
                if span is not None:
                    spans.append(span)
        return filter_spans(spans)

    def _join_ranges(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Two point dates joined by "to", "-", "through" or "between … and" are one interval."""
        out: list[Span] = []
        for span in sorted(spans, key=lambda s: s.start):
            prev = out[-1] if out else None
            if (
                prev is not None
                and span.start == prev.end + 1
                and prev.id_ in _POINT_RULES
                and span.id_ in _POINT_RULES | {"now"}
                and (
                    doc[prev.end].lower_ in _RANGE_SEPARATORS
                    or (
                        doc[prev.end].lower_ == "and"
                        and prev.start > 0
                        and doc[prev.start - 1].lower_ == "between"
                    )
                )
            ):
                out[-1] = Span(doc, prev.start, span.end, label=SPANS_KEY, span_id="range")
            else:
                out.append(span)
        return out

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start)

    def _trim(self, doc: Doc, start: int, end: int, rule: str) -> Span | None:
        while start < end and (doc[start].lower_ in self.outside or doc[start].is_punct):
            start += 1
        while end > start and (
            (doc[end - 1].is_punct and doc[end - 1].text not in (")",)) or doc[end - 1].lower_ in ("'s", "’s")
        ):
            end -= 1
        if end > start and doc[end - 1].text == ")" and not any(t.text == "(" for t in doc[start:end]):
            end -= 1
        if start >= end:
            return None
        first = doc[start]
        before = doc[start - 1] if start > 0 else None
        if first.lower_ in _DURATION_HEADS and before is not None and before.lower_ == "the":
            return None
        if before is not None and before.lower_ in ("every", "each", "other", "per"):
            return None  # a set ("every Monday", "each year")
        if end < len(doc) and doc[end].lower_ in ("mornings", "afternoons", "evenings", "nights"):
            return None
        if first.lower_ == "the" and end - start > 1 and doc[start + 1].lower_ in _DURATION_HEADS:
            return None
        if end < len(doc) and doc[end].lower_ in ("years", "months", "weeks", "days", "decades"):
            return None  # "the 2025-2030 years"? rare; "two years" is a duration anyway
        if end - start == 1 and first.like_num and len(first.text) == 4:
            if before is not None and before.lower_ in self.not_before_year:
                return None
            nxt = doc[end] if end < len(doc) else None
            if nxt is not None and (
                nxt.lower_ in self.not_after_year
                or (
                    nxt.text == "-"
                    and end + 1 < len(doc)
                    and doc[end + 1].lower_ in ("year", "years", "month", "day")
                )
            ):
                return None
        return Span(doc, start, end, label=SPANS_KEY, span_id=rule)


@Language.factory("newsfacts_dates", assigns=["doc.spans"], default_config={"models_dir": None})
def make_date_ruler(nlp: Language, name: str, models_dir: str | None) -> DateRuler:
    """Build the date ruler from ``models_dir`` (``None``: the shipped ``models/``)."""
    return DateRuler(nlp, models_dir)
