"""Score predicted facts against gold, exactly as FACTS.md ("Scoring") defines it.

Pure: works on lists of ``pipeline.schema.Fact`` and never touches spaCy, so it can be
tested with hand-made facts and reused on any tool's output converted to the schema.

* ``align(gold, pred, mode)`` pairs facts one to one within each article and type: every
  candidate pair is ranked by overlap size (largest first), then by the closer fit (smaller
  combined extent, so an exact span beats a longer gold span that overlaps as much), then by
  position; pairs are taken greedily while both sides are free.
* ``PRF`` holds tp/fp/fn counts; adding two gives their micro-average.
* ``evaluate(gold, pred, texts)`` scores every gold article (predictions for articles with no
  gold file are ignored and listed in ``EvalReport.ignored_articles``) and lists the errors
  (missed, spurious, wrong value) with a few words of context.
* ``check_gold`` finds gold facts whose ``text`` is not ``article[start:end]``;
  ``evaluate_files`` names each such line, leaves the fact out of scoring and goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from pipeline.errors import FactFormatError
from pipeline.io import gold_files, group_by_article, read_facts, read_numbered_facts
from pipeline.schema import FACT_TYPES, CountFact, DateFact, EntityFact, Fact, FactType, MoneyFact
from pipeline.textspans import context_of, sentence_of

Mode = Literal["strict", "lenient", "value"]
MODES: tuple[Mode, ...] = ("strict", "lenient", "value")
ALL = "all"
"""The key of the row that sums every fact type."""
AMOUNT_TOLERANCE = 0.005
"""Money amounts match when within 0.5% of the gold amount (FACTS.md)."""
ErrorKind = Literal["missed", "spurious", "wrong_value"]


# --- loading (pipeline.io parses; here line numbers are kept for gold checks) -----------------


def load_numbered_facts(path: Path | str) -> list[tuple[int, Fact]]:
    """``(line number, fact)`` pairs of a facts file (``-`` is stdin); see ``read_numbered_facts``."""
    return list(read_numbered_facts(path))


def load_facts(path: Path | str) -> list[Fact]:
    """Read a facts JSONL file (``-`` is stdin), validating each line with the fact schema."""
    return list(read_facts(path))


def read_article_text(articles_dir: Path, article_id: str) -> str | None:
    """The raw text of ``ID.txt`` exactly as stored (no newline translation), or None."""
    path = articles_dir / f"{article_id}.txt"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


# --- alignment -------------------------------------------------------------------------------


class _Spanned(Protocol):
    start: int
    end: int


G = TypeVar("G", bound=_Spanned)
P = TypeVar("P", bound=_Spanned)


def _overlap(a: _Spanned, b: _Spanned) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def close_enough(gold: float, pred: float, tolerance: float = AMOUNT_TOLERANCE) -> bool:
    """Relative closeness, FACTS.md's 0.5% for amounts by default (exact when gold is 0)."""
    if gold == 0:
        return pred == 0
    return abs(pred - gold) <= tolerance * abs(gold)


def same_value(gold: Fact, pred: Fact) -> bool:
    """FACTS.md value equality for two facts of the same type.

    >>> m = dict(article_id="a", text="$1", start=0, end=2, currency="USD")
    >>> same_value(MoneyFact(**m, amount=1000), MoneyFact(**m, amount=1004.9))
    True
    >>> same_value(MoneyFact(**m, amount=1000), MoneyFact(**m, amount=1000, qualifier="approx"))
    False
    """
    if isinstance(gold, MoneyFact) and isinstance(pred, MoneyFact):
        if gold.amount_max is None or pred.amount_max is None:
            max_ok = gold.amount_max is None and pred.amount_max is None
        else:
            max_ok = close_enough(gold.amount_max, pred.amount_max)
        return (
            close_enough(gold.amount, pred.amount)
            and gold.currency == pred.currency
            and (gold.qualifier or "exact") == (pred.qualifier or "exact")
            and max_ok
        )
    if isinstance(gold, DateFact) and isinstance(pred, DateFact):
        return gold.value == pred.value
    if isinstance(gold, CountFact) and isinstance(pred, CountFact):
        return gold.count == pred.count and gold.item == pred.item
    if isinstance(gold, EntityFact) and isinstance(pred, EntityFact):
        return gold.label == pred.label and gold.name.casefold() == pred.name.casefold()
    return False


def value_of(fact: Fact) -> dict[str, Any]:
    """The fields that value matching compares, for error records (missing qualifier = exact)."""
    if isinstance(fact, MoneyFact):
        return {
            "amount": fact.amount,
            "currency": fact.currency,
            "qualifier": fact.qualifier or "exact",
            "amount_max": fact.amount_max,
        }
    if isinstance(fact, DateFact):
        return {"value": fact.value}
    if isinstance(fact, CountFact):
        return {"count": fact.count, "item": fact.item}
    return {"label": fact.label, "name": fact.name}


def _matches(gold: Fact, pred: Fact, mode: Mode) -> bool:
    if gold.article_id != pred.article_id or gold.type != pred.type:
        return False
    if mode == "strict":
        return gold.start == pred.start and gold.end == pred.end
    if _overlap(gold, pred) <= 0:
        return False
    return mode == "lenient" or same_value(gold, pred)


def greedy_pairs(gold: Sequence[G], pred: Sequence[P], ok: Callable[[G, P], bool]) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, pred index)`` pairs of overlapping items for which ``ok`` holds.

    FACTS.md's matching: the most overlapping pair first, then the tighter extent, then position.
    Shared by the evaluator and the peer benchmark, so the two can never disagree.
    """
    candidates = sorted(
        (-_overlap(g, p), max(g.end, p.end) - min(g.start, p.start), g.start, p.start, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if _overlap(g, p) > 0 and ok(g, p)
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def align(gold: Sequence[Fact], pred: Sequence[Fact], mode: Mode) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, pred index)`` pairs under ``mode``, sorted by gold index.

    Pairs only form within one article and one type. In ``value`` mode only pairs with the
    same value are candidates, so an overlapping prediction with a wrong value never takes
    the place of one with the right value.
    """
    if mode not in MODES:
        raise ValueError(f"unknown matching {mode!r}; expected one of {', '.join(MODES)}")
    return greedy_pairs(
        gold, pred, lambda g, p: g.article_id == p.article_id and g.type == p.type and _matches(g, p, mode)
    )


# --- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    """True positives, false positives and false negatives; ``a + b`` sums the counts.

    ``p``, ``r`` and ``f`` are None when undefined (no predictions, no gold, neither),
    never a division by a tiny number. ``f`` is ``2tp / (2tp + fp + fn)``, which equals
    the harmonic mean of p and r when both exist and is 0.0 for spurious-only rows.

    >>> PRF(tp=3, fp=1, fn=0).p
    0.75
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def p(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def r(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        return self.tp + self.fp

    def to_json(self) -> dict[str, int | float | None]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": self.p, "r": self.r, "f": self.f}


Scores = dict[str, dict[Mode, PRF]]
"""``{type or "all": {mode: PRF}}``."""


def _empty_scores() -> Scores:
    return {kind: {mode: PRF() for mode in MODES} for kind in (*FACT_TYPES, ALL)}


def _add_scores(total: Scores, part: Scores) -> None:
    for kind, by_mode in part.items():
        for mode, prf in by_mode.items():
            total[kind][mode] = total[kind][mode] + prf


# --- errors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrorRecord:
    """One thing to fix: a gold fact missed, a prediction with no gold, or a wrong value.

    ``start``/``end``/``text`` are the gold span (the prediction's for ``spurious``);
    for ``wrong_value`` the prediction's own span is in ``pred_start``/``pred_end``/``pred_text``.
    """

    article_id: str
    type: FactType
    kind: ErrorKind
    start: int
    end: int
    text: str
    expected: dict[str, Any] | None
    got: dict[str, Any] | None
    context: str | None = None
    sentence: str | None = None
    pred_start: int | None = None
    pred_end: int | None = None
    pred_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _error(
    kind: ErrorKind, fact: Fact, text: str | None, gold: Fact | None, pred: Fact | None
) -> ErrorRecord:
    extra: dict[str, Any] = {}
    if kind == "wrong_value" and pred is not None:
        extra = {"pred_start": pred.start, "pred_end": pred.end, "pred_text": pred.text}
    return ErrorRecord(
        article_id=fact.article_id,
        type=fact.type,
        kind=kind,
        start=fact.start,
        end=fact.end,
        text=fact.text,
        expected=value_of(gold) if gold is not None else None,
        got=value_of(pred) if pred is not None else None,
        context=context_of(text, fact.start, fact.end) if text is not None else None,
        sentence=sentence_of(text, fact.start, fact.end) if text is not None else None,
        **extra,
    )


def _errors(gold: Sequence[Fact], pred: Sequence[Fact], text: str | None) -> list[ErrorRecord]:
    """Errors after value matching: leftovers that overlap are wrong values, the rest miss."""
    matched = align(gold, pred, "value")
    matched_gold = {gi for gi, _ in matched}
    matched_pred = {pi for _, pi in matched}
    free_gold = [g for gi, g in enumerate(gold) if gi not in matched_gold]
    free_pred = [p for pi, p in enumerate(pred) if pi not in matched_pred]
    wrong = align(free_gold, free_pred, "lenient")
    records = [_error("wrong_value", free_gold[gi], text, free_gold[gi], free_pred[pi]) for gi, pi in wrong]
    paired_gold = {gi for gi, _ in wrong}
    paired_pred = {pi for _, pi in wrong}
    records += [_error("missed", g, text, g, None) for i, g in enumerate(free_gold) if i not in paired_gold]
    records += [_error("spurious", p, text, None, p) for i, p in enumerate(free_pred) if i not in paired_pred]
    return records


def _error_key(record: ErrorRecord) -> tuple[str, int, int, int, str]:
    return (record.article_id, FACT_TYPES.index(record.type), record.start, record.end, record.kind)


# --- gold sanity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldProblem:
    """A gold fact whose ``text`` is not ``article[start:end]``: it is left out of scoring."""

    path: str
    lineno: int
    fact: Fact
    actual: str

    @property
    def message(self) -> str:
        f = self.fact
        return (
            f"{self.path}:{self.lineno}: text {f.text!r} is not the article's [{f.start}:{f.end}] "
            f"{self.actual!r}; this fact is left out of scoring"
        )


def check_gold(
    facts: Sequence[Fact], article_text: str, path: str = "<gold>", linenos: Sequence[int] | None = None
) -> list[GoldProblem]:
    """Gold facts whose text does not match the article at their offsets, with file:line.

    ``linenos`` gives each fact's line in ``path`` (default: 1, 2, … in order).
    """
    numbers = list(linenos) if linenos is not None else list(range(1, len(facts) + 1))
    return [
        GoldProblem(path, lineno, fact, article_text[fact.start : fact.end])
        for lineno, fact in zip(numbers, facts, strict=True)
        if article_text[fact.start : fact.end] != fact.text
    ]


# --- the report ------------------------------------------------------------------------------


@dataclass
class EvalReport:
    """Scores per type and matching (micro-averaged), per article, and the error list."""

    scores: Scores
    per_article: dict[str, Scores]
    errors: list[ErrorRecord]
    ignored_articles: list[str] = field(default_factory=list)
    """Articles with predictions but no gold file: not scored."""
    gold_problems: list[GoldProblem] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len(self.per_article)

    def to_json(self) -> dict[str, Any]:
        def table(scores: Scores) -> dict[str, Any]:
            return {kind: {mode: prf.to_json() for mode, prf in by.items()} for kind, by in scores.items()}

        return {
            "scores": table(self.scores),
            "per_article": {aid: table(scores) for aid, scores in self.per_article.items()},
            "errors": [record.to_json() for record in self.errors],
            "articles": self.articles,
            "ignored_articles": self.ignored_articles,
            "gold_problems": [problem.message for problem in self.gold_problems],
        }


def _score_article(gold: Sequence[Fact], pred: Sequence[Fact]) -> Scores:
    scores = _empty_scores()
    for kind in FACT_TYPES:
        g = [fact for fact in gold if fact.type == kind]
        p = [fact for fact in pred if fact.type == kind]
        for mode in MODES:
            tp = len(align(g, p, mode))
            prf = PRF(tp=tp, fp=len(p) - tp, fn=len(g) - tp)
            scores[kind][mode] = prf
            scores[ALL][mode] = scores[ALL][mode] + prf
    return scores


def evaluate(
    gold: Mapping[str, Sequence[Fact]],
    pred: Mapping[str, Sequence[Fact]],
    texts: Mapping[str, str] | None = None,
    gold_problems: Sequence[GoldProblem] = (),
) -> EvalReport:
    """Score ``pred`` against ``gold``, both keyed by article id.

    Only gold articles are scored; a gold article with no predictions has all its facts
    missed. ``texts`` (article id → raw text) adds context to the error records.
    """
    texts = texts or {}
    total = _empty_scores()
    per_article: dict[str, Scores] = {}
    errors: list[ErrorRecord] = []
    for article_id in sorted(gold):
        g = list(gold[article_id])
        p = [fact for fact in pred.get(article_id, ()) if fact.article_id == article_id]
        per_article[article_id] = _score_article(g, p)
        _add_scores(total, per_article[article_id])
        errors += _errors(g, p, texts.get(article_id))
    return EvalReport(
        scores=total,
        per_article=per_article,
        errors=sorted(errors, key=_error_key),
        ignored_articles=sorted(set(pred) - set(gold)),
        gold_problems=list(gold_problems),
    )


def evaluate_files(gold_dir: Path, pred_path: Path | str, articles_dir: Path | None = None) -> EvalReport:
    """Load gold (``DIR/ID.jsonl``), predictions and article texts, check the gold, score.

    A gold fact whose text does not match its article is named in ``gold_problems`` and
    left out; the other facts are scored. A malformed line raises ``FactFormatError``.
    """
    gold: dict[str, list[Fact]] = {}
    texts: dict[str, str] = {}
    problems: list[GoldProblem] = []
    for path in gold_files(gold_dir):
        numbered = load_numbered_facts(path)
        for lineno, fact in numbered:
            if fact.article_id != path.stem:
                raise FactFormatError(path, lineno, f"article_id {fact.article_id!r} is not the file's stem")
        text = read_article_text(articles_dir, path.stem) if articles_dir is not None else None
        if text is not None:
            texts[path.stem] = text
            found = check_gold([f for _, f in numbered], text, str(path), [n for n, _ in numbered])
            problems += found
            bad = {problem.lineno for problem in found}
            numbered = [(n, f) for n, f in numbered if n not in bad]
        gold[path.stem] = [fact for _, fact in numbered]
    return evaluate(gold, group_by_article(load_facts(pred_path)), texts, problems)
