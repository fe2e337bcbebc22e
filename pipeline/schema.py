"""The single source of truth for facts and article metadata.

Output and gold share one JSON shape (see docs/facts.md): four fact types with common
fields (``article_id``, ``type``, ``text``, ``start``, ``end``) and per-type values. The
writer, the reader, the evaluator and the CLI all go through the models here.
Extra fields are allowed (``rule``, ``evidence``…): scoring ignores them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

FactType = Literal["money", "date", "count", "entity"]
FACT_TYPES: tuple[FactType, ...] = ("money", "date", "count", "entity")
Qualifier = Literal["exact", "approx", "over", "under", "range"]
CountQualifier = Literal["approx", "over", "under"]
EntityLabel = Literal["ORG", "GPE", "PERSON"]

# One calendar value: year, month, day (digits or X), quarter, half, decade ("201X").
_POINT = r"(?:[0-9X]{4}(?:-(?:[0-9X]{2}(?:-[0-9X]{2})?|Q[1-4]|H[12]))?|[0-9]{3}X)"
DATE_VALUE_RE = re.compile(rf"^{_POINT}(?:/{_POINT})?$")


class _FactBase(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    article_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    rule: str | None = None
    """Name of the pattern or rule that found the fact (output only; ignored by scoring)."""

    @model_validator(mode="after")
    def _span_is_consistent(self) -> _FactBase:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"text {self.text!r} has {len(self.text)} characters but the span "
                f"[{self.start}, {self.end}) has {self.end - self.start}"
            )
        return self


class MoneyFact(_FactBase):
    type: Literal["money"] = "money"
    amount: int | float
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    qualifier: Qualifier = "exact"
    amount_max: int | float | None = None
    evidence: str | None = None
    """Why the currency was chosen when the text alone does not say (a bare ``$``)."""


class DateFact(_FactBase):
    type: Literal["date"] = "date"
    value: str

    @field_validator("value")
    @classmethod
    def _value_form(cls, v: str) -> str:
        if not DATE_VALUE_RE.match(v):
            raise ValueError(f"date value {v!r} is not a FACTS.md form (2025-10-15, 2025-Q3, 201X, a/b…)")
        return v


class CountFact(_FactBase):
    type: Literal["count"] = "count"
    count: int
    item: str
    qualifier: CountQualifier | None = None


class EntityFact(_FactBase):
    type: Literal["entity"] = "entity"
    label: EntityLabel
    name: str


Fact = Annotated[MoneyFact | DateFact | CountFact | EntityFact, Field(discriminator="type")]
FACT_ADAPTER: TypeAdapter[Fact] = TypeAdapter(Fact)


def fact_sort_key(fact: Fact) -> tuple[str, int, int, str]:
    """Facts are written in a deterministic order: article, span, type."""
    return (fact.article_id, fact.start, fact.end, fact.type)


_LEADING = ("article_id", "type", "text", "start", "end")
_TRAILING = ("rule", "evidence")


def fact_to_json(fact: Fact) -> dict[str, object]:
    """The JSON form written to files: no ``None`` fields; FACTS.md's common fields first, then
    the type's values, then newsfacts' own additions (``rule``, ``evidence``)."""
    data = fact.model_dump(mode="json", exclude_none=True)
    ordered = {k: data.pop(k) for k in _LEADING if k in data}
    trailing = {k: data.pop(k) for k in _TRAILING if k in data}
    return ordered | data | trailing


class ArticleMeta(BaseModel):
    """Metadata stored next to an article as ``ID.json``."""

    model_config = ConfigDict(extra="allow")

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    published_basis: str | None = None


class Article(BaseModel):
    """An article as the pipeline sees it: the raw text, exactly as stored, and its metadata."""

    model_config = ConfigDict(frozen=True)

    meta: ArticleMeta
    text: str
    path: str | None = None
    """Where the text came from, for error messages."""
    warnings: tuple[str, ...] = ()
    """Problems that did not stop the article (a fallback decoding, an impossible date)."""

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def published(self) -> date | None:
        return self.meta.published
