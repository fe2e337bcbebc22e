"""Gold tooling: every problem in a gold file named as file:line, drafts that never overwrite."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.errors import NewsfactsError
from pipeline.gold import check_gold_dir, check_gold_file, draft_gold, gold_json
from pipeline.io import read_facts

from .conftest import CORPUS, GOLD

GOLD_FILES = sorted(p for p in GOLD.glob("*.jsonl") if not p.name.endswith(".draft.jsonl"))
AID = "001_f2ec7078244bfa86"
TEXT = (CORPUS / f"{AID}.txt").read_bytes().decode("utf-8")
SIXTEEN = TEXT.index("Sixteen")


def _line(**changes: object) -> str:
    fact = {"article_id": AID, "type": "count", "text": "Sixteen", "start": SIXTEEN, "end": SIXTEEN + 7}
    fact.update({"count": 16, "item": "project"})
    fact.update(changes)
    return json.dumps({k: v for k, v in fact.items() if v is not None}, ensure_ascii=False)


def _ent(text: str, name: str, label: str = "GPE", nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return json.dumps(
        {"article_id": AID, "type": "entity", "text": text, "start": start, "end": start + len(text),
         "label": label, "name": name}
    )  # fmt: skip


GOOD = _line()

# (lines of the file, expected line number of the problem, words of the problem)
BROKEN: list[tuple[list[str], int, str]] = [
    ([GOOD, "{not json"], 2, "not JSON"),
    ([GOOD, _line(count=None)], 2, "count"),
    ([_line(type="money")], 1, "amount"),
    ([_line(article_id="004_cbefdeefdda3c190")], 1, "is not the file's article"),
    ([_line(start=len(TEXT) + 3, end=len(TEXT) + 10)], 1, "past the end of the article"),
    ([_line(start=SIXTEEN + 1, end=SIXTEEN + 8)], 1, "is not the article's"),
    ([_line(text="sixteen")], 1, "is not the article's"),
    ([GOOD, GOOD], 2, "duplicates line 1"),
    ([_line(text="Sixteen\u00a0f", end=SIXTEEN + 9), GOOD], 2, "overlaps line 1"),
    ([_ent("China", "China"), _ent("China", "People's Republic of China", nth=1)], 2, "one canonical name"),
    ([GOOD, _line(type="date", text="x", start=0, end=2, value="2023", count=None, item=None)],
     2, "has 1 characters"),
]  # fmt: skip


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_shipped_gold_has_no_problems(gold: Path) -> None:
    assert [str(i) for i in check_gold_file(gold, CORPUS)] == []


@pytest.mark.parametrize(("lines", "lineno", "problem"), BROKEN)
def test_each_problem_is_one_line_naming_file_and_line(
    tmp_path: Path, lines: list[str], lineno: int, problem: str
) -> None:
    gold = tmp_path / f"{AID}.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    issues = [str(i) for i in check_gold_dir(tmp_path, CORPUS)]
    assert len(issues) == 1, issues
    assert issues[0].startswith(f"{gold}:{lineno}: ")
    assert problem in issues[0]
    assert "\n" not in issues[0]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    gold = tmp_path / f"{AID}.jsonl"
    gold.write_text("\n".join([GOOD, "{", _line(start=0, end=7), GOOD]) + "\n", encoding="utf-8")
    assert [i.lineno for i in check_gold_dir(tmp_path, CORPUS)] == [2, 3, 4]


def test_same_surface_with_different_labels_is_not_a_name_clash(tmp_path: Path) -> None:
    gold = tmp_path / f"{AID}.jsonl"
    gold.write_text(_ent("Chongqing", "Chongqing") + "\n", encoding="utf-8")
    assert check_gold_dir(tmp_path, CORPUS) == []


def test_unknown_article_id_is_named(tmp_path: Path) -> None:
    gold = tmp_path / "999_0000000000000000.jsonl"
    gold.write_text("", encoding="utf-8")
    issues = [str(i) for i in check_gold_dir(tmp_path, CORPUS)]
    assert issues == [
        f"{gold}: unknown article id '999_0000000000000000': no {CORPUS}/999_0000000000000000.txt"
    ]


def test_drafts_are_checked_only_when_named(tmp_path: Path) -> None:
    draft = tmp_path / f"{AID}.draft.jsonl"
    draft.write_text("{\n", encoding="utf-8")
    assert check_gold_dir(tmp_path, CORPUS) == []
    assert [str(i) for i in check_gold_dir(draft, CORPUS)] == [
        f"{draft}:1: not JSON (Expecting property name enclosed in double quotes)"
    ]


def test_missing_target_raises() -> None:
    with pytest.raises(NewsfactsError, match="no such gold file or folder"):
        check_gold_dir(Path("/nonexistent/gold"), CORPUS)


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_draft_from_facts_is_clean_gold_without_output_fields(tmp_path: Path, gold: Path) -> None:
    facts_file = tmp_path / "facts.jsonl"
    lines = [json.loads(x) | {"rule": "some_rule"} for x in gold.read_text(encoding="utf-8").splitlines()]
    facts_file.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    path, n = draft_gold(gold.stem[:3], CORPUS, tmp_path, facts_path=facts_file)
    assert path == tmp_path / f"{gold.stem}.draft.jsonl"
    assert n == len(lines)
    assert check_gold_file(path, CORPUS) == []
    assert all("rule" not in json.loads(x) for x in path.read_text(encoding="utf-8").splitlines())
    assert [gold_json(f) for f in read_facts(path)] == [gold_json(f) for f in read_facts(gold)]


def test_draft_never_overwrites_without_force(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    shutil.copytree(GOLD, gold_dir)
    target = gold_dir / f"{AID}.jsonl"
    before = target.read_bytes()
    with pytest.raises(NewsfactsError, match="already exists"):
        draft_gold(AID, CORPUS, gold_dir, output=target, facts_path=GOLD / f"{AID}.jsonl")
    assert target.read_bytes() == before
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    draft_gold(AID, CORPUS, gold_dir, output=target, facts_path=empty, force=True)
    assert target.read_bytes() == b""


def test_draft_extracts_the_article_when_no_facts_file_is_given(tmp_path: Path) -> None:
    path, n = draft_gold(AID, CORPUS, tmp_path)
    facts = list(read_facts(path))
    assert len(facts) == n
    assert all(f.article_id == AID and TEXT[f.start : f.end] == f.text for f in facts)
    # The pipeline's spans may overlap or disagree on names (that is for the person correcting
    # the draft), but the file itself is valid gold: schema, ids and offsets.
    problems = [i.problem for i in check_gold_file(path, CORPUS)]
    assert all(p.endswith(("spans must be flat", "per article")) for p in problems), problems
