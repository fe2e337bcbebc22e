"""``newsfacts export`` (the facts table for spreadsheets and SQL) and ``newsfacts facts`` (quick queries)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli.app import app, fail
from pipeline.errors import NewsfactsError
from pipeline.export import FORMATS, SUFFIX, Format, export_facts
from pipeline.io import dumps_fact, read_facts
from pipeline.render import facts_table
from pipeline.schema import FACT_TYPES, Fact, MoneyFact

DEFAULT_CORPUS = Path("corpus/articles")
DEFAULT_FACTS = Path("outputs/facts.jsonl")


def _need(facts: Path) -> None:
    if not facts.is_file():
        raise fail(f"{facts}: no such file; run `newsfacts run` first, or give --facts")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write (default: outputs/facts.FORMAT).")
    ] = None,
    facts: Annotated[Path, typer.Option(help="Facts JSONL to export.")] = DEFAULT_FACTS,
    corpus: Annotated[Path, typer.Option(help="Corpus folder, for the article metadata.")] = DEFAULT_CORPUS,
) -> None:
    """Export the facts, joined with article title, source, URL and date, as one table.

    One row per fact, the same columns for every type (empty where a column does not apply).
    CSV opens in a spreadsheet; Parquet in pandas, polars or R; SQLite and DuckDB hold a
    table named `facts`.

    Example:

        newsfacts export --format csv --output outputs/facts.csv
        newsfacts export --format duckdb
        duckdb outputs/facts.duckdb "SELECT currency, sum(amount) FROM facts GROUP BY 1"
    """
    if format not in FORMATS:
        raise fail(f"--format {format!r}: choose one of {', '.join(FORMATS)}", code=2)
    fmt: Format = format
    _need(facts)
    target = output or DEFAULT_FACTS.with_suffix(SUFFIX[fmt])
    try:
        n = export_facts(read_facts(facts), target, fmt, corpus)
    except (NewsfactsError, OSError) as exc:
        raise fail(str(exc)) from None
    typer.echo(f"wrote {n} facts to {target}")


def _matches(
    fact: Fact, type_: str | None, article: str | None, currency: str | None, minimum: float | None
) -> bool:
    if type_ and fact.type != type_:
        return False
    if article and not (fact.article_id == article or fact.article_id.startswith(f"{article}_")):
        return False
    if currency is not None or minimum is not None:
        if not isinstance(fact, MoneyFact):
            return False
        if currency is not None and fact.currency != currency.upper():
            return False
        if minimum is not None and fact.amount < minimum:
            return False
    return True


@app.command("facts")
def facts_command(
    type: Annotated[
        str | None, typer.Option("--type", "-t", help=f"One of: {', '.join(FACT_TYPES)}.")
    ] = None,
    article: Annotated[str | None, typer.Option(help="Article id, or its number prefix (003).")] = None,
    currency: Annotated[str | None, typer.Option(help="Money in this ISO 4217 currency (USD, CNY…).")] = None,
    min: Annotated[float | None, typer.Option("--min", help="Money of at least this amount.")] = None,
    facts: Annotated[Path, typer.Option(help="Facts JSONL to query.")] = DEFAULT_FACTS,
    as_json: Annotated[bool, typer.Option("--json", help="Print the matching facts as JSONL.")] = False,
) -> None:
    """List the facts that match every filter given, as a table (or JSONL with --json).

    --currency and --min select money facts.

    Example:

        newsfacts facts --type money --min 1e9
        newsfacts facts --article 003 --type date
        newsfacts facts --currency USD --json > usd.jsonl
    """
    if type is not None and type not in FACT_TYPES:
        raise fail(f"--type {type!r}: choose one of {', '.join(FACT_TYPES)}", code=2)
    _need(facts)

    def selected() -> Iterator[Fact]:
        return (f for f in read_facts(facts) if _matches(f, type, article, currency, min))

    try:
        if as_json:
            for fact in selected():
                typer.echo(dumps_fact(fact))
            return
        found = list(selected())
    except (NewsfactsError, OSError) as exc:
        raise fail(str(exc)) from None
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=140)
    console.print(facts_table(found, with_article=True))
    console.print(f"{len(found)} fact(s)")
