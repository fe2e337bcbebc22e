"""The date ruler: finds date expressions and writes them to ``doc.spans["date"]``.

Patterns (spaCy Matcher format) are generated from a lexicon into
``models/date_patterns.jsonl`` by ``scripts/build_date_patterns.py``. The ruler only finds
spans; values are computed later by ``pipeline.normalise.dates``. FACTS.md span rules applied
here: prepositions and a possessive 's outside, the longest match wins, durations ("the next
year", "the past three years") and numbers that are not calendar references ("$2025",
"2025 people") are dropped. The model's own DATE entities add spans the patterns missed
when they hold a calendar word, after the same filters.

Speed: the Matcher reads only the windows around anchor tokens (month and weekday names,
calendar units, deictic words, years and other digit forms) with the patterns each anchor
can start: see ``AnchoredMatcher``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.anchored import AnchoredMatcher
from pipeline.errors import LexiconError
from pipeline.settings import DEFAULT_MODELS_DIR

SPANS_KEY = "date"
# "the next year", "the past decade", "the coming years": durations, not dates (FACTS.md).
_DURATION_HEADS = {"next", "past", "coming", "last", "recent", "upcoming"}
_POINT_RULES = frozenset({"iso", "month_day", "deictic", "weekday"})
_RANGE_SEPARATORS = frozenset({"-", "–", "—", "to", "through", "until", "till", "thru"})
# Numbers that are not years, and plain words: no pattern anchor may accept them.
_COMMON = (
    "1",
    "5",
    "12",
    "31",
    "05",
    "first",
    "the",
    "of",
    "a",
    "and",
    "3.5",
    "1,200",
    "-",
    "–",
    "—",
    "/",
    "'",
    "’",
    ",",
    ".",
)
# A reduced fraction with a power-of-two denominator (1/2, 3/8, 7/16, 5/32) reads as a fraction.
_FRACTION = re.compile(r"(1/2|[13]/4|[1357]/8|(?:1[135]|[13579])/16|(?:[12][13579]|3[13]|[13579])/32)")
_HOLIDAY_REL = frozenset({"this", "last", "next"})
_CALENDAR_HINTS = {"today", "yesterday", "tomorrow", "year", "month", "week", "quarter", "ago"}


def _holiday_frame(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A holiday with "this/last/next" before it or "(of) this/last/next year" after it.

    Done here rather than by patterns: each optional frame would add a pattern per name length.
    """
    if start > 0 and doc[start - 1].lower_ in _HOLIDAY_REL:
        start -= 1
    tail = [t.lower_ for t in doc[end : end + 3]]
    if tail[:1] == ["of"]:
        tail = tail[1:]
    if len(tail) >= 2 and tail[0] in _HOLIDAY_REL and tail[1] == "year":
        end = min(len(doc), end + 3 if doc[end].lower_ == "of" else end + 2)
    return start, end


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
        self.units = frozenset(words["units"])
        self.not_before_year = frozenset(words["not_before_year"])
        self.not_after_year = frozenset(words["not_after_year"])
        self.calendar_words = frozenset(words["months"]) | frozenset(words["weekdays"]) | _CALENDAR_HINTS
        # Words a date pattern's anchor must reject: numbers that are not years, punctuation,
        # small number words, and the relative, partitive and preposition words that also open
        # plain phrases ("nineteen" and "eighteen" stay: they open years).
        small = [w for w, n in words["numbers"].items() if n is None or n <= 12]
        common = [*_COMMON, *small, *words["relative"], *words["partitive"], *words["outside"]]
        rows = _load_patterns(base / "date_patterns.jsonl")
        self.matcher = AnchoredMatcher(nlp.vocab, [(row["id"], row["pattern"]) for row in rows], common)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        self.set_annotations(doc, matches)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        """Candidate spans, trimmed and filtered, longest first wins."""
        spans = []
        for match_id, start, end in self.matcher(doc):
            rule = doc.vocab.strings[match_id]
            if rule == "holiday":
                start, end = _holiday_frame(doc, start, end)
            span = self._trim(doc, start, end, rule)
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
        """Two point dates joined by "to", "-", "through" or "between … and" are one interval.

        "between" stays in the span of a "between … and" interval (it is what makes "and" a range
        separator), and "now" or "today" may stand for one end ("between now and November 15th").
        """
        out: list[Span] = []
        for span in sorted(spans, key=lambda s: s.start):
            if span.id_ in _POINT_RULES and (widened := self._now_range(doc, span)) is not None:
                span = widened
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
                between = doc[prev.end].lower_ == "and"
                out[-1] = Span(doc, prev.start - between, span.end, label=SPANS_KEY, span_id="range")
            else:
                out.append(span)
        return out

    @staticmethod
    def _now_range(doc: Doc, span: Span) -> Span | None:
        """ "between now and <date>", "between <date> and now": the interval with the present."""
        a, b = span.start, span.end
        if a >= 3 and [t.lower_ for t in doc[a - 3 : a]] in (
            ["between", "now", "and"],
            ["between", "today", "and"],
        ):
            return Span(doc, a - 3, b, label=SPANS_KEY, span_id="range")
        if (
            a >= 1
            and b + 1 < len(doc)
            and doc[a - 1].lower_ == "between"
            and doc[b].lower_ == "and"
            and doc[b + 1].lower_ in ("now", "today")
        ):
            return Span(doc, a - 1, b + 2, label=SPANS_KEY, span_id="range")
        return None

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: s.start)

    def _trim(self, doc: Doc, start: int, end: int, rule: str) -> Span | None:
        while start < end and (doc[start].lower_ in self.outside or doc[start].is_punct):
            if doc[start].lower_ == "between" and any(t.lower_ == "and" for t in doc[start:end]):
                break  # "between 1985 and 1987": "between" is what makes "and" a range separator
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
            tail = [t.lower_ for t in doc[start + 2 : end]]
            if (
                tail and tail[-1] in self.units and "of" not in tail
            ):  # "the next year", "the past three years"
                return None
        # "the 18th" alone is a day of a month only as a complement ("on the 18th."), not "the 5th summit"
        if (
            rule == "month_day"
            and first.lower_ == "the"
            and end - start == 2
            and (
                before is None
                or before.lower_ not in ("on", "by", "until", "for")
                or (end < len(doc) and not doc[end].is_punct)
            )
        ):
            return None
        if (
            rule == "deictic"
            and doc[end - 1].lower_ in ("before", "after")
            and end < len(doc)
            and not doc[end].is_punct
        ):
            return None  # "the day before the plunge": a day named by an event, not by the calendar
        if before is not None and before.is_currency and first.like_num:
            return None  # "$12 December 27": the number after a currency sign is an amount
        # a fraction after a number or a price: "2 1/2", "$35 3/4"
        if (
            rule == "iso"
            and end - start == 1
            and "/" in first.text
            and before is not None
            and (before.like_num or before.text == "$")
        ):
            return None
        if rule == "iso" and end - start == 1 and _FRACTION.fullmatch(first.text):
            return None  # "eased 1/8", "fell 7/8": a price fraction, not January 8 or July 8
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
