"""Strict readers for the data files under ``models/`` that the money and count normalisers use.

Every row goes through a pydantic row model (``extra="forbid"``) and duplicate keys or
duplicate surfaces are rejected with ``file:line``, so a typo in a lexicon fails loudly at load
instead of silently changing values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.errors import LexiconError

Row = TypeVar("Row", bound=BaseModel)


def _no_duplicate_keys(path: Path, lineno: int) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise LexiconError(f"{path}:{lineno}: duplicate key {key!r}")
            seen[key] = value
        return seen

    return hook


def read_json(path: Path) -> Any:
    """Read one JSON document, rejecting duplicate keys (``>>> read_json(p)["units"]["one"]`` → 1)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        return json.loads(text, object_pairs_hook=_no_duplicate_keys(path, 1))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from exc


def read_rows(path: Path, model: type[Row]) -> Iterator[tuple[int, Row]]:
    """Yield ``(line number, validated row)`` for each non-blank line of a JSONL file."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line, object_pairs_hook=_no_duplicate_keys(path, lineno))
            yield lineno, model.model_validate(raw)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{path}:{lineno}: not JSON: {exc.msg}") from exc
        except ValidationError as exc:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise LexiconError(f"{path}:{lineno}: {problem}") from exc
