"""Every money and count fact of the seed gold is found with its value by the real pipeline.

A fact that is known to fail is listed in ``tests/data/known_failures.money.jsonl``
(``{"article_id", "type", "start", "reason"}``); its test expects the failure (xfail strict), so a
fix shows up as an unexpected pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from pipeline.facts.counts import count_facts
from pipeline.facts.money import money_facts
from pipeline.nlp import build_nlp
from pipeline.schema import Article, ArticleMeta, CountFact, MoneyFact
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpus" / "gold"
ARTICLES = ROOT / "corpus" / "articles"
KNOWN = Path(__file__).parent / "data" / "known_failures.money.jsonl"


def _known() -> dict[tuple[str, str, int], str]:
    rows = [json.loads(line) for line in KNOWN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["article_id"], r["type"], r["start"]): r["reason"] for r in rows}


def _gold_params() -> list[Any]:
    known = _known()
    params = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fact = json.loads(line)
            if fact["type"] not in ("money", "count"):
                continue
            key = (fact["article_id"], fact["type"], fact["start"])
            marks = [pytest.mark.xfail(strict=True, reason=known[key])] if key in known else []
            params.append(pytest.param(fact, marks=marks, id=f"{key[0][:3]}-{key[1]}-{fact['text']}"))
    return params


@pytest.fixture(scope="session")
def gold_nlp() -> Language:
    return build_nlp(Settings())


_cache: dict[str, list[MoneyFact | CountFact]] = {}


def _predict(nlp: Language, article_id: str) -> list[MoneyFact | CountFact]:
    if article_id not in _cache:
        meta = json.loads((ARTICLES / f"{article_id}.json").read_text(encoding="utf-8"))
        article = Article(
            meta=ArticleMeta(**meta), text=(ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8")
        )
        doc = nlp(article.text)
        _cache[article_id] = [*money_facts(doc, article), *count_facts(doc, article)]
    return _cache[article_id]


def _same_value(gold: dict[str, Any], pred: MoneyFact | CountFact) -> bool:
    if isinstance(pred, MoneyFact):
        return (
            abs(pred.amount - gold["amount"]) <= 0.005 * abs(gold["amount"])
            and pred.currency == gold["currency"]
            and pred.qualifier == gold.get("qualifier", "exact")
            and pred.amount_max == gold.get("amount_max")
        )
    return pred.count == gold["count"] and pred.item == gold["item"]


def test_known_failures_are_gold_facts() -> None:
    gold_keys = {
        (f["article_id"], f["type"], f["start"])
        for path in GOLD.glob("*.jsonl")
        for f in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    assert set(_known()) <= gold_keys


@pytest.mark.parametrize("gold", _gold_params())
def test_gold_fact_found(gold_nlp: Language, gold: dict[str, Any]) -> None:
    found = [
        p
        for p in _predict(gold_nlp, gold["article_id"])
        if p.type == gold["type"] and p.start < gold["end"] and gold["start"] < p.end
    ]
    assert any(_same_value(gold, p) for p in found), f"predicted {[p.model_dump() for p in found]}"
