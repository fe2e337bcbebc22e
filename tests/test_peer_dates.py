"""Date value F1 on peer suites: Recognizers-Text (with reference dates) and TempEval-3.

Scoring follows FACTS.md's value matching: predictions and gold facts are matched one to one
by overlapping span, the most overlapping pair first, and a match counts when the value is
right. Recognizers-Text: any value in a fact's ``candidates`` is right; predictions that match
no fact are false positives (durations, sets, cases with no date). TempEval-3: the DATE timexes
whose value has a FACTS.md form are scored; predictions overlapping the other DATE/TIME timexes
are not counted; predictions overlapping DURATION/SET timexes or nothing are false positives.
The floors are the scores reached, rounded down: they may only go up.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import pipeline.components.dates  # noqa: F401  (registers the factory)
from pipeline.facts.dates import date_facts
from pipeline.schema import Article, ArticleMeta
from pipeline.settings import Settings

HERE = Path(__file__).resolve().parent
RT_DATES = HERE / "data" / "peer" / "rt_date.jsonl"
TEMPEVAL = Path(__file__).resolve().parents[2] / "shared" / "peer" / "tempeval3"
FACTS_FORM = re.compile(r"^(\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|\d{4}-Q[1-4]|\d{4}-H[12])$")

RT_FLOOR = 0.91
PLATINUM_FLOOR = 0.91
TBAQ_FLOOR = 0.85

Span = tuple[int, int]


@dataclass
class PRF:
    """True positives, false positives and false negatives; adds up over documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: PRF) -> PRF:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def align(gold: list[Span], pred: list[Span]) -> dict[int, int]:
    """One-to-one matching of overlapping spans, the most overlapping pair first (gold → pred)."""
    pairs = sorted(
        (-(min(g[1], p[1]) - max(g[0], p[0])), i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(pred)
        if g[0] < p[1] and p[0] < g[1]
    )
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g[i] = j
            used_p.add(j)
    return used_g


def score_doc(
    gold: list[tuple[Span, Callable[[str], bool]]],
    pred: list[tuple[Span, str]],
    ignored: Iterable[Span] = (),
) -> PRF:
    """Value PRF of one document; unmatched predictions overlapping ``ignored`` are not counted."""
    ignored = list(ignored)
    m = align([g[0] for g in gold], [p[0] for p in pred])
    tp = sum(1 for i, j in m.items() if gold[i][1](pred[j][1]))
    matched = set(m.values())
    unmatched = [p for j, p in enumerate(pred) if j not in matched]
    stray = sum(1 for (s, _) in unmatched if not any(s[0] < o[1] and o[0] < s[1] for o in ignored))
    return PRF(tp=tp, fp=len(m) - tp + stray, fn=len(gold) - tp)


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The English model's NER and the date ruler only (the other components are not needed)."""
    s = Settings()
    nlp = spacy.load(s.model, exclude=list(s.exclude))
    nlp.add_pipe("newsfacts_dates", config={"models_dir": str(s.models_dir)})
    return nlp


def predict(nlp: Language, text: str, published: date) -> list[tuple[Span, str]]:
    art = Article(meta=ArticleMeta(id="peer", published=published), text=text)
    return [((f.start, f.end), f.value) for f in date_facts(nlp(text), art)]


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rt_score(nlp: Language) -> PRF:
    total = PRF()
    for case in _read(RT_DATES):
        gold = [
            (
                (f["start"], f["end"]),
                functools.partial(lambda v, ok: v in ok, ok=set(f.get("candidates") or [f["value"]])),
            )
            for f in case["facts"]
        ]
        total += score_doc(gold, predict(nlp, case["text"], date.fromisoformat(case["reference"])))
    return total


def tempeval_score(nlp: Language, name: str) -> PRF:
    path = TEMPEVAL / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent: TempEval-3 texts are publishers' news and are not copied here")
    total = PRF()
    for doc in _read(path):
        scored = [t for t in doc["timexes"] if t["type"] == "DATE" and FACTS_FORM.match(t["value"])]
        other = [
            (t["start"], t["end"])
            for t in doc["timexes"]
            if t["type"] in ("DATE", "TIME") and t not in scored
        ]
        gold = [((t["start"], t["end"]), functools.partial(str.__eq__, t["value"])) for t in scored]
        total += score_doc(gold, predict(nlp, doc["text"], date.fromisoformat(doc["dct"])), other)
    return total


def test_scorer_counts_overlap_one_to_one() -> None:
    gold = [
        ((0, 5), functools.partial(str.__eq__, "2020")),
        ((10, 15), functools.partial(str.__eq__, "2021")),
    ]
    pred = [((0, 3), "2020"), ((2, 4), "2020"), ((11, 14), "2022"), ((30, 31), "x")]
    assert score_doc(gold, pred, ignored=[(29, 32)]) == PRF(tp=1, fp=2, fn=1)


def test_recognizers_text_dates(nlp: Language) -> None:
    score = rt_score(nlp)
    print(f"Recognizers-Text dates: {score} F1={score.f1:.3f}")
    assert score.f1 >= RT_FLOOR


def test_tempeval3_platinum_dates(nlp: Language) -> None:
    score = tempeval_score(nlp, "platinum")
    print(f"TempEval-3 platinum DATE: {score} F1={score.f1:.3f}")
    assert score.f1 >= PLATINUM_FLOOR


@pytest.mark.slow
def test_tempeval3_tbaq_dates(nlp: Language) -> None:
    score = tempeval_score(nlp, "tbaq")
    print(f"TempEval-3 TBAQ DATE: {score} F1={score.f1:.3f}")
    assert score.f1 >= TBAQ_FLOOR
