"""The grammar of calendar points: digit forms, years in words, parts of years, weeks, units.

``_point`` reads one calendar point (not an interval) from cleaned lower-case text: "2025-10-29",
"the third quarter of 2025", "the week of March 3", "five years ago", "that same year". Named
forms (months and weekdays, holidays) are read by ``pipeline.normalise.date_named``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.normalise import date_named
from pipeline.normalise.date_values import (
    _GRAIN,
    _V,
    Tense,
    _at,
    _choose_year,
    _coarsen,
    _day,
    _mk_day,
    _month,
    _month_stem_re,
    _num,
    _ordinal,
    _shift,
    _week,
    _words,
    _year,
)


def _numeric(t: str) -> _V | None:
    """Digit forms: 2025-10-29, 20161016, 2015-3, 10/22/2016, 22/04, Oct/2, 2019/aug/01."""
    t = t.replace(" ", "")
    mo = _month_stem_re()
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
    base: _V | None
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
    if (v := date_named._holiday(t, pub, tense)) is not None:
        return v
    if t in w["deictic"]:
        return _day(pub + timedelta(days=w["deictic"][t])) if pub else None
    if t in ("the day before yesterday", "the day after tomorrow"):
        return _day(pub + timedelta(days=-2 if "before" in t else 2)) if pub else None
    if m := re.fullmatch(r"(?:the )?(?:day )?(before|after) (?:yesterday|today|tomorrow)", t):
        return None
    if m := re.fullmatch(r"the day (before|after)", t):  # the day before the one in discussion
        base = anchor if anchor is not None and anchor.kind == "day" else (_day(pub) if pub else None)
        return _shift(base, "day", 1 if m[1] == "after" else -1) if base is not None else None
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
        if anchor is None or anchor.y is None or _GRAIN.index(anchor.kind) > _GRAIN.index(m[1]):
            return None  # "that day" after a year does not say which day
        return _coarsen(anchor, m[1])
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
    return date_named._point_named(t, pub, tense, anchor)
