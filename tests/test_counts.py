"""Counts: the normaliser table and the ruler + builder on FACTS.md's cases (spans = the number only)."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.facts.counts import count_facts
from pipeline.normalise.counts import normalise_count
from pipeline.schema import Article, ArticleMeta

# text, expected [(span text, count, item, qualifier)]
COUNT_CASES = [
    (
        "signed memoranda of understanding for 18 collaborative initiatives at",
        [("18", 18, "initiative", None)],
    ),
    ("Sixteen\u00a0financial institution projects were implemented", [("Sixteen", 16, "project", None)]),
    ("With 3,915 approved projects totaling", [("3,915", 3915, "project", None)]),
    ("the summit has facilitated 313 cooperation projects", [("313", 313, "project", None)]),
    ("They signed more than 20 agreements.", [("20", 20, "agreement", "over")]),
    ("They signed 20 more agreements.", [("20", 20, "agreement", None)]),
    ("nearly 40 MoUs were signed", [("40", 40, "memorandum of understanding", "approx")]),
    ("the two other agreements", [("two", 2, "agreement", None)]),
    ("three matching programs", [("three", 3, "program", None)]),
    (
        "a further five contracts and 12 letters of intent",
        [("five", 5, "contract", None), ("12", 12, "letter of intent", None)],
    ),
    ("One notable deal involves DBS", []),
    ("It is the first MOU under the CCI framework", []),
    ("56 member banks signed an agreement", []),
    ("five exchanges of letters", []),
    ("deals totaled 156", []),
    ("nearly 40 countries and regions", []),
    ("a $5 million deal", []),
    ("18 parks have been created", []),
    ("In 2024 projects worth more were approved", []),
]


@pytest.fixture(scope="module")
def count_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_money")
    nlp.add_pipe("newsfacts_counts")
    return nlp


@pytest.mark.parametrize(("text", "expected"), COUNT_CASES)
def test_count_facts(count_nlp: Language, text: str, expected: list[tuple[object, ...]]) -> None:
    facts = count_facts(count_nlp(text), Article(meta=ArticleMeta(id="t"), text=text))
    assert [(f.text, f.count, f.item, f.qualifier) for f in facts] == expected
    assert all(text[f.start : f.end] == f.text for f in facts)


NORMALISE_CASES = [
    ("Sixteen", " projects", "", (16, "project", None)),
    ("3,915", " approved projects", "With ", (3915, "project", None)),
    ("a dozen", " agreements", "", (12, "agreement", None)),
    ("one", " agreement", "only ", (1, "agreement", None)),
    ("18", " project managers", "", None),
    ("first", " MOU", "the ", None),
]


@pytest.mark.parametrize(("number", "after", "before", "expected"), NORMALISE_CASES)
def test_normalise_count(number: str, after: str, before: str, expected: tuple[object, ...] | None) -> None:
    value = normalise_count(number, after, before)
    assert (None if value is None else (value.count, value.item, value.qualifier)) == expected


@given(st.text(max_size=20), st.text(max_size=60), st.text(max_size=30))
def test_normalise_count_never_raises(number: str, after: str, before: str) -> None:
    normalise_count(number, after, before)
