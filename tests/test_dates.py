"""The date normaliser (tables of cases with fixed publication dates), the ruler and the cues."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.components.dates  # noqa: F401  (registers the factory)
from pipeline.facts.dates import tense_hint
from pipeline.normalise.dates import normalise_date

ROOT = Path(__file__).resolve().parents[1]
D = date

# (text, published, tense, anchor, expected value)
CASES = [
    ("yesterday", D(2025, 10, 16), None, None, "2025-10-15"),
    ("today", D(2025, 11, 7), None, None, "2025-11-07"),
    ("tomorrow", D(2025, 12, 31), None, None, "2026-01-01"),
    ("April 20 to 21", D(2023, 4, 21), None, None, "2023-04-20/2023-04-21"),
    ("from April 20 to 21", D(2023, 4, 21), None, None, "2023-04-20/2023-04-21"),
    ("Monday, October 27", D(2025, 10, 29), "past", None, "2025-10-27"),
    ("Wednesday (Mar 26)", D(2025, 10, 16), None, None, "2025-03-26"),
    ("last year", D(2025, 11, 8), None, None, "2024"),
    ("this year", D(2025, 11, 7), None, None, "2025"),
    ("next month", D(2025, 12, 7), None, None, "2026-01"),
    ("2025–2030", D(2025, 10, 29), None, None, "2025/2030"),
    ("2025-2030", D(2025, 10, 29), None, None, "2025/2030"),
    ("the first half of next year", D(2025, 10, 16), None, None, "2026-H1"),
    ("that same year", D(2025, 11, 8), None, "2016", "2016"),
    ("That same year", D(2025, 11, 8), None, "2016-08", "2016"),
    ("the following month", D(2025, 11, 8), None, "2016-08", "2016-09"),
    ("Q3 2025", D(2025, 1, 2), None, None, "2025-Q3"),
    ("the third quarter of 2025", D(2025, 1, 2), None, None, "2025-Q3"),
    ("the third quarter", D(1989, 10, 26), "past", None, "1989-Q3"),
    ("third-quarter", D(1989, 11, 2), "future", None, "1989-Q3"),
    ("2019 H2", D(2019, 6, 11), None, None, "2019-H2"),
    ("the 2010s", D(2025, 1, 1), None, None, "201X"),
    ("the 1990s", D(2025, 1, 1), None, None, "199X"),
    ("five years ago", D(2025, 11, 8), None, None, "2020"),
    ("two months ago", D(2018, 10, 17), None, None, "2018-08"),
    ("a year earlier", D(1989, 11, 2), None, "1989-Q3", "1988-Q3"),
    ("the first six months of 2020", D(2021, 1, 1), None, None, "2020-H1"),
    ("the first nine months", D(2014, 11, 1), None, None, "2014-01/2014-09"),
    ("the first three months of 2019", D(2021, 1, 1), None, None, "2019-Q1"),
    ("the end of 2020", D(2021, 1, 1), None, None, "2020"),
    ("earlier this month", D(2018, 5, 28), None, None, "2018-05"),
    ("mid-1996", D(2000, 1, 1), None, None, "1996"),
    ("early next year", D(1989, 10, 26), None, None, "1990"),
    ("last week", D(2018, 3, 25), None, None, "2018-03-12/2018-03-18"),
    ("this week", D(2018, 5, 20), None, None, "2018-05-14/2018-05-20"),
    ("Friday", D(2025, 10, 16), "past", None, "2025-10-10"),
    ("Friday", D(2025, 10, 16), None, None, "2025-10-10"),
    ("Friday", D(2025, 10, 16), "future", None, "2025-10-17"),
    ("Thursday", D(2025, 10, 16), None, None, "2025-10-16"),
    ("last Wednesday", D(2019, 1, 31), None, None, "2019-01-23"),
    ("next Friday", D(2019, 1, 31), None, None, "2019-02-08"),
    ("June 11", D(2025, 11, 7), None, None, "2025-06-11"),
    ("June 11", D(2025, 11, 7), "future", None, "2026-06-11"),
    ("December 27", D(2019, 7, 4), "past", None, "2018-12-27"),
    ("Jan. 14", D(2000, 1, 6), None, None, "2000-01-14"),
    ("October 15", None, None, None, "XXXX-10-15"),
    ("last year", None, None, None, None),
    ("August 2016", D(2025, 11, 7), None, None, "2016-08"),
    ("2025-11-08", D(2025, 11, 8), None, None, "2025-11-08"),
    ("2025 - 10 - 29", D(2025, 10, 29), None, None, "2025-10-29"),
    ("Dec. 31 , 1994", D(2018, 5, 1), None, None, "1994-12-31"),
    ("Nov 18-Dec 19, 2015", D(2018, 10, 24), None, None, "2015-11-18/2015-12-19"),
    ("Jan-Feb 2017", D(2018, 10, 24), None, None, "2017-01/2017-02"),
    ("from May to Oct 2020", D(2018, 10, 24), None, None, "2020-05/2020-10"),
    ("10/1/2018 - 10/7/2018", D(2018, 10, 24), None, None, "2018-10-01/2018-10-07"),
    ("between Jan 22 and now", D(2019, 4, 25), None, None, "2019-01-22/2019-04-25"),
    ("the week of April 10th", D(2018, 3, 14), "future", None, "2018-04-09/2018-04-15"),
    ("first week of 2015", D(2018, 11, 29), None, None, "2014-12-29/2015-01-04"),
    ("the last week of july", D(2016, 11, 7), "past", None, "2016-07-25/2016-07-31"),
    ("4th of july of 1995", D(2016, 11, 7), None, None, "1995-07-04"),
    ("nineteen ninety six", D(2018, 6, 26), None, None, "1996"),
    ("20161016", D(2016, 11, 7), None, None, "2016-10-16"),
    ("this year's", D(2025, 11, 7), None, None, "2025"),
    ("05-Aug-2016", D(2016, 11, 7), None, None, "2016-08-05"),
    ("Dec-2018", D(2018, 11, 7), None, None, "2018-12"),
    ("September-2020-23", D(2016, 11, 7), None, None, "2020-09-23"),
    ("Dec31 , 1994", D(2018, 5, 1), None, None, "1994-12-31"),
    ("the year-ago third quarter", D(1989, 11, 2), None, None, "1988-Q3"),
    ("the year-earlier quarter", D(1989, 11, 2), None, "1989-Q3", "1988-Q3"),
    ("the 1988 second quarter", D(1989, 11, 2), None, None, "1988-Q2"),
    ("the last half of 1989", D(1989, 11, 2), None, None, "1989-H2"),
    ("the first two quarters of 1990", D(1989, 11, 2), None, None, "1990-H1"),
    ("the first three quarters", D(2014, 11, 1), None, None, "2014-01/2014-09"),
    ("last February", D(1998, 1, 20), None, None, "1997-02"),
    ("this September", D(1998, 3, 10), None, None, "1998-09"),
    ("nineteen ninety-six", D(2018, 6, 26), None, None, "1996"),
    ("3 days from today", D(2019, 8, 24), None, None, "2019-08-27"),
    ("two days after today", D(2018, 5, 31), None, None, "2018-06-02"),
    ("the 18th", D(2018, 7, 20), "future", None, "2018-08-18"),
    ("the 18th", D(2018, 7, 20), "past", None, "2018-07-18"),
    ("3 and 12 of Sept", D(2016, 11, 7), None, None, "2016-09-03/2016-09-12"),
    ("april to June in 2017", D(2019, 1, 1), None, None, "2017-04/2017-06"),
    ("next week on Tuesday", D(2017, 12, 4), None, None, "2017-12-12"),
    ("monday of the following week", D(2018, 7, 31), None, None, "2018-08-06"),
    ("the last week of this month", D(2021, 10, 13), None, None, "2021-10-25/2021-10-31"),
    # holidays: fixed days and rules ("fourth Thursday of November"), by the tense rule
    ("Thanksgiving Day", D(2000, 1, 7), "past", None, "1999-11-25"),
    ("last Thanksgiving", D(2000, 2, 10), None, None, "1999-11-25"),
    ("Election Day", D(1998, 10, 26), "future", None, "1998-11-03"),
    ("Memorial Day", D(2019, 1, 1), "future", None, "2019-05-27"),
    ("independence day of this year", D(2018, 7, 17), None, None, "2018-07-04"),
    ("Christmas 2019", D(2025, 1, 1), None, None, "2019-12-25"),
    ("Juneteenth", D(2020, 6, 12), None, None, "2020-06-19"),
    # ranges with the present, digit ranges, one year for both ends, mixed granularity
    ("between now and November 15th", D(2019, 4, 23), None, None, "2019-04-23/2019-11-15"),
    ("between Jan 22 and now", D(2019, 4, 25), None, None, "2019-01-22/2019-04-25"),
    ("between today and tomorrow", D(2020, 5, 6), None, None, "2020-05-06/2020-05-07"),
    ("02-02-2020 - 03-03-2020", D(2020, 5, 14), None, None, "2020-02-02/2020-03-03"),
    ("5/1-5/7, 2020", D(2018, 10, 24), "future", None, "2020-05-01/2020-05-07"),
    ("10/1-11/7", D(2018, 10, 24), "future", None, "2018-10-01/2018-11-07"),
    ("Nov-Feb 5th, 2017", D(2018, 10, 24), None, None, "2016-11-01/2017-02-05"),
    ("Nov 18 2014-Dec 19 2015", D(2018, 10, 24), None, None, "2014-11-18/2015-12-19"),
    ("june 26th of 2020 to june the 28th 2020", D(2019, 11, 7), None, None, "2020-06-26/2020-06-28"),
    # number words, digit forms, weekdays with a date
    ("wednesday the thirty first", D(2019, 7, 19), None, None, "2019-07-31"),
    ("february twenty second", D(2019, 4, 25), None, None, "2019-02-22"),
    ("two thousand and fifteen", D(2018, 6, 26), None, None, "2015"),
    ("January nineteen ninety-seven", D(1998, 2, 27), None, None, "1997-01"),
    ("15 April of 87", D(2018, 1, 7), None, None, "1987-04-15"),
    ("2016 10 16", D(2016, 11, 7), None, None, "2016-10-16"),
    ("Tuesday March 7", D(2018, 3, 14), None, None, "2018-03-07"),  # no near reading fits
    ("Tuesday March 7", D(2017, 3, 14), None, None, "2017-03-07"),
    ("this coming Sunday", D(1998, 3, 5), None, None, "1998-03-08"),
    ("coming Thursday", D(2019, 1, 31), None, None, "2019-02-07"),
    ("the day before", D(2018, 11, 8), None, None, "2018-11-07"),
    ("the day after", D(2018, 11, 8), None, "2018-10-01", "2018-10-02"),
    ("that day", D(1989, 10, 30), None, "1987", None),  # a year does not say which day
    ("23-2020", D(2016, 11, 7), None, None, None),
    # not calendar references
    ("three years", D(2025, 1, 1), None, None, None),
    ("35th anniversary", D(2025, 1, 1), None, None, None),
    ("recently", D(2025, 1, 1), None, None, None),
    ("5G", D(2025, 1, 1), None, None, None),
    ("2.0", D(2025, 1, 1), None, None, None),
    ("", D(2025, 1, 1), None, None, None),
]


@pytest.mark.parametrize(
    ("text", "published", "tense", "anchor", "expected"), CASES, ids=[c[0] or "empty" for c in CASES]
)
def test_normalise_date(
    text: str, published: date | None, tense: str | None, anchor: str | None, expected: str | None
) -> None:
    assert normalise_date(text, published, tense, anchor) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60),
    st.sampled_from([None, "past", "future"]),
    st.sampled_from([None, "2016", "1989-Q3", "x"]),
)
def test_normaliser_never_raises(text: str, tense: str | None, anchor: str | None) -> None:
    value = normalise_date(text, date(2025, 10, 16), tense, anchor)
    assert value is None or isinstance(value, str)


@settings(max_examples=100, deadline=None)
@given(
    st.from_regex(
        r"(the |last |next |early |mid-)?(jan|may|march|q[1-5]|h[0-3]|\d{1,4})([ /-]\d{1,4}){0,2}",
        fullmatch=True,
    )
)
def test_normaliser_never_raises_on_date_like_strings(text: str) -> None:
    normalise_date(text, date(2025, 10, 16))
    normalise_date(text, None)


def test_generated_patterns_are_current() -> None:
    """models/date_patterns.jsonl is what scripts/build_date_patterns.py makes from the lexicon."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_date_patterns", ROOT / "scripts" / "build_date_patterns.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    words = json.loads((ROOT / "models" / "date_words.json").read_text(encoding="utf-8"))
    assert mod.render(mod.build_patterns(words)) == (ROOT / "models" / "date_patterns.jsonl").read_text(
        encoding="utf-8"
    )


def test_patterns_validate() -> None:
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab, validate=True)
    for line in (ROOT / "models" / "date_patterns.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        matcher.add(row["id"], [row["pattern"]])


@pytest.fixture(scope="module")
def ruler_nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_dates")
    return nlp


# (text, expected span texts)
SPAN_CASES = [
    ("The summit opened on Monday, October 27 in Kuala Lumpur.", ["Monday, October 27"]),
    ("It was held from April 20 to 21 in Chongqing.", ["April 20 to 21"]),
    ("this year's summit", ["this year"]),
    ("the Action Program (2025-2030) and the 2025–2030 plan", ["2025-2030", "2025–2030"]),
    ("CCI-FS 2023 and the 5G+ White Paper (2023)", ["2023", "2023"]),
    ("In the next decade, over the past three years and in the coming years", []),
    ("each year by 2027", ["2027"]),
    ("the 35th anniversary, VSIP 2.0 and 14.7% growth of $2025 million", []),
    ("Chongqing, 2025-11-08 04:04", ["2025-11-08"]),
    ("the first half of next year", ["the first half of next year"]),
    ("That same year, a company issued bonds.", ["That same year"]),
    ("He said it may rain in May.", ["May"]),
    ("I'll leave every monday", []),
    ("The shares rose 2 1/2 points to $35 3/4.", []),
    ("Can you set something up on the 18th?", ["the 18th"]),
    ("It was the 18th summit of the group.", []),
    ("Show statistics from the last week of this month", ["the last week of this month"]),
    ("In the next year and the past three years", []),
    ("The date should be 05-Aug-2016 or Dec-2018.", ["05-Aug-2016", "Dec-2018"]),
    ("Sales fell from the year-ago third quarter.", ["the year-ago third quarter"]),
    ("He was found on Thanksgiving Day and last Christmas.", ["Thanksgiving Day", "last Christmas"]),
    ("I will do my work between now and November 15th", ["between now and November 15th"]),
    ("It fell between 1985 and 1987.", ["between 1985 and 1987"]),
    ("Intel eased 1/8 to 31 7/8 and fell 7/8 Thursday.", ["Thursday"]),
    ("I bought it for $12 December 27", ["December 27"]),
    ("What happened the day before? The day before the plunge.", ["the day before"]),
    ("serious at 02-02-2020 - 03-03-2020", ["02-02-2020 - 03-03-2020"]),
    ("They came back in two thousand and fifteen with two thousand people", ["two thousand and fifteen"]),
]


@pytest.mark.parametrize(("text", "expected"), SPAN_CASES, ids=[c[0][:40] for c in SPAN_CASES])
def test_ruler_spans(ruler_nlp: spacy.language.Language, text: str, expected: list[str]) -> None:
    doc = ruler_nlp(text)
    assert [s.text for s in doc.spans["date"]] == expected
    assert all(s.label_ == "date" and s.id_ for s in doc.spans["date"])


def test_ruler_pickles(ruler_nlp: spacy.language.Language) -> None:
    import pickle

    ruler = ruler_nlp.get_pipe("newsfacts_dates")
    assert pickle.loads(pickle.dumps(ruler)) is not None


TENSE_CASES = [
    ("The agreement was signed on Monday.", "Monday", "past"),
    ("The ministers will meet on Friday in Hanoi.", "Friday", "future"),
    ("The group is expected to arrive on June 11.", "June 11", "future"),
    ("Officials met in Beijing on June 11, the ministry said.", "June 11", "past"),
    ("Summit opens on June 11 in Singapore\n", "June 11", "past"),
    ("The firm said on Monday, in a filing, that it will pay on June 11.", "June 11", "future"),
    ("They planned to hold a large demonstration on Saturday.", "Saturday", "future"),
    ("The bill must be returned by Jan. 14.", "Jan. 14", "future"),
    ("Shares were bought from Sept. 14 to Nov. 2.", "Nov. 2", None),
    ("The ceremony would still be held on April 24.", "April 24", "future"),
    ("It will redeem its preferred shares on Oct. 31.", "Oct. 31", "future"),
    ("In January, the company brought in a new chief.", "January", "past"),
    ("The carrier has been on patrol since March and was scheduled to return.", "March", "past"),
    ("Two members had filed reports by Wednesday.", "Wednesday", "past"),
    ("The offer had been set to expire Nov. 6.", "Nov. 6", "future"),
    ("He gave no reason for the Jan. 14 deadline, it said.", "Jan. 14", "future"),
    ("It is payable Jan. 3 to stock of record Nov. 16, the company said.", "Nov. 16", "future"),
]


@pytest.mark.parametrize(("text", "span", "expected"), TENSE_CASES, ids=[c[0][:40] for c in TENSE_CASES])
def test_tense_hint(text: str, span: str, expected: str | None) -> None:
    start = text.index(span)
    assert tense_hint(text, start, start + len(span)) == expected


def test_between_stays_outside_the_fact_span(nlp: spacy.language.Language) -> None:
    """FACTS.md: prepositions stay outside; the ruler keeps "between" only to read the range."""
    from pipeline.extract import extract_facts
    from pipeline.schema import Article, ArticleMeta

    text = "Sales rose between 1985 and 1987."
    article = Article(meta=ArticleMeta(id="b", published=date(2020, 1, 1)), text=text)
    dates = [f for f in extract_facts(nlp(text), article) if f.type == "date"]
    assert [(d.text, d.value) for d in dates] == [("1985 and 1987", "1985/1987")]
