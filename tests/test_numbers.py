"""Number normaliser: a table of cases, the Recognizers-Text NumberModel suite, and never raising."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pipeline.normalise.numbers import (
    NumberWords,
    load_number_words,
    parse_digits,
    parse_number,
    to_json_number,
)
from pipeline.settings import DEFAULT_MODELS_DIR

PEER = Path(__file__).parent / "data" / "peer" / "rt_number.jsonl"

NUMBER_CASES = [
    ("24.23 billion", Decimal("24230000000")),
    ("Sixteen", 16),
    ("3,915", 3915),
    ("1.5 trillion", Decimal("1500000000000")),
    ("1.2b", Decimal("1200000000")),
    ("half a billion", Decimal("500000000")),
    ("10k", 10000),
    ("a dozen", 12),
    ("twenty-one", 21),
    ("two hundred and fifty", 250),
    ("5bn", Decimal("5000000000")),
    ("3 million and a half", 3500000),
    ("two thirds", Decimal(2) / 3),
    ("1,3", Decimal("1.3")),
    ("1.111,11", Decimal("1111.11")),
    ("minus five point five", Decimal("-5.5")),
]
NOT_NUMBERS = ["", "the first", "first", "2023 2024", "one one", "dollars", "4.25 and 32", "abc", "1,2,3"]


@pytest.mark.parametrize(("text", "expected"), NUMBER_CASES)
def test_parse_number(text: str, expected: Decimal | int) -> None:
    assert parse_number(text) == pytest.approx(Decimal(expected))


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_digits_and_json_numbers() -> None:
    assert parse_digits("12,34,567.89") == Decimal("1234567.89")
    assert to_json_number(Decimal("8.2") * 10**6) == 8200000
    assert isinstance(to_json_number(Decimal("8.2") * 10**6), int)
    assert to_json_number(Decimal("0.5")) == 0.5


def _rt_facts() -> list[dict[str, object]]:
    rows = [json.loads(line) for line in PEER.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [f for row in rows for f in row["facts"] if f["kind"] in ("integer", "decimal", "fraction")]


RT_NUMBER_FLOOR = {"integer": 1.0, "decimal": 1.0, "fraction": 0.84}
"""Share of Recognizers-Text numbers read right, per kind (measured; it may only go up)."""


@pytest.mark.parametrize("kind", sorted(RT_NUMBER_FLOOR))
def test_rt_number_suite(kind: str) -> None:
    facts = [f for f in _rt_facts() if f["kind"] == kind]
    right = 0
    for fact in facts:
        value = parse_number(str(fact["text"]))
        expected = float(fact["value"])  # type: ignore[arg-type]
        right += value is not None and abs(float(value) - expected) <= 1e-9 * max(1.0, abs(expected))
    assert right / len(facts) >= RT_NUMBER_FLOOR[kind], f"{right}/{len(facts)}"


@given(st.text(max_size=60))
def test_parse_number_never_raises(text: str) -> None:
    parse_number(text)


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_digits_round_trip(value: Decimal) -> None:
    assert parse_number(f"{value:,}") == value


def test_the_vocabulary_is_the_validated_file_frozen_and_cached() -> None:
    words = load_number_words()
    assert isinstance(words, NumberWords)
    assert load_number_words() is words
    assert words.comment.startswith("English number words")
    assert isinstance(words.ordinals, frozenset) and "third" in words.ordinals
    assert {"sixteen", "twenty", "billion", "dozen"} <= words.words
    assert not {"first", "half"} & words.words  # ordinals and fractions are not number-phrase words
    with pytest.raises(ValidationError, match="frozen"):
        words.units = {}  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"unit": {"one": 1}}, "unit\n  Extra inputs are not permitted"),
        ({"units": {"one": "uno"}}, "units.one\n  Input should be a valid integer"),
        ({"negative": None}, "negative\n  Input should be a valid frozenset"),
    ],
)
def test_a_bad_vocabulary_file_is_rejected(tmp_path: Path, change: dict[str, object], error: str) -> None:
    raw = json.loads((DEFAULT_MODELS_DIR / "number_words.json").read_text(encoding="utf-8"))
    (tmp_path / "number_words.json").write_text(json.dumps(raw | change), encoding="utf-8")
    with pytest.raises(ValidationError, match=error):
        load_number_words(tmp_path)
