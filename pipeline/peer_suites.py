"""The test suites of ``newsfacts bench-accuracy``: third-party data turned into scored cases.

Kept apart from the benchmark's scorer and runner (``pipeline.accuracy``) because this is
the part that knows file formats: each loader reads one source (see
``../shared/peer/README.md``) into ``Case``s of FACTS.md-shaped ``Gold`` items, and the date
floor tests (``tests/test_peer_dates.py``) load the same cases, so they and the README table
measure the same thing.

* ``SOURCES`` maps a source to its loader; each source is loaded once per run.
* ``SUITES`` are the table's rows: one source and the fact type scored on it (the seed gold
  gives four suites, one per type).
* A case may name *ignored* spans: TempEval-3 timexes that FACTS.md cannot express.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.errors import NewsfactsError
from pipeline.schema import ArticleMeta, FactType
from pipeline.settings import PROJECT_DIR

PEER_DIR = PROJECT_DIR / "tests" / "data" / "peer"
TEMPEVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "peer" / "tempeval3"
"""TempEval-3 stays outside the repository (the texts are the publishers' news)."""
SEED_ARTICLES = PROJECT_DIR / "corpus" / "articles"
SEED_GOLD = PROJECT_DIR / "corpus" / "gold"
FACTS_DATE = re.compile(r"^(\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|\d{4}-Q[1-4]|\d{4}-H[12])$")
"""TIMEX3 DATE values that FACTS.md can express (the TempEval-3 timexes that are scored)."""
TEMPEVAL3_REFERENCE = {"HeidelTime": 77.61, "NavyTime": 70.97, "SUTime": 67.38}
"""Published TempEval-3 value F1 (%) over all TIMEX3 types (UzZaman et al. 2013), for reference."""


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


def source_unavailable(source: str) -> str | None:
    """Why a source cannot be run here (TempEval-3 outside the repository), or None."""
    if source.startswith("te3_") and not TEMPEVAL_DIR.is_dir():
        return f"{TEMPEVAL_DIR} is absent (TempEval-3 texts are not redistributed with newsfacts)"
    return None
