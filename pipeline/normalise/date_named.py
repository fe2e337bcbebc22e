"""Named calendar forms: month and weekday names ("Monday, October 27", "the 4th of July").

Split from the grammar of points so that each module stays small; ``_point_named`` calls back
into ``pipeline.normalise.date_grammar._point`` for the date after a weekday.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import date, timedelta

from pipeline.normalise import date_grammar
from pipeline.normalise.date_values import (
    _V,
    Tense,
    _day,
    _day_in_month,
    _dom,
    _mk_day,
    _month_re,
    _pick_day,
    _weekday,
    _weekday_in_month,
    _weekday_re,
    _words,
    _year,
)


def _holiday_in(spec: str | list[int], year: int) -> date | None:
    """The day of a holiday in ``year``: fixed ``"MM-DD"`` or ``[month, weekday, n, offset]``.

    >>> _holiday_in([11, 3, 4, 0], 1999)  # Thanksgiving: the fourth Thursday of November
    datetime.date(1999, 11, 25)
    >>> _holiday_in([5, 0, -1, 0], 2019)  # Memorial Day: the last Monday of May
    datetime.date(2019, 5, 27)
    """
    if isinstance(spec, str):
        mm, dd = spec.split("-")
        return date(year, int(mm), int(dd))
    month, wd, n, offset = spec
    if n > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
    else:  # the last such weekday of the month
        nxt = date(year + month // 12, month % 12 + 1, 1)
        day = nxt - timedelta(days=(nxt.weekday() - wd) % 7 or 7)
    return day + timedelta(days=offset)


_HOLIDAY_YEAR = re.compile(
    r"(?:(this|last|next) )?(.+?)(?:,? (\d{4})| of (this|last|next) year| (this|last|next) year)?"
)


@functools.cache
def _holiday_last_words() -> frozenset[str]:
    return frozenset(name.split()[-1] for name in _words()["holidays"])


def _holiday(t: str, pub: date | None, tense: Tense) -> _V | None:
    """ "Thanksgiving", "last Christmas", "Independence Day of this year", "Labor Day 2019"."""
    holidays = _words()["holidays"]
    if _holiday_last_words().isdisjoint(t.split()):
        return None  # most texts: no holiday name ends in any of their words
    m = _HOLIDAY_YEAR.fullmatch(re.sub(r"^the ", "", t))
    if m is None or m[2] not in holidays:
        return None
    spec, rel = holidays[m[2]], _words()["relative"]
    if m[3]:
        return _day(d) if (d := _holiday_in(spec, int(m[3]))) else None
    if pub is None:
        return None
    if m[4] or m[5]:
        return _day(d) if (d := _holiday_in(spec, pub.year + rel[m[4] or m[5]])) else None
    cands = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _holiday_in(spec, y))]
    if m[1] == "this":
        return _day(cands[1])
    tense = {"last": "past", "next": "future"}.get(m[1] or "", tense)
    return _pick_day(cands, pub, tense)


def _point_named(t: str, pub: date | None, tense: Tense, anchor: _V | None) -> _V | None:
    """Forms with month or weekday names: "Monday, October 27", "the 4th of July", "last June"."""
    w = _words()
    mo, wd = _month_re(), _weekday_re()
    yr = r"(?:,? ?(?:of |in )?('\d{2}|\d{4})|,? of (\d{2}))?"
    if m := re.fullmatch(rf"({wd})\.?(?:, ?| )(?:the )?(.+)", t):
        rest = m[2].strip(" ,")
        v = (
            date_grammar._point(rest, pub, tense, anchor)
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
            return date_grammar._point(m[1], pub, tense, anchor)
    if m := re.fullmatch(
        rf"(?:this )?(this|last|next|previous|coming|following|past)(?: week)?(?: on)?,? ?-? ?({wd})", t
    ):
        if m[1] == "coming" and pub is not None:  # "this coming Sunday": the first one ahead
            return _day(pub + timedelta(days=(w["weekdays"][m[2]] - pub.weekday() - 1) % 7 + 1))
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
    if m := re.fullmatch(rf"(?:the )?(\w+(?:[ -](?!\d\d\d\d\b|of\b|in\b)\w+)?) (?:day )?of ({mo}){yr}", t):
        day = _dom(m[1])
        return _mk_day(_year(m[3] or m[4]) if m[3] or m[4] else None, w["months"][m[2]], day) if day else None
    if m := re.fullmatch(rf"({mo}),? ?(?:the )?(\w+(?:[ -](?!\d\d\d\d\b|of\b|in\b)\w+)?){yr}", t):
        day = _dom(m[2])
        if day is not None and not re.fullmatch(r"\d{4}", m[2]):
            return _mk_day(_year(m[3] or m[4]) if m[3] or m[4] else None, w["months"][m[1]], day)
    if m := re.fullmatch(rf"(\w+(?:[ -](?!\d\d\d\d\b|of\b|in\b)\w+)?) ({mo}){yr}", t):
        day = _dom(m[1])
        if day is not None:
            return _mk_day(_year(m[3] or m[4]) if m[3] or m[4] else None, w["months"][m[2]], day)
    if (m := re.fullmatch(rf"({mo}),? (\w+ \w+(?:[ -]\w+)?)", t)) and (y := date_grammar._year_words(m[2])):
        return _V("month", y, w["months"][m[1]])  # "January nineteen ninety-seven"
    if m := re.fullmatch(rf"(?:the )?({mo}),? ?(?:of |in )?(\d{{4}}|'\d{{2}})|(\d{{4}}) ({mo})", t):
        return _V("month", _year(m[2] or m[3]), w["months"][m[1] or m[4]])
    if (m := re.fullmatch(r"the (\d{1,2})(?:st|nd|rd|th)", t)) and pub is not None:
        return _day_in_month(int(m[1]), pub, tense)
    if m := re.fullmatch(rf"(?:the )?({mo})", t):
        return _V("month", None, w["months"][m[1]], yearless=True)
    return None
