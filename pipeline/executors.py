"""Three ways to run batches, one unit of work: ``process_batch(articles, settings)``.

* ``SerialExecutor``: in this process (``--processes 1``).
* ``PoolExecutor``: our own process pool (``--processes N``). Each worker builds the
  pipeline once in its initializer; nothing spaCy crosses a process, only ``Article`` and
  ``Settings`` in and ``ArticleResult`` out. This avoids spaCy's ``n_process`` traps with
  custom components. A worker that dies takes its batches down with it: those articles are
  retried one at a time in a fresh worker, and one that kills its worker again is recorded
  as failed, so nothing is ever dropped.
* ``DaskExecutor``: an existing ``distributed`` cluster (``tcp://HOST:PORT``) or a
  ``LocalCluster`` (``local``). Workers import ``pipeline`` and cache the pipeline per process.

Every executor yields ``(batch, results)`` as batches complete and keeps only a bounded number
in flight, so memory stays flat however long the corpus is.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from pipeline.corpus import article_hash
from pipeline.errors import NewsfactsError
from pipeline.extract import process_articles
from pipeline.io import dumps_fact
from pipeline.manifest import ArticleResult
from pipeline.schema import FACT_TYPES, Article
from pipeline.settings import Settings

Batch = list[Article]
WorkerSetup = Callable[[Settings], None]
"""Called once in each worker before the pipeline is built (e.g. to register plugins)."""


class ClusterError(NewsfactsError):
    """The Dask scheduler cannot be reached (a wrong ``--dask`` address, or it is down)."""


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def failed_result(article: Article, error: str) -> ArticleResult:
    return ArticleResult(article.id, article_hash(article), "failed", error=error)


def _process(articles: Batch, settings: Settings) -> list[ArticleResult]:
    results: list[ArticleResult] = []
    clock = time.perf_counter()
    for article, result, words in process_articles(articles, settings):
        now = time.perf_counter()
        seconds, clock = now - clock, now
        if isinstance(result, NewsfactsError):
            results.append(
                ArticleResult(article.id, article_hash(article), "failed", error=str(result), words=words)
            )
            continue
        money, date, count, entity = (sum(1 for f in result if f.type == t) for t in FACT_TYPES)
        lines = "".join(dumps_fact(f) + "\n" for f in result)
        results.append(
            ArticleResult(
                article.id,
                article_hash(article),
                "ok",
                lines,
                (money, date, count, entity),
                words=words,
                seconds=seconds,
            )
        )
    return results


def process_batch(articles: Batch, settings: Settings) -> list[ArticleResult]:
    """Facts of a batch of articles; one bad article is isolated and recorded, never fatal.

    If a component raises inside ``nlp.pipe`` the whole batch is redone one article at a
    time, so only the article that raises is marked failed.
    """
    try:
        return _process(articles, settings)
    except Exception as exc:
        if len(articles) == 1:
            return [failed_result(articles[0], _describe(exc))]
        return [r for a in articles for r in process_batch([a], settings)]


class Executor(Protocol):
    name: str

    def start(self, settings: Settings) -> None:
        """Get workers ready (pipeline built) before the clock starts; called only if there is work."""

    def map_batches(
        self, batches: Iterable[Batch], settings: Settings
    ) -> Iterator[tuple[Batch, list[ArticleResult]]]: ...

    def close(self) -> None: ...


_WARM_UP_TEXT = (
    "On 1 March 2025 Acme Corp. of Singapore signed 3 agreements worth $5 million with John Smith."
)


def warm_up(settings: Settings) -> None:
    """Build the pipeline and run one short article through every builder.

    Builders load their lexicons and parsers lazily on first use; paying that here keeps it
    out of the measured words/s and out of the first real batch.
    """
    from pipeline.schema import ArticleMeta

    process_batch([Article(meta=ArticleMeta(id="warm-up"), text=_WARM_UP_TEXT)], settings)


class SerialExecutor:
    """Run each batch in this process, in order."""

    name = "serial"

    def start(self, settings: Settings) -> None:
        warm_up(settings)

    def map_batches(
        self, batches: Iterable[Batch], settings: Settings
    ) -> Iterator[tuple[Batch, list[ArticleResult]]]:
        for batch in batches:
            yield batch, process_batch(batch, settings)

    def close(self) -> None:
        pass


def _init_worker(settings: Settings, setup: WorkerSetup | None) -> None:
    """Pool initializer: Ctrl-C is the parent's business; build the pipeline once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup is not None:
        setup(settings)
    warm_up(settings)


WORKER_DIED = "the worker process died while processing this article (killed, or crashed in native code)"


class PoolExecutor:
    """A pool of ``processes`` spawned workers; batches go out as workers free up."""

    def __init__(self, processes: int, worker_setup: WorkerSetup | None = None) -> None:
        if processes < 1:
            raise NewsfactsError(f"--processes must be at least 1, not {processes}")
        self.processes = processes
        self.worker_setup = worker_setup
        self.name = f"processes={processes}"
        self.worker_deaths = 0
        self._ready: ProcessPoolExecutor | None = None

    def start(self, settings: Settings) -> None:
        """Spawn every worker now (each builds its pipeline in the initializer) and wait for them."""
        self._ready = self._pool(settings, self.processes)
        for future in [self._ready.submit(time.sleep, 0.3) for _ in range(self.processes)]:
            future.result()

    def _pool(self, settings: Settings, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(settings, self.worker_setup),
        )

    def map_batches(
        self, batches: Iterable[Batch], settings: Settings
    ) -> Iterator[tuple[Batch, list[ArticleResult]]]:
        source = iter(batches)
        pool: ProcessPoolExecutor | None = None
        in_flight: dict[Future[list[ArticleResult]], Batch] = {}
        try:
            while True:
                while len(in_flight) < 2 * self.processes and (batch := next(source, None)) is not None:
                    if pool is None:  # the pool start() made ready, or a fresh one after a crash
                        pool, self._ready = self._ready or self._pool(settings, self.processes), None
                    in_flight[pool.submit(process_batch, batch, settings)] = batch
                if not in_flight:
                    return
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                suspects: list[Article] = []
                for future in done:
                    batch = in_flight.pop(future)
                    try:
                        yield batch, future.result()
                    except BrokenProcessPool:
                        suspects.extend(batch)
                if suspects:  # the pool is broken: every other batch in flight is lost too
                    for future, batch in in_flight.items():
                        try:
                            yield batch, future.result()
                        except BrokenProcessPool:
                            suspects.extend(batch)
                    in_flight.clear()
                    assert pool is not None
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = None
                    self.worker_deaths += 1
                    yield from self._one_by_one(suspects, settings)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def _one_by_one(
        self, articles: list[Article], settings: Settings
    ) -> Iterator[tuple[Batch, list[ArticleResult]]]:
        """Retry articles from a broken pool singly, to find the one that kills its worker."""
        pool: ProcessPoolExecutor | None = None
        try:
            for article in articles:
                pool = pool or self._pool(settings, 1)
                try:
                    yield [article], pool.submit(process_batch, [article], settings).result()
                except BrokenProcessPool:
                    pool.shutdown(wait=True)
                    pool = None
                    yield [article], [failed_result(article, WORKER_DIED)]
        finally:
            if pool is not None:
                pool.shutdown(wait=True)

    def close(self) -> None:
        if self._ready is not None:
            self._ready.shutdown(wait=True, cancel_futures=True)
            self._ready = None


DASK_LOCK = threading.Lock()


def dask_batch(articles: Batch, settings: Settings) -> list[ArticleResult]:
    """The Dask task: ``process_batch`` under a per-process lock (workers may run threads)."""
    with DASK_LOCK:
        return process_batch(articles, settings)


def _warm_worker(settings: Settings) -> None:
    with DASK_LOCK:
        warm_up(settings)


class DaskExecutor:
    """Send batches to a Dask cluster; ``address`` is ``tcp://HOST:PORT`` or ``local``."""

    def __init__(self, address: str, local_workers: int = 2, worker_setup: WorkerSetup | None = None) -> None:
        self.address = address
        self.local_workers = local_workers
        self.worker_setup = worker_setup
        self.name = f"dask={address}"
        self._client: Any = None
        self._cluster: Any = None

    def start(self, settings: Settings) -> None:
        """Connect, and have every worker build its pipeline once before batches arrive."""
        client = self._connect()
        if self.worker_setup is not None:
            # A plugin, not client.run: workers that join or restart later get the setup too.
            from pipeline.dask_setup import SetupPlugin

            client.register_plugin(SetupPlugin(settings, self.worker_setup), name="newsfacts-setup")
        client.run(_warm_worker, settings)

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        try:
            if self.address == "local":
                self._cluster = LocalCluster(
                    n_workers=self.local_workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout="15s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {self.address} ({exc})") from None
        return self._client

    def map_batches(
        self, batches: Iterable[Batch], settings: Settings
    ) -> Iterator[tuple[Batch, list[ArticleResult]]]:
        from distributed import as_completed

        source = iter(batches)
        first = next(source, None)
        if first is None:
            return
        client = self._connect()
        limit = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
        pending: dict[str, Batch] = {}
        queue = as_completed()

        def submit(batch: Batch) -> None:
            future = client.submit(dask_batch, batch, settings, pure=False)
            pending[future.key] = batch
            queue.add(future)

        submit(first)
        while len(pending) < limit and (batch := next(source, None)) is not None:
            submit(batch)
        for future in queue:
            batch = pending.pop(future.key)
            try:
                results = future.result()
            except Exception as exc:  # KilledWorker, or a worker that cannot import pipeline
                future.release()
                if len(batch) > 1:
                    for article in batch:
                        submit([article])
                    continue
                results = [failed_result(batch[0], f"on the Dask cluster: {_describe(exc)}")]
            future.release()
            yield batch, results
            while len(pending) < limit and (batch := next(source, None)) is not None:
                submit(batch)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def make_executor(
    processes: int, dask: str | None = None, worker_setup: WorkerSetup | None = None
) -> Executor:
    """The executor for the CLI flags: Dask if given, else a pool for N > 1, else serial."""
    if dask:
        if not (dask == "local" or "://" in dask):
            raise NewsfactsError(f"--dask must be 'local' or an address like tcp://HOST:8786, not {dask!r}")
        return DaskExecutor(dask)
    if processes < 1:
        raise NewsfactsError(f"--processes must be at least 1, not {processes}")
    return SerialExecutor() if processes == 1 else PoolExecutor(processes, worker_setup)
