"""The typer application and the error boundary shared by every command.

Commands raise ``NewsfactsError`` with a full sentence; ``main`` turns it into one line
``error: <message>`` on stderr and exit code 1. Tracebacks only with ``NEWSFACTS_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys

import typer

from pipeline.errors import NewsfactsError

app = typer.Typer(
    name="newsfacts",
    help="Extract money, dates, agreement counts and entities from news articles, and score them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"newsfacts {version('newsfacts')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Extract money, dates, agreement counts and entities from news articles, and score them."""


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear line and return the exit to raise: ``raise fail("...")``."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    """Console entry point: run the app with the one-line error boundary."""
    try:
        app()
    except NewsfactsError as exc:
        if os.environ.get("NEWSFACTS_DEBUG"):
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
