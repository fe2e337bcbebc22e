"""The currency, qualifier, count-item and publication lexicons, loaded once from ``models/`` and validated.

``currencies.jsonl`` is CLDR (via babel, see scripts/make_currencies.py); ``currency_supplement.jsonl``
adds the surfaces CLDR lacks and decides the ambiguous ones ("$", "¥", "£"). A surface that CLDR
gives to two currencies and the supplement does not decide is left out: better no fact than a
wrong currency.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.errors import LexiconError
from pipeline.normalise.datafiles import read_rows
from pipeline.settings import DEFAULT_MODELS_DIR


class CurrencyRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    plural: str
    symbols: list[str]
    minor_units: int
    in_use: bool


class SupplementRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    surface: str = Field(min_length=1)
    code: str = Field(pattern=r"^[A-Z]{3}$")
    kind: Literal["symbol", "name", "code", "subunit", "exclude"]
    dollar: bool = False
    divisor: int = 1
    only_after_number: bool = False
    """A name read only after its number ("20 million won"), never before ("won 20 million votes")."""
    note: str


class SourceRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    territory: str = Field(pattern=r"^[A-Z]{2}$")
    """ISO 3166 code of the territory the publication writes from (its "$" is that territory's dollar)."""
    note: str


class QualifierRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qualifier: Literal["approx", "over", "under"]
    surfaces: list[str]
    note: str


class CountItemRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item: str
    singular: list[str]
    plural: list[str]
    either: list[str]
    note: str


@dataclass(frozen=True)
class CurrencyRef:
    """What a currency surface means: its code, a divisor for subunits, and whether it is a bare dollar."""

    code: str
    kind: str
    divisor: int = 1
    dollar: bool = False
    only_after_number: bool = False


@dataclass(frozen=True, eq=False)
class MoneyLexicon:
    surfaces: dict[str, CurrencyRef]
    """Lower-case surface -> meaning, for every unambiguous surface."""
    upper_codes: frozenset[str]
    """ISO codes matched when written in capitals."""
    minor_units: dict[str, int]
    qualifiers: dict[str, str]
    count_items: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Lower-case item surface -> (item, number: singular|plural|either)."""

    def lookup(self, surface: str) -> CurrencyRef | None:
        """The meaning of a currency surface, or None (``lookup("RMB").code`` → "CNY")."""
        key = surface_key(surface)
        ref = self.surfaces.get(key)
        if ref is None and key.endswith("$") and key[:-1].upper() in self.upper_codes:
            ref = CurrencyRef(key[:-1].upper(), "symbol")  # "nzd$", "aud$"
        if ref is None and surface.upper() in self.upper_codes:
            ref = CurrencyRef(surface.upper(), "code")
        return ref


_USABLE_SYMBOL = re.compile(r"^[^\s\u200e\u200f\d]+$")
_ASCII_LETTERS = re.compile(r"^[A-Za-z.]+$")


def surface_key(surface: str) -> str:
    """The lookup form of a surface: lower case, single spaces, no space before "$" ("C $" → "c$")."""
    return " ".join(surface.lower().split()).replace(" $", "$")


def _add(table: dict[str, set[CurrencyRef]], surface: str, ref: CurrencyRef) -> None:
    table.setdefault(surface_key(surface), set()).add(ref)


def _currencies(models_dir: Path) -> tuple[dict[str, CurrencyRef], frozenset[str], dict[str, int]]:
    path = models_dir / "currencies.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and "_source" in json.loads(lines[0]):
        body = [line for line in lines[1:] if line.strip()]
    else:
        body = lines
    found: dict[str, set[CurrencyRef]] = {}
    minor: dict[str, int] = {}
    codes: set[str] = set()
    for lineno, line in enumerate(body, start=2):
        try:
            row = CurrencyRow.model_validate_json(line)
        except ValueError as exc:
            raise LexiconError(f"{path}:{lineno}: {exc}") from exc
        if row.code in minor:
            raise LexiconError(f"{path}:{lineno}: duplicate code {row.code}")
        minor[row.code] = row.minor_units
        codes.add(row.code)
        if "(" in row.name:  # "Chinese Yuan (offshore)": a qualified variant, never written in prose
            continue
        for name in {row.name, row.plural}:
            _add(found, name, CurrencyRef(row.code, "name"))
        for symbol in row.symbols:
            # ASCII-letter symbols ("m", "R", "Bs", "Ft", "Le") are ordinary words and unit letters in
            # English text: only the supplement may add one ("RM", "Rp"), with a note.
            if _USABLE_SYMBOL.match(symbol) and not _ASCII_LETTERS.match(symbol):
                _add(found, symbol, CurrencyRef(row.code, "symbol"))

    supplement: dict[str, CurrencyRef] = {}
    excluded: set[str] = set()
    spath = models_dir / "currency_supplement.jsonl"
    for lineno, srow in read_rows(spath, SupplementRow):
        key = surface_key(srow.surface)
        if key in supplement or key in excluded:
            raise LexiconError(f"{spath}:{lineno}: {srow.surface!r} is listed twice")
        if srow.kind == "exclude":
            excluded.add(key)
            continue
        supplement[key] = CurrencyRef(srow.code, srow.kind, srow.divisor, srow.dollar, srow.only_after_number)

    surfaces = {
        key: next(iter(refs)) for key, refs in found.items() if len(refs) == 1 and key not in excluded
    }
    surfaces.update(supplement)
    upper = frozenset(c for c in codes if c.lower() not in excluded)
    return surfaces, upper, minor


@functools.cache
def load_money_lexicon(models_dir: Path = DEFAULT_MODELS_DIR) -> MoneyLexicon:
    """Load and cross-check every lexicon the money and count normalisers use (cached per folder)."""
    surfaces, upper, minor = _currencies(models_dir)
    qualifiers: dict[str, str] = {}
    qpath = models_dir / "qualifiers.jsonl"
    for lineno, qrow in read_rows(qpath, QualifierRow):
        for surface in qrow.surfaces:
            if surface in qualifiers:
                raise LexiconError(f"{qpath}:{lineno}: {surface!r} already means {qualifiers[surface]}")
            qualifiers[surface] = qrow.qualifier
    items: dict[str, tuple[str, str]] = {}
    ipath = models_dir / "count_items.jsonl"
    for lineno, irow in read_rows(ipath, CountItemRow):
        for number, forms in (("singular", irow.singular), ("plural", irow.plural), ("either", irow.either)):
            for surface in forms:
                if surface.lower() in items:
                    raise LexiconError(f"{ipath}:{lineno}: {surface!r} is already an item")
                items[surface.lower()] = (irow.item, number)
    return MoneyLexicon(surfaces, upper, minor, qualifiers, items)


def source_key(name: str) -> str:
    """The lookup form of a publication name: lower case, single spaces, no leading "the".

    >>> source_key("  The Straits  Times ")
    'straits times'
    """
    key = " ".join(name.lower().split())
    return key[4:] if key.startswith("the ") else key


@functools.cache
def load_sources(models_dir: Path = DEFAULT_MODELS_DIR) -> dict[str, str]:
    """Publication name or alias (lookup form) -> territory code, from ``sources.jsonl``.

    A name listed twice (as a name or an alias, in any row) is an error naming ``file:line``.

    >>> load_sources()["straits times"]
    'SG'
    """
    path = models_dir / "sources.jsonl"
    territories: dict[str, str] = {}
    for lineno, row in read_rows(path, SourceRow):
        for name in (row.name, *row.aliases):
            key = source_key(name)
            if not key or key in territories:
                raise LexiconError(f"{path}:{lineno}: {name!r} is listed twice or empty")
            territories[key] = row.territory
    return territories


def qualifier_before(before: str, lexicon: MoneyLexicon) -> str | None:
    """The qualifier whose words end the text before a figure, or None.

    >>> qualifier_before("projects totaling more than ", load_money_lexicon())
    'over'
    >>> qualifier_before("contracts totaling ", load_money_lexicon()) is None
    True
    """
    tail = " ".join(re.sub(r"[()\"'“”‘’\[\],:;]", " ", before.lower()).split())
    best: tuple[int, str] | None = None
    for surface, qualifier in lexicon.qualifiers.items():
        if (
            tail == surface
            or tail.endswith(" " + surface)
            or (not surface[-1].isalpha() and tail.endswith(surface))
        ) and (best is None or len(surface) > best[0]):
            best = (len(surface), qualifier)
    return best[1] if best else None
