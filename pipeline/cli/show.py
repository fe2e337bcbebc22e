"""``newsfacts show``: one article with its facts highlighted, on the terminal or as an HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.cli.app import app, fail
from pipeline.errors import NewsfactsError
from pipeline.io import atomic_writer
from pipeline.render import facts_for, find_article, html_page, terminal_view

DEFAULT_CORPUS = Path("corpus/articles")


@app.command()
def show(
    article: Annotated[
        str, typer.Argument(help="Article id, a unique start of it (003), or a path to ID.txt.")
    ],
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = DEFAULT_CORPUS,
    facts: Annotated[
        Path | None, typer.Option(help="Facts JSONL to show (default: extract the article now).")
    ] = None,
    html: Annotated[Path | None, typer.Option(help="Write a self-contained HTML page here instead.")] = None,
) -> None:
    """Show an article with its facts highlighted by kind, and a table of their values.

    The HTML page looks like spaCy's displaCy; hover over a highlight to see the value.
    Give --facts to show a previous run's facts (or a gold file) instead of extracting now.

    Example:

        newsfacts show 003
        newsfacts show 003_fac0f89f44e2e5e3 --html outputs/show.html
        newsfacts show 001 --facts corpus/gold/001_f2ec7078244bfa86.jsonl
    """
    if facts is not None and not facts.is_file():
        raise fail(f"{facts}: no such file; run `newsfacts run` first, or leave out --facts")
    try:
        found = find_article(corpus, article)
        article_facts = facts_for(found, facts)
        if html is not None:
            with atomic_writer(html) as fh:
                fh.write(html_page(found, article_facts))
    except (NewsfactsError, OSError) as exc:
        raise fail(str(exc)) from None
    if html is not None:
        typer.echo(f"wrote {html} ({len(article_facts)} facts)")
        return
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=100)
    console.print(terminal_view(found, article_facts))
