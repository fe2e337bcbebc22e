"""Every date fact of the seed gold is found with its value, or is a listed known failure.

``tests/data/known_failures.dates.jsonl`` lists misses as ``{"article_id", "start", "text",
"reason"}``; a listed fact must still fail (a fix shows up as a failing test until the line is
removed).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
import spacy

import pipeline.components.dates  # noqa: F401  (registers the factory)
from pipeline.facts.dates import date_facts
from pipeline.schema import Article, ArticleMeta, DateFact
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "corpus" / "gold").glob("*.jsonl"))
KNOWN = ROOT / "tests" / "data" / "known_failures.dates.jsonl"


def _gold_facts() -> list[dict]:
    rows = []
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (row := json.loads(line))["type"] == "date":
                rows.append(row)
    return rows


def _known() -> dict[tuple[str, int], str]:
    rows = [json.loads(x) for x in KNOWN.read_text(encoding="utf-8").splitlines() if x.strip()]
    return {(r["article_id"], r["start"]): r["reason"] for r in rows}


@functools.cache
def _nlp() -> spacy.language.Language:
    s = Settings()
    nlp = spacy.load(s.model, exclude=list(s.exclude))
    nlp.add_pipe("newsfacts_dates", config={"models_dir": str(s.models_dir)})
    return nlp


@functools.cache
def _predicted(article_id: str) -> tuple[DateFact, ...]:
    base = ROOT / "corpus" / "articles" / article_id
    meta = ArticleMeta(**json.loads(base.with_suffix(".json").read_text(encoding="utf-8")))
    text = base.with_suffix(".txt").read_text(encoding="utf-8")
    return tuple(date_facts(_nlp()(text), Article(meta=meta, text=text)))


def _found(gold: dict) -> bool:
    return any(
        p.start < gold["end"] and gold["start"] < p.end and p.value == gold["value"]
        for p in _predicted(gold["article_id"])
    )


FACTS = _gold_facts()
KNOWN_FAILURES = _known()


@pytest.mark.parametrize(
    "gold", FACTS, ids=[f"{g['article_id'][:3]}:{g['start']}:{g['text']}" for g in FACTS]
)
def test_gold_date_found_with_value(gold: dict) -> None:
    reason = KNOWN_FAILURES.get((gold["article_id"], gold["start"]))
    if reason is not None:
        assert not _found(gold), (
            f"listed as a known failure ({reason}) but now found: remove it from {KNOWN.name}"
        )
    else:
        assert _found(gold), f"{gold['text']!r} → {gold['value']} not found"


def test_known_failures_are_gold_facts() -> None:
    keys = {(g["article_id"], g["start"]) for g in FACTS}
    assert set(KNOWN_FAILURES) <= keys
