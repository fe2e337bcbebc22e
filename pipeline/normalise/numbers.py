"""Read a written number ("24.23 billion", "Sixteen", "3,915", "half a billion", "S$1.2b"'s "1.2b").

Everything is exact ``Decimal`` arithmetic: money amounts are built from these values, and
``8.2 * 1e6`` in floats is ``8199999.999999999``. The word lists come from
``models/number_words.json``. ``parse_number`` never raises: text that is not a number gives None.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from pipeline.normalise.datafiles import read_json
from pipeline.settings import DEFAULT_MODELS_DIR


class NumberWords(BaseModel):
    """The number vocabulary: the validated ``number_words.json`` itself, loaded once per process."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    comment: str = Field("", alias="_comment")
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    dozens: dict[str, int]
    fractions: dict[str, int]
    ordinals: frozenset[str]
    unicode_fractions: dict[str, str]
    negative: frozenset[str]

    @property
    def words(self) -> frozenset[str]:
        """Every word that can stand in a number phrase (for the matchers' token sets)."""
        return frozenset(self.units) | frozenset(self.tens) | frozenset(self.scales) | frozenset(self.dozens)


@functools.cache
def load_number_words(models_dir: Path = DEFAULT_MODELS_DIR) -> NumberWords:
    """Load and validate ``number_words.json`` (cached per folder).

    >>> words = load_number_words()
    >>> words.units["sixteen"], words.scales["billion"], "first" in words.ordinals, "dozen" in words.words
    (16, 1000000000, True, True)
    """
    return NumberWords.model_validate(read_json(models_dir / "number_words.json"))


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_DIGITS = re.compile(r"^\d[\d,.]*$")
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?: \d{3})+(?:\.\d+)?$")
_POWER = re.compile(r"^(\d+(?:\.\d+)?)(?:x10\^|e)([+-]?\d+)$")
_GLUED_SCALE = re.compile(r"^(\d[\d,.]*)([a-z]+)$")
_SPLIT_RATIO = re.compile(r"\s+(?:over|out of|in)\s+")


def parse_digits(text: str) -> Decimal | None:
    """Read a numeral with grouping or decimal marks.

    >>> parse_digits("3,915"), parse_digits("1.111,11"), parse_digits("1,3"), parse_digits("12,34,567.89")
    (Decimal('3915'), Decimal('1111.11'), Decimal('1.3'), Decimal('1234567.89'))
    """
    if text.startswith(".") and text[1:2].isdigit():
        text = "0" + text
    if _SPACE_GROUPED.match(text):
        text = text.replace(" ", "")
    if not _DIGITS.match(text) or text.endswith((",", ".")):
        return None
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        other = "." if decimal_mark == "," else ","
        head, _, tail = text.rpartition(decimal_mark)
        if other in tail or decimal_mark in head:
            return None
        text = head.replace(other, "") + "." + tail
    elif "," in text:
        groups = text.split(",")
        if all(len(g) == 3 for g in groups[1:]) or (
            len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1]) and len(groups) > 2
        ):
            text = text.replace(",", "")
        elif len(groups) == 2:
            text = groups[0] + "." + groups[1]
        else:
            return None
    elif text.count(".") > 1:
        groups = text.split(".")
        if not all(len(g) == 3 for g in groups[1:]):
            return None
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _tokens(text: str, words: NumberWords) -> list[str]:
    for char, frac in words.unicode_fractions.items():
        text = text.replace(char, f" {frac}")
    text = re.sub(r"\s*-\s*", " ", text)
    out: list[str] = []
    for tok in text.split():
        glued = _GLUED_SCALE.match(tok)
        if glued and (glued.group(2) in words.scales or glued.group(2) in words.dozens):
            out.extend(glued.groups())
        else:
            out.append(tok)
    return out


def _value(tok: str) -> Decimal | None:
    if "/" in tok:
        num, _, den = tok.partition("/")
        n, d = parse_digits(num), parse_digits(den)
        return n / d if n is not None and d else None
    return parse_digits(tok)


def _base(tokens: list[str], words: NumberWords) -> Decimal | None:
    """Value of a phrase with no scale of a thousand or more: "three hundred and two", "five eighths"."""
    total, cur, last_frac = Decimal(0), None, Decimal(0)
    last = and_after = ""  # kind of the previous atom: unit, tens, digit, hundred, frac, a
    for tok in tokens:
        if tok in ("and", "of"):
            if cur is not None:
                total, cur = total + cur, None
            last, and_after = "and", last
        elif tok in ("a", "an", "of") and last in ("frac", "a"):
            if last == "frac":  # "half a dozen", "two thirds of a million": the fraction multiplies
                total, cur = total - last_frac, last_frac
            last = "a"
        elif tok in ("a", "an"):
            if cur is not None:
                total, cur = total + cur, None
            cur, last = Decimal(1), "a"
        elif tok in words.units:
            unit = words.units[tok]
            if (last == "tens" and unit < 10) or last == "hundred":
                cur = (cur or Decimal(0)) + unit
            elif last in ("", "and", "frac"):
                cur = Decimal(unit)
            else:
                return None
            last = "unit"
        elif tok in words.tens:
            if last == "hundred":
                cur = (cur or Decimal(0)) + words.tens[tok]
            elif last in ("", "and", "frac"):
                cur = Decimal(words.tens[tok])
            else:
                return None
            last = "tens"
        elif tok in ("hundred", "hundreds") or tok in words.dozens:
            factor = 100 if tok.startswith("hundred") else words.dozens[tok]
            cur, last = (cur if cur is not None else Decimal(1)) * factor, "hundred"
        elif tok in words.fractions:
            last_frac = (cur if cur is not None else Decimal(1)) / Decimal(words.fractions[tok])
            total, cur, last = total + last_frac, None, "frac"
        else:
            value = _value(tok)
            if value is None:
                return None
            if "/" in tok and last == "digit" and cur is not None:
                total, cur = total + cur, value
            elif last in ("", "frac") or (last == "and" and and_after not in ("digit", "unit", "tens")):
                cur = value
            else:
                return None
            last = "digit"
    if last in ("", "and", "a"):
        return None
    return total + (cur if cur is not None else Decimal(0))


def _scaled(tokens: list[str], words: NumberWords) -> Decimal | None:
    """Split at the largest scale word: value(left) × scale + value(right)."""
    scale_at = [
        (words.scales[t], i) for i, t in enumerate(tokens) if t in words.scales and words.scales[t] >= 1000
    ]
    if not scale_at:
        return _base(tokens, words)
    scale, i = max(scale_at, key=lambda si: (si[0], -si[1]))
    left, right = tokens[:i], tokens[i + 1 :]
    while left and left[-1] in ("of", "a", "an"):
        left = left[:-1]
    lvalue = _scaled(left, words) if left else Decimal(1)
    if lvalue is None:
        return None
    if not [t for t in right if t not in ("and",)]:
        return lvalue * scale
    rvalue = _scaled(right, words)
    if rvalue is None:
        return None
    if right[0] == "and" and 0 < rvalue < 1 and right[-1] in words.fractions:
        rvalue *= scale  # "3 million and a half" = 3.5 million
    return lvalue * scale + rvalue


def _decimal_part(tokens: list[str], words: NumberWords) -> str | None:
    digits = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in words.tens:
            value = words.tens[tok]
            if i + 1 < len(tokens) and tokens[i + 1] in words.units and words.units[tokens[i + 1]] < 10:
                value += words.units[tokens[i + 1]]
                i += 1
            digits += str(value)
        elif tok in words.units:
            digits += str(words.units[tok])
        elif tok.isdigit():
            digits += tok
        else:
            return None
        i += 1
    return digits or None


def _parse(text: str, words: NumberWords) -> Decimal | None:
    s = _SPACES.sub(" ", text.strip().lower().replace("\u2212", "-")).strip()
    sign = 1
    if s[:1] in "+-" and s[1:2] != "":
        sign, s = (-1 if s[0] == "-" else 1), s[1:].strip()
    first, _, rest = s.partition(" ")
    if first in words.negative and rest:
        sign, s = -sign, rest
    if not s:
        return None
    if (value := parse_digits(s)) is not None:
        return sign * value
    if power := _POWER.match(s):
        return sign * Decimal(power.group(1)) * Decimal(10) ** int(power.group(2))
    parts = _SPLIT_RATIO.split(s)
    if len(parts) == 2:
        num, den = _parse(parts[0], words), _parse(parts[1], words)
        return sign * num / den if num is not None and den else None
    tokens = _tokens(s, words)
    if "point" in tokens:
        i = tokens.index("point")
        whole = _scaled(tokens[:i], words) if i else Decimal(0)
        frac = _decimal_part(tokens[i + 1 :], words)
        if whole is None or frac is None:
            return None
        return sign * (whole + Decimal("0." + frac))
    value = _scaled(tokens, words)
    return None if value is None else sign * value


@functools.lru_cache(maxsize=4096)
def parse_number(text: str) -> Decimal | None:
    """The value of a written number, or None.

    >>> parse_number("24.23 billion"), parse_number("Sixteen"), parse_number("3,915")
    (Decimal('24230000000.00'), Decimal('16'), Decimal('3915'))
    >>> parse_number("half a billion"), parse_number("1.2b"), parse_number("a dozen")
    (Decimal('500000000.0'), Decimal('1200000000.0'), Decimal('12'))
    >>> parse_number("the first") is None
    True
    """
    if not isinstance(text, str) or len(text) > 200:
        return None
    try:
        return _parse(text, load_number_words())
    except (ArithmeticError, ValueError, IndexError):
        return None


def to_json_number(value: Decimal) -> int | float:
    """An ``int`` when the value is integral, else the nearest float (for JSON output).

    >>> to_json_number(Decimal("24230000000.00")), to_json_number(Decimal("0.5"))
    (24230000000, 0.5)
    """
    return int(value) if value == value.to_integral_value() else float(value)
