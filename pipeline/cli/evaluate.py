"""``newsfacts evaluate``: score predictions against the gold, as a table, JSON, Markdown or HTML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli.app import app, fail
from pipeline.errors import NewsfactsError
from pipeline.evaluate import evaluate_files
from pipeline.report import markdown, notes, render_errors, scores_table

DEFAULT_ARTICLES = Path("corpus/articles")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="Folder of gold files, one ID.jsonl per article.")] = Path(
        "corpus/gold"
    ),
    pred: Annotated[Path, typer.Option(help="Predicted facts (JSONL, all articles); - reads stdin.")] = Path(
        "outputs/facts.jsonl"
    ),
    articles: Annotated[
        Path | None,
        typer.Option(help="Article texts, for context and gold checks (default: corpus/articles)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    errors: Annotated[int, typer.Option(help="Also list the first N errors of each type.", min=0)] = 0,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="Print the table as Markdown.")] = False,
    html: Annotated[Path | None, typer.Option(help="Also write a self-contained HTML report here.")] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="A previous --json output to compare with (in the HTML).")
    ] = None,
) -> None:
    """Score predicted facts against the gold (FACTS.md: strict, lenient and value matching).

    Precision, recall and F1 per fact type, micro-averaged over the gold articles.
    Predictions for articles with no gold file are ignored. A gold fact whose text
    is not the article's text at its offsets is named on stderr and left out.

    Example:

        newsfacts evaluate
        newsfacts evaluate --pred outputs/facts.jsonl --errors 5
        newsfacts evaluate --json > outputs/eval/scores.json
        newsfacts evaluate --html outputs/eval/report.html --baseline old.json
    """
    if not gold.is_dir():
        raise fail(f"{gold}: no such directory")
    if not any(gold.glob("*.jsonl")):
        raise fail(f"{gold}: no gold files (ID.jsonl)")
    if str(pred) != "-" and not pred.is_file():
        raise fail(f"{pred}: no such file; run `newsfacts run` first")
    if articles is not None and not articles.is_dir():
        raise fail(f"{articles}: no such directory")
    if baseline is not None and not baseline.is_file():
        raise fail(f"{baseline}: no such file")
    texts_dir = articles or (DEFAULT_ARTICLES if DEFAULT_ARTICLES.is_dir() else None)
    try:
        report = evaluate_files(gold, pred, texts_dir)
        if html is not None:
            from pipeline.report_html import write_html

            write_html(report, html, baseline)
    except (NewsfactsError, OSError, UnicodeError) as exc:
        raise fail(str(exc)) from exc
    for problem in report.gold_problems:
        typer.echo(f"warning: {problem.message}", err=True)
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif as_markdown:
        typer.echo(markdown(report), nl=False)
    else:
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=120)
        console.print(scores_table(report))
        for line in notes(report, gold_problems=False):
            console.print(line, markup=False)
    if errors and not as_json:
        typer.echo("\n" + render_errors(report, errors), nl=False)
    if html is not None:
        typer.echo(f"wrote {html}", err=True)
