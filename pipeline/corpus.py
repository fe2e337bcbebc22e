"""Read articles from a corpus folder (``ID.txt`` + ``ID.json``) or a JSONL file, lazily.

Reading never stops at a bad article: each one that cannot be used is yielded as a
``CorpusError`` naming its file and the problem, so a batch can record it and go on.
Only a missing or unusable *input* (the folder or file itself) raises.

Texts are decoded as UTF-8 exactly as stored (a BOM stays as U+FEFF and CRLF stays CRLF,
so offsets stay true to the file); bytes that are not UTF-8 fall back to Windows-1252 and
the article carries a warning saying so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.errors import CorpusError
from pipeline.schema import Article, ArticleMeta

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
MAX_CHARS = 1_000_000
"""Longest article text accepted (spaCy's own default ``max_length``)."""

_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF")


def article_hash(article: Article) -> str:
    """A hash of what the pipeline reads from an article: its text and its metadata."""
    h = hashlib.sha256()
    h.update(article.text.encode("utf-8"))
    h.update(article.meta.model_dump_json().encode("utf-8"))
    return h.hexdigest()


def decode_text(raw: bytes, path: Path | str) -> tuple[str, list[str]]:
    """Decode article bytes; raise ``CorpusError`` for binary, empty or blank files."""
    if any(raw.startswith(magic) for magic in _BINARY_MAGIC) or b"\x00" in raw[:4096]:
        raise CorpusError(path, "is a binary file (not text); save the article as plain text")
    warnings: list[str] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("cp1252", errors="replace")
        warnings.append(
            f"{path}: not valid UTF-8 (byte {exc.start}); decoded as Windows-1252, offsets refer to that text"
        )
    if not text.strip():
        raise CorpusError(path, "is empty" if not text else "contains only whitespace")
    if len(text) > MAX_CHARS:
        raise CorpusError(path, f"is too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    return text, warnings


def parse_meta(data: Any, article_id: str, path: Path | str) -> tuple[ArticleMeta, list[str]]:
    """Validate metadata; an impossible publication date becomes a warning and ``None``."""
    if not isinstance(data, dict):
        raise CorpusError(path, "metadata must be a JSON object")
    data = dict(data)
    warnings: list[str] = []
    published = data.get("published")
    if published is not None and not isinstance(published, date):
        try:
            data["published"] = date.fromisoformat(str(published)[:10])
        except ValueError:
            warnings.append(
                f"{path}: publication date {published!r} is not a real date;"
                " relative dates stay unresolved (X)"
            )
            data["published"] = None
    if data.get("id", article_id) != article_id:
        warnings.append(
            f"{path}: metadata id {data['id']!r} differs from the file name; using {article_id!r}"
        )
    data["id"] = article_id
    try:
        return ArticleMeta.model_validate(data), warnings
    except ValidationError as exc:
        problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CorpusError(path, f"metadata is invalid ({problem})") from None


def _check_id(article_id: str, path: Path | str) -> None:
    if not ID_RE.match(article_id):
        raise CorpusError(path, f"article id {article_id!r} is not allowed (letters, digits, '.', '_', '-')")


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def read_article_file(txt: Path, root: Path | None = None) -> Article:
    """Read one ``ID.txt`` and its ``ID.json`` (optional); raise ``CorpusError`` if unusable."""
    article_id = txt.stem
    _check_id(article_id, txt)
    root = root or txt.parent
    if not _inside(txt, root):
        raise CorpusError(txt, "points outside the corpus folder; refused")
    text, warnings = decode_text(txt.read_bytes(), txt)
    meta_path = txt.with_suffix(".json")
    if meta_path.exists():
        if not _inside(meta_path, root):
            raise CorpusError(meta_path, "points outside the corpus folder; refused")
        try:
            data = json.loads(meta_path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CorpusError(meta_path, f"metadata is not valid JSON ({exc})") from None
    else:
        data = {}
        warnings.append(f"{meta_path}: no metadata file; relative dates stay unresolved (X)")
    meta, meta_warnings = parse_meta(data, article_id, meta_path)
    return Article(meta=meta, text=text, path=str(txt), warnings=tuple(warnings + meta_warnings))


def _read_folder(folder: Path) -> Iterator[Article | CorpusError]:
    for txt in sorted(folder.glob("*.txt")):
        try:
            yield read_article_file(txt, folder)
        except CorpusError as exc:
            yield exc
        except OSError as exc:
            yield CorpusError(txt, f"cannot be read ({exc.strerror or exc})")


def _read_jsonl(path: Path) -> Iterator[Article | CorpusError]:
    seen: set[str] = set()
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8-sig" if lineno == 1 else "utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield CorpusError(where, f"not a JSON record ({exc})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                yield CorpusError(where, "a record needs a string 'id' and a 'text'")
                continue
            article_id = record.pop("id")
            text = record.pop("text", None)
            try:
                _check_id(article_id, where)
                if article_id in seen:
                    raise CorpusError(where, f"duplicate article id {article_id!r}; the first one is kept")
                if not isinstance(text, str) or not text.strip():
                    raise CorpusError(where, f"article {article_id!r} has no text")
                if len(text) > MAX_CHARS:
                    raise CorpusError(
                        where, f"article is too long ({len(text):,} characters; limit {MAX_CHARS:,})"
                    )
                meta, warnings = parse_meta(record, article_id, where)
            except CorpusError as exc:
                yield exc
                continue
            seen.add(article_id)
            yield Article(meta=meta, text=text, path=where, warnings=tuple(warnings))


def read_corpus(source: Path) -> Iterator[Article | CorpusError]:
    """Yield the articles of a folder or JSONL file, one at a time, in a stable order.

    Raises ``CorpusError`` at once if ``source`` itself does not exist or is neither.
    """
    if source.is_dir():
        return _read_folder(source)
    if source.is_file() and source.suffix in {".jsonl", ".ndjson"}:
        return _read_jsonl(source)
    if not source.exists():
        raise CorpusError(source, "no such file or folder")
    raise CorpusError(source, "is neither a folder of ID.txt + ID.json nor a .jsonl file")
