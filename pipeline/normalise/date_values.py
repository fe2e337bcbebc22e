"""The value type of the date normaliser, calendar arithmetic, and the choice of a year.

``_V`` is one calendar value (a day, week, month, quarter, half, year or decade) with its
FACTS.md format; the functions here move values by units, find the unit around a day, and
choose the year of a yearless month or day by FACTS.md's tense rule. The word lookups
(numbers, ordinals, months, two-digit years) read ``models/date_words.json`` once.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from pipeline.settings import DEFAULT_MODELS_DIR

Tense = str | None


@functools.cache
def _words() -> dict[str, Any]:
    """The date lexicon, loaded once per process."""
    with (DEFAULT_MODELS_DIR / "date_words.json").open(encoding="utf-8") as f:
        return json.load(f)


@dataclass(frozen=True)
class _V:
    """One calendar value; ``y is None`` means the year is unknown (written ``XXXX``)."""

    kind: str  # day | month | year | quarter | half | decade | week
    y: int | None
    m: int = 0
    d: int = 0
    n: int = 0  # quarter, half or decade digit
    yearless: bool = False  # the text gave no year: resolve by tense
    wd: int = -1  # a weekday written with the date ("Wednesday (Mar 26)") picks the year

    def start(self) -> date:
        y = self.y or 2000
        if self.kind in ("day", "week", "weekend"):
            return date(y, self.m, self.d)
        if self.kind == "month":
            return date(y, self.m, 1)
        if self.kind == "quarter":
            return date(y, 3 * self.n - 2, 1)
        if self.kind == "half":
            return date(y, 6 * self.n - 5, 1)
        return date(y, 1, 1)

    def end(self) -> date:
        y = self.y or 2000
        if self.kind == "day":
            return self.start()
        if self.kind in ("week", "weekend"):
            return self.start() + timedelta(days=6 if self.kind == "week" else 1)
        last_m = {"month": self.m, "quarter": 3 * self.n, "half": 6 * self.n}.get(self.kind, 12)
        return date(y, last_m, calendar.monthrange(y, last_m)[1])

    def fmt(self) -> str:
        y = f"{self.y:04d}" if self.y is not None else "XXXX"
        if self.kind == "day":
            return f"{y}-{self.m:02d}-{self.d:02d}"
        if self.kind == "month":
            return f"{y}-{self.m:02d}"
        if self.kind == "quarter":
            return f"{y}-Q{self.n}"
        if self.kind == "half":
            return f"{y}-H{self.n}"
        if self.kind == "decade":
            return f"{self.n:03d}X"
        if self.kind == "week":
            s, e = self.start(), self.end()
            return f"{s.isoformat()}/{e.isoformat()}" if self.y is not None else "XXXX"
        return y


def _day(d: date) -> _V:
    return _V("day", d.year, d.month, d.day)


def _week(d: date) -> _V:
    monday = d - timedelta(days=d.weekday())
    return _V("week", monday.year, monday.month, monday.day)


def _shift(v: _V, unit: str, k: int) -> _V | None:
    """Move ``v`` by ``k`` units (the granularity of the result is the coarser of the two)."""
    if v.y is None:
        return None
    if unit == "year":
        y = v.y + k
        return replace(v, y=y, d=min(v.d, calendar.monthrange(y, v.m or 1)[1]) if v.kind == "day" else v.d)
    if unit == "decade":
        return _V("decade", None, n=(v.y + 10 * k) // 10)
    if unit in ("day", "week"):
        base = v.start() + timedelta(days=k * (7 if unit == "week" else 1))
        return _week(base) if unit == "week" and v.kind == "week" else _day(base)
    months = k * (3 if unit == "quarter" else 1)
    if unit == "quarter" and v.kind in ("quarter", "day", "month", "year"):
        q = (v.start().month - 1) // 3 + 1 if v.kind != "quarter" else v.n
        idx = v.y * 4 + q - 1 + k
        return _V("quarter", idx // 4, n=idx % 4 + 1)
    idx = v.y * 12 + (v.m or 1) - 1 + months
    y, m = divmod(idx, 12)
    if v.kind == "day" and unit == "month":
        return _V("day", y, m + 1, min(v.d, calendar.monthrange(y, m + 1)[1]))
    return _V("month", y, m + 1)


def _at(pub: date, unit: str) -> _V:
    """The unit of the calendar that contains the publication day."""
    if unit == "day":
        return _day(pub)
    if unit == "week":
        return _week(pub)
    if unit == "month":
        return _V("month", pub.year, pub.month)
    if unit == "quarter":
        return _V("quarter", pub.year, n=(pub.month - 1) // 3 + 1)
    if unit == "half":
        return _V("half", pub.year, n=1 if pub.month <= 6 else 2)
    if unit == "decade":
        return _V("decade", None, n=pub.year // 10)
    return _V("year", pub.year)


def _choose_year(v: _V, pub: date | None, tense: Tense) -> _V:
    """A month or day with no year: past → on or before publication, future → on or after, else nearest."""
    if not v.yearless or (v.y is not None and not v.yearless):
        return v
    if pub is None:
        return replace(v, y=None, yearless=False)
    cands = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            c = replace(v, y=y, yearless=False)
            c.end()
        except ValueError:  # Feb 29 in a common year
            continue
        cands.append(c)
    if v.wd >= 0 and v.kind == "day":
        # the weekday picks between the readings just before and just after publication; when
        # neither fits, it is a slip and the tense rule decides ("Tuesday March 7" in 2018)
        near = [c for c in cands if c.start() <= pub][-1:] + [c for c in cands if c.start() > pub][:1]
        fits = [c for c in near if c.start().weekday() == v.wd]
        cands = fits or cands
    if tense == "past":
        ok = [c for c in cands if c.start() <= pub]
        return ok[-1] if ok else cands[0]
    if tense == "future" and v.kind not in ("quarter", "half"):  # "expects to report a Q3 loss"
        ok = [c for c in cands if c.end() >= pub]
        return ok[0] if ok else cands[-1]

    def dist(c: _V) -> int:
        return (
            0 if c.start() <= pub <= c.end() else min(abs((c.start() - pub).days), abs((c.end() - pub).days))
        )

    return min(cands, key=lambda c: (dist(c), c.start() > pub))


def _weekday(wd: int, pub: date, tense: Tense, rel: int | None) -> _V:
    """A weekday: looking back (the publication day counts) unless the text says it is ahead."""
    if rel is not None:  # "last Friday" = Friday of last week, "next Friday" of next week
        monday = pub - timedelta(days=pub.weekday()) + timedelta(days=7 * rel)
        return _day(monday + timedelta(days=wd))
    delta = (pub.weekday() - wd) % 7
    if tense == "future":
        return _day(pub + timedelta(days=(wd - pub.weekday()) % 7))
    return _day(pub - timedelta(days=delta))


_GRAIN = ["day", "week", "month", "quarter", "half", "year", "decade"]


def _coarsen(v: _V, unit: str) -> _V:
    if v.y is None or _GRAIN.index(v.kind) >= _GRAIN.index(unit):
        return v
    return _at(v.start(), unit) if unit != "week" else _week(v.start())


# --- words ----------------------------------------------------------------------------

_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_SUFFIX_RE = re.compile(r"(st|nd|rd|th)$")


def _num(word: str) -> int | None:
    word = word.strip()
    if word.isdigit():
        return int(word)
    w = _words()
    if word in w["numbers"]:
        return w["numbers"][word]
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and all(p in w["numbers"] and w["numbers"][p] for p in parts):
        return w["numbers"][parts[0]] + w["numbers"][parts[1]]
    return None


def _ordinal(word: str) -> int | None:
    word = word.strip()
    w = _words()["ordinals"]
    if word in w:
        return w[word]
    m = re.fullmatch(_ORD, word)
    if m:
        return int(m.group(1))
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[1] in w and _num(parts[0]):
        return (_num(parts[0]) or 0) + w[parts[1]]
    return None


def _month(word: str) -> int | None:
    return _words()["months"].get(word.strip())


def _year(word: str) -> int | None:
    word = word.strip().lstrip("'’")
    if re.fullmatch(r"\d{4}", word) and 1000 <= int(word) <= 2199:
        return int(word)
    if re.fullmatch(r"\d{2}", word):
        return 1900 + int(word) if int(word) >= 40 else 2000 + int(word)
    return None


def _mk_day(y: int | None, m: int, d: int) -> _V | None:
    try:
        date(y or 2000, m, d)
    except ValueError:
        return None
    return _V("day", y, m, d, yearless=y is None)


@functools.cache
def _month_re() -> str:
    return _alternation(_words()["months"])


@functools.cache
def _month_stem_re() -> str:
    """Month names without their abbreviation dot ("sept" for "sept.")."""
    return _alternation({k.rstrip(".") for k in _words()["months"]})


@functools.cache
def _weekday_re() -> str:
    return _alternation(_words()["weekdays"])


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "sept" is tried before "sep")."""
    return "|".join(sorted((re.escape(k) for k in words), key=len, reverse=True))


def _dom(word: str) -> int | None:
    """A day of the month written as a number, an ordinal or number words."""
    n = _ordinal(word)
    if n is None:
        n = _num(word.replace("-", " "))
    return n if n is not None and 1 <= n <= 31 else None


def _day_in_month(day: int, pub: date, tense: Tense) -> _V | None:
    """ "the 18th": that day of the month before, of or after publication, by the tense rule."""
    cands = []
    for k in (-1, 0, 1):
        y, mo = divmod(pub.year * 12 + pub.month - 1 + k, 12)
        if 1 <= day <= calendar.monthrange(y, mo + 1)[1]:
            cands.append(date(y, mo + 1, day))
    return _pick_day(cands, pub, tense)


def _pick_day(cands: list[date], pub: date, tense: Tense) -> _V | None:
    """FACTS.md's choice among readings in date order: past → the latest on or before
    publication, future → the first on or after it, else the nearest (the earlier on a tie).

    >>> _pick_day([date(2024, 12, 25), date(2025, 12, 25)], date(2025, 3, 1), "past").fmt()
    '2024-12-25'
    """
    if not cands:
        return None
    past, future = [d for d in cands if d <= pub], [d for d in cands if d >= pub]
    if tense == "future" and future:
        return _day(future[0])
    if tense == "past" and past:
        return _day(past[-1])
    return _day(min(cands, key=lambda d: (abs((d - pub).days), d > pub)))


def _weekday_in_month(wd: int, day: int, pub: date, tense: Tense) -> _V | None:
    """ "Monday 21": the months around publication whose 21st is a Monday, by the tense rule."""
    cands = []
    for k in range(-12, 13):
        y, mo = divmod(pub.year * 12 + pub.month - 1 + k, 12)
        try:
            d = date(y, mo + 1, day)
        except ValueError:
            continue
        if d.weekday() == wd:
            cands.append(d)
    return _pick_day(cands, pub, tense)
