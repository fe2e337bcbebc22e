"""Read an agreement count: number word + counted noun → count, singular item, qualifier.

FACTS.md: the span is the number only; the item is the noun the number modifies, from a closed
list (``models/count_items.jsonl``), after at most a few modifiers ("18 collaborative
initiatives", "Sixteen financial institution projects"); "a", "the first" and the indefinite
"one" are not counts; "N more X" is exact. ``normalise_count`` never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.normalise.money_lexicon import MoneyLexicon, load_money_lexicon, qualifier_before
from pipeline.normalise.numbers import load_number_words, parse_number

MAX_MODIFIERS = 3
"""Words allowed between the number and its noun ("Sixteen financial institution projects")."""
ADDITIVE = frozenset({"more", "other", "further", "additional", "new", "separate", "different"})
"""Stop words that may stand between number and noun: "N more X" and "two other agreements" are counts."""
MODIFIER_STOPS = frozenset(STOP_WORDS) - ADDITIVE
DEFINITE_ONE = frozenset({"only", "just", "exactly", "single"})
YEAR_PREPOSITIONS = frozenset({"in", "since", "by", "from", "of", "during", "until", "before", "after", "to"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.]*|-")
_PLURAL_LOOKING = re.compile(r"^[a-z]*[^su's]s$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True)
class CountValue:
    count: int
    item: str
    qualifier: str | None = None


def find_item(after: str, lexicon: MoneyLexicon) -> tuple[str, str] | None:
    """The counted item in the words after a number: (item, grammatical number) or None.

    >>> find_item(" collaborative initiatives at the sixth meeting", load_money_lexicon())
    ('initiative', 'plural')
    >>> find_item(" member banks signed an agreement", load_money_lexicon()) is None
    True
    """
    words = [w.lower().rstrip(".") if w != "-" else w for w in _WORD.findall(after[:120])]
    longest = max((len(s.split()) for s in lexicon.count_items), default=1)
    for skip in range(MAX_MODIFIERS + 1):
        if skip > len(words):
            return None
        for size in range(longest, 0, -1):
            phrase = " ".join(words[skip : skip + size])
            if phrase in lexicon.count_items and (size == 1 or len(words) >= skip + size):
                return lexicon.count_items[phrase]
        if skip < len(words):
            word = words[skip]
            if word != "-" and (word in MODIFIER_STOPS or _PLURAL_LOOKING.match(word)):
                return None
    return None


def normalise_count(number: str, after: str, before: str = "") -> CountValue | None:
    """The count fact for a number span, given the text after it (the noun) and before it (qualifier).

    >>> normalise_count("Sixteen", "\\u00a0financial institution projects were")
    CountValue(count=16, item='project', qualifier=None)
    >>> normalise_count("20", " agreements", before="more than ")
    CountValue(count=20, item='agreement', qualifier='over')
    >>> normalise_count("One", " notable deal") is None
    True
    """
    try:
        return _normalise(number, after, before, load_money_lexicon())
    except (ArithmeticError, ValueError, IndexError):
        return None


def _normalise(number: str, after: str, before: str, lexicon: MoneyLexicon) -> CountValue | None:
    if not isinstance(number, str) or not number.strip():
        return None
    words = number.lower().split()
    if words and words[-1] in load_number_words().ordinals:
        return None
    value = parse_number(number)
    if value is None or value < 1 or value != value.to_integral_value():
        return None
    count = int(value)
    last_before = before.lower().split()[-1:] if before.strip() else []
    if number.strip().lower() in ("one", "a", "an") and not set(last_before) & DEFINITE_ONE:
        return None  # "One notable deal": the indefinite one
    if _YEAR.match(number.strip()) and set(last_before) & YEAR_PREPOSITIONS:
        return None  # "in 2024 projects…": a year, not a count
    found = find_item(after, lexicon)
    if found is None:
        return None
    item, grammatical = found
    if grammatical != "either" and (grammatical == "plural") != (count != 1):
        return None  # "18 project managers": the noun is a modifier of another noun
    return CountValue(count, item, qualifier_before(before, lexicon))
