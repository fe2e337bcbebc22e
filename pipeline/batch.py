"""Scheduled batch runs: plan what is stale, run it, commit per batch, rebuild the output.

``run()`` is the whole nightly job behind ``newsfacts run``:

1. take the run lock (a second run fails at once; a killed run's lock is taken over);
2. stream the corpus and *plan*: an article whose input hash (text + metadata) and pipeline
   identity (package, spaCy, model, every file under ``models/``) match an ``ok`` row of the
   manifest is skipped; the rest are grouped into batches;
3. send the batches to an executor (serial, process pool or Dask: all call
   ``executors.process_batch``) and commit each batch's results in one SQLite transaction;
4. forget articles no longer in the corpus, then rebuild ``facts.jsonl`` atomically by
   streaming every stored result in article order.

Memory stays flat: only a bounded number of batches is ever in flight, and nothing holds all
articles or all facts. ``kill -9`` loses at most the uncommitted batches; the next run
redoes just those, and the merged output has no duplicates because results are keyed by id.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.corpus import article_hash, read_corpus
from pipeline.errors import CorpusError
from pipeline.executors import Batch, Executor, SerialExecutor
from pipeline.io import batched
from pipeline.lock import RunLock
from pipeline.manifest import ArticleResult, Manifest, pipeline_identity
from pipeline.progress import RunProgress
from pipeline.schema import FACT_TYPES, Article
from pipeline.settings import Settings

MAX_ERRORS_KEPT = 50


@dataclass
class RunReport:
    """What a run did, for the summary table and the exit code."""

    run_id: int
    output: Path
    manifest: Path
    executor: str
    done: int = 0
    skipped: int = 0
    failed: int = 0
    removed: int = 0
    words: int = 0
    seconds: float = 0.0
    """Wall time of the work, without ``startup``."""
    startup: float = 0.0
    """Time to get the workers ready (model loading), paid only when there is work."""
    facts: dict[str, int] = field(default_factory=dict)
    """Facts per type in the merged output (the whole corpus, not only this run)."""
    errors: list[str] = field(default_factory=list)
    """The first ``MAX_ERRORS_KEPT`` failures of this run, as ``id: message``."""
    stale_lock: dict[str, Any] | None = None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def total_facts(self) -> int:
        return sum(self.facts.values())


def default_manifest(output: Path) -> Path:
    """The manifest lives beside the merged output: ``outputs/manifest.sqlite``."""
    return Path(output).parent / "manifest.sqlite"


def count_corpus(source: Path) -> int | None:
    """How many articles a source holds, cheaply (for the progress bar's ETA)."""
    source = Path(source)
    if source.is_dir():
        return sum(1 for _ in source.glob("*.txt"))
    if source.is_file():
        with source.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    return None


def _corpus_error_id(exc: CorpusError) -> str:
    """A stable manifest key for an unreadable article: its id from the file name, or file:line."""
    path = Path(exc.path)
    return path.stem if path.suffix in {".txt", ".json"} else exc.path


class _Planner:
    """Stream the corpus; record skips and unreadable articles; yield batches of stale articles."""

    def __init__(
        self, manifest: Manifest, report: RunReport, identity: str, force: bool, progress: RunProgress
    ) -> None:
        self.on_first_batch: Callable[[], None] = lambda: None
        self.manifest = manifest
        self.report = report
        self.identity = identity
        self.force = force
        self.progress = progress

    def batches(self, items: Iterable[Article | CorpusError], batch_size: int) -> Iterator[Batch]:
        todo: Batch = []
        for chunk in batched(items, batch_size):
            articles = [a for a in chunk if isinstance(a, Article)]
            known = self.manifest.lookup([a.id for a in articles])
            unchanged: list[str] = []
            bad: list[ArticleResult] = []
            for item in chunk:
                if isinstance(item, CorpusError):
                    bad.append(ArticleResult(_corpus_error_id(item), None, "failed", error=str(item)))
                elif not self.force and known.get(item.id) == (article_hash(item), self.identity, "ok"):
                    unchanged.append(item.id)
                else:
                    todo.append(item)
            if unchanged:
                self.manifest.mark_seen(unchanged, self.report.run_id)
                self.report.skipped += len(unchanged)
            if bad:
                record(self.manifest, self.report, bad, self.identity)
            self.progress.advance(len(unchanged) + len(bad))
            while len(todo) >= batch_size:
                yield from self._first(todo[:batch_size])
                todo = todo[batch_size:]
        if todo:
            yield from self._first(todo)

    def _first(self, batch: Batch) -> Iterator[Batch]:
        self.on_first_batch()
        self.on_first_batch = lambda: None
        yield batch


def record(manifest: Manifest, report: RunReport, results: list[ArticleResult], identity: str) -> None:
    """Commit one batch of results and count them."""
    manifest.commit(results, identity, report.run_id)
    for r in results:
        if r.status == "ok":
            report.done += 1
            report.words += r.words
        else:
            report.failed += 1
            if len(report.errors) < MAX_ERRORS_KEPT:
                report.errors.append(f"{r.article_id}: {r.error}")


def run(
    source: Path,
    output: Path,
    settings: Settings,
    executor: Executor | None = None,
    *,
    force: bool = False,
    manifest_path: Path | None = None,
    progress_stream: Any = None,
) -> RunReport:
    """Bring ``output`` up to date with the corpus at ``source``; see the module docstring.

    Raises ``CorpusError`` if ``source`` is missing and ``LockHeld`` if another run holds the lock.
    """
    source, output = Path(source), Path(output)
    manifest_path = Path(manifest_path or default_manifest(output))
    items = read_corpus(source)
    identity, parts = pipeline_identity(settings)
    executor = executor or SerialExecutor()
    with RunLock(manifest_path.with_suffix(".lock")) as lock, Manifest(manifest_path) as manifest:
        run_id = manifest.start_run(identity, parts, str(source), executor.name)
        report = RunReport(run_id, output, manifest_path, executor.name, stale_lock=lock.stale_holder)
        status = "interrupted"
        started = time.perf_counter()
        try:
            with RunProgress(count_corpus(source), stream=progress_stream) as progress:
                planner = _Planner(manifest, report, identity, force, progress)

                def start_executor() -> None:
                    clock = time.perf_counter()
                    executor.start(settings)
                    report.startup = time.perf_counter() - clock

                planner.on_first_batch = start_executor
                for _batch, results in executor.map_batches(
                    planner.batches(items, settings.batch_size), settings
                ):
                    record(manifest, report, results, identity)
                    progress.advance(len(results))
            report.seconds = time.perf_counter() - started - report.startup
            report.removed = manifest.drop_unseen(run_id)
            manifest.write_merged(output)
            totals = manifest.totals()
            report.facts = {t: int(totals[t]) for t in FACT_TYPES}
            status = "failed" if report.failed else "ok"
        finally:
            executor.close()
            report.seconds = report.seconds or time.perf_counter() - started
            manifest.end_run(run_id, status, _run_counts(report))
    return report


def _run_counts(report: RunReport) -> dict[str, Any]:
    return {
        "done": report.done,
        "skipped": report.skipped,
        "failed": report.failed,
        "removed": report.removed,
        "facts": report.total_facts,
        "words": report.words,
        "seconds": round(report.seconds, 3),
    }


def rebuild_output(output: Path, manifest_path: Path | None = None) -> int:
    """Rewrite the merged facts from the manifest alone (no extraction); return the fact count."""
    manifest_path = Path(manifest_path or default_manifest(output))
    with RunLock(manifest_path.with_suffix(".lock")), Manifest(manifest_path) as manifest:
        return manifest.write_merged(Path(output))
