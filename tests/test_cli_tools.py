"""The researchers' commands end to end on the shipped corpus: add, show, facts, export, gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.cli.add
import pipeline.cli.export
import pipeline.cli.gold
import pipeline.cli.show  # noqa: F401  (each import registers its commands)
from pipeline.cli.app import app
from pipeline.ingest import next_number
from pipeline.io import read_facts

from .conftest import CORPUS, GOLD, ROOT

HTML = ROOT / "tests" / "data" / "html"
AID = "003_fac0f89f44e2e5e3"
runner = CliRunner()

COMMANDS = [["add"], ["show"], ["export"], ["facts"], ["gold"], ["gold", "check"], ["gold", "draft"]]


@pytest.fixture(scope="module")
def all_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("facts") / "facts.jsonl"
    path.write_text(
        "".join(p.read_text(encoding="utf-8") for p in sorted(GOLD.glob("*.jsonl"))), encoding="utf-8"
    )
    return path


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _error(args: list[str], code: int = 1) -> str:
    """The one-line error a command gives, without the 'error: ' prefix."""
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0].removeprefix("error: ")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    out = _ok([*command, "--help"])
    assert "Example:" in out and "newsfacts " + command[0] in out


def test_add_a_page_then_refuse_it_again(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = _ok(["add", str(HTML / "news_page.html"), "--corpus", str(corpus)])
    assert out.startswith(f"added {next_number(CORPUS):03d}_") and "not found" not in out
    new_id = out.split()[1].rstrip(":")
    assert (corpus / f"{new_id}.txt").is_file() and (corpus / f"{new_id}.json").is_file()
    message = _error(["add", str(HTML / "news_page.html"), "--corpus", str(corpus)])
    assert (
        message == f"{HTML / 'news_page.html'}: is already in the corpus as {new_id} (same text); not added"
    )


def test_add_says_what_it_could_not_find(tmp_path: Path) -> None:
    out = _ok(["add", str(HTML / "undated_page.html"), "--corpus", str(tmp_path)])
    assert "not found: no publication date" in out
    out = _ok(["add", str(HTML / "news_page.html"), "--corpus", str(tmp_path), "--published", "2025-03-15"])
    record = json.loads(next(tmp_path.glob("001_*.json")).read_text(encoding="utf-8"))
    assert record["published"] == "2025-03-15" and record["published_basis"] == "given with --published"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--published", "15/03/2025"], "--published '15/03/2025': not a date"),
        (["--title", "T"], "--title and --url describe one article"),
    ],
)
def test_add_usage_errors(tmp_path: Path, args: list[str], problem: str) -> None:
    files = [str(HTML / "news_page.html"), str(HTML / "undated_page.html")]
    assert _error(["add", *files, "--corpus", str(tmp_path), *args]).startswith(problem)


def test_show_prints_every_fact_of_the_facts_file() -> None:
    gold = GOLD / f"{AID}.jsonl"
    out = _ok(["show", AID[:3], "--corpus", str(CORPUS), "--facts", str(gold)])
    for fact in read_facts(gold):
        assert fact.text.split()[0] in out


def test_show_writes_the_html_page(tmp_path: Path) -> None:
    page = tmp_path / "show.html"
    out = _ok(
        ["show", AID, "--corpus", str(CORPUS), "--facts", str(GOLD / f"{AID}.jsonl"), "--html", str(page)]
    )
    assert out.startswith(f"wrote {page}")
    assert page.read_text(encoding="utf-8").count('<mark class="entity"') > 0


def test_show_extracts_on_the_fly_without_a_run() -> None:
    out = _ok(["show", AID, "--corpus", str(CORPUS)])
    assert "kind" in out and "value" in out  # the facts table, whatever the pipeline finds


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["show", "999"], "no article '999'"),
        (["show", "00"], "'00' matches 5 articles"),
        (["show", AID, "--facts", "nope.jsonl"], "nope.jsonl: no such file"),
        (["show", "../../etc/passwd"], "'../../etc/passwd' is not an article id"),
        (["show", "/etc/passwd"], "'/etc/passwd' is not an article id"),
        (["gold", "draft", "../x"], "'../x' is not an article id"),
    ],
)
def test_show_errors(args: list[str], problem: str) -> None:
    assert problem in _error([*args, "--corpus", str(CORPUS)])


def test_facts_filters(all_gold: Path) -> None:
    facts = list(read_facts(all_gold))
    out = _ok(["facts", "--facts", str(all_gold), "--type", "money", "--min", "1e10", "--json"])
    got = [json.loads(line) for line in out.splitlines()]
    expected = [f for f in facts if f.type == "money" and f.amount >= 1e10]  # type: ignore[union-attr]
    assert [g["text"] for g in got] == [f.text for f in expected] and got
    out = _ok(["facts", "--facts", str(all_gold), "--article", "003", "--currency", "usd", "--json"])
    assert {json.loads(line)["article_id"] for line in out.splitlines()} == {AID}
    table = _ok(["facts", "--facts", str(all_gold), "--type", "date"])
    n_dates = sum(f.type == "date" for f in facts)
    assert table.strip().endswith(f"{n_dates} fact(s)")


def test_facts_errors(tmp_path: Path) -> None:
    assert "no such file; run `newsfacts run` first" in _error(
        ["facts", "--facts", str(tmp_path / "x.jsonl")]
    )
    assert _error(["facts", "--type", "person"], code=2).startswith("--type 'person': choose one of")


@pytest.mark.parametrize("fmt", ["csv", "parquet", "sqlite", "duckdb"])
def test_export_each_format(fmt: str, all_gold: Path, tmp_path: Path) -> None:
    out = tmp_path / f"facts.{fmt}"
    n = sum(1 for _ in read_facts(all_gold))
    said = _ok(["export", "-f", fmt, "-o", str(out), "--facts", str(all_gold), "--corpus", str(CORPUS)])
    assert said.strip() == f"wrote {n} facts to {out}"
    assert out.stat().st_size > 0


def test_export_errors(tmp_path: Path) -> None:
    assert _error(["export", "-f", "xlsx"], code=2).startswith("--format 'xlsx': choose one of")
    assert "no such file" in _error(["export", "--facts", str(tmp_path / "none.jsonl")])


def test_gold_check_on_the_shipped_gold() -> None:
    result = runner.invoke(app, ["gold", "check", str(GOLD), "--corpus", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "no problems" in result.stderr


def test_gold_check_names_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / f"{AID}.jsonl"
    lines = (GOLD / f"{AID}.jsonl").read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[1]) | {"start": json.loads(lines[1])["start"] + 1}
    broken["end"] = broken["start"] + len(broken["text"])
    bad.write_text("\n".join([lines[0], json.dumps(broken), *lines[2:]]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["gold", "check", str(tmp_path), "--corpus", str(CORPUS)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(f"{bad}:2: text ")
    assert "problem(s) in 1 of 1 gold file(s)" in result.stderr


def test_gold_draft_then_refuse_to_overwrite(tmp_path: Path) -> None:
    gold = GOLD / f"{AID}.jsonl"
    args = ["gold", "draft", AID, "--corpus", str(CORPUS), "--gold", str(tmp_path), "--facts", str(gold)]
    out = _ok(args)
    draft = tmp_path / f"{AID}.draft.jsonl"
    assert out.startswith(f"wrote {sum(1 for _ in read_facts(gold))} facts to {draft}")
    assert "already exists; correct that file, or give --force" in _error(args)
    _ok([*args, "--force"])
