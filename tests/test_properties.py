"""Properties that hold for any text: offsets are true, facts validate, output is deterministic."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.extract import extract_facts
from pipeline.schema import FACT_ADAPTER, Article, ArticleMeta

from .conftest import CORPUS

# Real sentences from the seed corpus, so the generated texts are full of facts to find.
SENTENCES = [
    s.strip()
    for p in sorted(CORPUS.glob("*.txt"))
    for s in p.read_text(encoding="utf-8").replace("\n", ". ").split(". ")
    if len(s.strip()) > 20
]

pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.text(max_size=40),
    st.sampled_from(
        ["S$1.2b", "RMB 5 billion", "from April 20 to 21", "Sixteen MOUs", "\r\n", "\ufeff", "’s"]
    ),
)
texts = st.lists(pieces, min_size=1, max_size=6).map(" ".join).filter(lambda t: t.strip() != "")
published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, pub=published)
def test_every_fact_is_true_to_the_text_and_deterministic(nlp: Language, text: str, pub: date | None) -> None:
    article = Article(meta=ArticleMeta(id="prop", published=pub), text=text)
    facts = extract_facts(nlp(text), article)
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert fact.text == text[fact.start : fact.end]
        assert FACT_ADAPTER.validate_python(fact.model_dump()) == fact
    assert extract_facts(nlp(text), article) == facts


# Absolute dates rendered in the forms the date ruler claims read back to the same value.
DATE_FORMS = [
    ("{month} {day}, {year}", "day"),
    ("{day} {month} {year}", "day"),
    ("{mon}. {day}, {year}", "day"),
    ("{year}-{mm}-{dd}", "day"),
    ("{month} {year}", "month"),
    ("the first half of {year}", "half1"),
    ("the third quarter of {year}", "q3"),
    ("{year}", "year"),
]


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31)),
    pub=st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31)),
    form=st.sampled_from(DATE_FORMS),
)
def test_dates_round_trip(day: date, pub: date, form: tuple[str, str]) -> None:
    from pipeline.normalise.dates import normalise_date

    template, unit = form
    text = template.format(
        month=day.strftime("%B"),
        mon=day.strftime("%b"),
        day=day.day,
        year=day.year,
        mm=f"{day.month:02d}",
        dd=f"{day.day:02d}",
    )
    expected = {
        "day": day.isoformat(),
        "month": day.isoformat()[:7],
        "year": str(day.year),
        "half1": f"{day.year}-H1",
        "q3": f"{day.year}-Q3",
    }[unit]
    assert normalise_date(text, pub) == expected, text
