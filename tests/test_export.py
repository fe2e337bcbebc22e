"""Export: every fact one row, article metadata joined, each format readable by its own tools."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import FactFormatError
from pipeline.export import FORMATS, NAMES, export_facts
from pipeline.io import read_facts
from pipeline.schema import MoneyFact

from .conftest import CORPUS, GOLD


@pytest.fixture(scope="module")
def all_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every shipped gold fact in one JSONL, standing in for a run's output."""
    path = tmp_path_factory.mktemp("facts") / "facts.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for gold in sorted(GOLD.glob("*.jsonl")):
            fh.write(gold.read_text(encoding="utf-8"))
    return path


def _read_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(fh)]


def _read_parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _read_sqlite(path: Path) -> list[dict[str, Any]]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM facts")]
    finally:
        con.close()


def _read_duckdb(path: Path) -> list[dict[str, Any]]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        cur = con.execute("SELECT * FROM facts")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


READERS: dict[str, Callable[[Path], list[dict[str, Any]]]] = {
    "csv": _read_csv,
    "parquet": _read_parquet,
    "sqlite": _read_sqlite,
    "duckdb": _read_duckdb,
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_fact_is_one_row_with_its_article_metadata(fmt: str, all_gold: Path, tmp_path: Path) -> None:
    out = tmp_path / f"facts.{fmt}"
    facts = list(read_facts(all_gold))
    assert export_facts(iter(facts), out, fmt, CORPUS) == len(facts)  # type: ignore[arg-type]
    rows = READERS[fmt](out)
    assert len(rows) == len(facts)
    assert list(rows[0]) == list(NAMES)
    meta = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.json")}
    for row, fact in zip(rows, facts, strict=True):
        assert (row["article_id"], row["type"], row["text"]) == (fact.article_id, fact.type, fact.text)
        assert int(row["start"]) == fact.start and int(row["end"]) == fact.end
        assert row["title"] == meta[fact.article_id]["title"]
        assert str(row["published"]) == meta[fact.article_id]["published"]
        if isinstance(fact, MoneyFact):
            assert float(row["amount"]) == pytest.approx(fact.amount)
            assert row["currency"] == fact.currency
        else:
            assert row["amount"] is None


def test_articles_without_metadata_export_with_empty_columns(all_gold: Path, tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    export_facts(read_facts(all_gold), out, "csv", corpus=tmp_path / "no-corpus")
    rows = _read_csv(out)
    assert rows and all(r["title"] is None and r["published"] is None for r in rows)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bad_facts_line_leaves_the_previous_export_intact(fmt: str, all_gold: Path, tmp_path: Path) -> None:
    out = tmp_path / f"facts.{fmt}"
    export_facts(read_facts(all_gold), out, fmt, CORPUS)  # type: ignore[arg-type]
    before = out.read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(all_gold.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n", encoding="utf-8")
    with pytest.raises(FactFormatError, match=r"bad\.jsonl:2"):
        export_facts(read_facts(bad), out, fmt, CORPUS)  # type: ignore[arg-type]
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", f"facts.{fmt}"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_facts_file_gives_an_empty_table(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"facts.{fmt}"
    assert export_facts(iter([]), out, fmt, CORPUS) == 0  # type: ignore[arg-type]
    assert READERS[fmt](out) == []
