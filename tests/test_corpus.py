"""Reading articles: folders and JSONL, metadata, and every bad input named in one line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.corpus import article_hash, read_article_file, read_corpus
from pipeline.errors import CorpusError
from pipeline.schema import Article

from .conftest import CORPUS


def _write(folder: Path, name: str, text: bytes | str, meta: object | None = None) -> Path:
    txt = folder / f"{name}.txt"
    txt.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    if meta is not None:
        (folder / f"{name}.json").write_text(meta if isinstance(meta, str) else json.dumps(meta))
    return txt


def test_seed_corpus_reads_every_article_with_its_date() -> None:
    items = list(read_corpus(CORPUS))
    assert len(items) == 5
    assert all(isinstance(a, Article) for a in items)
    first = items[0]
    assert isinstance(first, Article)
    assert first.id == "000_fc7870165e30b7be"
    assert first.published == date(2025, 10, 16)
    assert first.text == (CORPUS / "000_fc7870165e30b7be.txt").read_bytes().decode("utf-8")


def test_missing_input_raises_naming_it(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        read_corpus(tmp_path / "nope")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\t \r\n", "contains only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a binary file"),
    ],
)
def test_unusable_text_is_one_named_error(tmp_path: Path, raw: bytes, problem: str) -> None:
    txt = _write(tmp_path, "bad", raw, {"published": "2025-01-01"})
    with pytest.raises(CorpusError) as err:
        read_article_file(txt)
    assert str(txt) in str(err.value) and problem in str(err.value)
    assert "\n" not in str(err.value)


def test_windows_1252_falls_back_with_a_warning(tmp_path: Path) -> None:
    txt = _write(tmp_path, "cp", "The \u201cdeal\u201d was worth S$5 million.".encode("cp1252"))
    article = read_article_file(txt)
    assert "\u201cdeal\u201d" in article.text
    assert any("Windows-1252" in w for w in article.warnings)


def test_bom_and_crlf_are_kept_so_offsets_match_the_file(tmp_path: Path) -> None:
    raw = "\ufeffSingapore signed\r\n18 deals.\r\n".encode()
    article = read_article_file(_write(tmp_path, "bom", raw, {}))
    assert article.text == raw.decode("utf-8")
    assert article.text.index("18") == 19


def test_bad_metadata_and_impossible_date(tmp_path: Path) -> None:
    bad_json = _write(tmp_path, "a", "Some text.", "{not json")
    with pytest.raises(CorpusError, match="metadata is not valid JSON"):
        read_article_file(bad_json)
    impossible = read_article_file(_write(tmp_path, "b", "Some text.", {"published": "2025-02-30"}))
    assert impossible.published is None
    assert any("not a real date" in w for w in impossible.warnings)


def test_folder_yields_errors_and_goes_on(tmp_path: Path) -> None:
    _write(tmp_path, "a_good", "Singapore and Vietnam signed 3 agreements.", {"published": "2025-01-02"})
    _write(tmp_path, "b_empty", "", {})
    _write(tmp_path, "c_good", "Another article.", {})
    items = list(read_corpus(tmp_path))
    assert [type(i).__name__ for i in items] == ["Article", "CorpusError", "Article"]


def test_jsonl_input_reports_bad_lines_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "One.", "published": "2025-03-01"}),
        "{broken",
        json.dumps({"id": "a1", "text": "Again."}),
        json.dumps({"id": "../../etc/passwd", "text": "x"}),
        json.dumps({"id": "a2", "text": "Two."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_corpus(path))
    kinds = [(type(i).__name__, str(i) if isinstance(i, CorpusError) else i.id) for i in items]
    assert kinds[0] == ("Article", "a1")
    assert kinds[1][0] == "CorpusError" and f"{path}:2" in kinds[1][1]
    assert "duplicate article id 'a1'" in kinds[2][1]
    assert "is not allowed" in kinds[3][1]
    assert kinds[4] == ("Article", "a2")


def test_symlink_out_of_the_corpus_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").symlink_to(outside)
    items = list(read_corpus(corpus))
    assert len(items) == 1 and isinstance(items[0], CorpusError)
    assert "outside the corpus" in str(items[0])


def test_hash_changes_with_text_and_metadata(tmp_path: Path) -> None:
    a = read_article_file(_write(tmp_path, "h", "Text one.", {"published": "2025-01-01"}))
    b = read_article_file(_write(tmp_path, "h", "Text one.", {"published": "2025-01-02"}))
    c = read_article_file(_write(tmp_path, "h", "Text two.", {"published": "2025-01-02"}))
    assert len({article_hash(a), article_hash(b), article_hash(c)}) == 3


def test_a_5_mb_article_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    txt = _write(tmp_path, "huge", ("Singapore signed 3 deals. " * 200_000).encode(), {})
    with pytest.raises(CorpusError, match=r"too long \(5,200,000 characters; the limit is 1,000,000\)"):
        read_article_file(txt)


def test_metadata_that_lacks_fields_is_fine_but_wrong_types_are_named(tmp_path: Path) -> None:
    bare = read_article_file(_write(tmp_path, "bare", "Text.", {}))
    assert bare.published is None and bare.meta.title is None
    with pytest.raises(CorpusError, match=r"metadata is invalid \(title:"):
        read_article_file(_write(tmp_path, "typed", "Text.", {"title": ["not", "a", "string"]}))
    with pytest.raises(CorpusError, match="must be a JSON object"):
        read_article_file(_write(tmp_path, "list", "Text.", "[1, 2]"))
