"""Fact files: one schema in and out, deterministic lines, atomic writes that never lose data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import FactFormatError, OutputError
from pipeline.io import parse_fact_lines, read_facts, read_gold_dir, write_facts
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


def test_a_file_that_is_not_utf8_is_one_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    good = '{"article_id": "a", "type": "date", "text": "2025", "start": 0, "end": 4, "value": "2025"}'
    path.write_bytes(good.encode() + b"\n" + "caf\u00e9".encode("latin-1") + b"\n")
    with pytest.raises(FactFormatError, match=rf"^{path}: not UTF-8 \(invalid continuation byte\)$"):
        list(read_facts(path))


GOOD_LINE = '{"article_id": "a", "type": "date", "text": "2025", "start": 0, "end": 4, "value": "2025"}'

# (a bad line, the start of its problem): the same words whether the line is read (raises) or checked
BAD_LINES = [
    pytest.param("{not json", "not JSON (Expecting property name enclosed in double quotes)", id="not-json"),
    pytest.param("[1,]", "not JSON (Expecting value)", id="trailing-comma"),
    pytest.param(GOOD_LINE + " x", "not JSON (Extra data)", id="extra-data"),
    pytest.param('"\\ud800"', "Invalid JSON: ", id="stdlib-accepts-lone-surrogate"),
    pytest.param("[]", "Input should be an object", id="not-an-object"),
    pytest.param(
        GOOD_LINE.replace('"2025"}', '"soon"}'),
        "date.value: date value 'soon' is not a FACTS.md form (",
        id="bad-date-value",
    ),
]


@pytest.mark.parametrize(("bad", "problem"), BAD_LINES)
def test_reading_raises_what_checking_collects(tmp_path: Path, bad: str, problem: str) -> None:
    lines = [GOOD_LINE, "", bad, "  ", bad]
    parsed = list(parse_fact_lines(lines, "f.jsonl"))
    assert [n for n, _ in parsed] == [1, 3, 5]
    assert isinstance(parsed[0][1], DateFact)
    errors = [e for _, e in parsed[1:] if isinstance(e, FactFormatError)]
    assert [e.lineno for e in errors] == [3, 5]
    assert errors[0].problem == errors[1].problem
    assert errors[0].problem.startswith(problem)
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FactFormatError) as info:
        list(read_facts(path))
    assert str(info.value) == f"{path}:3: {errors[0].problem}"


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
