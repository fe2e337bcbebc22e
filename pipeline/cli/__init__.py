"""The ``newsfacts`` command line: one small module per command group, over the Python API."""

from pipeline.cli import evaluate as _evaluate  # noqa: F401  (registers commands)
from pipeline.cli import run as _run  # noqa: F401
from pipeline.cli.app import app, main

__all__ = ["app", "main"]
