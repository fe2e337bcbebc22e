"""The side-by-side accuracy benchmark: scorer, suite loaders, peers, CLI, and newsfacts ≥ peers.

Fast tests check the scorer on hand-made cases and each loader on its real file (the counts
are those of the peer README). The per-suite comparisons run the real pipeline and the peers
(slow): newsfacts' value score must be at least the best peer's on every suite.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.cli.accuracy as cli_accuracy
from pipeline import accuracy, peer_suites, peers
from pipeline.accuracy import TOOL, Benchmark, Cell, Row, best_peer, run_benchmark, score_case
from pipeline.cli.app import app
from pipeline.peer_suites import (
    SUITES,
    TEMPEVAL_DIR,
    Amount,
    Gold,
    load_rt_currency,
    load_rt_date,
    load_rt_number,
    load_seed,
    load_tempeval,
    safe_id,
)
from pipeline.peers import PEERS, PeerUnavailable, SpanOnly
from pipeline.schema import DateFact, MoneyFact
from pipeline.scoring import greedy_pairs
from pipeline.settings import Settings

needs_tempeval = pytest.mark.skipif(
    not TEMPEVAL_DIR.is_dir(),
    reason=f"{TEMPEVAL_DIR} is absent: TempEval-3 texts are publishers' news, not shipped with newsfacts",
)


def d(start: int, end: int, value: str) -> DateFact:
    return DateFact(article_id="a", text="x" * (end - start), start=start, end=end, value=value)


def m(start: int, end: int, amount: float, currency: str = "USD") -> MoneyFact:
    return MoneyFact(
        article_id="a", text="x" * (end - start), start=start, end=end, amount=amount, currency=currency
    )


def gd(start: int, end: int, *values: str) -> Gold:
    return Gold(start, end, "x" * (end - start), "date", frozenset(values))


def counts(gold: list[Gold], pred: list, ignore=(), value: bool = True) -> tuple[int, int, int]:
    c = score_case(gold, pred, ignore, value)
    return c.tp, c.fp, c.fn


# --- the scorer on hand-made cases ------------------------------------------------------------

SCORER_CASES = [
    # (name, gold, predictions, ignored spans, value mode, expected (tp, fp, fn))
    ("exact span and value", [gd(0, 4, "2020")], [d(0, 4, "2020")], (), True, (1, 0, 0)),
    ("overlap is enough", [gd(0, 10, "2020")], [d(5, 14, "2020")], (), True, (1, 0, 0)),
    ("touching is not overlap", [gd(0, 4, "2020")], [d(4, 8, "2020")], (), True, (0, 1, 1)),
    ("wrong value: fp and fn", [gd(0, 4, "2020")], [d(0, 4, "2021")], (), True, (0, 1, 1)),
    ("wrong value is right leniently", [gd(0, 4, "2020")], [d(0, 4, "2021")], (), False, (1, 0, 0)),
    (
        "one to one: second prediction is fp",
        [gd(0, 10, "2020")],
        [d(0, 4, "2020"), d(5, 10, "2020")],
        (),
        True,
        (1, 1, 0),
    ),
    (
        "one to one: one prediction, two gold",
        [gd(0, 4, "2020"), gd(5, 9, "2020")],
        [d(0, 9, "2020")],
        (),
        True,
        (1, 0, 1),
    ),
    (
        "wrong value does not block the right one",
        [gd(0, 10, "2020")],
        [d(0, 10, "2021"), d(2, 6, "2020")],
        (),
        True,
        (1, 1, 0),
    ),
    (
        "any candidate is accepted",
        [gd(0, 5, "2016-10-02", "2017-10-02")],
        [d(0, 5, "2017-10-02")],
        (),
        True,
        (1, 0, 0),
    ),
    ("not a candidate", [gd(0, 5, "2016-10-02", "2017-10-02")], [d(0, 5, "2018-10-02")], (), True, (0, 1, 1)),
    (
        "a case with no facts: every prediction is fp",
        [],
        [d(0, 3, "2020"), d(5, 8, "2021")],
        (),
        True,
        (0, 2, 0),
    ),
    ("unmatched on an ignored span is not counted", [], [d(0, 3, "2020")], ((1, 5),), True, (0, 0, 0)),
    ("matched beats ignored", [gd(0, 4, "2020")], [d(0, 4, "2020")], ((0, 4),), True, (1, 0, 0)),
    (
        "span only: lenient yes",
        [gd(0, 4, "2020")],
        [SpanOnly("a", "date", "2020", 0, 4)],
        (),
        False,
        (1, 0, 0),
    ),
    (
        "span only: value never",
        [gd(0, 4, "2020")],
        [SpanOnly("a", "date", "2020", 0, 4)],
        (),
        True,
        (0, 1, 1),
    ),
]


@pytest.mark.parametrize(("name", "gold", "pred", "ignore", "value", "expected"), SCORER_CASES)
def test_score_case(name: str, gold, pred, ignore, value: bool, expected: tuple[int, int, int]) -> None:
    assert counts(gold, pred, ignore, value) == expected, name


def test_most_overlapping_pair_first() -> None:
    # the prediction overlaps B by 8 and A by 2: it goes to B, A is missed
    gold = [gd(0, 10, "2020"), gd(10, 20, "2020")]
    pairs = greedy_pairs(gold, [d(8, 18, "2020")], lambda g, p: True)
    assert pairs == [(1, 0)]


@pytest.mark.parametrize(
    ("pred", "ok"),
    [(m(0, 5, 1000), True), (m(0, 5, 1004.9), True), (m(0, 5, 1006), False), (m(0, 5, 1000, "EUR"), False)],
)
def test_money_value_within_half_a_percent_and_currency(pred: MoneyFact, ok: bool) -> None:
    gold = Gold(0, 5, "$1000", "money", Amount(1000, "USD"))
    assert accuracy.value_matches(gold, pred) is ok


def test_tempeval_duration_is_fp_other_dates_ignored(tmp_path: Path) -> None:
    text = "In 2013, now, at 9 a.m., for three years."
    timexes = [
        {"start": 3, "end": 7, "text": "2013", "type": "DATE", "value": "2013", "tid": "t1"},
        {"start": 9, "end": 12, "text": "now", "type": "DATE", "value": "PRESENT_REF", "tid": "t2"},
        {"start": 17, "end": 23, "text": "9 a.m.", "type": "TIME", "value": "2013-03-22T09:00", "tid": "t3"},
        {"start": 29, "end": 40, "text": "three years", "type": "DURATION", "value": "P3Y", "tid": "t4"},
    ]
    for t in timexes:
        assert text[t["start"] : t["end"]] == t["text"]
    row = {"id": "X_1", "dct": "2013-03-22", "text": text, "timexes": timexes}
    path = tmp_path / "te3.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (case,) = load_tempeval(path)
    assert case.reference == date(2013, 3, 22)
    assert [g.text for g in case.gold] == ["2013"]
    assert case.ignore == ((9, 12), (17, 23))
    preds = [d(3, 7, "2013"), d(9, 12, "2013-03-22"), d(17, 23, "2013-03-22"), d(29, 40, "2013")]
    assert counts(list(case.gold), preds, case.ignore) == (1, 1, 0)


def test_not_date_facts_count_as_false_positives() -> None:
    # a Recognizers-Text case whose only result is a duration: any prediction on it is an fp
    cases = {c.source_id: c for c in load_rt_date()}
    raw = {r["id"]: r for r in peer_suites._rows(peer_suites.PEER_DIR / "rt_date.jsonl")}
    only_not_dates = [i for i, r in raw.items() if r.get("not_date_facts") and not r["facts"]]
    assert only_not_dates
    case = cases[only_not_dates[0]]
    nd = raw[only_not_dates[0]]["not_date_facts"][0]
    assert counts(list(case.gold), [d(nd["start"], nd["end"], "2016-11-07")], case.ignore) == (0, 1, 0)


def test_safe_id() -> None:
    assert (
        safe_id("Specs/DateTime/English/DateTimeModel.json#5")
        == "Specs_DateTime_English_DateTimeModel.json_5"
    )


# --- loaders on the real files (counts as the peer README states) --------------------------


def test_load_rt_currency() -> None:
    cases = load_rt_currency()
    assert (len(cases), sum(len(c.gold) for c in cases)) == (166, 176)
    assert sum(1 for c in cases if not c.gold) == 8
    assert all(c.text[g.start : g.end] == g.text for c in cases for g in c.gold)


def test_load_rt_number() -> None:
    cases = load_rt_number()
    assert (len(cases), sum(len(c.gold) for c in cases)) == (235, 259)
    assert Counter(g.type for c in cases for g in c.gold) == {
        "integer": 131,
        "decimal": 20,
        "fraction": 94,
        "power": 14,
    }


def test_load_rt_date() -> None:
    cases = load_rt_date()
    assert (len(cases), sum(len(c.gold) for c in cases)) == (335, 265)
    assert sum(1 for c in cases if c.gold) == 237
    assert all(c.reference is not None for c in cases)
    assert all(len(g.value) in (1, 2) for c in cases for g in c.gold)


@needs_tempeval
@pytest.mark.parametrize(
    ("name", "docs", "gold", "ignored"),
    # ignored = DATE timexes with no FACTS.md form + TIME timexes. The README says 1,227 TBAQ DATE
    # values have a FACTS.md form; its own regex matches 1,221 (the six extra are not found).
    [("platinum", 20, 69, 96 - 69 + 4), ("tbaq", 256, 1221, 1505 - 1221 + 30)],
)
def test_load_tempeval(name: str, docs: int, gold: int, ignored: int) -> None:
    cases = load_tempeval(TEMPEVAL_DIR / f"{name}.jsonl")
    assert len(cases) == docs
    assert sum(len(c.gold) for c in cases) == gold
    assert sum(len(c.ignore) for c in cases) == ignored


def test_load_seed() -> None:
    cases = load_seed()
    assert len(cases) == 5
    assert all(c.reference is not None for c in cases)
    assert {g.type for c in cases for g in c.gold} == {"money", "date", "count", "entity"}


# --- peers and the harness --------------------------------------------------------------------


def test_missing_peer_is_reported_not_raised() -> None:
    with pytest.raises(PeerUnavailable, match="not installed"):
        peers._require("no_such_peer_library_xyz")


def test_currency_symbols_come_from_babel() -> None:
    symbols = peers._currency_symbols()
    assert (symbols["$"], symbols["€"], symbols["£"], symbols["SGD"]) == ("USD", "EUR", "GBP", "SGD")


def _oracle(cases, settings, notes):
    return [[g.value for g in c.gold] for c in cases]


def _missing(inputs, docs, settings):
    raise PeerUnavailable("fake is not installed")


def _crashes(inputs, docs, settings):
    raise RuntimeError("boom")


def _silent(inputs, docs, settings):
    return [[] for _ in inputs]


def test_harness_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """Statuses reach the table: a perfect tool scores 1, a missing peer says so, a crash is an error."""
    monkeypatch.setattr(accuracy, "run_newsfacts", _oracle)
    for name, (_, types, _) in list(PEERS.items()):
        monkeypatch.setitem(PEERS, name, (_silent, types, False))
    monkeypatch.setitem(PEERS, "quantulum3", (_missing, frozenset({"money"}), False))
    monkeypatch.setitem(PEERS, "price_parser", (_crashes, frozenset({"money"}), False))
    bench = run_benchmark(["seed-money"], Settings())
    value, lenient = bench.rows
    assert (value.metric, lenient.metric) == ("value F1", "lenient F1")
    assert value.cells[TOOL].score == 1.0
    assert value.cells["quantulum3"].status == "not installed"
    assert value.cells["price_parser"].status == "error"
    assert value.cells["spacy"].status == "n/a"
    assert value.cells["timexy"].status == "–"
    assert value.cells["glue"].score == 0.0
    assert best_peer(value) == ("glue", 0.0)


def test_markdown_and_table() -> None:
    row = Row(
        "rt-date",
        "Recognizers-Text dates",
        "value F1",
        3,
        2,
        {t: Cell(status="–") for t in accuracy.TOOLS} | {TOOL: Cell(0.9), "glue": Cell(0.2)},
    )
    bench = Benchmark(rows=[row], skipped={"te3-tbaq": "absent"})
    text = cli_accuracy.markdown(bench, {"dateparser": "1.5.0"})
    assert "| Recognizers-Text dates | value F1 | 3 | 2 | **0.900** | 0.200 |" in text
    assert "skipped te3-tbaq: absent" in text
    assert "dateparser 1.5.0" in text and "HeidelTime 77.61" in text
    assert cli_accuracy.rich_table(bench).row_count == 1


def test_parse_suites() -> None:
    assert cli_accuracy.parse_suites(None) == list(SUITES)
    assert cli_accuracy.parse_suites(["seed-date,rt-date", "rt-date"]) == ["rt-date", "seed-date"]
    assert cli_accuracy.parse_suites(["te3"]) == ["te3-platinum", "te3-tbaq"]
    with pytest.raises(ValueError, match="unknown suite"):
        cli_accuracy.parse_suites(["nope"])


@pytest.mark.slow  # quantulum3's import and parse: ~5 s alone, 20 s on a busy machine
def test_cli_numbers_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "peer.json"
    result = CliRunner().invoke(
        app, ["bench-accuracy", "--suites", "rt-number", "--json", str(out), "--markdown"]
    )
    assert result.exit_code == 0, result.output
    assert "Recognizers-Text numbers" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    (row,) = data["rows"]
    assert row["gold"] == 259
    assert row["cells"]["quantulum3"]["total"] == 259
    assert data["versions"]["quantulum3"] != "not installed"


# --- newsfacts against the best peer, one test per suite -------------------------------------

BEHIND_AT_WRITING: set[str] = set()
"""Suites where newsfacts was behind a peer when this file was written (xfail, not strict)."""


@pytest.fixture(scope="module")
def bench_rows() -> dict[str, Row]:
    cache: dict[str, Row] = {}
    return cache


def _suite_param(name: str) -> object:
    marks = [pytest.mark.slow]
    if name.startswith("te3-"):
        marks.append(needs_tempeval)
    if name in BEHIND_AT_WRITING:
        marks.append(pytest.mark.xfail(strict=False, reason="newsfacts not yet ahead here (issue 7)"))
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_suite_param(n) for n in SUITES])
def test_newsfacts_at_least_best_peer(name: str, bench_rows: dict[str, Row]) -> None:
    if name not in bench_rows:
        (row, *_) = run_benchmark([name], Settings()).rows
        bench_rows[name] = row
    row = bench_rows[name]
    ours = row.cells[TOOL].score
    best = best_peer(row)
    assert best is not None, f"no peer scored on {name}"
    assert ours is not None, f"newsfacts has no score on {name}: {row.cells[TOOL].status}"
    assert ours >= best[1], f"{name}: newsfacts {ours:.3f} < {best[0]} {best[1]:.3f}"
