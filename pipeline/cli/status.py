"""``newsfacts status``: what the manifest knows: the last runs and the state of every article."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.batch import default_manifest
from pipeline.cli.app import app, fail
from pipeline.manifest import Manifest
from pipeline.schema import FACT_TYPES

DEFAULT_MANIFEST = default_manifest(Path("outputs/facts.jsonl"))


@app.command()
def status(
    manifest: Annotated[Path, typer.Option(help="The manifest SQLite file.")] = DEFAULT_MANIFEST,
    runs: Annotated[int, typer.Option(help="How many recent runs to list.", min=0)] = 5,
    articles: Annotated[
        bool, typer.Option("--articles", help="List every article, not only failed ones.")
    ] = False,
) -> None:
    """Show the last runs and per-article states from the manifest.

    Example:

        newsfacts status
        newsfacts status --runs 20 --articles
    """
    if not manifest.is_file():
        raise fail(f"{manifest}: no manifest yet; run `newsfacts run` first", 2)
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=160)
    with Manifest(manifest) as m:
        console.print(_runs_table(m, runs))
        totals = m.totals()
        per_type = ", ".join(f"{t} {totals[t]}" for t in FACT_TYPES)
        ok, failed = totals["ok"], totals["failed"]
        console.print(f"articles: {totals['articles']} ({ok} ok, {failed} failed); facts: {per_type}")
        rows = m.article_states(None if articles else "failed")
    if rows:
        console.print(_articles_table(rows, "articles" if articles else "failed articles"))


def _runs_table(m: Manifest, limit: int) -> Table:
    table = Table(title="last runs")
    cols = (
        "run",
        "started",
        "ended",
        "status",
        "executor",
        "done",
        "skipped",
        "failed",
        "removed",
        "facts",
        "words/s",
    )
    for col in cols:
        table.add_column(
            col, justify="right" if col not in {"started", "ended", "status", "executor"} else "left"
        )
    for r in m.runs(limit):
        rate = f"{r['words'] / r['seconds']:,.0f}" if r["seconds"] and r["done"] else "-"
        table.add_row(
            str(r["run_id"]), r["started"], r["ended"] or "-", r["status"], r["executor"],
            *(str(r[c]) for c in ("done", "skipped", "failed", "removed", "facts")), rate,
        )  # fmt: skip
    return table


def _articles_table(rows: list[Any], title: str) -> Table:
    table = Table(title=title)
    for col in ("article", "status", *FACT_TYPES, "run", "error"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["article_id"],
            r["status"],
            *(str(r[f"n_{t}"]) for t in FACT_TYPES),
            str(r["run_id"]),
            r["error"] or "",
        )
    return table
