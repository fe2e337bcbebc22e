"""Date facts: the ruler's spans, valued by the date normaliser with the article's context.

The context for each span is explicit: the publication date, a tense hint read from the words of
the clause around the span (no parser: the nearest cue from ``models/date_cues.json`` wins;
a headline or caption with no cue reads as past, FACTS.md), and an anchor (the last value found
before the span) for references back such as "that same year" or "a year earlier".
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from spacy.tokens import Doc

from pipeline.facts.text import article_text
from pipeline.normalise.dates import normalise_date
from pipeline.schema import Article, DateFact
from pipeline.settings import DEFAULT_MODELS_DIR

_SENTENCE_END = re.compile(r"[.!?\n]\s|\n")
_CLAUSE_BREAK = re.compile(r"[,;:(]\s|\s[-–—]+\s|\s\)")
# A date after these is a target or deadline: the verb's tense does not place it.
_DEADLINE = frozenset(["to", "through", "before"])
# A deadline ("by Jan. 14", "until March 6", "payable Dec. 1") lies ahead of the news that sets it.
_AHEAD = frozenset(["by", "until", "till", "effective", "payable", "expire", "expires", "due", "record"])
# "the Nov. 1 deadline": a date that names a deadline lies ahead.
_AHEAD_AFTER = frozenset(["deadline"])
# Past cues that are never participles: they mark the past after any word.
_PAST_DEADLINE = re.compile(r"\bhad\b(?! been)", re.IGNORECASE)  # "had been set to expire" looks ahead
_FINITE_PAST = frozenset(["was", "were", "did", "had", "ago", "has been", "have been"])
_NOT_PAST_BEFORE = frozenset(
    [
        "be",
        "been",
        "being",
        "is",
        "are",
        "am",
        "was",
        "were",
        "to",
        "will",
        "would",
        "must",
        "can",
        "could",
        "may",
        "might",
        "should",
        "get",
        "gets",
        "has",
        "have",
        "had",
        "'s",
        "not",
        "also",
        # a determiner before a word in -ed makes it an adjective ("the revised plan")
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
    ]
)


@functools.cache
def _cues() -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    """One regex over every cue phrase, and the tense of each."""
    data: dict[str, Any] = json.loads((DEFAULT_MODELS_DIR / "date_cues.json").read_text(encoding="utf-8"))
    tense = {c: "future" for c in data["future"]} | {c: "past" for c in data["past"]}
    words = sorted(tense, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    rx = re.compile(rf"(?<![\w'’])(?:{alt})(?![\w])|\b[a-z]{{3,}}ed\b", re.IGNORECASE)
    return rx, tense, frozenset(data["not_past_suffix"])


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``, found from punctuation and line breaks."""
    left = max(text.rfind(c, 0, start) for c in (". ", "! ", "? ", "\n"))
    left = 0 if left < 0 else left + 1
    m = _SENTENCE_END.search(text, end)
    return left, m.start() + 1 if m else len(text)


def clause_bounds(text: str, start: int, end: int, left: int, right: int) -> tuple[int, int]:
    """The clause around the span inside its sentence ``[left, right)``: cut at , ; : and dashes."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, left, start)]
    lo = breaks[-1] if breaks else left
    m = _CLAUSE_BREAK.search(text, end, right)
    return lo, m.start() if m else right


def tense_hint(text: str, start: int, end: int) -> str | None:
    """ "past", "future" or None, from the cue nearest to the span in its clause.

    A date governed by a deadline word ("by Jan. 14", "until March 6") lies ahead; one after "to",
    "through" or "before" ("extended to Nov. 16") is a target whatever the verb's tense, so the
    tense is left open there (the nearest reading wins).
    """
    left, right = sentence_bounds(text, start, end)
    before = text[max(left, start - 16) : start].lower().split()
    if before and before[-1] in _AHEAD:
        # "had filed reports by Wednesday", "until Thursday, they had not called him": a deadline
        # in a past-perfect sentence is behind; any other deadline is ahead
        behind = before[-1] in ("by", "until", "till") and _PAST_DEADLINE.search(text, left, right)
        return "past" if behind else "future"
    if before and before[-1] == "since":
        return "past"  # "on patrol since March"
    after = text[end : min(right, end + 12)].lower().split()
    if after and after[0].strip(",.") in _AHEAD_AFTER:
        return "future"
    if before and before[-1] in _DEADLINE:
        return None
    c_left, c_right = clause_bounds(text, start, end, left, right)
    # the clause first; a clause with no verb cue ("In January, the company …") takes the sentence's
    best = _nearest_cue(text, start, end, c_left, c_right, left) or _nearest_cue(
        text, start, end, left, right, left
    )
    if best is not None:
        return best
    line = text[left:right].strip()
    if line and not line.endswith((".", "!", "?", '"', "”")):
        return "past"  # a headline or caption: its present tense reads as past
    return None


def _nearest_cue(text: str, start: int, end: int, lo: int, hi: int, left: int) -> str | None:
    """The tense of the cue in ``[lo, hi)`` nearest to the span, or ``None`` when there is none.

    A participle after be/have/a modal/to ("will be paid", "would still be held") is passive or
    perfect, not a past verb, whether it is a listed cue or any other word in -ed.
    """
    rx, tense, not_past = _cues()
    best: tuple[int, str | None] | None = None
    for m in rx.finditer(text, lo, hi):
        if start <= m.start() < end:
            continue
        word = m.group().lower()
        t = tense.get(word) or tense.get(word.replace("’", "'"))
        if t != "future" and word not in _FINITE_PAST:
            prev = text[max(left, m.start() - 12) : m.start()].lower().split()
            if word in not_past or (prev and prev[-1] in _NOT_PAST_BEFORE):
                continue
            t = "past"
        dist = start - m.end() if m.end() <= start else m.start() - end
        if best is None or dist < best[0]:
            best = (dist, t)
    return best[1] if best is not None else None


def date_facts(doc: Doc, article: Article) -> list[DateFact]:
    """One fact per date span that has a value, in text order."""
    facts: list[DateFact] = []
    anchor: str | None = None
    text = article_text(doc, article)
    for span in sorted(doc.spans.get("date", []), key=lambda s: s.start_char):
        start, end = span.start_char, span.end_char
        value = normalise_date(span.text, article.published, tense_hint(text, start, end), anchor)
        if value is None:
            continue
        if len(span) > 1 and span[0].lower_ == "between":
            # The ruler keeps "between" so the normaliser reads "and" as a range; FACTS.md keeps
            # prepositions outside the fact's span.
            start = span[1].idx
        facts.append(
            DateFact(
                article_id=article.id, text=text[start:end], start=start, end=end, value=value, rule=span.id_
            )
        )
        if "X" not in value:
            anchor = value
    return facts
