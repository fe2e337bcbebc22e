"""``newsfacts gold check`` and ``newsfacts gold draft``: tools for the people who make the gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import app, fail
from pipeline.errors import NewsfactsError
from pipeline.gold import check_gold_dir, draft_gold, gold_files

DEFAULT_CORPUS = Path("corpus/articles")
DEFAULT_GOLD = Path("corpus/gold")

gold_app = typer.Typer(
    name="gold",
    no_args_is_help=True,
)
app.add_typer(gold_app, name="gold")


@gold_app.callback()
def _gold() -> None:
    """Check gold files, or draft a new one from the pipeline's facts.

    Example:

        newsfacts gold check
        newsfacts gold draft 003
    """


@gold_app.command("check")
def check(
    target: Annotated[
        Path, typer.Argument(help="Gold folder (ID.jsonl files) or one gold file.")
    ] = DEFAULT_GOLD,
    corpus: Annotated[Path, typer.Option(help="Corpus folder with the articles' texts.")] = DEFAULT_CORPUS,
) -> None:
    """Check gold files: schema, offsets, text at the offsets, overlapping spans, names.

    Prints one line `file:line: problem` per problem and exits 1 if there is any. Drafts
    (ID.draft.jsonl) in a folder are skipped; name a draft to check it.

    Example:

        newsfacts gold check
        newsfacts gold check corpus/gold/003_fac0f89f44e2e5e3.draft.jsonl
    """
    if not corpus.is_dir():
        raise fail(f"{corpus}: no such corpus folder (give --corpus)")
    try:
        files = gold_files(target)
        issues = check_gold_dir(target, corpus)
    except NewsfactsError as exc:
        raise fail(str(exc)) from None
    for issue in issues:
        typer.echo(str(issue))
    bad = len({issue.path for issue in issues})
    if issues:
        typer.echo(f"{len(issues)} problem(s) in {bad} of {len(files)} gold file(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{len(files)} gold file(s) checked: no problems", err=True)


@gold_app.command("draft")
def draft(
    article: Annotated[str, typer.Argument(help="Article id, or a unique start of it (003).")],
    corpus: Annotated[Path, typer.Option(help="Corpus folder.")] = DEFAULT_CORPUS,
    gold: Annotated[
        Path, typer.Option(help="Gold folder; the draft goes to GOLD/ID.draft.jsonl.")
    ] = DEFAULT_GOLD,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft here instead.")
    ] = None,
    facts: Annotated[
        Path | None, typer.Option(help="Take the facts from this JSONL (default: extract the article now).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it already exists.")] = False,
) -> None:
    """Write the pipeline's facts for an article as a draft gold file to correct by hand.

    Correct the draft against FACTS.md (check it with `newsfacts gold check FILE`), then
    rename it to ID.jsonl. An existing file is never replaced without --force.

    Example:

        newsfacts gold draft 005
        newsfacts gold draft 005_1a2b3c4d5e6f7a8b --output /tmp/draft.jsonl --force
    """
    if facts is not None and not facts.is_file():
        raise fail(f"{facts}: no such file; run `newsfacts run` first, or leave out --facts")
    try:
        path, n = draft_gold(article, corpus, gold, output=output, facts_path=facts, force=force)
    except (NewsfactsError, OSError) as exc:
        raise fail(str(exc)) from None
    typer.echo(f"wrote {n} facts to {path}; correct them by hand, then rename the file to ID.jsonl")
