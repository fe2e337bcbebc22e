"""Money: the normaliser table, the ruler + builder on short texts, bare-dollar evidence, data files."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.errors import LexiconError
from pipeline.facts.money import money_facts
from pipeline.normalise.money import normalise_money
from pipeline.normalise.money_lexicon import load_money_lexicon
from pipeline.schema import Article, ArticleMeta, MoneyFact

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

# text, words before, (amount, currency, qualifier, amount_max)
MONEY_CASES = [
    ("S$1.2b", "", (1_200_000_000, "SGD", "exact", None)),
    ("RMB 5 billion", "", (5_000_000_000, "CNY", "exact", None)),
    ("24.23 billion yuan", "contracts totaling ", (24_230_000_000, "CNY", "exact", None)),
    ("3.51 billion U.S. dollars", "yuan (about ", (3_510_000_000, "USD", "approx", None)),
    ("$1-2 billion", "", (1_000_000_000, "USD", "range", 2_000_000_000)),
    ("5 and 8 million yuan", "between ", (5_000_000, "CNY", "range", 8_000_000)),
    ("$83 billion", "totaling more than ", (83_000_000_000, "USD", "over", None)),
    ("US$1.5 billion", "", (1_500_000_000, "USD", "exact", None)),
    ("RMB 10 million", "", (10_000_000, "CNY", "exact", None)),
    ("50 cents", "", (0.5, "USD", "exact", None)),
    ("£5", "", (5, "GBP", "exact", None)),
    ("1.5 trillion yuan", "", (1_500_000_000_000, "CNY", "exact", None)),
    ("half a billion dollars", "", (500_000_000, "USD", "exact", None)),
    ("5 million dong", "", (5_000_000, "VND", "exact", None)),
    ("RM5 million", "", (5_000_000, "MYR", "exact", None)),
    ("Rp 5 billion", "", (5_000_000_000, "IDR", "exact", None)),
    ("10 billion baht", "nearly ", (10_000_000_000, "THB", "approx", None)),
    ("20 billion ringgit", "up to ", (20_000_000_000, "MYR", "under", None)),
    ("S$12,000", "", (12_000, "SGD", "exact", None)),
    ("$26 billion", 'facilitated "', (26_000_000_000, "USD", "exact", None)),
    ("3 dollars 50 cents", "", (3.5, "USD", "exact", None)),
    ("30 MUSD", "", (30_000_000, "USD", "exact", None)),
    ("c $ 16.4 million", "", (16_400_000, "CAD", "exact", None)),
    ("470 pence", "", (4.7, "GBP", "exact", None)),
    ("10 swiss francs", "", (10, "CHF", "exact", None)),
    # a currency name before the number (wire style)
    ("dollar 22.5 million", "The price starts at ", (22_500_000, "USD", "exact", None)),
    ("yuan 3 billion", "a loan of ", (3_000_000_000, "CNY", "exact", None)),
    ("euro 500,000", "a grant of ", (500_000, "EUR", "exact", None)),
    ("US dollar 1.2 billion", "raised more than ", (1_200_000_000, "USD", "over", None)),
    ("sterling 3.5bn", "", (3_500_000_000, "GBP", "exact", None)),
    ("dollars 1-2 billion", "", (1_000_000_000, "USD", "range", 2_000_000_000)),
]
NOT_MONEY = ["", "14.7%", "billions of dollars", "18 projects", "8500 marks", "$4.25 and 32", "$", "RMB"]


@pytest.mark.parametrize(("text", "before", "expected"), MONEY_CASES)
def test_normalise_money(text: str, before: str, expected: tuple[object, ...]) -> None:
    value = normalise_money(text, before)
    assert value is not None
    assert (value.amount, value.currency, value.qualifier, value.amount_max) == expected
    assert isinstance(value.amount, int) == isinstance(expected[0], int)


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert normalise_money(text) is None


# A currency name before a number that is not its amount: text, words before, words after.
NOT_MONEY_NAME_FIRST = [
    ("dollar 5", "the ", "% higher"),
    ("dollar 5", "", " percent higher"),
    ("euro 20", "", " members joined"),
    ("dollar 2024", "", " outlook"),
    ("won 20 million", "he ", " votes"),
    ("korean won 3", "the South ", " gold medals"),
    ("dollar 7.1", "One US ", " yuan"),
    ("dollar 40", "50 ", " rmb"),
    ("lira 1111-22223333", "10 turkish ", "-4444"),
    ("euro 1.35", "", " against the dollar"),
    ("yuan 3 billion", "the ", " loan"),
]


@pytest.mark.parametrize(("text", "before", "after"), NOT_MONEY_NAME_FIRST)
def test_name_first_not_an_amount(text: str, before: str, after: str) -> None:
    assert normalise_money(text, before, after=after) is None


@pytest.fixture(scope="module")
def money_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_money")
    return nlp


def _facts(nlp: Language, text: str, url: str | None = None, source: str | None = None) -> list[MoneyFact]:
    article = Article(meta=ArticleMeta(id="t", url=url, source=source), text=text)
    return money_facts(nlp(text), article)


# A currency name before its number: text -> the money facts found, as (span, amount, currency).
NAME_FIRST_CASES = [
    ("The price starts at dollar 22.5 million.", [("dollar 22.5 million", 22_500_000, "USD")]),
    ("It lent yuan 3 billion to the province.", [("yuan 3 billion", 3_000_000_000, "CNY")]),
    ("A grant of euro 500,000 was approved.", [("euro 500,000", 500_000, "EUR")]),
    ("The bank raised US dollar 1.2 billion in bonds.", [("US dollar 1.2 billion", 1_200_000_000, "USD")]),
    ("A Singapore dollar 5 million facility.", [("Singapore dollar 5 million", 5_000_000, "SGD")]),
    ("Sales rose sterling 3.5bn last year.", [("sterling 3.5bn", 3_500_000_000, "GBP")]),
    ("It costs yuan 5 to 8 million.", [("yuan 5 to 8 million", 5_000_000, "CNY")]),
    ("It paid euro 20 for it.", [("euro 20", 20, "EUR")]),
    # not an amount: a share, a year or decade, a count, a verb, an exchange rate, another figure's name
    ("The dollar 5% higher against the yen.", []),
    ("the dollar 5 per cent higher", []),
    ("In the dollar 1990s.", []),
    ("a euro zone of 20 members", []),
    ("euro 20 members joined", []),
    ("the dollar 2024 outlook", []),
    ("He won 20 million votes.", []),
    ("The South Korean won 3 gold medals.", []),
    ("Kenny Dong 2023", []),
    ("the euro 1.35 against the dollar", []),
    ("dollar 5-year bonds", []),
    ("One US dollar 7.1 yuan today.", [("One US dollar", 1, "USD"), ("7.1 yuan", 7.1, "CNY")]),
    ("5 dollar 400 rmb", [("5 dollar", 5, "USD"), ("400 rmb", 400, "CNY")]),
    ("deposits: 10 turkish lira 1111-22223333-4444", [("10 turkish lira", 10, "TRY")]),
    ("It costs 15 dollars 50.", [("15 dollars 50", 15.5, "USD")]),
]


@pytest.mark.parametrize(("text", "expected"), NAME_FIRST_CASES)
def test_name_before_number(money_nlp: Language, text: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(f.text, f.amount, f.currency) for f in _facts(money_nlp, text)] == expected


# The source named in an article's metadata -> how it reads "$5 million" (None: U.S. dollars by default).
SOURCE_CASES = [
    ("The Straits Times", "SGD"),
    ("straits times", "SGD"),
    ("The Business Times", "SGD"),
    ("CNA", "SGD"),
    ("TODAY", "SGD"),
    ("Lianhe Zaobao", "SGD"),
    ("The Edge Singapore", "SGD"),
    ("The Sydney Morning Herald", "AUD"),
    ("The Globe and Mail", "CAD"),
    ("iChongqing", None),
    ("USA Today", None),
    ("The Edge Malaysia", None),
    (None, None),
]


@pytest.mark.parametrize(("source", "currency"), SOURCE_CASES)
def test_bare_dollar_from_source_name(money_nlp: Language, source: str | None, currency: str | None) -> None:
    (fact,) = _facts(money_nlp, "The budget is $5 million.", source=source)
    assert (fact.amount, fact.currency) == (5_000_000, currency or "USD")
    assert fact.evidence is not None
    assert (repr(source.strip()) in fact.evidence) if currency and source else "U.S." in fact.evidence


def test_address_rule_comes_before_source_name(money_nlp: Language) -> None:
    (fact,) = _facts(
        money_nlp, "It costs $5.", url="https://www.example.com.sg/a", source="The Globe and Mail"
    )
    assert fact.currency == "SGD" and fact.evidence and ".sg" in fact.evidence


def test_every_source_territory_writes_a_dollar() -> None:
    from pipeline.facts.money import _territory_dollar
    from pipeline.normalise.money_lexicon import load_sources

    territories = set(load_sources().values())
    assert territories and all(_territory_dollar(t) for t in territories), territories


def test_sources_reject_duplicates(tmp_path: Path) -> None:
    from pipeline.normalise.money_lexicon import load_sources

    rows = (ROOT / "models" / "sources.jsonl").read_text(encoding="utf-8")
    twice = '{"name": "Straits Times", "aliases": [], "territory": "SG", "note": "repeat"}\n'
    (tmp_path / "sources.jsonl").write_text(rows + twice, encoding="utf-8")
    lineno = len(rows.splitlines()) + 1
    with pytest.raises(LexiconError, match=rf"sources.jsonl:{lineno}: 'Straits Times' is listed twice"):
        load_sources(tmp_path)
    (tmp_path / "sources.jsonl").write_text('{"name": "X", "territory": "Singapore", "note": ""}\n')
    with pytest.raises(LexiconError, match=r"sources.jsonl:1: territory"):
        load_sources(tmp_path)


def test_two_facts_second_approx(money_nlp: Language) -> None:
    text = "contracts totaling 24.23 billion yuan (about 3.51 billion U.S. dollars), at the summit"
    facts = _facts(money_nlp, text)
    assert [(f.text, f.amount, f.currency, f.qualifier) for f in facts] == [
        ("24.23 billion yuan", 24_230_000_000, "CNY", "exact"),
        ("3.51 billion U.S. dollars", 3_510_000_000, "USD", "approx"),
    ]
    assert all(text[f.start : f.end] == f.text for f in facts)


def test_qualifier_word_outside_span(money_nlp: Language) -> None:
    (fact,) = _facts(money_nlp, "With 3,915 approved projects totaling more than $83 billion, mostly")
    assert (fact.text, fact.qualifier, fact.currency) == ("$83 billion", "over", "USD")
    assert fact.evidence and "U.S." in fact.evidence


def test_range_span(money_nlp: Language) -> None:
    (fact,) = _facts(money_nlp, "The fund will raise $1-2 billion next year.")
    assert (fact.text, fact.amount, fact.amount_max, fact.qualifier) == (
        "$1-2 billion",
        10**9,
        2 * 10**9,
        "range",
    )


def test_bare_dollar_after_same_figure_in_sgd(money_nlp: Language) -> None:
    facts = _facts(money_nlp, "It costs S$1.2 billion. Critics say the $1.2 billion is too much.")
    assert [(f.currency, f.amount) for f in facts] == [("SGD", 1_200_000_000), ("SGD", 1_200_000_000)]
    assert facts[1].evidence and "S$1.2 billion" in facts[1].evidence


def test_bare_dollar_in_singapore_publication(money_nlp: Language) -> None:
    (fact,) = _facts(money_nlp, "The budget is $5 billion.", url="https://www.example.com.sg/news/1")
    assert fact.currency == "SGD" and fact.evidence and ".sg" in fact.evidence


def test_lexicon_rejects_duplicates(tmp_path: Path) -> None:
    for name in ("currencies.jsonl", "currency_supplement.jsonl", "count_items.jsonl"):
        (tmp_path / name).write_text((ROOT / "models" / name).read_text(encoding="utf-8"), encoding="utf-8")
    qualifiers = (ROOT / "models" / "qualifiers.jsonl").read_text(encoding="utf-8")
    (tmp_path / "qualifiers.jsonl").write_text(
        qualifiers + qualifiers.splitlines()[0] + "\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match=r"qualifiers.jsonl:4: 'about' already means approx"):
        load_money_lexicon(tmp_path)


def test_currencies_file_is_current() -> None:
    import make_currencies

    assert (ROOT / "models" / "currencies.jsonl").read_text(encoding="utf-8") == make_currencies.render()


def test_pattern_files_are_current() -> None:
    from pipeline.components.money_patterns import render_pattern_files

    for path, text in render_pattern_files(ROOT / "models").items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale"


def test_patterns_validate(money_nlp: Language) -> None:
    from spacy.matcher import Matcher

    from pipeline.components.money_patterns import render_pattern_files

    matcher = Matcher(money_nlp.vocab, validate=True)
    for text in render_pattern_files(ROOT / "models").values():
        for i, line in enumerate(text.splitlines()):
            row = __import__("json").loads(line)
            matcher.add(f"{row['id']}_{i}", [row["pattern"]])


@given(st.text(max_size=60), st.text(max_size=40))
def test_normalise_money_never_raises(text: str, before: str) -> None:
    normalise_money(text, before)


FORMS = ["US${n}", "S${n}", "RMB {n}", "{n} yuan", "{n} U.S. dollars", "{n} euros", "£{n}", "HK${n}"]
CODES = ["USD", "SGD", "CNY", "CNY", "USD", "EUR", "GBP", "HKD"]


@given(
    st.sampled_from(list(zip(FORMS, CODES, strict=True))),
    st.decimals(min_value=1, max_value=999, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("", 1), (" thousand", 10**3), (" million", 10**6), (" billion", 10**9)]),
)
def test_round_trip(form_code: tuple[str, str], number: Decimal, scale: tuple[str, int]) -> None:
    form, code = form_code
    text = form.format(n=f"{number:,}{scale[0]}")
    value = normalise_money(text)
    assert value is not None, text
    assert (Decimal(str(value.amount)), value.currency) == (number * scale[1], code)


def test_grouped_surface_regex_equals_flat() -> None:
    """The currency-surface regex grouped by first character finds what the flat alternation finds."""
    import re

    from pipeline.normalise.money import _surface_pieces, _surface_regex

    lexicon = load_money_lexicon()
    grouped = _surface_regex(lexicon)
    flat = re.compile("|".join(p for _, p in _surface_pieces(lexicon)), re.IGNORECASE)
    assert grouped.pattern != flat.pattern
    samples = [f"{a}1.5 {b}" for a in sorted(lexicon.surfaces) for b in ("million", "bn")]
    samples += [f"3 {s.upper()}, {s}s and US{s}" for s in sorted(lexicon.surfaces)]
    samples += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    for text in samples:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)], text
