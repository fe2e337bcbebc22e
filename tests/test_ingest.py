"""Adding articles: saved pages and plain text in, ID.txt + ID.json out, duplicates refused."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from pipeline.corpus import ID_RE, read_article_file
from pipeline.errors import CorpusError
from pipeline.ingest import Overrides, add_article, next_number, text_hash

from .conftest import CORPUS, ROOT

HTML = ROOT / "tests" / "data" / "html"


def test_saved_page_keeps_the_article_and_reads_its_metadata(tmp_path: Path) -> None:
    added = add_article(HTML / "news_page.html", tmp_path)
    assert ID_RE.match(added.article_id)
    article = read_article_file(added.txt_path, tmp_path)
    assert added.article_id.endswith("_" + text_hash(article.text))
    assert "signed 12 cooperation agreements" in article.text
    assert "US$310 million" in article.text
    for boilerplate in ("Subscribe now", "Privacy policy", "Most read", "All rights reserved"):
        assert boilerplate not in article.text
    assert article.meta.title == "Riverside port signs 12 agreements worth 3.5 billion yuan"
    assert article.published == date(2025, 3, 14)
    assert article.meta.source == "Harbour Times"
    assert article.meta.url == "https://harbour-times.example/business/riverside-port-agreements"
    assert added.missing == []


def test_page_without_a_date_says_relative_dates_stay_unresolved(tmp_path: Path) -> None:
    added = add_article(HTML / "undated_page.html", tmp_path)
    assert read_article_file(added.txt_path, tmp_path).published is None
    assert any("no publication date" in m and "--published" in m for m in added.missing)
    assert added.meta["title"] == "Valley council approves solar farm"


@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        (Overrides(published=date(2024, 5, 1)), "published", "2024-05-01"),
        (Overrides(published=date(2024, 5, 1)), "published_basis", "given with --published"),
        (Overrides(source="Valley Post"), "source", "Valley Post"),
        (Overrides(title="Solar farm approved"), "title", "Solar farm approved"),
        (Overrides(url="https://valley.example/solar"), "url", "https://valley.example/solar"),
    ],
)
def test_options_override_the_page(tmp_path: Path, overrides: Overrides, field: str, expected: str) -> None:
    added = add_article(HTML / "undated_page.html", tmp_path, overrides)
    assert json.loads(added.meta_path.read_text(encoding="utf-8"))[field] == expected


def test_plain_text_is_stored_byte_for_byte(tmp_path: Path) -> None:
    raw = "Héadline\r\nOn Monday, the bank lent $5 million.\r\n\u00a0\r\n"
    src = tmp_path / "story.txt"
    src.write_bytes(raw.encode("utf-8"))
    corpus = tmp_path / "corpus"
    added = add_article(src, corpus, Overrides(published=date(2025, 1, 2)))
    assert added.txt_path.read_bytes() == raw.encode("utf-8")
    assert any("no title" in m for m in added.missing)
    assert read_article_file(added.txt_path, corpus).published == date(2025, 1, 2)


def test_exact_duplicate_is_refused_naming_the_existing_id(tmp_path: Path) -> None:
    first = add_article(HTML / "news_page.html", tmp_path)
    with pytest.raises(CorpusError, match=f"already in the corpus as {first.article_id}"):
        add_article(HTML / "news_page.html", tmp_path)
    assert len(list(tmp_path.glob("*.txt"))) == 1


@pytest.mark.parametrize("txt", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_shipped_articles_are_recognised_as_duplicates(tmp_path: Path, txt: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    copy = tmp_path / "again.txt"
    shutil.copy(txt, copy)
    with pytest.raises(CorpusError, match=f"as {txt.stem} "):
        add_article(copy, corpus)


def test_ids_are_numbered_after_the_shipped_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    expected = next_number(CORPUS)
    added = add_article(HTML / "news_page.html", corpus)
    assert added.article_id.startswith(f"{expected:03d}_")
    assert next_number(corpus) == expected + 1


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "page.txt",
            b"<!DOCTYPE html><html><body><p>Hi</p></body></html>",
            "save it with the .html extension",
        ),
        ("empty.txt", b"", "is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (
            "blank.html",
            b"<html><head><title>Log in</title></head><body></body></html>",
            "no article text found",
        ),
    ],
)
def test_unusable_inputs_are_named(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    with pytest.raises(CorpusError, match=problem) as err:
        add_article(src, tmp_path / "corpus")
    assert str(src) in str(err.value)
    assert not list(tmp_path.glob("corpus/*"))


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        add_article(tmp_path / "nope.html", tmp_path)
