"""The evaluator: alignment tables, value equality, PRF arithmetic, reports, the real gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import FactFormatError
from pipeline.eval_errors import check_gold
from pipeline.evaluate import evaluate, evaluate_files, load_numbered_facts
from pipeline.report import markdown, render_errors
from pipeline.schema import FACT_ADAPTER, FACT_TYPES, Fact, fact_to_json
from pipeline.scoring import ALL, MODES, PRF, align, same_value
from pipeline.textspans import context_of, sentence_of

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpus" / "gold"
ARTICLES = ROOT / "corpus" / "articles"
EVAL = Path(__file__).parent / "data" / "eval"


def fact(kind: str, start: int, end: int, article: str = "a", src: str | None = None, **value: Any) -> Fact:
    """A fact of ``kind`` at [start, end) of ``src`` (placeholder text without) and a default value."""
    defaults: dict[str, dict[str, Any]] = {
        "money": {"amount": 1000, "currency": "USD"},
        "date": {"value": "2025"},
        "count": {"count": 18, "item": "agreement"},
        "entity": {"label": "GPE", "name": "Singapore"},
    }
    text = src[start:end] if src is not None else "x" * (end - start)
    data = {"article_id": article, "type": kind, "text": text, "start": start, "end": end}
    return FACT_ADAPTER.validate_python({**data, **defaults[kind], **value})


def d(start: int, end: int, value: str = "2025", article: str = "a", src: str | None = None) -> Fact:
    return fact("date", start, end, article, src, value=value)


# (id, gold, pred, mode, expected pairs)
ALIGN_CASES: list[tuple[str, list[Fact], list[Fact], str, list[tuple[int, int]]]] = [
    ("strict same span", [d(0, 4)], [d(0, 4)], "strict", [(0, 0)]),
    ("strict needs both ends", [d(0, 10)], [d(0, 9)], "strict", []),
    ("lenient overlap", [d(0, 10)], [d(0, 9)], "lenient", [(0, 0)]),
    ("adjacent spans do not overlap", [d(0, 5)], [d(5, 10)], "lenient", []),
    ("most overlapping first", [d(0, 10)], [d(0, 3), d(2, 10)], "lenient", [(0, 1)]),
    ("one gold, one prediction", [d(0, 10)], [d(0, 10), d(0, 10)], "lenient", [(0, 0)]),
    ("one prediction, one gold", [d(0, 10), d(0, 10)], [d(0, 10)], "lenient", [(0, 0)]),
    ("tie goes to the earlier prediction", [d(0, 10)], [d(5, 10), d(0, 5)], "lenient", [(0, 1)]),
    ("tie goes to the earlier gold", [d(0, 10), d(5, 15)], [d(5, 10)], "lenient", [(0, 0)]),
    ("tie goes to the closer fit", [d(0, 12), d(8, 12)], [d(8, 12)], "lenient", [(1, 0)]),
    ("greedy over all pairs", [d(0, 10), d(8, 20)], [d(5, 12), d(9, 11)], "lenient", [(0, 0), (1, 1)]),
    ("value needs the value", [d(0, 4, "2025")], [d(0, 4, "2024")], "value", []),
    ("value needs overlap", [d(0, 4)], [d(10, 14)], "value", []),
    (
        "wrong value does not steal a right one",
        [d(0, 10, "2025")],
        [d(0, 10, "2024"), d(2, 8, "2025")],
        "value",
        [(0, 1)],
    ),
    (
        "lenient ignores the value",
        [d(0, 10, "2025")],
        [d(0, 10, "2024"), d(2, 8, "2025")],
        "lenient",
        [(0, 0)],
    ),
    ("types are separate", [d(0, 4)], [fact("money", 0, 4)], "lenient", []),
    ("articles are separate", [d(0, 4, article="a")], [d(0, 4, article="b")], "lenient", []),
    ("empty predictions", [d(0, 4), d(5, 9)], [], "lenient", []),
    ("empty gold", [], [d(0, 4)], "lenient", []),
    (
        "each type pairs on its own",
        [d(0, 4), fact("money", 0, 4)],
        [fact("money", 0, 4), d(0, 4)],
        "strict",
        [(0, 1), (1, 0)],
    ),
]


@pytest.mark.parametrize(
    ("gold", "pred", "mode", "expected"), [c[1:] for c in ALIGN_CASES], ids=[c[0] for c in ALIGN_CASES]
)
def test_align(gold: list[Fact], pred: list[Fact], mode: str, expected: list[tuple[int, int]]) -> None:
    assert align(gold, pred, mode) == expected  # type: ignore[arg-type]


def test_align_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown matching 'fuzzy'"):
        align([d(0, 4)], [d(0, 4)], "fuzzy")  # type: ignore[arg-type]


# (id, gold, pred, same value?)
VALUE_CASES: list[tuple[str, Fact, Fact, bool]] = [
    ("money exact", fact("money", 0, 2), fact("money", 0, 2), True),
    ("money +0.5%", fact("money", 0, 2, amount=1000), fact("money", 0, 2, amount=1005), True),
    ("money -0.5%", fact("money", 0, 2, amount=1000), fact("money", 0, 2, amount=995), True),
    ("money +0.51%", fact("money", 0, 2, amount=1000), fact("money", 0, 2, amount=1005.1), False),
    ("money -0.51%", fact("money", 0, 2, amount=1000), fact("money", 0, 2, amount=994.9), False),
    (
        "money int vs float",
        fact("money", 0, 2, amount=24230000000),
        fact("money", 0, 2, amount=2.423e10),
        True,
    ),
    ("money zero", fact("money", 0, 2, amount=0), fact("money", 0, 2, amount=0.001), False),
    ("money currency", fact("money", 0, 2, currency="USD"), fact("money", 0, 2, currency="SGD"), False),
    ("qualifier missing = exact", fact("money", 0, 2), fact("money", 0, 2, qualifier="exact"), True),
    ("qualifier differs", fact("money", 0, 2, qualifier="over"), fact("money", 0, 2), False),
    (
        "amount_max both missing",
        fact("money", 0, 2, qualifier="range"),
        fact("money", 0, 2, qualifier="range"),
        True,
    ),
    (
        "amount_max one missing",
        fact("money", 0, 2, qualifier="range", amount_max=2000),
        fact("money", 0, 2, qualifier="range"),
        False,
    ),
    (
        "amount_max within 0.5%",
        fact("money", 0, 2, qualifier="range", amount_max=2000),
        fact("money", 0, 2, qualifier="range", amount_max=2009),
        True,
    ),
    (
        "amount_max beyond 0.5%",
        fact("money", 0, 2, qualifier="range", amount_max=2000),
        fact("money", 0, 2, qualifier="range", amount_max=2011),
        False,
    ),
    ("date value", d(0, 4, "2025-10-15"), d(0, 4, "2025-10-15"), True),
    ("date value differs", d(0, 4, "2025-10"), d(0, 4, "2025-10-15"), False),
    ("count", fact("count", 0, 2), fact("count", 0, 2), True),
    ("count number", fact("count", 0, 2, count=18), fact("count", 0, 2, count=16), False),
    ("count item", fact("count", 0, 2, item="agreement"), fact("count", 0, 2, item="project"), False),
    ("count qualifier not scored", fact("count", 0, 2), fact("count", 0, 2, qualifier="over"), True),
    ("entity name case", fact("entity", 0, 2, name="Wu Heng"), fact("entity", 0, 2, name="WU HENG"), True),
    ("entity name", fact("entity", 0, 2, name="Wu Heng"), fact("entity", 0, 2, name="Heng"), False),
    ("entity label", fact("entity", 0, 2, label="ORG"), fact("entity", 0, 2, label="GPE"), False),
    ("different types", d(0, 2), fact("count", 0, 2), False),
]


@pytest.mark.parametrize(
    ("gold", "pred", "expected"), [c[1:] for c in VALUE_CASES], ids=[c[0] for c in VALUE_CASES]
)
def test_same_value(gold: Fact, pred: Fact, expected: bool) -> None:
    assert same_value(gold, pred) is expected


# (tp, fp, fn) -> (p, r, f)
PRF_CASES = [
    ((0, 0, 0), (None, None, None)),
    ((3, 1, 0), (0.75, 1.0, 6 / 7)),
    ((1, 1, 1), (0.5, 0.5, 0.5)),
    ((0, 2, 0), (0.0, None, 0.0)),
    ((0, 0, 2), (None, 0.0, 0.0)),
    ((4, 0, 0), (1.0, 1.0, 1.0)),
]


@pytest.mark.parametrize(("counts", "expected"), PRF_CASES)
def test_prf(counts: tuple[int, int, int], expected: tuple[float | None, ...]) -> None:
    prf = PRF(*counts)
    for got, want in zip((prf.p, prf.r, prf.f), expected, strict=True):
        assert got == (None if want is None else pytest.approx(want))


def test_prf_adds_counts() -> None:
    total = PRF(1, 2, 3) + PRF(10, 20, 30)
    assert (total.tp, total.fp, total.fn) == (11, 22, 33)
    assert (total.gold, total.pred) == (44, 33)
    assert PRF(1, 0, 0) + PRF() == PRF(1, 0, 0)


def test_prf_micro_average_is_not_mean_of_f() -> None:
    assert (PRF(1, 0, 0) + PRF(0, 0, 9)).f == pytest.approx(2 / 11)


def test_evaluate_counts_and_error_kinds() -> None:
    text = "Singapore signed 18 deals in 2025 worth $5 billion."  # spans below are placeholders
    gold = {"a": [d(29, 33, "2025"), fact("count", 17, 19), fact("money", 40, 50, amount=5e9)]}
    pred = {"a": [d(29, 33, "2024"), fact("money", 0, 9, amount=5e9), fact("entity", 0, 9)]}
    report = evaluate(gold, pred, texts={"a": text})
    assert report.scores["date"]["lenient"] == PRF(1, 0, 0)
    assert report.scores["date"]["value"] == PRF(0, 1, 1)
    assert report.scores["count"]["strict"] == PRF(0, 0, 1)
    assert report.scores["entity"]["value"] == PRF(0, 1, 0)
    assert report.scores[ALL]["value"] == PRF(0, 3, 3)
    kinds = [(e.type, e.kind) for e in report.errors]
    assert kinds == [
        ("money", "spurious"),
        ("money", "missed"),
        ("date", "wrong_value"),
        ("count", "missed"),
        ("entity", "spurious"),
    ]
    wrong = next(e for e in report.errors if e.kind == "wrong_value")
    assert (wrong.expected, wrong.got) == ({"value": "2025"}, {"value": "2024"})
    assert wrong.context == "Singapore signed 18 deals in ⟦2025⟧ worth $5 billion."
    missed = next(e for e in report.errors if e.type == "count")
    assert (missed.start, missed.end, missed.got) == (17, 19, None)


def test_errors_are_sorted_by_article_type_position() -> None:
    gold = {"b": [d(5, 9, article="b"), fact("entity", 0, 3, "b")], "a": [d(10, 14), d(0, 4)]}
    report = evaluate(gold, {})
    assert [(e.article_id, e.type, e.start) for e in report.errors] == [
        ("a", "date", 0),
        ("a", "date", 10),
        ("b", "date", 5),
        ("b", "entity", 0),
    ]


def test_gold_article_without_predictions_is_all_missed() -> None:
    report = evaluate({"a": [d(0, 4), fact("entity", 5, 9)]}, {"other": [d(0, 4, article="other")]})
    assert report.scores[ALL]["strict"] == PRF(0, 0, 2)
    assert report.scores[ALL]["strict"].p is None
    assert report.ignored_articles == ["other"]
    assert report.articles == 1
    assert {e.kind for e in report.errors} == {"missed"}


def test_predictions_for_unscored_articles_are_ignored() -> None:
    gold = {"a": [d(0, 4)]}
    report = evaluate(gold, {"a": [d(0, 4)], "b": [d(0, 4, article="b")] * 3})
    assert report.scores[ALL]["value"] == PRF(1, 0, 0)
    assert report.ignored_articles == ["b"]
    assert "Predictions for 1 article(s) without a gold file were ignored: b" in markdown(report)


def test_micro_average_sums_articles() -> None:
    gold = {"a": [d(0, 4)], "b": [d(0, 4, article="b"), d(5, 9, article="b")]}
    pred = {"a": [d(0, 4)], "b": [d(0, 4, "1999", article="b")]}
    report = evaluate(gold, pred)
    assert report.per_article["a"]["date"]["value"] == PRF(1, 0, 0)
    assert report.per_article["b"]["date"]["value"] == PRF(0, 1, 2)
    assert report.scores["date"]["value"] == PRF(1, 1, 2)
    for mode in MODES:
        assert report.scores[ALL][mode] == sum((report.scores[k][mode] for k in FACT_TYPES), PRF())


def test_json_shape() -> None:
    report = evaluate({"a": [d(0, 4), fact("money", 5, 7)]}, {"a": [d(0, 4, "2024")]}, texts={"a": "2025 $5"})
    data = json.loads(json.dumps(report.to_json()))
    assert set(data) >= {"scores", "per_article", "errors", "articles"}
    assert data["articles"] == 1
    assert set(data["scores"]) == {*FACT_TYPES, ALL}
    assert set(data["scores"]["date"]) == set(MODES)
    assert data["scores"]["date"]["value"] == {"tp": 0, "fp": 1, "fn": 1, "p": 0.0, "r": 0.0, "f": 0.0}
    assert data["scores"]["count"]["strict"] == {"tp": 0, "fp": 0, "fn": 0, "p": None, "r": None, "f": None}
    assert set(data["per_article"]) == {"a"}
    assert data["per_article"]["a"]["date"]["lenient"]["tp"] == 1
    error = data["errors"][1]
    assert {"article_id", "type", "kind", "start", "end", "text", "expected", "got", "context"} <= set(error)
    assert (error["kind"], error["expected"], error["got"]) == (
        "wrong_value",
        {"value": "2025"},
        {"value": "2024"},
    )
    assert data["errors"][0]["expected"] == {
        "amount": 1000,
        "currency": "USD",
        "qualifier": "exact",
        "amount_max": None,
    }


CONTEXT_CASES = [
    ("We signed 18 deals yesterday in Shanghai.", 10, 12, 2, "We signed ⟦18⟧ deals yesterday…"),
    ("one two three four five six seven", 14, 18, 1, "…three ⟦four⟧ five…"),
    ("Title\n\nBody  text here", 7, 11, 3, "Title ⟦Body⟧ text here"),
    ("(about 3.51 billion U.S. dollars)", 7, 32, 6, "(about ⟦3.51 billion U.S. dollars⟧)"),
]


@pytest.mark.parametrize(("text", "start", "end", "words", "expected"), CONTEXT_CASES)
def test_context_of(text: str, start: int, end: int, words: int, expected: str) -> None:
    assert context_of(text, start, end, words) == expected


def test_sentence_of() -> None:
    text = "Title line\nFirst sentence here. The 18 deals were signed. Last one."
    start = text.index("18")
    assert sentence_of(text, start, start + 2) == "The 18 deals were signed."
    assert sentence_of(text, 0, 5) == "Title line"


def test_check_gold_names_the_line() -> None:
    text = "Singapore and Shanghai"
    facts = [fact("entity", 0, 9, src=text), fact("entity", 14, 22)]  # 'xxxxxxxx' is not 'Shanghai'
    problems = check_gold(facts, text, "gold/a.jsonl", [3, 7])
    assert [p.lineno for p in problems] == [7]
    assert problems[0].message == (
        "gold/a.jsonl:7: text 'xxxxxxxx' is not the article's [14:22] 'Shanghai'; "
        "this fact is left out of scoring"
    )


def test_evaluate_files_skips_bad_gold_line_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    text = "In 2025 and 2026."
    (tmp_path / "articles" / "a.txt").write_text(text, encoding="utf-8")
    good = fact_to_json(d(3, 7, src=text))
    lines = [good, fact_to_json(d(12, 16, "2026")), {**fact_to_json(d(0, 2, src=text)), "text": "zz"}]
    (tmp_path / "gold" / "a.jsonl").write_text(
        "\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8"
    )
    (tmp_path / "pred.jsonl").write_text(json.dumps(good) + "\n", encoding="utf-8")
    report = evaluate_files(tmp_path / "gold", tmp_path / "pred.jsonl", tmp_path / "articles")
    assert [p.lineno for p in report.gold_problems] == [2, 3]  # placeholder text, then a bad "text"
    assert report.gold_problems[0].message.startswith(f"{tmp_path / 'gold' / 'a.jsonl'}:2: ")
    assert report.scores["date"]["strict"] == PRF(1, 0, 0)
    assert len(report.to_json()["gold_problems"]) == 2


def test_evaluate_files_rejects_article_id_not_matching_file(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(fact_to_json(d(0, 4, article="b"))) + "\n", encoding="utf-8")
    with pytest.raises(FactFormatError, match=r"a\.jsonl:1: article_id 'b'"):
        evaluate_files(tmp_path, EVAL / "pred.jsonl")


def test_malformed_line_names_file_and_line() -> None:
    with pytest.raises(FactFormatError) as info:
        load_numbered_facts(EVAL / "bad_pred.jsonl")
    assert (info.value.lineno, Path(info.value.path).name) == (2, "bad_pred.jsonl")
    assert "amount" in str(info.value)


def test_fixture_scores() -> None:
    report = evaluate_files(EVAL / "gold", EVAL / "pred.jsonl", EVAL / "articles")
    assert report.scores[ALL]["strict"] == PRF(7, 2, 3)
    assert report.scores[ALL]["lenient"] == PRF(9, 0, 1)
    assert report.scores[ALL]["value"] == PRF(6, 3, 4)
    assert report.ignored_articles == ["zz"]
    text = render_errors(report, 1)
    assert "*qualifier  approx      exact" in text
    assert "(predicted [14:29] 'Shanghai signed')" in text


GOLD_FILES = sorted(GOLD.glob("*.jsonl"))


def test_the_real_gold_is_there() -> None:
    assert len(GOLD_FILES) >= 5


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_offsets_match_the_articles(path: Path) -> None:
    numbered = load_numbered_facts(path)
    text = (ARTICLES / f"{path.stem}.txt").read_bytes().decode("utf-8")
    problems = check_gold([f for _, f in numbered], text, str(path), [n for n, _ in numbered])
    assert [p.message for p in problems] == []


def test_gold_against_itself_scores_one_everywhere(tmp_path: Path) -> None:
    pred = tmp_path / "facts.jsonl"
    lines = [line for p in GOLD_FILES for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = evaluate_files(GOLD, pred, ARTICLES)
    assert report.errors == [] and report.gold_problems == []
    assert report.articles == len(GOLD_FILES)
    for kind in (*FACT_TYPES, ALL):
        for mode in MODES:
            prf = report.scores[kind][mode]
            assert prf.gold > 0, kind
            assert (prf.p, prf.r, prf.f) == (1.0, 1.0, 1.0), (kind, mode)
