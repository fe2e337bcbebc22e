"""``newsfacts bench``: speed ratios against bare spaCy on generated articles (``make bench``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.bench import bench as run_bench
from pipeline.bench import write_results
from pipeline.cli.app import app


@app.command()
def bench(
    articles: Annotated[
        int, typer.Option(help="How many articles to generate from the seeds.", min=10)
    ] = 1000,
    rss: Annotated[
        bool, typer.Option("--rss", help="Also measure peak RSS at 10× the articles (slow).")
    ] = False,
    rss_articles: Annotated[
        int | None, typer.Option(help="Articles for the large RSS run (default 10 × --articles).")
    ] = None,
    rounds: Annotated[
        int,
        typer.Option(
            help="Rounds of every measure, back to back (order reversed every other round); "
            "each ratio is the median of its per-round ratios.",
            min=1,
        ),
    ] = 3,
    workdir: Annotated[Path, typer.Option(help="Where the generated corpus and runs go.")] = Path(
        "outputs/bench"
    ),
    output: Annotated[Path, typer.Option("--output", "-o", help="Results as JSON.")] = Path(
        "outputs/bench.json"
    ),
) -> None:
    """Measure newsfacts against bare spaCy NER and the full model pipeline, on the same texts.

    Example:

        newsfacts bench
        newsfacts bench --articles 400 --rounds 3
        newsfacts bench --articles 200 --rss --rss-articles 2000
    """
    results = run_bench(articles, workdir, rss, rss_articles, rounds)
    write_results(results, output)
    Console(highlight=False).print(results_table(results))
    typer.echo(f"wrote {output}", err=True)


def results_table(results: dict[str, Any]) -> Table:
    m = results["machine"]
    title = (
        f"newsfacts bench: {results['articles']} articles, {results['words']:,} words; {m['cores']} cores, "
        f"{m['cpu']}, Python {m['python']}, spaCy {m['spacy']}"
    )
    table = Table(title=title)
    for col in ("measure", "value", "goal", "met"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for name, rate in results["words_per_second"].items():
        table.add_row(f"words/s {name}", f"{rate:,}", "", "")
    for name, r in results["ratios"].items():
        table.add_row(name, f"{r['value']:.3f}", r["goal"], "yes" if r["met"] else "NO")
    for name, secs in results["profile_seconds"].items():
        table.add_row(f"profile {name}", f"{secs:.2f} s", "", "")
    return table
