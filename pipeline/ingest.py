"""Add an article to the corpus: plain text or a saved web page in, ``ID.txt`` + ``ID.json`` out.

A saved page (``.html``/``.htm``) goes through ``trafilatura``, which keeps the article body
(not the navigation, asides or footer) and reads the title, publication date, URL and site
name from the page's metadata (Open Graph, ``article:published_time``, JSON-LD…). Options
given by the user win over what the page says.

The id is ``NNN_<16 hex of sha256 of the stored text>``: the number keeps the corpus in the
order articles were added (like the seed corpus), the hash makes an exact duplicate easy to
spot. A text already in the corpus is refused, naming the id it duplicates. Both files are
written atomically, the text byte for byte as its offsets will be read back.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.corpus import ID_RE, decode_text
from pipeline.errors import CorpusError
from pipeline.io import atomic_writer

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_NUMBERED = re.compile(r"^(\d{3,})_")


@dataclass(frozen=True)
class Overrides:
    """Metadata given on the command line; each one wins over the page's own."""

    published: date | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass
class Added:
    """What ``add_article`` wrote, and what it could not find (one sentence each)."""

    article_id: str
    txt_path: Path
    meta_path: Path
    meta: dict[str, Any]
    missing: list[str] = field(default_factory=list)


def text_hash(text: str) -> str:
    """The 16-hex content hash used in ids: sha256 of the text as UTF-8.

    >>> text_hash("Hello")
    '185f8db32271fe25'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _from_html(path: Path) -> tuple[str, dict[str, Any]]:
    """The main text and metadata of a saved page, via trafilatura."""
    import trafilatura  # imported here: loading it takes a second and only `add` needs it

    raw = path.read_bytes()
    doc = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Dates only from the page's metadata and markup, not guessed from the running text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        raise CorpusError(path, "no article text found in this page (is it a saved news page?)")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        raise CorpusError(path, "no article text found in this page (is it a saved news page?)")
    meta = {
        "title": data.get("title"),
        "url": data.get("url"),
        "source": data.get("sitename") or data.get("hostname"),
        "published": data.get("date"),
    }
    return text + "\n", meta


def read_source(path: Path) -> tuple[str, dict[str, Any]]:
    """Text and whatever metadata the file itself carries (pages only; plain text has none)."""
    if not path.is_file():
        raise CorpusError(path, "no such file")
    if path.suffix.lower() in HTML_SUFFIXES:
        return _from_html(path)
    text, _warnings = decode_text(path.read_bytes(), path)
    if text.lstrip().lower().startswith(("<!doctype html", "<html")):
        raise CorpusError(path, "looks like a web page; save it with the .html extension to extract its text")
    return text, {}


def _published(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def find_duplicate(corpus: Path, text: str) -> str | None:
    """The id of an article in ``corpus`` with exactly this text, if any.

    Ids made here end in the text's hash, so that file is looked at first; every other
    text is then hashed too (articles added by hand can have any id).
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    candidates = sorted(corpus.glob(f"*_{text_hash(text)}.txt")) + sorted(corpus.glob("*.txt"))
    for txt in candidates:
        if hashlib.sha256(txt.read_bytes()).digest() == digest:
            return txt.stem
    return None


def next_number(corpus: Path) -> int:
    """One more than the highest ``NNN_`` prefix in the corpus (0 for an empty corpus)."""
    numbers = [int(m.group(1)) for p in corpus.glob("*.txt") if (m := _NUMBERED.match(p.name))]
    return max(numbers, default=-1) + 1


def _missing(meta: dict[str, Any]) -> list[str]:
    missing = []
    if meta.get("published") is None:
        missing.append(
            "no publication date: relative dates (yesterday, last year…) stay unresolved (X); "
            "give --published YYYY-MM-DD"
        )
    if not meta.get("title"):
        missing.append("no title (give --title)")
    if not meta.get("source"):
        missing.append("no source name (give --source)")
    if not meta.get("url"):
        missing.append("no URL (give --url)")
    return missing


def add_article(path: Path, corpus: Path, overrides: Overrides | None = None) -> Added:
    """Add one file to ``corpus``; raise ``CorpusError`` naming the file if it cannot be added."""
    overrides = overrides or Overrides()
    text, found = read_source(path)
    corpus.mkdir(parents=True, exist_ok=True)
    duplicate = find_duplicate(corpus, text)
    if duplicate is not None:
        raise CorpusError(path, f"is already in the corpus as {duplicate} (same text); not added")

    published = overrides.published or _published(found.get("published"))
    basis = None
    if overrides.published is not None:
        basis = "given with --published"
    elif published is not None:
        basis = "from the page's metadata (trafilatura)"
    article_id = f"{next_number(corpus):03d}_{text_hash(text)}"
    if not ID_RE.match(article_id):  # cannot happen (digits, '_', hex), but ids are a contract
        raise CorpusError(path, f"made an invalid id {article_id!r}")
    meta: dict[str, Any] = {
        "id": article_id,
        "title": overrides.title or found.get("title"),
        "url": overrides.url or found.get("url"),
        "source": overrides.source or found.get("source"),
        "published": published.isoformat() if published else None,
        "published_basis": basis,
        "added_from": path.name,
    }
    meta = {k: v for k, v in meta.items() if v is not None}

    txt_path = corpus / f"{article_id}.txt"
    meta_path = corpus / f"{article_id}.json"
    with atomic_writer(meta_path) as fh:
        fh.write(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    with atomic_writer(txt_path) as fh:  # newline="\n": the text is written exactly as read
        fh.write(text)
    return Added(article_id, txt_path, meta_path, meta, _missing(meta))
