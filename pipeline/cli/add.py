"""``newsfacts add``: put saved articles (plain text or web pages) into the corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import app, fail
from pipeline.errors import NewsfactsError
from pipeline.ingest import Overrides, add_article

DEFAULT_CORPUS = Path("corpus/articles")


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"--published {value!r}: not a date; write it as YYYY-MM-DD, e.g. 2025-10-16") from None


@app.command()
def add(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files: plain text (.txt) or saved pages (.html).")
    ],
    corpus: Annotated[Path, typer.Option(help="Corpus folder to add to.")] = DEFAULT_CORPUS,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides the page's own).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Publication name, e.g. 'The Straits Times'.")] = None,
    title: Annotated[str | None, typer.Option(help="Headline (one article only).")] = None,
    url: Annotated[
        str | None, typer.Option(help="Where the article was published (one article only).")
    ] = None,
) -> None:
    """Add articles to the corpus as ID.txt + ID.json, with an id from the text's hash.

    A saved web page keeps only its article text (no menus or footer); its title, date, URL and
    site name are read from the page. Options override what the page says. An article whose
    text is already in the corpus is refused, naming the id it duplicates. Without a
    publication date, relative dates ("yesterday", "last year") cannot be resolved.

    Example:

        newsfacts add saved/port-deal.html
        newsfacts add story.txt --published 2025-10-16 --source "The Straits Times" --title "Port deal"
    """
    when = _date(published)
    if len(paths) > 1 and (title or url):
        raise fail("--title and --url describe one article; add the files one at a time")
    failed = 0
    for path in paths:
        try:
            added = add_article(path, corpus, Overrides(published=when, source=source, title=title, url=url))
        except (NewsfactsError, OSError) as exc:
            typer.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        typer.echo(f"added {added.article_id}: {added.meta.get('title', path.name)}  ({added.txt_path})")
        for missing in added.missing:
            typer.echo(f"  not found: {missing}")
    if failed:
        raise typer.Exit(1)
