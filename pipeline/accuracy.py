"""Side-by-side accuracy: newsfacts and the stock alternatives scored on the same suites.

The suites and their loaders are in ``pipeline.peer_suites``; the peers' adapters in
``pipeline.peers``; this module runs them and scores them into the table's rows.
``run_benchmark`` loads each suite's source once, runs newsfacts (the real pipeline,
``build_nlp(Settings())``) and every peer of ``pipeline.peers`` once per case, and scores them
with one scorer, built on the evaluator's own matching (``pipeline.scoring``):

* one-to-one overlap matching, as FACTS.md: candidate pairs are ranked by overlap (largest
  first), then by the tighter extent, and taken greedily; in value mode only pairs whose value
  matches are candidates, so a wrong-valued overlap never blocks a right one;
* a case may name *ignored* spans (TempEval-3 timexes that FACTS.md cannot express): a
  prediction left unmatched that overlaps one is not counted; any other unmatched prediction
  is a false positive (this is how predictions on durations, sets and negative cases count);
* value equality is per suite: money = amount within 0.5% and currency; dates = the value is
  one of the gold's accepted values (Recognizers-Text ``candidates``); seed gold = FACTS.md's
  ``pipeline.scoring.same_value``.

The Recognizers-Text number suite has no spans to find: it checks newsfacts' number
normaliser (``pipeline.normalise.numbers.parse_number``) on each gold number's text, as the
fraction of values read right.
"""

from __future__ import annotations

import importlib
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import NewsfactsError
from pipeline.peer_suites import (
    SOURCES,
    SUITES,
    TEMPEVAL3_REFERENCE,
    Amount,
    Case,
    Gold,
    Suite,
    source_unavailable,
)
from pipeline.peers import PEERS, CaseInput, PeerUnavailable, Prediction, SpanOnly, number_value, stock_docs
from pipeline.schema import ArticleMeta, DateFact, FactType, MoneyFact
from pipeline.scoring import PRF, close_enough, greedy_pairs, same_value
from pipeline.settings import Settings

NUMBER_TOLERANCE = 1e-9
TOOL = "newsfacts"
TOOLS = (TOOL, *PEERS)
SPAN_ONLY = {("spacy", "money"), ("spacy", "date")}


# --- scoring ---------------------------------------------------------------------------------


def value_matches(gold: Gold, pred: Prediction) -> bool:
    """Whether ``pred`` carries the gold item's value (a span-only prediction never does)."""
    if isinstance(pred, SpanOnly):
        return False
    if isinstance(gold.value, Amount):
        return (
            isinstance(pred, MoneyFact)
            and pred.currency == gold.value.currency
            and close_enough(gold.value.amount, pred.amount)
        )
    if isinstance(gold.value, frozenset):
        return isinstance(pred, DateFact) and pred.value in gold.value
    return same_value(gold.value, pred)


def score_case(
    gold: Sequence[Gold], pred: Sequence[Prediction], ignore: Sequence[tuple[int, int]], value: bool
) -> PRF:
    """tp/fp/fn of one case; unmatched predictions overlapping an ignored span are not counted."""
    pairs = greedy_pairs(gold, pred, value_matches if value else lambda g, p: True)
    matched = {pi for _, pi in pairs}
    fp = sum(
        1
        for pi, p in enumerate(pred)
        if pi not in matched and not any(min(p.end, e) > max(p.start, s) for s, e in ignore)
    )
    return PRF(tp=len(pairs), fp=fp, fn=len(gold) - len(pairs))


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Cell:
    """One tool's result on one row: a score, or why there is none."""

    score: float | None = None
    status: str = "ok"
    """ok | n/a (no values) | – (does not predict this type) | not installed | pending | error"""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    suite: str
    title: str
    metric: str
    cases: int
    gold: int
    cells: dict[str, Cell]


@dataclass
class Benchmark:
    rows: list[Row] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def run_newsfacts(cases: Sequence[Case], settings: Settings, notes: list[str]) -> list[list[Prediction]]:
    """The real pipeline on every case (``nlp.pipe`` batches); a failing case yields no facts."""
    from pipeline.extract import extract_facts
    from pipeline.nlp import build_nlp
    from pipeline.schema import Article

    nlp = build_nlp(settings)
    articles = [
        Article(meta=c.meta or ArticleMeta(id=c.id, published=c.reference), text=c.text) for c in cases
    ]
    out: list[list[Prediction]] = []
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=32):
        try:
            out.append(list(extract_facts(doc, article)))
        except NewsfactsError as exc:
            notes.append(f"newsfacts failed on {article.id}: {exc}")
            out.append([])
    return out


def _read_number(read: Callable[[str], Any], text: str) -> float | None:
    """One reader's value for ``text`` as a finite float, or None (no value, or it raised)."""
    try:
        got = read(text)
        value = None if got is None else float(got)
    except PeerUnavailable:
        raise
    except Exception:  # a normaliser that raises is scored as reading nothing
        return None
    return value if value is not None and math.isfinite(value) else None


def _number_cells(cases: Sequence[Case]) -> dict[str, Cell]:
    """Value accuracy on the gold numbers' own text: newsfacts' ``parse_number`` and quantulum3."""
    golds = [g for c in cases for g in c.gold]
    readers: dict[str, Callable[[str], Any]] = {"quantulum3": lambda text: number_value("quantulum3", text)}
    cells = {tool: Cell(status="–") for tool in TOOLS}
    try:
        readers[TOOL] = importlib.import_module("pipeline.normalise.numbers").parse_number
    except (ImportError, AttributeError):
        cells[TOOL] = Cell(
            status="pending", detail={"why": "pipeline.normalise.numbers.parse_number is missing"}
        )
    for tool, read in readers.items():
        try:
            values = [_read_number(read, g.text) for g in golds]
        except PeerUnavailable as exc:
            cells[tool] = Cell(status="not installed", detail={"why": str(exc)})
            continue
        right = sum(
            v is not None and close_enough(g.value, v, NUMBER_TOLERANCE)
            for g, v in zip(golds, values, strict=True)
        )
        cells[tool] = Cell(right / len(golds), detail={"right": right, "total": len(golds)})
    return cells


def _predict_source(
    cases: Sequence[Case], kinds: set[FactType], settings: Settings, bench: Benchmark, source: str
) -> dict[str, list[list[Prediction]] | Cell]:
    """Predictions of every tool that predicts one of ``kinds``, once per case."""
    preds: dict[str, list[list[Prediction]] | Cell] = {}
    timing = bench.seconds.setdefault(source, {})
    clock = time.perf_counter()
    try:
        preds[TOOL] = run_newsfacts(cases, settings, bench.notes)
    except Exception as exc:  # another module's defect must not hide the peers' scores
        preds[TOOL] = Cell(status="error", detail={"why": f"{type(exc).__name__}: {exc}"})
    timing[TOOL] = round(time.perf_counter() - clock, 2)
    inputs = [CaseInput(c.id, c.text, c.reference) for c in cases]
    docs: list[Any] | None = None
    for name, (adapter, types, needs_docs) in PEERS.items():
        if not kinds & types:
            continue
        clock = time.perf_counter()
        try:
            if needs_docs and docs is None:
                docs = stock_docs(inputs, settings, whole="count" in kinds)
            preds[name] = adapter(inputs, docs or [None] * len(inputs), settings)
        except PeerUnavailable as exc:
            preds[name] = Cell(status="not installed", detail={"why": str(exc)})
        except Exception as exc:  # a peer's crash is a result to report, not a reason to stop
            preds[name] = Cell(status="error", detail={"why": f"{type(exc).__name__}: {exc}"})
        timing[name] = round(time.perf_counter() - clock, 2)
    return preds


def _suite_rows(suite: Suite, cases: Sequence[Case], preds: dict[str, Any]) -> list[Row]:
    assert suite.kind is not None
    gold_n = sum(1 for c in cases for g in c.gold if g.type == suite.kind)
    rows = []
    for metric, value in (("value F1", True), ("lenient F1", False)):
        cells: dict[str, Cell] = {}
        for tool in TOOLS:
            got = preds.get(tool)
            if got is None or (tool != TOOL and suite.kind not in PEERS[tool][1]):
                cells[tool] = Cell(status="–")
            elif isinstance(got, Cell):
                cells[tool] = got
            elif value and (tool, suite.kind) in SPAN_ONLY:
                cells[tool] = Cell(status="n/a", detail={"why": "spans only, no values"})
            else:
                total = PRF()
                for case, case_preds in zip(cases, got, strict=True):
                    gold = [g for g in case.gold if g.type == suite.kind]
                    mine = [p for p in case_preds if p.type == suite.kind]
                    total = total + score_case(gold, mine, case.ignore, value)
                cells[tool] = Cell(total.f, detail=total.to_json())
        rows.append(Row(suite.name, suite.title, metric, len(cases), gold_n, cells))
    return rows


def run_benchmark(
    names: Sequence[str], settings: Settings, progress: Callable[[str], None] | None = None
) -> Benchmark:
    """Run and score the named suites; each source is loaded and predicted once."""
    bench = Benchmark()
    wanted = [SUITES[n] for n in names]
    for source in dict.fromkeys(s.source for s in wanted):
        suites = [s for s in wanted if s.source == source]
        why = source_unavailable(source)
        if why:
            bench.skipped.update({s.name: why for s in suites})
            continue
        if progress:
            progress(f"{source}: loading and running")
        cases = SOURCES[source]()
        if source == "rt_number":
            gold_n = sum(len(c.gold) for c in cases)
            title = suites[0].title
            bench.rows.append(Row("rt-number", title, "value acc. (gold spans)", len(cases), gold_n,
                                  _number_cells(cases)))  # fmt: skip
            continue
        kinds = {s.kind for s in suites if s.kind}
        preds = _predict_source(cases, kinds, settings, bench, source)
        for suite in suites:
            bench.rows.extend(_suite_rows(suite, cases, preds))
    return bench


def best_peer(row: Row) -> tuple[str, float] | None:
    """The best peer score on a row (None when no peer has a score)."""
    scored = [(t, c.score) for t, c in row.cells.items() if t != TOOL and c.score is not None]
    return max(scored, key=lambda tc: tc[1]) if scored else None


def benchmark_json(bench: Benchmark, versions: dict[str, str]) -> dict[str, Any]:
    """The whole run as JSON: rows with counts, skipped suites, timings, versions, references."""
    return {
        "tools": list(TOOLS),
        "rows": [
            {"suite": r.suite, "title": r.title, "metric": r.metric, "cases": r.cases, "gold": r.gold,
             "cells": {t: {"score": c.score, "status": c.status, **c.detail} for t, c in r.cells.items()}}
            for r in bench.rows
        ],
        "skipped": bench.skipped,
        "seconds": bench.seconds,
        "notes": bench.notes,
        "versions": versions,
        "tempeval3_reference_value_f1_all_types": TEMPEVAL3_REFERENCE,
    }  # fmt: skip
