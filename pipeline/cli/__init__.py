"""The ``newsfacts`` command line: one small module per command group, over the Python API."""

from pipeline.cli import accuracy as _accuracy  # noqa: F401  (each import registers its commands)
from pipeline.cli import add as _add  # noqa: F401
from pipeline.cli import bench as _bench  # noqa: F401
from pipeline.cli import evaluate as _evaluate  # noqa: F401
from pipeline.cli import export as _export  # noqa: F401
from pipeline.cli import gold as _gold  # noqa: F401
from pipeline.cli import run as _run  # noqa: F401
from pipeline.cli import show as _show  # noqa: F401
from pipeline.cli import status as _status  # noqa: F401
from pipeline.cli.app import app, main

__all__ = ["app", "main"]
