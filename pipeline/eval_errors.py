"""What the evaluator tells a person to fix: error records and gold facts that cannot be scored.

Kept apart from the scores (``pipeline.scoring``) because this is the part people read: each
record carries the values side by side and a few words of context, and the renderers
(``pipeline.report``, ``pipeline.report_html``) show it as it is.

* ``error_records(gold, pred, text)`` lists what value matching left over: an overlapping pair
  is a wrong value, the rest are missed gold facts and spurious predictions.
* ``check_gold`` finds gold facts whose ``text`` is not ``article[start:end]``, with file:line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pipeline.schema import FACT_TYPES, Fact, FactType
from pipeline.scoring import align, value_of
from pipeline.textspans import context_of, sentence_of

ErrorKind = Literal["missed", "spurious", "wrong_value"]


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

    @property
    def predicted_elsewhere(self) -> bool:
        """Whether a wrong value was predicted on another span than the gold's (worth showing)."""
        return self.pred_text is not None and (self.pred_start, self.pred_end) != (self.start, self.end)

    def value_diff(self) -> list[tuple[str, Any, Any, bool]]:
        """``(field, expected, got, differs)`` per compared field: the rows every renderer shows.

        ``differs`` is only set for a wrong value (a missed or spurious fact has one side only).

        >>> wrong = ErrorRecord("a", "date", "wrong_value", 0, 4, "2025", {"value": "2025"}, {"value": "24"})
        >>> wrong.value_diff()
        [('value', '2025', '24', True)]
        """
        fields = list((self.expected or self.got or {}).keys())
        rows = []
        for name in fields:
            expected = (self.expected or {}).get(name)
            got = (self.got or {}).get(name)
            rows.append((name, expected, got, self.kind == "wrong_value" and expected != got))
        return rows


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


def error_records(gold: Sequence[Fact], pred: Sequence[Fact], text: str | None) -> list[ErrorRecord]:
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


def error_order(record: ErrorRecord) -> tuple[str, int, int, int, str]:
    """The order of the report's error list: article, FACTS.md's type order, position, kind."""
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
