"""FACTS.md's matching and its counts: the one core that the evaluator and the peer benchmark share.

It lives apart from ``pipeline.evaluate`` (files, error lists, reports) so that
``newsfacts bench-accuracy`` can score other tools' output with the very same rules and
arithmetic without pulling in the evaluator's loaders: the two can never disagree.

* ``align(gold, pred, mode)`` pairs facts one to one within each article and type: every
  candidate pair is ranked by overlap size (largest first), then by the closer fit (smaller
  combined extent, so an exact span beats a longer gold span that overlaps as much), then by
  position; pairs are taken greedily while both sides are free (``greedy_pairs``).
* ``same_value`` is FACTS.md's value equality; ``value_of`` the fields it compares.
* ``PRF`` holds tp/fp/fn counts; adding two gives their micro-average. ``Scores`` is the
  ``{type or "all": {mode: PRF}}`` table of one article or of a whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from pipeline.schema import FACT_TYPES, CountFact, DateFact, EntityFact, Fact, MoneyFact

Mode = Literal["strict", "lenient", "value"]
MODES: tuple[Mode, ...] = ("strict", "lenient", "value")
ALL = "all"
"""The key of the row that sums every fact type."""
AMOUNT_TOLERANCE = 0.005
"""Money amounts match when within 0.5% of the gold amount (FACTS.md)."""


# --- value equality --------------------------------------------------------------------------


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


# --- alignment -------------------------------------------------------------------------------


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


G = TypeVar("G", bound=_Spanned)
P = TypeVar("P", bound=_Spanned)


def _overlap(a: _Spanned, b: _Spanned) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


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


# --- counts ----------------------------------------------------------------------------------


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


def empty_scores() -> Scores:
    """A zero ``PRF`` for every fact type, the "all" row and every matching."""
    return {kind: {mode: PRF() for mode in MODES} for kind in (*FACT_TYPES, ALL)}


def add_scores(total: Scores, part: Scores) -> None:
    """Add ``part`` into ``total`` in place (micro-averaging across articles)."""
    for kind, by_mode in part.items():
        for mode, prf in by_mode.items():
            total[kind][mode] = total[kind][mode] + prf


def score_article(gold: Sequence[Fact], pred: Sequence[Fact]) -> Scores:
    """The scores of one article's predictions against its gold, per type and matching."""
    scores = empty_scores()
    for kind in FACT_TYPES:
        g = [fact for fact in gold if fact.type == kind]
        p = [fact for fact in pred if fact.type == kind]
        for mode in MODES:
            tp = len(align(g, p, mode))
            prf = PRF(tp=tp, fp=len(p) - tp, fn=len(g) - tp)
            scores[kind][mode] = prf
            scores[ALL][mode] = scores[ALL][mode] + prf
    return scores
