"""Fact files: one schema in and out, deterministic lines, atomic writes that never lose data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import FactFormatError, OutputError
from pipeline.io import read_facts, read_gold_dir, write_facts
from pipeline.schema import CountFact, DateFact, EntityFact, MoneyFact

from .conftest import GOLD

FACTS = [
    MoneyFact(article_id="a", text="S$1.2b", start=0, end=6, amount=1_200_000_000, currency="SGD"),
    DateFact(article_id="a", text="yesterday", start=10, end=19, value="2025-10-15"),
    CountFact(article_id="a", text="18", start=20, end=22, count=18, item="initiative"),
    EntityFact(article_id="a", text="Viet Nam", start=30, end=38, label="GPE", name="Vietnam"),
]


def test_round_trip_is_identical(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    assert write_facts(path, FACTS) == 4
    assert list(read_facts(path)) == FACTS
    first = path.read_bytes()
    write_facts(path, list(read_facts(path)))
    assert path.read_bytes() == first


def test_gold_files_all_validate() -> None:
    gold = read_gold_dir(GOLD)
    assert len(gold) == 5
    assert sum(len(v) for v in gold.values()) == 245


def test_a_bad_line_is_named_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = '{"article_id": "a", "type": "date", "text": "2025", "start": 0, "end": 4, "value": "2025"}'
    bad = '{"article_id": "a", "type": "date", "text": "2025", "start": 0, "end": 4, "value": "soon"}'
    path.write_text(f"{good}\n{bad}\n")
    with pytest.raises(
        FactFormatError, match=rf"{path}:2: date.value: date value 'soon' is not a FACTS.md form"
    ):
        list(read_facts(path))


def test_a_failed_write_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "facts.jsonl"
    write_facts(path, FACTS[:1])
    before = path.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match=r"No space left on device.*previous file is left intact"):
        write_facts(path, FACTS)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["facts.jsonl"]


def test_an_unwritable_output_folder_is_one_clear_error(tmp_path: Path) -> None:
    # A file where the folder should be fails for every user, root included (unlike chmod).
    blocker = tmp_path / "outputs"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match=r"outputs/facts.jsonl: cannot write here \(.*\)$"):
        write_facts(blocker / "facts.jsonl", FACTS)
    assert blocker.read_text() == "not a folder"
