"""Side-by-side accuracy: newsfacts and the stock alternatives on the same test suites.

The suites (``SUITES``) are third-party test data converted to FACTS.md shapes (see
``../shared/peer/README.md``) plus the seed gold. ``run_benchmark`` loads each suite's source
once, runs newsfacts (the real pipeline, ``build_nlp(Settings())``) and every peer of
``pipeline.peers`` once per case, and scores them with one scorer:

* one-to-one overlap matching, as FACTS.md: candidate pairs are ranked by overlap (largest
  first), then by the tighter extent, and taken greedily; in value mode only pairs whose value
  matches are candidates, so a wrong-valued overlap never blocks a right one;
* a case may name *ignored* spans (TempEval-3 timexes that FACTS.md cannot express): a
  prediction left unmatched that overlaps one is not counted; any other unmatched prediction
  is a false positive (this is how predictions on durations, sets and negative cases count);
* value equality is per suite: money = amount within 0.5% and currency; dates = the value is
  one of the gold's accepted values (Recognizers-Text ``candidates``); seed gold = FACTS.md's
  ``pipeline.evaluate.same_value``.

The Recognizers-Text number suite has no spans to find: it checks newsfacts' number
normaliser (``pipeline.normalise.numbers.parse_number``) on each gold number's text, as the
fraction of values read right.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.errors import NewsfactsError
from pipeline.evaluate import close_enough, greedy_pairs, same_value
from pipeline.peers import PEERS, CaseInput, PeerUnavailable, Prediction, SpanOnly, number_value, stock_docs
from pipeline.schema import ArticleMeta, DateFact, Fact, FactType, MoneyFact
from pipeline.settings import PROJECT_DIR, Settings

PEER_DIR = PROJECT_DIR / "tests" / "data" / "peer"
TEMPEVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "peer" / "tempeval3"
"""TempEval-3 stays outside the repository (the texts are the publishers' news)."""
SEED_ARTICLES = PROJECT_DIR / "corpus" / "articles"
SEED_GOLD = PROJECT_DIR / "corpus" / "gold"
FACTS_DATE = re.compile(r"^(\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|\d{4}-Q[1-4]|\d{4}-H[12])$")
"""TIMEX3 DATE values that FACTS.md can express (the TempEval-3 timexes that are scored)."""
NUMBER_TOLERANCE = 1e-9
TEMPEVAL3_REFERENCE = {"HeidelTime": 77.61, "NavyTime": 70.97, "SUTime": 67.38}
"""Published TempEval-3 value F1 (%) over all TIMEX3 types (UzZaman et al. 2013), for reference."""
TOOL = "newsfacts"
SPAN_ONLY = {("spacy", "money"), ("spacy", "date")}


class Amount(NamedTuple):
    amount: float
    currency: str


@dataclass(frozen=True)
class Gold:
    """One gold item: a span and the value(s) a prediction must have to match it."""

    start: int
    end: int
    text: str
    type: FactType | str
    value: Any
    """``Amount`` (money), ``frozenset`` of accepted date values, a schema ``Fact`` (seed gold),
    or a float (numbers)."""


@dataclass(frozen=True)
class Case:
    """One scored text: the gold items, the spans whose predictions are not counted, the reference."""

    id: str
    source_id: str
    text: str
    reference: date | None
    gold: tuple[Gold, ...]
    ignore: tuple[tuple[int, int], ...] = ()
    meta: ArticleMeta | None = None
    """The article's own metadata where the suite has it (the seed corpus: source, title…)."""


@dataclass
class Counts:
    """tp/fp/fn, summed over cases; F1 = 2tp / (2tp + fp + fn)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def f(self) -> float | None:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else None

    def to_json(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": p, "r": r, "f": self.f}


# --- loaders ---------------------------------------------------------------------------------


def safe_id(case_id: str) -> str:
    """An article id for a suite case (``Specs/X.json#5`` → ``Specs_X.json_5``)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", case_id).lstrip("._-") or "case"


def _rows(path: Path) -> Iterable[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_rt_currency(path: Path = PEER_DIR / "rt_currency.jsonl") -> list[Case]:
    """Recognizers-Text currency: amount + ISO 4217 currency per fact (166 cases, 176 facts)."""
    return [
        Case(safe_id(r["id"]), r["id"], r["text"], None,
             tuple(Gold(f["start"], f["end"], f["text"], "money", Amount(f["amount"], f["currency"]))
                   for f in r["facts"]))
        for r in _rows(path)
    ]  # fmt: skip


def load_rt_number(path: Path = PEER_DIR / "rt_number.jsonl") -> list[Case]:
    """Recognizers-Text numbers: each fact's value (235 cases, 259 facts)."""
    return [
        Case(safe_id(r["id"]), r["id"], r["text"], None,
             tuple(Gold(f["start"], f["end"], f["text"], f["kind"], f["value"]) for f in r["facts"]))
        for r in _rows(path)
    ]  # fmt: skip


def load_rt_date(path: Path = PEER_DIR / "rt_date.jsonl") -> list[Case]:
    """Recognizers-Text dates with a reference date; any of ``candidates`` is accepted (335, 265)."""
    return [
        Case(safe_id(r["id"]), r["id"], r["text"], date.fromisoformat(r["reference"]),
             tuple(Gold(f["start"], f["end"], f["text"], "date",
                        frozenset([f["value"], *f.get("candidates", ())])) for f in r["facts"]))
        for r in _rows(path)
    ]  # fmt: skip


def load_tempeval(path: Path) -> list[Case]:
    """TempEval-3: DATE timexes with a FACTS.md value are gold; other DATE and TIME are ignored.

    DURATION and SET timexes are neither: a prediction on them is a false positive.
    """
    cases = []
    for r in _rows(path):
        gold, ignore = [], []
        for t in r["timexes"]:
            if t["type"] == "DATE" and FACTS_DATE.match(t["value"]):
                gold.append(Gold(t["start"], t["end"], t["text"], "date", frozenset([t["value"]])))
            elif t["type"] in {"DATE", "TIME"}:
                ignore.append((t["start"], t["end"]))
        ref = date.fromisoformat(r["dct"])
        cases.append(Case(safe_id(r["id"]), r["id"], r["text"], ref, tuple(gold), tuple(ignore)))
    return cases


def load_seed(articles: Path = SEED_ARTICLES, gold_dir: Path = SEED_GOLD) -> list[Case]:
    """The seed corpus with its gold, every fact type (a suite keeps the type it scores)."""
    from pipeline.corpus import read_corpus
    from pipeline.io import read_gold_dir

    gold = read_gold_dir(gold_dir)
    cases = []
    for article in read_corpus(articles):
        if isinstance(article, NewsfactsError) or article.id not in gold:
            continue
        facts = tuple(Gold(f.start, f.end, f.text, f.type, f) for f in gold[article.id])
        cases.append(Case(article.id, article.id, article.text, article.published, facts, meta=article.meta))
    return cases


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


def match(
    gold: Sequence[Gold], pred: Sequence[Prediction], ok: Callable[[Gold, Prediction], bool]
) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping items for which ``ok`` holds, most overlapping first."""
    return greedy_pairs(gold, pred, ok)


def score_case(
    gold: Sequence[Gold], pred: Sequence[Prediction], ignore: Sequence[tuple[int, int]], value: bool
) -> Counts:
    """tp/fp/fn of one case; unmatched predictions overlapping an ignored span are not counted."""
    pairs = match(gold, pred, value_matches if value else lambda g, p: True)
    matched = {pi for _, pi in pairs}
    fp = sum(
        1
        for pi, p in enumerate(pred)
        if pi not in matched and not any(min(p.end, e) > max(p.start, s) for s, e in ignore)
    )
    return Counts(tp=len(pairs), fp=fp, fn=len(gold) - len(pairs))


# --- suites ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suite:
    name: str
    source: str
    kind: FactType | None
    """The fact type scored (None: the number normaliser suite)."""
    title: str


SOURCES: dict[str, Callable[[], list[Case]]] = {
    "rt_currency": load_rt_currency,
    "rt_number": load_rt_number,
    "rt_date": load_rt_date,
    "te3_platinum": lambda: load_tempeval(TEMPEVAL_DIR / "platinum.jsonl"),
    "te3_tbaq": lambda: load_tempeval(TEMPEVAL_DIR / "tbaq.jsonl"),
    "seed": load_seed,
}
SUITES: dict[str, Suite] = {
    s.name: s
    for s in (
        Suite("rt-currency", "rt_currency", "money", "Recognizers-Text currency"),
        Suite("rt-number", "rt_number", None, "Recognizers-Text numbers"),
        Suite("rt-date", "rt_date", "date", "Recognizers-Text dates"),
        Suite("te3-platinum", "te3_platinum", "date", "TempEval-3 platinum DATE"),
        Suite("te3-tbaq", "te3_tbaq", "date", "TempEval-3 TBAQ DATE"),
        Suite("seed-money", "seed", "money", "seed gold money"),
        Suite("seed-date", "seed", "date", "seed gold date"),
        Suite("seed-count", "seed", "count", "seed gold count"),
        Suite("seed-entity", "seed", "entity", "seed gold entity"),
    )
}
TOOLS = (TOOL, *PEERS)


def source_unavailable(source: str) -> str | None:
    """Why a source cannot be run here (TempEval-3 outside the repository), or None."""
    if source.startswith("te3_") and not TEMPEVAL_DIR.is_dir():
        return f"{TEMPEVAL_DIR} is absent (TempEval-3 texts are not redistributed with newsfacts)"
    return None


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


def run_newsfacts(cases: Sequence[Case], settings: Settings, notes: list[str]) -> list[list[Fact]]:
    """The real pipeline on every case (``nlp.pipe`` batches); a failing case yields no facts."""
    from pipeline.extract import extract_facts
    from pipeline.nlp import build_nlp
    from pipeline.schema import Article

    nlp = build_nlp(settings)
    articles = [
        Article(meta=c.meta or ArticleMeta(id=c.id, published=c.reference), text=c.text) for c in cases
    ]
    out: list[list[Fact]] = []
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=32):
        try:
            out.append(extract_facts(doc, article))
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
    docs: list[Any] | Cell | None = None
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
                total = Counts()
                for case, case_preds in zip(cases, got, strict=True):
                    gold = [g for g in case.gold if g.type == suite.kind]
                    mine = [p for p in case_preds if p.type == suite.kind]
                    total.add(score_case(gold, mine, case.ignore, value))
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
