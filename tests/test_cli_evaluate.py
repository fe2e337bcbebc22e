"""``newsfacts evaluate`` through typer's CliRunner, on the small files in tests/data/eval/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

EVAL = Path(__file__).parent / "data" / "eval"
FIXTURE = ["--gold", str(EVAL / "gold"), "--articles", str(EVAL / "articles")]

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["evaluate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table() -> None:
    code, out, err = invoke(*FIXTURE, "--pred", str(EVAL / "pred.jsonl"))
    assert code == 0, err
    for word in ("strict", "lenient", "value", "money", "date", "count", "entity", "all", "gold", "pred"):
        assert word in out
    # value matching, all types: 6 of 9 predictions right, 6 of 10 gold found
    assert "0.667 0.600 0.632" in out
    assert "2 article(s) scored." in out
    assert "Predictions for 1 article(s) without a gold file were ignored: zz" in out
    assert err == ""


def test_json() -> None:
    code, out, _ = invoke(*FIXTURE, "--pred", str(EVAL / "pred.jsonl"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["articles"] == 2
    assert data["scores"]["all"]["value"] == {"tp": 6, "fp": 3, "fn": 4, "p": 6 / 9, "r": 0.6, "f": 12 / 19}
    assert data["ignored_articles"] == ["zz"]
    assert len(data["errors"]) == 4
    assert {e["kind"] for e in data["errors"]} == {"missed", "wrong_value"}


def test_markdown() -> None:
    code, out, _ = invoke(*FIXTURE, "--pred", str(EVAL / "pred.jsonl"), "--markdown")
    assert code == 0
    assert out.startswith("| type | strict P | strict R | strict F1 |")
    assert "| **all** |" in out


def test_errors() -> None:
    code, out, _ = invoke(*FIXTURE, "--pred", str(EVAL / "pred.jsonl"), "--errors", "3")
    assert code == 0
    assert "== money: 1 error (1 wrong value); showing 1" in out
    assert "== count: 1 error (1 missed); showing 1" in out
    assert "*value  2025-10-15  2025-10-16" in out
    assert "Singapore and Shanghai signed 18 agreements ⟦yesterday⟧ worth about S$1.2 billion." in out


def test_errors_limit_per_type(tmp_path: Path) -> None:
    code, out, _ = invoke(
        "--gold", str(EVAL / "gold"), "--pred", str(tmp_path / "empty.jsonl"), "--errors", "1"
    )
    assert code == 1  # the file does not exist yet
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    code, out, _ = invoke(*FIXTURE, "--pred", str(tmp_path / "empty.jsonl"), "--errors", "1")
    assert code == 0
    assert "== entity: 4 errors (4 missed); showing 1" in out
    assert out.count("missed      ") == 4  # one per type


def test_missing_pred_file_is_one_line() -> None:
    code, out, err = invoke(*FIXTURE, "--pred", "nowhere/facts.jsonl")
    assert code == 1
    assert err == "error: nowhere/facts.jsonl: no such file; run `newsfacts run` first\n"
    assert out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gold", "nowhere"], "error: nowhere: no such directory\n"),
        ([*FIXTURE, "--articles", "nowhere"], "error: nowhere: no such directory\n"),
        ([*FIXTURE, "--baseline", "nowhere.json"], "error: nowhere.json: no such file\n"),
    ],
)
def test_missing_inputs_are_one_line(args: list[str], message: str) -> None:
    code, _, err = invoke(*args, "--pred", str(EVAL / "pred.jsonl"))
    assert (code, err) == (1, message)


def test_empty_gold_dir(tmp_path: Path) -> None:
    code, _, err = invoke("--gold", str(tmp_path), "--pred", str(EVAL / "pred.jsonl"))
    assert (code, err) == (1, f"error: {tmp_path}: no gold files (ID.jsonl)\n")


def test_malformed_line_names_file_and_line() -> None:
    bad = EVAL / "bad_pred.jsonl"
    code, out, err = invoke(*FIXTURE, "--pred", str(bad))
    assert code == 1
    assert err == f"error: {bad}:2: money.amount: Field required\n"
    assert out == ""


def test_bad_gold_offsets_are_named_and_the_rest_scored(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(EVAL / "gold", gold)
    lines = (gold / "a1.jsonl").read_text(encoding="utf-8").splitlines()
    shifted = json.loads(lines[1])
    shifted["start"] += 1
    shifted["end"] += 1
    lines[1] = json.dumps(shifted)
    (gold / "a1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = invoke(
        "--gold", str(gold), "--articles", str(EVAL / "articles"), "--pred", str(EVAL / "pred.jsonl")
    )
    assert code == 0
    assert err.startswith(f"warning: {gold / 'a1.jsonl'}:2: text 'Shanghai' is not the article's [15:23]")
    assert "9    9" in out  # gold and pred counts of the "all" row: the bad fact is left out


def test_pred_from_stdin() -> None:
    content = (EVAL / "pred.jsonl").read_text(encoding="utf-8")
    result = runner.invoke(app, ["evaluate", *FIXTURE, "--pred", "-", "--json"], input=content)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["scores"]["all"]["value"]["tp"] == 6


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "newsfacts evaluate --pred outputs/facts.jsonl --errors 5" in result.stdout


def test_html_report(tmp_path: Path) -> None:
    page = tmp_path / "eval" / "report.html"
    code, _, err = invoke(*FIXTURE, "--pred", str(EVAL / "pred.jsonl"), "--html", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert (
        html.startswith("<!DOCTYPE html>")
        and "<script" not in html
        and "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert "<table id=scores>" in html and "<table id=articles>" in html
    assert "<td>all</td><td class=n>0.778</td><td class=n>0.700</td><td class=n>0.737</td>" in html
    assert html.count("<rect ") == 5  # one bar per type and one for all types
    assert "Against the baseline" not in html
    data = json.loads(invoke(*FIXTURE, "--pred", str(EVAL / "pred.jsonl"), "--json")[1])
    for error in data["errors"]:
        assert f"[{error['start']}:{error['end']}] {error['text']!r}".replace("'", "&#x27;") in html
    assert "about <mark>S$1.2 billion</mark>." in html
    assert "<tr class=changed><td>qualifier</td><td>approx</td><td>exact</td></tr>" in html


def test_html_against_a_baseline(tmp_path: Path) -> None:
    baseline = tmp_path / "before.json"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    baseline.write_text(invoke(*FIXTURE, "--pred", str(empty), "--json")[1], encoding="utf-8")
    page = tmp_path / "report.html"
    args = ["--pred", str(EVAL / "pred.jsonl"), "--html", str(page), "--baseline", str(baseline)]
    code, _, err = invoke(*FIXTURE, *args)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Against the baseline" in html
    assert "<td class='n better'>+0.632</td>" in html  # all types, value F1: from 0 to 0.632
    assert "Errors fixed (6)" in html and "New errors (0)" in html
    assert "Errors of another kind now (3)" in html  # missed before, a wrong value now


def test_html_bad_baseline_is_one_line(tmp_path: Path) -> None:
    baseline = tmp_path / "before.json"
    baseline.write_text("[1, 2]", encoding="utf-8")
    args = [
        "--pred",
        str(EVAL / "pred.jsonl"),
        "--html",
        str(tmp_path / "r.html"),
        "--baseline",
        str(baseline),
    ]
    code, _, err = invoke(*FIXTURE, *args)
    assert (code, err) == (1, f'error: {baseline}: not a `newsfacts evaluate --json` output (no "scores")\n')
    assert not (tmp_path / "r.html").exists()
