"""Every entity fact of the seed gold, found with its value, or listed as a known failure.

A gold fact is found when a predicted entity overlaps it with the same label and the same name
(case-insensitive), FACTS.md's value matching. Known failures live in
``tests/data/known_failures.entities.jsonl`` with a reason, and the test checks they still fail.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import pipeline.components.entities  # noqa: F401  (registers the factory)
from pipeline.facts.entities import entity_facts
from pipeline.schema import Article, ArticleMeta, EntityFact
from pipeline.settings import DEFAULT_EXCLUDE, DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "corpus" / "gold").glob("*.jsonl"))
KNOWN = ROOT / "tests" / "data" / "known_failures.entities.jsonl"
# The seed-gold entity value F1 reached; it may only go up.
VALUE_F1_FLOOR = 0.99


def _gold() -> list[dict[str, object]]:
    rows = []
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["type"] == "entity":
                rows.append(row)
    return rows


def _known() -> dict[tuple[str, int, int], str]:
    rows = [json.loads(line) for line in KNOWN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["article_id"], r["start"], r["end"]): r["reason"] for r in rows}


@functools.cache
def _nlp() -> Language:
    nlp = spacy.load(DEFAULT_MODEL, exclude=list(DEFAULT_EXCLUDE))
    nlp.add_pipe("newsfacts_entities")
    return nlp


@functools.cache
def _predicted(article_id: str) -> tuple[EntityFact, ...]:
    base = ROOT / "corpus" / "articles" / article_id
    text = base.with_suffix(".txt").read_text(encoding="utf-8")
    meta = ArticleMeta(**json.loads(base.with_suffix(".json").read_text(encoding="utf-8")))
    return tuple(entity_facts(_nlp()(text), Article(meta=meta, text=text)))


def _found(gold: dict[str, object]) -> bool:
    return any(
        p.start < gold["end"]  # type: ignore[operator]
        and gold["start"] < p.end  # type: ignore[operator]
        and p.label == gold["label"]
        and p.name.lower() == str(gold["name"]).lower()
        for p in _predicted(str(gold["article_id"]))
    )


def _cases() -> list[object]:
    known = _known()
    cases = []
    for g in _gold():
        key = (g["article_id"], g["start"], g["end"])
        case_id = f"{str(g['article_id'])[:3]}-{g['start']}-{g['text']}"
        if key in known:
            cases.append(pytest.param(g, True, id=case_id + "-known"))
        else:
            cases.append(pytest.param(g, False, id=case_id))
    return cases


@pytest.mark.parametrize(("gold", "known_failure"), _cases())
def test_gold_entity_found_with_value(gold: dict[str, object], known_failure: bool) -> None:
    if known_failure:
        assert not _found(gold), f"known failure now passes: remove it from {KNOWN.name}"
    else:
        assert _found(gold), f"missed {gold['label']} {gold['text']!r} → {gold['name']!r}"


def test_known_failures_are_gold_facts() -> None:
    gold = {(g["article_id"], g["start"], g["end"]) for g in _gold()}
    assert set(_known()) <= gold


def _f1(mode: str) -> float:
    """Micro F1 over the seed articles with FACTS.md's one-to-one, most-overlapping-first matching."""
    tp = fp = fn = 0
    for path in GOLD:
        gold = [g for g in _gold() if g["article_id"] == path.stem]
        pred = list(_predicted(path.stem))
        pairs = []
        for i, g in enumerate(gold):
            for j, p in enumerate(pred):
                overlap = min(int(g["end"]), p.end) - max(int(g["start"]), p.start)  # type: ignore[call-overload]
                same_span = (g["start"], g["end"]) == (p.start, p.end)
                same_value = g["label"] == p.label and str(g["name"]).lower() == p.name.lower()
                if overlap > 0 and (
                    mode == "lenient" or (mode == "strict" and same_span) or (mode == "value" and same_value)
                ):
                    pairs.append((-overlap, i, j))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, i, j in sorted(pairs):
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
        tp += len(used_g)
        fn += len(gold) - len(used_g)
        fp += len(pred) - len(used_p)
    return 2 * tp / (2 * tp + fp + fn)


@pytest.mark.parametrize("mode", ["strict", "lenient", "value"])
def test_seed_gold_entity_f1_floor(mode: str) -> None:
    assert _f1(mode) >= VALUE_F1_FLOOR
