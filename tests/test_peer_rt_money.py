"""Recognizers-Text CurrencyModel suite: value F1 of the money ruler + normaliser (one floor test).

Each case's text runs through a blank English pipeline with the money component and the money fact
builder (the NER model is not needed for money). A prediction matches a fact when the spans
overlap, the currency is the same and the amount is within 0.5% (FACTS.md value matching, without
qualifiers, which RT does not annotate). The shapes are in tests/data/peer/NOTICE.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.facts.money import money_facts
from pipeline.schema import Article, ArticleMeta

PEER = Path(__file__).parent / "data" / "peer" / "rt_currency.jsonl"
RT_CURRENCY_FLOOR = 0.991
"""Value F1 measured on the suite (174 tp, 1 fp, 2 fn); it may only go up."""


def _cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in PEER.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def money_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_money")
    return nlp


def score_case(nlp: Language, case: dict[str, Any]) -> tuple[int, int, int]:
    """(tp, fp, fn) for one case, one-to-one matching in gold order."""
    article = Article(meta=ArticleMeta(id=case["id"]), text=case["text"])
    predictions = money_facts(nlp(case["text"]), article)
    used: set[int] = set()
    tp = 0
    for gold in case["facts"]:
        for i, pred in enumerate(predictions):
            if (
                i not in used
                and pred.start < gold["end"]
                and gold["start"] < pred.end
                and pred.currency == gold["currency"]
                and abs(pred.amount - gold["amount"]) <= 0.005 * abs(gold["amount"])
            ):
                used.add(i)
                tp += 1
                break
    return tp, len(predictions) - tp, len(case["facts"]) - tp


def test_rt_currency_value_f1(money_nlp: Language) -> None:
    tp = fp = fn = 0
    for case in _cases():
        a, b, c = score_case(money_nlp, case)
        tp, fp, fn = tp + a, fp + b, fn + c
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= RT_CURRENCY_FLOOR, f"value F1 {f1:.4f} (tp {tp}, fp {fp}, fn {fn})"


def test_rt_negative_cases_have_no_money(money_nlp: Language) -> None:
    negatives = [c for c in _cases() if not c["facts"]]
    assert negatives
    spurious = [c["text"] for c in negatives if score_case(money_nlp, c)[1]]
    assert spurious == []
