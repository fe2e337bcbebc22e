"""One small tree of errors, each a full sentence naming the file and the problem.

Every error is also a ``ValueError`` (as in ``jsonlines``) so callers that only know
the standard library can still catch it. The CLI prints ``error: <message>`` and exits 1.
"""

from __future__ import annotations

from pathlib import Path


class NewsfactsError(ValueError):
    """Base of every error newsfacts raises on purpose."""


class CorpusError(NewsfactsError):
    """An input article or its metadata cannot be used."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class LexiconError(NewsfactsError):
    """A data file under models/ is malformed (raised with file:line)."""


class FactFormatError(NewsfactsError):
    """A facts or gold JSONL line does not follow the schema."""

    def __init__(self, path: Path | str, lineno: int, problem: str) -> None:
        self.path = str(path)
        self.lineno = lineno
        self.problem = problem
        super().__init__(f"{path}:{lineno}: {problem}" if lineno else f"{path}: {problem}")


class OutputError(NewsfactsError):
    """An output file could not be written; the previous version is left intact."""
