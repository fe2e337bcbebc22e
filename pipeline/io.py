"""Read and write fact JSONL through the one schema, atomically and deterministically.

Writes go to a temporary file in the target's folder, are flushed to disk, then renamed over
the target: a failed or killed run never leaves a half-written file, and the previous
version stays intact. Output is sorted and dumped the same way every time, so rerunning
unchanged inputs gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TypeVar

from pydantic import ValidationError

from pipeline.errors import FactFormatError, OutputError
from pipeline.schema import FACT_ADAPTER, Fact, fact_to_json

T = TypeVar("T")


def dumps_fact(fact: Fact) -> str:
    """One JSONL line (without newline): stdlib json, no ASCII escaping, stable key order."""
    return json.dumps(fact_to_json(fact), ensure_ascii=False)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A fresh temporary path beside ``path``, renamed over ``path`` only if the block succeeds.

    The temporary file is not created, so libraries that make their own file (SQLite, DuckDB,
    Parquet) can write to it; whatever happens, no temporary file is left behind.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror or exc})") from None
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(
            f"{path}: write failed ({exc.strerror or exc}); the previous file is left intact"
        ) from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal"), tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """A text file beside ``path``, flushed to disk and renamed over ``path`` only on success."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` items, read lazily (``itertools.batched`` from Python 3.12)."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def write_facts(path: Path, facts: Iterable[Fact]) -> int:
    """Write facts as JSONL atomically, in the order given; return how many were written."""
    n = 0
    with atomic_writer(path) as fh:
        for fact in facts:
            fh.write(dumps_fact(fact))
            fh.write("\n")
            n += 1
    return n


def parse_fact_line(line: str, path: Path | str, lineno: int) -> Fact:
    """Validate one JSONL line as a fact, or raise ``FactFormatError`` naming file:line.

    >>> parse_fact_line("[1,]", "gold/001.jsonl", 2)
    Traceback (most recent call last):
    pipeline.errors.FactFormatError: gold/001.jsonl:2: not JSON (Expecting value)
    """
    try:
        return FACT_ADAPTER.validate_json(line)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "json_invalid":
            msg = _json_problem(line) or msg
        problem = f"{where}: {msg}" if where else msg
        raise FactFormatError(path, lineno, problem) from None


def _json_problem(line: str) -> str | None:
    """``not JSON (<the standard library's message>)``: plainer than the pydantic parser's wording.

    Only called once validation has failed, so good lines are parsed once. None when the standard
    library accepts what pydantic does not (a lone surrogate escape): pydantic's message stays then.
    """
    try:
        json.loads(line)
    except json.JSONDecodeError as exc:
        return f"not JSON ({exc.msg})"
    return None


def parse_fact_lines(lines: Iterable[str], path: Path | str) -> Iterator[tuple[int, Fact | FactFormatError]]:
    """``(line number, fact)`` for each non-blank line, or ``(line number, error)`` where a line is bad.

    The one line loop: ``read_numbered_facts`` raises the first error, the gold checks collect them all.

    >>> [(n, type(f).__name__) for n, f in parse_fact_lines(["", "{", "  "], "f.jsonl")]
    [(2, 'FactFormatError')]
    """
    for lineno, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield lineno, parse_fact_line(line, path, lineno)
            except FactFormatError as exc:
                yield lineno, exc


def read_numbered_facts(path: Path | str) -> Iterator[tuple[int, Fact]]:
    """Yield ``(line number, fact)`` for each non-blank line; ``-`` reads standard input.

    Line numbers let callers (the gold checks) name the line at fault.
    """
    if str(path) == "-":
        yield from _numbered(sys.stdin, path)
        return
    try:
        fh = Path(path).open(encoding="utf-8-sig")  # noqa: SIM115  (closed by the with below)
    except FileNotFoundError:
        raise FactFormatError(path, 0, "no such file") from None
    with fh:
        try:
            yield from _numbered(fh, path)
        except UnicodeDecodeError as exc:
            raise FactFormatError(path, 0, f"not UTF-8 ({exc.reason})") from None


def _numbered(lines: Iterable[str], path: Path | str) -> Iterator[tuple[int, Fact]]:
    for lineno, parsed in parse_fact_lines(lines, path):
        if isinstance(parsed, FactFormatError):
            raise parsed
        yield lineno, parsed


def read_facts(path: Path | str) -> Iterator[Fact]:
    """Yield the facts of a JSONL file (``-``: standard input), one at a time."""
    for _, fact in read_numbered_facts(path):
        yield fact


DRAFT_SUFFIX = ".draft.jsonl"
"""Drafts written by ``newsfacts gold draft`` sit beside the gold but are not gold yet."""


def gold_files(target: Path) -> list[Path]:
    """The gold files of a folder (``ID.jsonl``, drafts left out), or the one file named."""
    target = Path(target)
    if target.is_dir():
        return sorted(p for p in target.glob("*.jsonl") if not p.name.endswith(DRAFT_SUFFIX))
    if target.is_file():
        return [target]
    raise FactFormatError(target, 0, "no such gold file or folder")


def read_gold_dir(folder: Path) -> dict[str, list[Fact]]:
    """Gold facts per article id, from ``folder/ID.jsonl`` (one file per article)."""
    return {p.stem: list(read_facts(p)) for p in gold_files(folder)}


def group_by_article(facts: Iterable[Fact]) -> dict[str, list[Fact]]:
    """Facts per article id, in the order read."""
    grouped: dict[str, list[Fact]] = {}
    for fact in facts:
        grouped.setdefault(fact.article_id, []).append(fact)
    return grouped
