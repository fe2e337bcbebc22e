"""Date expressions to FACTS.md values, resolved against the publication date.

The span finder hands over the text of one temporal expression; this module turns it into
``2025-10-15``, ``2025-10``, ``2025``, ``2025-Q3``, ``2025-H1``, ``201X`` or an interval
``a/b``. A small grammar of regular expressions covers the forms news uses (exact and fast);
``dateparser`` is the fallback for the rest, with the publication date as ``RELATIVE_BASE``.
Words (months, weekdays, units, ordinals, number words) come from ``models/date_words.json``.

Context is explicit: ``published`` (may be ``None``: unresolved digits become ``X``), a tense
hint (``"past"``, ``"future"`` or ``None``) for dates that leave the year or week open, and an
optional ``anchor`` value (the last absolute date before the expression) for "that same year".

>>> from datetime import date
>>> normalise_date("yesterday", date(2025, 10, 16))
'2025-10-15'
>>> normalise_date("April 20 to 21", date(2023, 4, 21))
'2023-04-20/2023-04-21'
>>> normalise_date("the first half of next year", date(2025, 10, 16))
'2026-H1'
>>> normalise_date("October 15", None)
'XXXX-10-15'
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
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

    def start(self) -> date:
        y = self.y or 2000
        if self.kind in ("day", "week"):
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
        if self.kind == "week":
            return self.start() + timedelta(days=6)
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
    if not v.yearless or v.y is not None and not v.yearless:
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
    if tense == "past":
        ok = [c for c in cands if c.start() <= pub]
        return ok[-1] if ok else cands[0]
    if tense == "future":
        ok = [c for c in cands if c.end() >= pub]
        return ok[0] if ok else cands[-1]

    def dist(c: _V) -> int:
        return 0 if c.start() <= pub <= c.end() else min(abs((c.start() - pub).days), abs((c.end() - pub).days))

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


# --- the grammar -------------------------------------------------------------------------

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


def _numeric(t: str) -> _V | None:
    """Digit forms: 2025-10-29, 20161016, 2015-3, 10/22/2016, 22/04, Oct/2, 2019/aug/01."""
    t = t.replace(" ", "")
    mo = "|".join(sorted((re.escape(k.rstrip(".")) for k in _words()["months"]), key=len, reverse=True))
    if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", t):
        return _mk_day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})", t):
        return _mk_day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})[-/](\d{1,2})", t):
        return _V("month", int(m[1]), int(m[2])) if 1 <= int(m[2]) <= 12 else None
    if m := re.fullmatch(r"(\d{1,2})[-/](\d{4})", t):
        return _V("month", int(m[2]), int(m[1])) if 1 <= int(m[1]) <= 12 else None
    if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}|\d{2}))?", t):
        a, b, y = int(m[1]), int(m[2]), _year(m[3]) if m[3] else None
        if "." in t and not m[3] and a > 12:
            return None
        mm, dd = (b, a) if a > 12 else (a, b)
        return _mk_day(y, mm, dd)
    if m := re.fullmatch(rf"(\d{{4}})[-/]({mo})\.?[-/](\d{{1,2}})", t):
        return _mk_day(int(m[1]), _month(m[2]) or 0, int(m[3]))
    if m := re.fullmatch(rf"(\d{{4}})[-/](\d{{1,2}})[-/]({mo})\.?", t):
        return _mk_day(int(m[1]), _month(m[3]) or 0, int(m[2]))
    if m := re.fullmatch(rf"(\d{{1,2}})[-/]({mo})\.?[-/](\d{{4}})", t):
        return _mk_day(int(m[3]), _month(m[2]) or 0, int(m[1]))
    if m := re.fullmatch(rf"({mo})\.?[-/](\d{{1,2}})[-/](\d{{4}})", t):
        return _mk_day(int(m[3]), _month(m[1]) or 0, int(m[2]))
    if m := re.fullmatch(rf"({mo})\.?[-/,]?(\d{{4}})", t):
        return _V("month", int(m[2]), _month(m[1]) or 0)
    if m := re.fullmatch(rf"({mo})\.?[/-]?(\d{{1,2}})", t):
        return _mk_day(None, _month(m[1]) or 0, int(m[2]))
    return None
