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
    if v.wd >= 0 and v.kind == "day" and any(c.start().weekday() == v.wd for c in cands):
        cands = [c for c in cands if c.start().weekday() == v.wd]
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
    if m := re.fullmatch(rf"({mo})\.?-(\d{{4}})-(\d{{1,2}})", t):
        return _mk_day(int(m[2]), _month(m[1]) or 0, int(m[3]))
    if m := re.fullmatch(rf"({mo})\.?(\d{{1,2}}),(\d{{4}})", t):
        return _mk_day(int(m[3]), _month(m[1]) or 0, int(m[2]))
    if m := re.fullmatch(rf"({mo})\.?[-/,]?(\d{{4}})", t):
        return _V("month", int(m[2]), _month(m[1]) or 0)
    if m := re.fullmatch(rf"({mo})\.?[/-]?(\d{{1,2}})", t):
        return _mk_day(None, _month(m[1]) or 0, int(m[2]))
    return None


def _year_words(t: str) -> int | None:
    """ "2025", "the year 2025", "nineteen ninety six", "two thousand and fifteen"."""
    t = re.sub(r"^(?:the )?(?:year |calendar |fiscal )?(?:of )?", "", t)
    if y := (_year(t) if len(t) == 4 else None):
        return y
    if m := re.fullmatch(r"two thousand(?: and)?(?: (.+))?", t):
        rest = _num(m[1]) if m[1] else 0
        return 2000 + rest if rest is not None and rest < 100 else None
    if m := re.fullmatch(r"(nineteen|eighteen|twenty) (.+)", t):
        hi, lo = _num(m[1]), _num(m[2].replace("-", " "))
        return hi * 100 + lo if hi and lo is not None and 10 <= lo < 100 else None
    return None


def _container(t: str, pub: date | None, tense: Tense, anchor: _V | None) -> _V | None:
    """The year (or month) a part of a period is taken from: "2020", "next year", "the year"."""
    if not t:
        if anchor is not None and anchor.y is not None:
            return _V("year", anchor.y)
        return _V("year", pub.year) if pub else _V("year", None)
    v = _point(t, pub, tense, anchor)
    return v


_REL_UNIT = re.compile(r"(?:the )?(\w+)(?: calendar| fiscal)? (day|week|month|quarter|year|decade)")
_THAT_UNIT = re.compile(r"(?:that|the same|that same|this same) (day|week|month|quarter|year|decade)")
_AGO = re.compile(
    r"(?:(?:almost|nearly|about|some|just) )?(.+?) "
    r"(day|week|month|quarter|year|decade)s? (ago|earlier|later|before|after)"
)
_FROM_DEICTIC = re.compile(r"(.+?) (day|week|month|year)s? (from|after|before) (today|tomorrow|yesterday)")
_GRAIN = ["day", "week", "month", "quarter", "half", "year", "decade"]


def _coarsen(v: _V, unit: str) -> _V:
    if v.y is None or _GRAIN.index(v.kind) >= _GRAIN.index(unit):
        return v
    return _at(v.start(), unit) if unit != "week" else _week(v.start())


def _part_of(kind: str, n: int, t: str, pub: date | None, tense: Tense, anchor: _V | None) -> _V | None:
    """ "the third quarter of 2025", "the first half" (no year: the tense decides), "H1 2019"."""
    if n == -1:
        n = 4 if kind == "quarter" else 2
    if not 1 <= n <= (4 if kind == "quarter" else 2):
        return None
    if not t:
        return _choose_year(_V(kind, None, n=n, yearless=True), pub, tense)
    c = _container(t, pub, tense, anchor)
    if c is None or c.kind != "year":
        return None
    return _V(kind, c.y, n=n)


def _year_ago_quarter(n: int | None, pub: date | None, tense: Tense, anchor: _V | None) -> _V | None:
    """ "the year-ago (third) quarter": that quarter of the year before the one in discussion."""
    if anchor is not None and anchor.kind == "quarter" and anchor.y is not None:
        base = anchor
    elif pub is not None:
        base = _shift(_at(pub, "quarter"), "quarter", -1)
    else:
        return None
    if base is None or base.y is None:
        return None
    if n is not None and not 1 <= n <= 4:
        return None
    return _V("quarter", base.y - 1, n=n or base.n)


def _months_of(first: bool, k: int, t: str, pub: date | None, tense: Tense, anchor: _V | None) -> str | None:
    """ "the first six months of 2020" → 2020-H1; "the first nine months" → YYYY-01/YYYY-09."""
    c = _container(t, pub, tense, None) if t else (_V("year", pub.year) if pub else _V("year", None))
    if c is None or c.kind != "year" or not 1 <= k <= 12:
        return None
    exact = {3: ("quarter", 1, 4), 6: ("half", 1, 2), 12: ("year", 0, 0)}
    if k in exact:
        kind, a, b = exact[k]
        return _V(kind, c.y, n=a if first else b).fmt()
    lo, hi = (1, k) if first else (13 - k, 12)
    return f"{_V('month', c.y, lo).fmt()}/{_V('month', c.y, hi).fmt()}"


def _point(t: str, pub: date | None, tense: Tense, anchor: _V | None) -> _V | None:
    """One calendar point (not an interval); yearless months and days keep ``yearless``."""
    w = _words()
    t = t.strip(" ,")
    if t in w["deictic"]:
        return _day(pub + timedelta(days=w["deictic"][t])) if pub else None
    if t in ("the day before yesterday", "the day after tomorrow"):
        return _day(pub + timedelta(days=-2 if "before" in t else 2)) if pub else None
    if m := re.fullmatch(r"(?:the )?(?:day )?(before|after) (?:yesterday|today|tomorrow)", t):
        return None
    part = (
        r"early|late|mid|earlier|later|the (?:end|beginning|start|middle|close|turn) of"
        r"|(?:earlier|later|early|late) in"
    )
    if m := re.fullmatch(rf"({part})[ -](?:the (?=\w+ (?:of|\d)))?(.+)", t):
        inner = m[2]
        if m[1].endswith(" in") and inner in ("day", "week", "month", "quarter", "year"):
            inner = "the " + inner
        return _point(inner, pub, tense, anchor)
    if m := re.fullmatch(r"(?:fiscal|calendar|financial) (.+)", t):
        return _point(m[1], pub, tense, anchor)
    if (v := _numeric(t)) is not None:
        return v
    if (y := _year_words(t)) is not None:
        return _V("year", y)
    if m := re.fullmatch(r"(?:the )?(?:(\d{2})|'|’)?(\d)0'?s", t):
        century = int(m[1]) if m[1] else (20 if pub and int(m[2]) * 10 + 2000 <= pub.year else 19)
        return _V("decade", None, n=century * 10 + int(m[2]))
    # quarters and halves
    if m := re.fullmatch(r"(?:the )?(?:comparable )?year-(?:ago|earlier) (?:(\w+)[ -])?quarter", t):
        return _year_ago_quarter(_ordinal(m[1]) if m[1] else None, pub, tense, anchor)
    if m := re.fullmatch(r"(?:the )?(\d{4}) (?:(\w+)[ -])?quarter", t):
        n = (
            _ordinal(m[2])
            if m[2]
            else (anchor.n if anchor is not None and anchor.kind == "quarter" else None)
        )
        return _V("quarter", int(m[1]), n=n) if n is not None and 1 <= n <= 4 else None
    if m := re.fullmatch(r"(?:the )?(?:fiscal )?(\w+)[ -](quarter|half)(?: of)?(?: (.+))?", t):
        n = _ordinal(m[1])
        if n is not None and (n != -1 or m[3]):
            return _part_of(m[2], n, m[3] or "", pub, tense, anchor)
    if m := re.fullmatch(r"([qh])([1-4])(?:[ -]?(\d{4}))?|(\d{4})[ -]?([qh])([1-4])", t):
        kind = "quarter" if (m[1] or m[5]) == "q" else "half"
        return _part_of(kind, int(m[2] or m[6]), m[3] or m[4] or "", pub, tense, anchor)
    # weeks
    if m := re.fullmatch(r"(?:the )?week (\d{1,2})", t):
        if pub is None or not 1 <= int(m[1]) <= 53:
            return None
        return _week(date.fromisocalendar(pub.year, int(m[1]), 1))
    if (m := re.fullmatch(r"(?:the )?(\w+) week of (.+)", t)) and _ordinal(m[1]) is not None:
        n, c = _ordinal(m[1]) or 1, _point(m[2], pub, tense, anchor)
        if c is None or c.kind not in ("month", "year") or (c.y is None and not c.yearless):
            return None
        c = _choose_year(c, pub, tense)
        if c.y is None:
            return None
        thursday = c.start() + timedelta(days=3) if n > 0 else c.end() - timedelta(days=3)
        return _week(thursday + timedelta(days=7 * (n - 1 if n > 0 else 0)))
    if m := re.fullmatch(r"(?:w/c|(?:the )?week (?:of|beginning|starting|commencing)(?: on)?) (.+)", t):
        c = _point(m[1], pub, tense, anchor)
        if c is None or c.kind != "day":
            return None
        c = _choose_year(c, pub, tense)
        return _week(c.start()) if c.y is not None else None
    if m := re.fullmatch(r"(?:(this|last|next|the) )?weekend", t):
        if pub is None:
            return None
        rel = w["relative"].get(m[1] or "this", 0)
        sat = pub - timedelta(days=pub.weekday()) + timedelta(days=5 + 7 * rel)
        return _V("weekend", sat.year, sat.month, sat.day)
    # anaphora and relative units
    if m := _THAT_UNIT.fullmatch(t):
        return _coarsen(anchor, m[1]) if anchor is not None and anchor.y is not None else None
    if m := re.fullmatch(r"(?:the )?(?:latest|most recent|last reported) quarter", t):
        return _shift(_at(pub, "quarter"), "quarter", -1) if pub else None
    if m := re.fullmatch(r"the (day|week|month|quarter|year)", t):
        if pub is None:
            return None
        if m[1] == "quarter" and tense == "past":
            return _shift(_at(pub, "quarter"), "quarter", -1)
        return _at(pub, m[1])
    if m := _REL_UNIT.fullmatch(t):
        rel = w["relative"].get(m[1])
        if rel is None:
            return None
        if t.startswith("the ") and m[1] in ("following", "next", "previous", "prior") and anchor is not None:
            return _shift(_coarsen(anchor, m[2]), m[2], rel) if anchor.y is not None else None
        return _shift(_at(pub, m[2]), m[2], rel) if pub else None
    if m := _FROM_DEICTIC.fullmatch(t):
        k = _num(m[1])
        if k is None or pub is None:
            return None
        base = _day(pub + timedelta(days=w["deictic"][m[4]]))
        return _shift(base, m[2], -k if m[3] == "before" else k)
    if m := _AGO.fullmatch(t):
        k = _num(m[1])
        if k is None:
            return None
        sign = 1 if m[3] in ("later", "after") else -1
        if m[3] in ("earlier", "later", "before", "after") and anchor is not None and anchor.y is not None:
            base = anchor if _GRAIN.index(anchor.kind) <= _GRAIN.index(m[2]) else _coarsen(anchor, m[2])
            return _shift(base, m[2], sign * k)
        return _shift(_at(pub, m[2]), m[2], sign * k) if pub else None
    return _point_named(t, pub, tense, anchor)


def _month_re() -> str:
    return "|".join(sorted((re.escape(k) for k in _words()["months"]), key=len, reverse=True))


def _weekday_re() -> str:
    return "|".join(sorted((re.escape(k) for k in _words()["weekdays"]), key=len, reverse=True))


def _dom(word: str) -> int | None:
    """A day of the month written as a number, an ordinal or number words."""
    n = _ordinal(word)
    if n is None:
        n = _num(word.replace("-", " "))
    return n if n is not None and 1 <= n <= 31 else None


def _point_named(t: str, pub: date | None, tense: Tense, anchor: _V | None) -> _V | None:
    """Forms with month or weekday names: "Monday, October 27", "the 4th of July", "last June"."""
    w = _words()
    mo, wd = _month_re(), _weekday_re()
    yr = r"(?:,? ?(?:of |in )?('\d{2}|\d{4})|,? of (\d{2}))?"
    if m := re.fullmatch(rf"({wd})\.?(?:, ?| )(?:the )?(.+)", t):
        rest = m[2].strip(" ,")
        v = (
            _point(rest, pub, tense, anchor)
            if re.search(rf"\d|\b(?:{mo})\b|\w+(?:st|nd|rd|th)\b", rest)
            else None
        )
        if v is not None and v.kind == "day":
            return replace(v, wd=w["weekdays"][m[1]]) if v.yearless else v
        day = _dom(rest)
        if day is not None and pub is not None:
            return _weekday_in_month(w["weekdays"][m[1]], day, pub, tense)
        if m2 := re.fullmatch(r"(?:of )?(this|last|next|previous|the following) week", rest):
            rel = w["relative"].get(m2[1].replace("the ", ""), 0)
            return _weekday(w["weekdays"][m[1]], pub, tense, rel) if pub else None
        if rest in ("morning", "afternoon", "evening", "night"):
            return _point(m[1], pub, tense, anchor)
    if m := re.fullmatch(
        rf"(this|last|next|previous|coming|following|past)(?: week)?(?: on)?,? ?-? ?({wd})", t
    ):
        return _weekday(w["weekdays"][m[2]], pub, tense, w["relative"][m[1]]) if pub else None
    if m := re.fullmatch(rf"({wd})", t):
        return _weekday(w["weekdays"][m[1]], pub, tense, None) if pub else None
    if m := re.fullmatch(rf"(this|last|next|previous|coming|following|past) ({mo})", t):
        mon, rel = w["months"][m[2]], w["relative"][m[1]]
        if pub is None:
            return _V("month", None, mon)
        y = pub.year + (rel == -1 and mon >= pub.month) * -1 + (rel == 1 and mon <= pub.month) * 1
        return _V("month", y, mon)
    if m := re.fullmatch(rf"({mo}) (this|last|next) year", t):
        return _V("month", pub.year + w["relative"][m[2]], w["months"][m[1]]) if pub else None
    if m := re.fullmatch(rf"(?:the )?(\w+(?:[ -]\w+)?) (?:day )?of ({mo}){yr}", t):
        day = _dom(m[1])
        return _mk_day(_year(m[3] or m[4]) if m[3] or m[4] else None, w["months"][m[2]], day) if day else None
    if m := re.fullmatch(rf"({mo}),? ?(?:the )?(\w+(?:[ -]\w+)?){yr}", t):
        day = _dom(m[2])
        if day is not None and not re.fullmatch(r"\d{4}", m[2]):
            return _mk_day(_year(m[3] or m[4]) if m[3] or m[4] else None, w["months"][m[1]], day)
    if m := re.fullmatch(rf"(\w+(?:[ -]\w+)?) ({mo}){yr}", t):
        day = _dom(m[1])
        if day is not None:
            return _mk_day(_year(m[3] or m[4]) if m[3] or m[4] else None, w["months"][m[2]], day)
    if m := re.fullmatch(rf"(?:the )?({mo}),? ?(?:of |in )?(\d{{4}}|'\d{{2}})|(\d{{4}}) ({mo})", t):
        return _V("month", _year(m[2] or m[3]), w["months"][m[1] or m[4]])
    if (m := re.fullmatch(r"the (\d{1,2})(?:st|nd|rd|th)", t)) and pub is not None:
        return _day_in_month(int(m[1]), pub, tense)
    if m := re.fullmatch(rf"(?:the )?({mo})", t):
        return _V("month", None, w["months"][m[1]], yearless=True)
    return None


def _day_in_month(day: int, pub: date, tense: Tense) -> _V | None:
    """ "the 18th": that day of the month before, of or after publication, by the tense rule."""
    cands = []
    for k in (-1, 0, 1):
        y, mo = divmod(pub.year * 12 + pub.month - 1 + k, 12)
        if 1 <= day <= calendar.monthrange(y, mo + 1)[1]:
            cands.append(date(y, mo + 1, day))
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
    if not cands:
        return None
    past = [d for d in cands if d <= pub]
    future = [d for d in cands if d >= pub]
    if tense == "future" and future:
        return _day(future[0])
    if tense == "past" and past:
        return _day(past[-1])
    return _day(min(cands, key=lambda d: (abs((d - pub).days), d > pub)))


_SEP = re.compile(r"\s*(?:-|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b|\band\b)\s*")


def _interval(t: str, pub: date | None, tense: Tense, anchor: _V | None) -> str | None:
    """ "April 20 to 21", "2025-2030", "Nov 18-Dec 19, 2015", "between Jan 22 and now"."""
    between = t.startswith("between ")
    t = re.sub(r"^(?:between|from) ", "", t)
    for sep in _SEP.finditer(t):
        if sep.group().strip() == "and" and not (between or re.match(r"\d", t)):
            continue  # "and" joins endpoints only in "between X and Y" (the ruler may trim "between")
        a, b = t[: sep.start()].strip(" ,"), t[sep.end() :].strip(" ,")
        if not a or not b:
            continue
        va = _day(pub) if a == "now" and pub else _point(a, pub, tense, anchor)
        vb = _day(pub) if b == "now" and pub else _point(b, pub, tense, anchor)
        if va is not None and vb is None and va.kind in ("day", "month"):
            day = _dom(b)
            if day is None:
                continue
            vb = _mk_day(va.y, va.m, day)
            if vb is not None and va.yearless:
                vb = replace(vb, yearless=True)
        if vb is not None and va is None:
            day = _dom(a)
            if day is None or vb.kind != "day":
                continue
            va = _mk_day(vb.y, vb.m, day)
            if va is not None and vb.yearless:
                va = replace(va, yearless=True)
        if va is None or vb is None or (va.kind != vb.kind and (va.kind, vb.kind) != ("month", "day")):
            continue
        if va.yearless and vb.y is not None and not vb.yearless:
            va = replace(va, y=vb.y, yearless=False)
            if va.start() > vb.start():
                va = replace(va, y=vb.y - 1)
        va = _choose_year(va, pub, tense)
        if vb.yearless:
            vb = replace(vb, y=va.y, yearless=False)
            if va.y is not None and vb.end() < va.start():
                vb = replace(vb, y=va.y + 1)
        if va.y is not None and vb.y is not None and vb.end() < va.start():
            continue
        if va.kind == "year" and vb.kind == "year" and va.y == vb.y:
            continue
        return f"{va.fmt()}/{vb.fmt()}"
    return None


def _clean(text: str) -> str:
    t = text.lower().replace("–", "-").replace("—", "-").replace("’", "'").replace("‘", "'")
    t = re.sub(r"[()\[\]]", " ", t)
    t = re.sub(r"\s*([-/])\s*(?=\d)", r"\1", t) if re.fullmatch(r"[\d\s/.-]+", t.strip()) else t
    t = re.sub(r"\s+", " ", t).strip(" ,;:=")
    t = re.sub(r"'s$", "", t).strip()
    t = re.sub(r" ,", ",", t)
    t = re.sub(r"^the year (?=\d)", "", t)
    outside = _words()["outside"]
    while (parts := t.split(" ", 1)) and len(parts) == 2 and parts[0] in outside and parts[0] != "between":
        t = parts[1]
    if t.endswith(".") and t[:-1].split(" ")[-1] + "." not in _words()["months"]:
        t = t[:-1]
    return t


@functools.lru_cache(maxsize=4096)
def _parse_anchor(anchor: str | None) -> _V | None:
    """An anchor value string (``2016``, ``2016-08``, ``1989-Q3``…) back into a value."""
    if not anchor:
        return None
    a = anchor.split("/")[0]
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", a):
        return _V("quarter", int(m[1]), n=int(m[2]))
    if m := re.fullmatch(r"(\d{4})-H([12])", a):
        return _V("half", int(m[1]), n=int(m[2]))
    if m := re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", a):
        if m[3]:
            return _mk_day(int(m[1]), int(m[2]), int(m[3]))
        return _V("month", int(m[1]), int(m[2])) if m[2] else _V("year", int(m[1]))
    return None


@functools.lru_cache(maxsize=65536)
def normalise_date(
    text: str, published: date | None, tense: Tense = None, anchor: str | None = None
) -> str | None:
    """The FACTS.md value of one date expression, or ``None`` when it is not a calendar reference.

    >>> from datetime import date
    >>> normalise_date("Monday, October 27", date(2025, 10, 29), "past")
    '2025-10-27'
    >>> normalise_date("2025–2030", date(2025, 10, 29))
    '2025/2030'
    >>> normalise_date("that same year", date(2025, 11, 8), anchor="2016")
    '2016'
    >>> normalise_date("five years ago", date(2025, 11, 8))
    '2020'
    """
    try:
        t = _clean(text)
        if not t or len(t) > 80:
            return None
        anc = _parse_anchor(anchor)
        if m := re.fullmatch(r"(?:the )?(first|last) (\w+) (months|quarters)(?: of (.+))?", t):
            k = _num(m[2])
            if k and m[3] == "quarters":
                k = 3 * k if k <= 4 else 0
            return _months_of(m[1] == "first", k, m[4] or "", published, tense, anc) if k else None
        v = _point(t, published, tense, anc)
        if v is None:
            out = _interval(t, published, tense, anc)
            return out if out is not None else _fallback(t, published, tense)
        v = _choose_year(v, published, tense)
        if v.kind == "weekend":
            s = v.start()
            return f"{s.isoformat()}/{(s + timedelta(days=1)).isoformat()}"
        if v.kind == "week" and v.y is None:
            return None
        return v.fmt()
    except (ValueError, OverflowError, KeyError, IndexError, TypeError, AttributeError):
        return None


@functools.cache
def _parser(published: date, prefer: str) -> Any:
    from dateparser.date import DateDataParser

    base = datetime(published.year, published.month, published.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "STRICT_PARSING": False}
    return DateDataParser(languages=["en"], settings=settings)


def _fallback(t: str, published: date | None, tense: Tense) -> str | None:
    """dateparser for the forms the grammar does not cover, keeping its granularity."""
    if published is None or not re.search(rf"\d|\b(?:{_month_re()})\b", t) or re.fullmatch(r"[\d.,/]+", t):
        return None
    if re.search(r"\b(?:days?|weeks?|months?|years?|decades?|hours?|minutes?|old|anniversary)\b", t):
        return None  # durations and ages: dateparser would read "3 years" as three years ago
    prefer = {"past": "past", "future": "future"}.get(tense or "", "current_period")
    data = _parser(published, prefer).get_date_data(t)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    return {"day": _day(d), "month": _V("month", d.year, d.month), "year": _V("year", d.year)}.get(
        data.period or "day", _day(d)
    ).fmt()
