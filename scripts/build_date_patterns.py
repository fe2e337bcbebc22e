"""Generate models/date_patterns.jsonl (spaCy Matcher patterns) from models/date_words.json.

The patterns are templates over word classes (months, weekdays, units, ordinals…): each
template is a list of slots, each slot one token spec, and the classes are filled from the
lexicon, so adding a month abbreviation or a relative word is a one-line data change. Run
``python scripts/build_date_patterns.py`` after editing the lexicon; a test checks the
committed file is current.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORDS = ROOT / "models" / "date_words.json"
OUT = ROOT / "models" / "date_patterns.jsonl"

Token = dict[str, Any]


def _slots(w: dict[str, Any]) -> dict[str, Token]:
    months = sorted(w["months"])
    full_months = sorted(k for k, v in w["months"].items() if len(k) > 4 or k in ("june", "july"))
    alone = sorted(set(full_months) - {"may", "march"})
    weekdays = sorted(w["weekdays"])
    full_weekdays = sorted(k for k in w["weekdays"] if k.endswith("day"))
    rel = [*sorted(k for k in w["relative"] if k != "this"), "this"]
    numbers = sorted(k for k, v in w["numbers"].items() if v)
    ords4 = sorted(k for k, v in w["ordinals"].items() if v in (1, 2, 3, 4, -1))
    ords2 = sorted(k for k, v in w["ordinals"].items() if v in (1, 2, -1))
    month_alt = "|".join(sorted({k.rstrip(".") for k in w["months"]}, key=lambda k: (-len(k), k)))
    tens = sorted(k for k, v in w["numbers"].items() if v and 20 <= v <= 90 and v % 10 == 0)
    units = sorted(k for k, v in w["numbers"].items() if v and 1 <= v <= 9 and k not in ("a", "an"))
    ordday = sorted(k for k in w["ordinals"] if k != "last")
    return {
        "MONTH": {"LOWER": {"IN": months}},
        "MONTH_ALONE": {"LOWER": {"IN": alone}},
        "MONTH_AMBIG": {"TEXT": {"IN": ["May", "March"]}},
        "DAY": {"TEXT": {"REGEX": r"^(0?[1-9]|[12][0-9]|3[01])(st|nd|rd|th)?$"}},
        "ORDDAY": {
            "LOWER": {"REGEX": r"^((0?[1-9]|[12][0-9]|3[01])(st|nd|rd|th)|" + "|".join(ordday) + ")$"}
        },
        "YEAR": {"TEXT": {"REGEX": r"^(1[6-9]\d\d|20\d\d)$"}},
        "YEARS": {"TEXT": {"REGEX": r"^(1[6-9]\d\d|20\d\d)[–—-](\d\d|1[6-9]\d\d|20\d\d)$"}},
        "ISO": {"TEXT": {"REGEX": r"^(\d{4}[-/]\d{1,2}[-/]\d{1,2}|(19|20)\d{6}|\d{1,2}/\d{1,2}/\d{2,4})$"}},
        "SLASH": {"LOWER": {"REGEX": r"^(\d{1,2}/\d{1,2}|[a-z]{3,4}/\d{1,2}|\d{4}/[a-z]{3}/\d{1,2})$"}},
        "NUM2": {"TEXT": {"REGEX": r"^\d{1,2}$"}},
        "DASH": {"TEXT": {"IN": ["-", "–", "—"]}},
        "JOIN": {"TEXT": {"IN": ["-", "/"]}},
        # a month glued to digits in one token: "Aug-2016", "aug/01", "Sep-23", "mar3", "Dec31"
        "GLUED": {"LOWER": {"REGEX": rf"^({month_alt})\.?[-/]?\d{{1,4}}$"}},
        "CENTURY": {"LOWER": {"IN": ["nineteen", "eighteen"]}},
        "TENS": {"LOWER": {"IN": tens}},
        "UNITNUM": {"LOWER": {"IN": units}},
        "ORDDIGIT": {"SHAPE": {"IN": ["dxx", "ddxx"]}},
        "SEP": {"LOWER": {"IN": ["-", "–", "—", "to", "through", "until", "till", "thru"]}},
        "COMMA": {"TEXT": ",", "OP": "?"},
        "WEEKDAY": {"LOWER": {"IN": weekdays}},
        "WEEKDAY_FULL": {"LOWER": {"IN": full_weekdays}},
        "REL": {"LOWER": {"IN": rel}},
        "UNIT": {"LOWER": {"IN": ["day", "week", "month", "quarter", "year", "decade"]}},
        "UNIT_AGO": {"LOWER": {"IN": sorted(w["units"])}},
        "NUM": {"LOWER": {"IN": numbers}},
        "DIGITS": {"TEXT": {"REGEX": r"^\d{1,2}$"}},
        "ORD4": {"LOWER": {"IN": ords4}},
        "ORD2": {"LOWER": {"IN": ords2}},
        "PART": {"LOWER": {"IN": ["early", "late", "mid", "earlier", "later"]}},
        "PARTNOUN": {"LOWER": {"IN": ["end", "beginning", "start", "middle", "close", "turn"]}},
        "MIDYEAR": {"LOWER": {"REGEX": r"^mid-(1[6-9]|20)\d\d$"}},
        "DECADE": {"LOWER": {"REGEX": r"^(1[6-9]|20)\d0'?s$"}},
        "SHORTDECADE": {"LOWER": {"REGEX": r"^\d0s$"}},
        "QTOK": {"LOWER": {"REGEX": r"^q[1-4]$"}},
        "HTOK": {"LOWER": {"REGEX": r"^h[12]$"}},
        "FISCAL": {"LOWER": {"IN": sorted(w["fiscal"])}},
        "DEICTIC": {"LOWER": {"IN": sorted(w["deictic"])}},
        "PREP": {"LOWER": {"IN": [*sorted(w["outside"]), "last", "next", "this", "early", "late", "mid"]}},
        "APOS": {"TEXT": {"IN": ["'", "’"]}},
    }


def _lit(word: str, optional: bool = False) -> Token:
    words = word.split("|")
    tok: Token = {"LOWER": words[0]} if len(words) == 1 else {"LOWER": {"IN": words}}
    if optional:
        tok["OP"] = "?"
    return tok


# Reusable tails: what a part of a year or month is a part of.
YEARISH = [
    ["YEAR"],
    ["REL", "=year"],
    ["=the", "=year"],
    ["=that|this", "=same?", "=year"],
    ["FISCAL", "YEAR"],
]
MONTHISH = [
    ["MONTH_ALONE"],
    ["MONTH", "COMMA", "YEAR"],
    ["REL", "=month"],
    ["=the", "=month"],
    ["=that", "=month"],
]

TEMPLATES: dict[str, list[list[str]]] = {
    "year": [
        ["YEAR"],
        ["FISCAL", "YEAR"],
        ["=the", "=year", "=of?", "YEAR"],
        ["CENTURY", "TENS", "DASH?", "UNITNUM?"],
        ["=two", "=thousand", "=and?", "NUM"],
    ],
    "year_range": [["YEARS"], ["YEAR", "SEP", "YEAR"], ["=between", "YEAR", "=and", "YEAR"]],
    "iso": [
        ["ISO"],
        ["SLASH"],
        ["YEAR", "DASH", "NUM2", "DASH", "NUM2"],
        ["YEAR", "DASH", "NUM2"],
        ["NUM2", "DASH", "YEAR"],
        ["NUM2", "DASH", "NUM2", "DASH", "YEAR"],
        ["YEAR", "NUM2", "NUM2"],
        ["GLUED"],
        ["GLUED", "COMMA", "YEAR"],
        ["NUM2", "JOIN", "GLUED"],
        ["YEAR", "JOIN", "GLUED"],
        ["GLUED", "DASH", "NUM2"],
        ["GLUED", "DASH", "YEAR"],
    ],
    "month_day": [
        ["MONTH", "DAY"],
        ["MONTH", "DAY", "COMMA", "YEAR"],
        ["MONTH", "DAY", "=of|in", "YEAR"],
        ["DAY", "MONTH"],
        ["DAY", "MONTH", "COMMA", "YEAR"],
        ["DAY", "MONTH", "=of|in", "YEAR"],
        ["MONTH", "COMMA", "ORDDIGIT"],
        ["DAY", "=of", "MONTH"],
        ["=the", "ORDDIGIT"],
        ["=the?", "ORDDAY", "=of", "MONTH"],
        ["=the?", "ORDDAY", "=of", "MONTH", "COMMA", "=of?", "YEAR"],
        ["MONTH", "=the", "ORDDAY"],
        ["MONTH", "=the", "ORDDAY", "COMMA", "YEAR"],
        ["MONTH_ALONE", "TENS", "ORDDAY"],
        ["DAY", "MONTH", "=of", "NUM2"],
    ],
    "month_day_range": [
        ["MONTH", "DAY", "SEP", "DAY"],
        ["MONTH", "DAY", "SEP", "DAY", "COMMA", "YEAR"],
        ["MONTH", "DAY", "SEP", "MONTH", "DAY"],
        ["MONTH", "DAY", "SEP", "MONTH", "DAY", "COMMA", "YEAR"],
        ["DAY", "SEP", "DAY", "MONTH"],
        ["DAY", "SEP", "DAY", "MONTH", "COMMA", "YEAR"],
        ["=between", "MONTH", "DAY", "=and", "DAY"],
        ["DAY", "SEP", "DAY", "=of", "MONTH"],
        ["=between", "DAY", "=and", "DAY", "=of", "MONTH"],
        ["DAY", "MONTH", "SEP", "DAY", "MONTH", "COMMA", "YEAR"],
        ["DAY", "MONTH", "SEP", "DAY", "MONTH", "=in|of", "YEAR"],
        ["MONTH", "DAY", "SEP", "DAY", "=in|of", "YEAR"],
        ["NUM2", "DASH", "NUM2", "DASH", "YEAR", "DASH", "NUM2", "DASH", "NUM2", "DASH", "YEAR"],
        ["SLASH", "SEP", "SLASH"],
        ["SLASH", "SEP", "SLASH", "COMMA", "YEAR"],
    ],
    "month": [
        ["MONTH_ALONE"],
        ["MONTH", "COMMA", "YEAR"],
        ["MONTH", "=of", "YEAR"],
        ["YEAR", "MONTH_ALONE"],
        ["PREP", "MONTH_AMBIG"],
        ["MONTH_AMBIG", "COMMA", "YEAR"],
        ["MONTH", "REL", "=year"],
        ["MONTH", "CENTURY", "TENS", "DASH?", "UNITNUM?"],
        ["REL", "MONTH_ALONE"],
    ],
    "month_range": [
        ["MONTH", "SEP", "MONTH", "COMMA", "YEAR"],
        ["MONTH", "SEP", "MONTH", "=in|of", "YEAR"],
        ["MONTH_ALONE", "SEP", "MONTH_ALONE"],
        ["MONTH", "DASH", "MONTH", "DAY", "COMMA", "YEAR"],
    ],
    "weekday": [
        ["WEEKDAY_FULL"],
        ["WEEKDAY", "COMMA", "MONTH", "DAY"],
        ["WEEKDAY", "COMMA", "MONTH", "DAY", "COMMA", "YEAR"],
        ["WEEKDAY", "COMMA", "DAY", "MONTH"],
        ["WEEKDAY", "COMMA", "DAY", "MONTH", "COMMA", "YEAR"],
        ["WEEKDAY", "=(", "MONTH", "DAY", "=)"],
        ["WEEKDAY_FULL", "=the", "ORDDAY"],
        ["WEEKDAY_FULL", "=the", "TENS", "ORDDAY"],
        ["WEEKDAY", "COMMA", "ISO"],
        ["WEEKDAY", "COMMA", "YEAR", "DASH", "NUM2", "DASH", "NUM2"],
        ["WEEKDAY", "SLASH"],
        ["REL", "WEEKDAY_FULL"],
        ["=this", "=coming|upcoming", "WEEKDAY_FULL"],
        ["REL", "=week", "=on?", "WEEKDAY"],
        ["REL", "=week", "DASH", "WEEKDAY"],
        ["WEEKDAY", "=of", "=the", "=following|next|previous", "=week"],
        ["WEEKDAY_FULL", "=of", "REL", "=week"],
    ],
    "deictic": [
        ["DEICTIC"],
        ["=the", "=day", "=before|after", "=yesterday|tomorrow"],
        ["=the", "=day", "=before|after"],
        ["NUM", "UNIT_AGO", "=from|after|before", "DEICTIC"],
        ["DIGITS", "UNIT_AGO", "=from|after|before", "DEICTIC"],
    ],
    "relative": [
        ["REL", "UNIT"],
        ["REL", "FISCAL", "=year"],
        ["=the", "=following|previous|preceding", "UNIT"],
    ],
    "anaphoric": [["=that", "UNIT"], ["=that|the", "=same", "UNIT"]],
    "ago": [
        ["NUM", "UNIT_AGO", "=ago"],
        ["DIGITS", "UNIT_AGO", "=ago"],
        ["=a|an", "UNIT", "=ago|earlier"],
        ["NUM", "UNIT_AGO", "=earlier"],
    ],
    "quarter": [
        ["=the?", "FISCAL?", "ORD4", "DASH?", "=quarter"],
        ["QTOK"],
        ["QTOK", "YEAR"],
        ["YEAR", "DASH?", "QTOK"],
        ["QTOK", "DASH", "YEAR"],
        ["=the", "=latest|recent", "=quarter"],
        ["=the", "YEAR", "ORD4", "DASH?", "=quarter"],
        ["=the", "=comparable?", "=year", "DASH", "=ago|earlier", "ORD4?", "=quarter"],
    ],
    "half": [["=the?", "ORD2", "DASH?", "=half"], ["HTOK", "YEAR"], ["YEAR", "DASH?", "HTOK"]],
    "months_of": [["=the", "=first|last", "NUM", "=months"]],
    "decade": [["=the?", "DECADE"], ["=the", "APOS", "SHORTDECADE"]],
    "week": [
        ["=the", "=week", "=of|beginning|starting|commencing", "MONTH", "DAY"],
        ["=the?", "ORD4", "=week", "=of", "MONTH_ALONE"],
        ["=the?", "ORD4", "=week", "=of", "YEAR"],
        ["=the?", "ORD4", "=week", "=of", "REL", "=month"],
        ["=w", "=/", "=c", "MONTH", "DAY"],
        ["=the", "=week", "=starting|beginning|commencing", "=on", "MONTH", "DAY"],
        ["=this|last|next|the", "=weekend"],
    ],
    "partitive": [["MIDYEAR"], ["=mid", "DASH", "MONTH_ALONE"]],
}

# Parts of a period: prefix + what it is part of ("the first half of" + "next year").
PART_PREFIXES: dict[str, list[list[str]]] = {
    "quarter": [["=the?", "FISCAL?", "ORD4", "DASH?", "=quarter", "=of"]],
    "half": [["=the?", "ORD2", "=half", "=of"]],
    "months_of": [
        ["=the", "=first|last", "NUM", "=months", "=of"],
        ["=the?", "=first|last", "NUM", "=quarters", "=of"],
    ],
    "partitive": [["PART"], ["=the", "PARTNOUN", "=of"], ["PART", "=in"]],
}
PART_TAILS = {"quarter": YEARISH, "half": YEARISH, "months_of": YEARISH, "partitive": YEARISH + MONTHISH}


def _token(slot: str, slots: dict[str, Token]) -> Token:
    optional = slot.endswith("?") and len(slot) > 1
    name = slot[:-1] if optional else slot
    if name.startswith("="):
        return _lit(name[1:], optional)
    tok = dict(slots[name])
    if optional:
        tok["OP"] = "?"
    return tok


_APOSTROPHES = {"'s": ["'s", "’s"], "'": ["'", "’"]}
# A holiday name with an optional year; "last Christmas" and "Christmas of this year" are
# added by the ruler (each optional frame here would cost a pattern per name length).
HOLIDAY_FRAMES: list[tuple[list[str], list[str]]] = [([], ["COMMA", "YEAR?"])]


def _holiday_tokens(names: list[str]) -> list[list[Token]]:
    """Holiday names as spaCy's English tokenizer splits them (lower and title case), one
    pattern per name length with the words of each position as a set: a few patterns instead
    of one per name (the Matcher's cost grows with the patterns). The normaliser accepts only
    the listed names, so a mixed sequence that is no holiday gets no value and is dropped."""
    import spacy

    nlp = spacy.blank("en")
    by_len: dict[int, list[set[str]]] = {}
    for name in names:
        for form in (name, name.title()):
            words = [t.text.lower() for t in nlp(form)]
            slots = by_len.setdefault(len(words), [set() for _ in words])
            for slot, word in zip(slots, words, strict=True):
                slot.update(_APOSTROPHES.get(word, [word]))
    return [[{"LOWER": {"IN": sorted(slot)}} for slot in by_len[n]] for n in sorted(by_len)]


def build_patterns(words: dict[str, Any]) -> list[dict[str, Any]]:
    """Every template expanded to spaCy Matcher rows ``{"label", "id", "pattern"}``."""
    slots = _slots(words)
    rows = []
    for toks, (pre, post) in itertools.product(_holiday_tokens(sorted(words["holidays"])), HOLIDAY_FRAMES):
        pattern = [_token(s, slots) for s in pre] + toks + [_token(s, slots) for s in post]
        rows.append({"label": "date", "id": "holiday", "pattern": pattern})
    for rule, templates in TEMPLATES.items():
        for tpl in templates:
            rows.append({"label": "date", "id": rule, "pattern": [_token(s, slots) for s in tpl]})
    for rule, prefixes in PART_PREFIXES.items():
        for prefix, tail in itertools.product(prefixes, PART_TAILS[rule]):
            rows.append({"label": "date", "id": rule, "pattern": [_token(s, slots) for s in prefix + tail]})
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main() -> int:
    words = json.loads(WORDS.read_text(encoding="utf-8"))
    OUT.write_text(render(build_patterns(words)), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
