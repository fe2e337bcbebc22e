"""Date expressions to FACTS.md values, resolved against the publication date.

The span finder hands over the text of one temporal expression; this module turns it into
``2025-10-15``, ``2025-10``, ``2025``, ``2025-Q3``, ``2025-H1``, ``201X`` or an interval
``a/b``. A small grammar of regular expressions covers the forms news uses (exact and fast);
``dateparser`` is the fallback for the rest, with the publication date as ``RELATIVE_BASE``.
Words (months, weekdays, units, ordinals, number words, holidays) come from
``models/date_words.json``. This module holds the public ``normalise_date``, text cleaning and
intervals; the value type and calendar arithmetic are in ``date_values``, the grammar of one
calendar point in ``date_grammar`` and the named forms (months, weekdays, holidays) in
``date_named``.

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

import functools
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from pipeline.normalise.date_grammar import _months_of, _point
from pipeline.normalise.date_values import (
    _V,
    Tense,
    _choose_year,
    _day,
    _dom,
    _mk_day,
    _month_re,
    _num,
    _words,
)

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
        if vb is None and (m := re.fullmatch(r"(.+?),? (\d{4})", b)):  # "5/1-5/7, 2020": one year
            vb = _point(m[1], pub, tense, anchor)
            vb = replace(vb, y=int(m[2]), yearless=False) if vb is not None and vb.yearless else None
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
        if tense == "future" and va.yearless and vb.yearless and pub is not None:
            # an interval is ahead when it has not ended: "will have a vacation 10/1-11/7" (Oct 24)
            va = _choose_year(va, pub, None if _ends_after(va, vb, pub) else tense)
        va = _choose_year(va, pub, tense)
        if vb.yearless:
            vb = replace(vb, y=va.y, yearless=False)
            if va.y is not None and vb.end() < va.start():
                vb = replace(vb, y=va.y + 1)
        if va.y is not None and vb.y is not None and vb.end() < va.start():
            continue
        if va.kind == "year" and vb.kind == "year" and va.y == vb.y:
            continue
        if (va.kind, vb.kind) == ("month", "day") and va.y is not None:  # "Nov-Feb 5th, 2017"
            return f"{va.start().isoformat()}/{vb.fmt()}"
        return f"{va.fmt()}/{vb.fmt()}"
    return None


def _ends_after(va: _V, vb: _V, pub: date) -> bool:
    """Whether the nearest reading of a yearless interval (``va`` to ``vb``) ends on or after ``pub``."""
    a = _choose_year(va, pub, None)
    b = replace(vb, y=a.y, yearless=False)
    if a.y is not None and b.end() < a.start():
        b = replace(b, y=a.y + 1)
    return a.start() <= pub <= b.end()
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
    >>> normalise_date("Thanksgiving Day", date(2000, 1, 7), "past")
    '1999-11-25'
    >>> normalise_date("between now and November 15th", date(2019, 4, 23))
    '2019-04-23/2019-11-15'
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
    if published is None or not re.search(rf"\d|\b(?:{_month_re()})\b", t) or re.fullmatch(r"[\d.,/-]+", t):
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
