"""The facts as one flat table joined with article metadata: CSV, Parquet, SQLite or DuckDB.

Every fact becomes one row with the same columns whatever its type (the value columns of
other types are empty), plus the article's title, source, URL and publication date, so a
spreadsheet can filter it and SQL can group it. Rows stream from the facts file in batches
(constant memory for CSV, Parquet and SQLite); every output is written to a temporary file
beside the target and renamed over it only when complete.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from pipeline.corpus import read_corpus
from pipeline.errors import OutputError
from pipeline.io import atomic_path, batched
from pipeline.schema import ArticleMeta, Fact

Format = Literal["csv", "parquet", "sqlite", "duckdb"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "sqlite", "duckdb")
SUFFIX: dict[Format, str] = {"csv": ".csv", "parquet": ".parquet", "sqlite": ".sqlite", "duckdb": ".duckdb"}

# (column, SQL type, Arrow type name). One vocabulary: FACTS.md field names.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("article_id", "TEXT", "string"),
    ("title", "TEXT", "string"),
    ("source", "TEXT", "string"),
    ("url", "TEXT", "string"),
    ("published", "DATE", "date32"),
    ("type", "TEXT", "string"),
    ("text", "TEXT", "string"),
    ("start", "INTEGER", "int64"),
    ("end", "INTEGER", "int64"),
    ("amount", "DOUBLE", "float64"),
    ("amount_max", "DOUBLE", "float64"),
    ("currency", "TEXT", "string"),
    ("qualifier", "TEXT", "string"),
    ("value", "TEXT", "string"),
    ("count", "INTEGER", "int64"),
    ("item", "TEXT", "string"),
    ("label", "TEXT", "string"),
    ("name", "TEXT", "string"),
    ("rule", "TEXT", "string"),
)
NAMES: tuple[str, ...] = tuple(c[0] for c in COLUMNS)
BATCH = 5_000


def article_metadata(corpus: Path | None) -> dict[str, ArticleMeta]:
    """Metadata per article id (unreadable articles are simply left without metadata)."""
    if corpus is None or not corpus.exists():
        return {}
    return {a.id: a.meta for a in read_corpus(corpus) if not isinstance(a, Exception)}


def rows(facts: Iterable[Fact], meta: dict[str, ArticleMeta]) -> Iterator[dict[str, Any]]:
    """One flat dict per fact, with the article's metadata joined in (``None`` where absent)."""
    for fact in facts:
        m = meta.get(fact.article_id)
        data = fact.model_dump(mode="python")
        row: dict[str, Any] = {name: data.get(name) for name in NAMES}
        row["title"] = m.title if m else None
        row["source"] = m.source if m else None
        row["url"] = m.url if m else None
        row["published"] = m.published if m else None
        yield row


def _csv(data: Iterable[dict[str, Any]], tmp: Path) -> None:
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=NAMES, lineterminator="\n")
        writer.writeheader()
        for row in data:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})


def _arrow_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, arrow)()) for name, _, arrow in COLUMNS])


def _parquet(data: Iterable[dict[str, Any]], tmp: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    with pq.ParquetWriter(tmp, schema) as writer:
        for batch in batched(data, BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        # an empty facts file still gives a readable file with the columns


def _create_sql(name: str = "facts") -> str:
    cols = ", ".join(f'"{col}" {sqltype}' for col, sqltype, _ in COLUMNS)
    return f"CREATE TABLE {name} ({cols})"


def _sqlite(data: Iterable[dict[str, Any]], tmp: Path) -> None:
    con = sqlite3.connect(tmp)
    try:
        con.execute(_create_sql())
        insert = f"INSERT INTO facts VALUES ({', '.join('?' * len(NAMES))})"
        for batch in batched(data, BATCH):
            con.executemany(insert, [_sqlite_row(r) for r in batch])
        con.execute("CREATE INDEX facts_article ON facts (article_id)")
        con.execute("CREATE INDEX facts_type ON facts (type)")
        con.commit()
    finally:
        con.close()


def _sqlite_row(row: dict[str, Any]) -> tuple[Any, ...]:
    published = row["published"]
    return tuple(published.isoformat() if k == "published" and published else row[k] for k in NAMES)


def _duckdb(data: Iterable[dict[str, Any]], tmp: Path) -> None:
    import duckdb
    import pyarrow as pa

    schema = _arrow_schema()
    con = duckdb.connect(str(tmp))
    try:
        con.execute(_create_sql())
        for batch in batched(data, BATCH):
            con.register("arrow_batch", pa.Table.from_pylist(batch, schema=schema))
            con.execute("INSERT INTO facts SELECT * FROM arrow_batch")
            con.unregister("arrow_batch")
    finally:
        con.close()


WRITERS: dict[Format, Callable[[Iterable[dict[str, Any]], Path], None]] = {
    "csv": _csv,
    "parquet": _parquet,
    "sqlite": _sqlite,
    "duckdb": _duckdb,
}


def export_facts(facts: Iterable[Fact], output: Path, fmt: Format, corpus: Path | None = None) -> int:
    """Write the facts table (with article metadata) to ``output``; return the number of rows."""
    if fmt not in WRITERS:
        raise OutputError(f"{output}: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    meta = article_metadata(corpus)
    counter = {"n": 0}

    def counted() -> Iterator[dict[str, Any]]:
        for row in rows(facts, meta):
            counter["n"] += 1
            yield row

    with atomic_path(output) as tmp:
        WRITERS[fmt](counted(), tmp)
    return counter["n"]
