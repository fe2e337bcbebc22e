"""The run manifest and result store: one SQLite file, ``outputs/manifest.sqlite``.

Every article's result (its facts as ready-to-write JSONL lines, its counts, error and timing)
is a row keyed by article id, committed one transaction per batch. That is what makes a run
resumable and incremental: ``kill -9`` loses at most the batch in flight, an article whose
input hash and pipeline identity are unchanged is skipped, and the merged ``facts.jsonl`` is
rebuilt by streaming the rows in article order, without re-running anything. Only the
standard library's ``sqlite3`` is used; the file can be inspected with any SQLite client.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pipeline.errors import NewsfactsError
from pipeline.io import atomic_writer
from pipeline.schema import FACT_TYPES
from pipeline.settings import Settings

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL, ended TEXT, status TEXT NOT NULL DEFAULT 'running',
    identity TEXT NOT NULL, identity_json TEXT NOT NULL, input TEXT NOT NULL, executor TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0,
    facts INTEGER NOT NULL DEFAULT 0, words INTEGER NOT NULL DEFAULT 0, seconds REAL
);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    input_hash TEXT, identity TEXT, status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    n_money INTEGER NOT NULL DEFAULT 0, n_date INTEGER NOT NULL DEFAULT 0,
    n_count INTEGER NOT NULL DEFAULT 0, n_entity INTEGER NOT NULL DEFAULT 0,
    error TEXT, words INTEGER NOT NULL DEFAULT 0, seconds REAL NOT NULL DEFAULT 0,
    run_id INTEGER NOT NULL, seen_run INTEGER NOT NULL, updated TEXT NOT NULL,
    facts TEXT NOT NULL DEFAULT ''
);
"""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What one article produced; small and picklable, so it crosses processes and Dask."""

    article_id: str
    input_hash: str | None
    status: str
    """``ok`` or ``failed``."""
    facts: str = ""
    """The article's facts as JSONL lines (each ending in a newline), already sorted."""
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)
    """Facts per type, in ``FACT_TYPES`` order (money, date, count, entity)."""
    error: str | None = None
    words: int = 0
    seconds: float = 0.0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def models_hash(models_dir: Path) -> str:
    """A hash of every file under ``models_dir`` (relative path and bytes), in a stable order."""
    h = hashlib.sha256()
    root = Path(models_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def pipeline_identity(settings: Settings) -> tuple[str, dict[str, Any]]:
    """Everything that can change an article's facts, and its hash.

    Package version, spaCy version, model name and version, the excluded model components,
    our component list, and the content of every file under ``models/``. Batch size and
    process count change speed only, so they are left out. File *contents* are hashed
    (not mtimes), so a fresh checkout of the same data does not force a rerun.
    """
    from pipeline.nlp import COMPONENTS

    if not Path(settings.models_dir).is_dir():
        raise NewsfactsError(f"{settings.models_dir}: the models folder does not exist")
    parts: dict[str, Any] = {
        "newsfacts": _version("newsfacts"),
        "spacy": _version("spacy"),
        "model": settings.model,
        "model_version": _version(settings.model.replace("_", "-")),
        "exclude": sorted(settings.exclude),
        "components": list(COMPONENTS),
        "models": models_hash(settings.models_dir),
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()
    return digest, parts


class Manifest:
    """The SQLite manifest: run records and per-article results.

    >>> import tempfile
    >>> m = Manifest(Path(tempfile.mkdtemp()) / "manifest.sqlite")
    >>> m.runs(), m.totals()["articles"]
    ([], 0)
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self._check_schema()
        except sqlite3.DatabaseError as exc:
            raise NewsfactsError(
                f"{self.path}: not a usable manifest ({exc}); delete it to start over"
            ) from None

    def _check_schema(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif row[0] != str(SCHEMA_VERSION):
            raise NewsfactsError(f"{self.path}: manifest schema {row[0]} is not {SCHEMA_VERSION}; delete it")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- runs -----------------------------------------------------------------------------
    def start_run(self, identity: str, parts: dict[str, Any], source: str, executor: str) -> int:
        """Record a new run; runs still marked ``running`` were killed (the caller holds the lock)."""
        self.db.execute("UPDATE runs SET status = 'killed' WHERE status = 'running'")
        cur = self.db.execute(
            "INSERT INTO runs (started, identity, identity_json, input, executor) VALUES (?, ?, ?, ?, ?)",
            (_now(), identity, json.dumps(parts, sort_keys=True), source, executor),
        )
        return int(cur.lastrowid or 0)

    def end_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None:
        cols = ("done", "skipped", "failed", "removed", "facts", "words", "seconds")
        self.db.execute(
            f"UPDATE runs SET ended = ?, status = ?, {', '.join(f'{c} = ?' for c in cols)} WHERE run_id = ?",
            (_now(), status, *(counts.get(c, 0) for c in cols), run_id),
        )

    def runs(self, limit: int = 10) -> list[sqlite3.Row]:
        self.db.row_factory = sqlite3.Row
        try:
            return self.db.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT ?", (limit,)).fetchall()
        finally:
            self.db.row_factory = None

    # --- articles -------------------------------------------------------------------------
    def lookup(self, article_ids: list[str]) -> dict[str, tuple[str | None, str | None, str]]:
        """``{id: (input_hash, identity, status)}`` for the ids already in the manifest."""
        marks = ",".join("?" * len(article_ids))
        rows = self.db.execute(
            f"SELECT article_id, input_hash, identity, status FROM articles WHERE article_id IN ({marks})",
            article_ids,
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def mark_seen(self, article_ids: Iterable[str], run_id: int) -> None:
        """Record that unchanged articles are still in the corpus (one transaction)."""
        with self._transaction():
            self.db.executemany(
                "UPDATE articles SET seen_run = ? WHERE article_id = ?", ((run_id, a) for a in article_ids)
            )

    def commit(self, results: Iterable[ArticleResult], identity: str, run_id: int) -> None:
        """Store a batch of results in one transaction: all of the batch or none of it."""
        now = _now()
        rows = [
            (
                r.article_id, r.input_hash, identity, r.status, *r.counts, r.error,
                r.words, r.seconds, run_id, run_id, now, r.facts,
            )
            for r in results
        ]  # fmt: skip
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO articles (article_id, input_hash, identity, status, n_money, n_date,"
                " n_count, n_entity, error, words, seconds, run_id, seen_run, updated, facts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def drop_unseen(self, run_id: int) -> int:
        """Forget articles that are no longer in the corpus; return how many."""
        with self._transaction():
            cur = self.db.execute("DELETE FROM articles WHERE seen_run != ?", (run_id,))
        return cur.rowcount

    def article_states(self, status: str | None = None, limit: int | None = None) -> list[sqlite3.Row]:
        sql = "SELECT article_id, status, n_money, n_date, n_count, n_entity, error, words, seconds, run_id,"
        sql += " updated FROM articles" + (" WHERE status = ?" if status else "") + " ORDER BY article_id"
        params: list[Any] = [status] if status else []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        self.db.row_factory = sqlite3.Row
        try:
            return self.db.execute(sql, params).fetchall()
        finally:
            self.db.row_factory = None

    def totals(self) -> dict[str, int]:
        """Articles per status and facts per type over the whole store."""
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(status = 'ok'), 0), COALESCE(SUM(status = 'failed'), 0),"
            " COALESCE(SUM(n_money), 0), COALESCE(SUM(n_date), 0), COALESCE(SUM(n_count), 0),"
            " COALESCE(SUM(n_entity), 0) FROM articles"
        ).fetchone()
        return dict(zip(("articles", "ok", "failed", *FACT_TYPES), row, strict=True))

    def iter_fact_lines(self) -> Iterator[str]:
        """The stored facts of every ``ok`` article, in article-id order (byte order), streamed."""
        cur = self.db.execute("SELECT facts FROM articles WHERE status = 'ok' ORDER BY article_id")
        for (facts,) in cur:
            if facts:
                yield facts

    def write_merged(self, output: Path) -> int:
        """Rebuild the merged facts JSONL atomically from the store; return the number of facts."""
        n = 0
        with atomic_writer(output) as fh:
            for lines in self.iter_fact_lines():
                fh.write(lines)
                n += lines.count("\n")
        return n

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK``), retried briefly if the file is busy."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        for attempt in range(50):
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError:
                if attempt == 49:
                    raise
                time.sleep(0.1)

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
