"""Turn a money span ("US$1.5 billion", "24.23 billion yuan", "$1-2 billion") into its value.

The span text is read on its own, with explicit context: the words before it (for the
qualifier and "between ... and" ranges), the words after it (a currency name written before its
number, "dollar 22.5 million", must be followed by neither a percent sign nor a counted noun)
and the article's reading of a bare dollar (code and evidence, decided by the fact builder).
Amounts are exact: ``Decimal`` all the way, converted to an ``int`` when integral.
``normalise_money`` never raises; text that is not money gives None.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.normalise.money_lexicon import CurrencyRef, MoneyLexicon, load_money_lexicon, qualifier_before
from pipeline.normalise.numbers import load_number_words, parse_number, to_json_number

UNSPACED_PREFIXES = frozenset({"a", "s"})
"""Dollar prefixes read only when glued to "$" ("S$", "A$"): apart, they are "a" or a possessive "'s"."""
DEFAULT_DOLLAR_EVIDENCE = "bare dollar read as U.S. dollars: FACTS.md default, no sign of another dollar"


@dataclass(frozen=True)
class MoneyValue:
    """The value of one money mention, in FACTS.md's fields."""

    amount: int | float
    currency: str
    qualifier: str = "exact"
    amount_max: int | float | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class _Cur:
    start: int
    end: int
    ref: CurrencyRef
    multiplier: int = 1


def _surface_pieces(lexicon: MoneyLexicon) -> list[tuple[str, str]]:
    """(surface, regex) for each currency surface, longest first: the alternatives to search."""
    pieces = []
    for surface in sorted(lexicon.surfaces, key=lambda s: (-len(s), s)):
        body = re.escape(surface).replace(r"\ ", r"\s+")
        if surface.endswith("$") and len(surface) > 1 and surface[:-1] not in UNSPACED_PREFIXES:
            body = body[:-2] + r"\s?\$"
        head = r"(?<![a-z.])" if surface[0].isalpha() else ""
        tail = r"(?![a-z])" if surface[-1].isalpha() or surface[-1] == "." else ""
        pieces.append((surface, head + body + tail))
    return pieces


@functools.cache
def _surface_regex(lexicon: MoneyLexicon) -> re.Pattern[str]:
    """Every currency surface, as one case-insensitive regex (the first alternative that fits wins).

    The alternatives are grouped under their first character, ``(?:a(?:...)|b(?:...))``, so the
    engine tries a handful of groups at each position instead of every surface (same matches:
    only one group can start at a position, and each keeps its surfaces' order).
    """
    pieces = _surface_pieces(lexicon)
    flat = "|".join(p for _, p in pieces)
    groups: dict[str, list[str]] = {}
    for surface, piece in pieces:
        key, head = surface[0].lower(), r"(?<![a-z.])" if surface[0].isalpha() else ""
        prefix = head + re.escape(surface[0])
        same = len(key) == 1 and key.isalpha() == surface[0].isalpha()
        if not (same and piece.startswith(prefix) and re.fullmatch(re.escape(key), surface[0], re.I)):
            return re.compile(flat, re.IGNORECASE)
        groups.setdefault(key, []).append(piece[len(prefix) :])
    keys = list(groups)
    if any(re.fullmatch(re.escape(a), b, re.IGNORECASE) for a in keys for b in keys if a != b):
        return re.compile(flat, re.IGNORECASE)  # two first characters equal under IGNORECASE
    grouped = "|".join(
        (r"(?<![a-z.])" if k.isalpha() else "") + re.escape(k) + "(?:" + "|".join(rest) + ")"
        for k, rest in groups.items()
    )
    return re.compile(grouped, re.IGNORECASE)


_CODE = re.compile(r"(?<![A-Za-z])(M?)([A-Z]{3})(\$?)(?![A-Za-z])|(?<![A-Za-z])([a-z]{3})\$")
_RANGE_TO = re.compile(r"\s+to\s+|(?<=\d)\s*[-–—]\s*(?=\d)|\s*[–—]\s*")
_RANGE_AND = re.compile(r"\s+and\s+")
_NOISE = re.compile(r"^[a-z.]{1,4}$")
_NOT_AN_AMOUNT_AFTER = re.compile(
    r"\s*(?:%|per\s?cents?\b|pct\b|percent|percentage|basis\s+points?\b|bps\b|-\s*[a-z])"
    r"|\s*[-–]\s*\d|\s+(?:against|versus|vs)\b",
    re.IGNORECASE,
)
"""After "dollar 5": a share ("the dollar 5% higher"), a compound modifier ("dollar 5-year bonds"), a
number going on ("lira 1111-2222-3333", an account) or an exchange rate ("euro 1.35 against the dollar")."""
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_NEXT_WORD = re.compile(r"\s*([a-z]+)\b")


def _currencies(text: str, lexicon: MoneyLexicon) -> list[_Cur]:
    found: list[_Cur] = []
    for m in _surface_regex(lexicon).finditer(text):
        ref = lexicon.lookup(m.group(0))
        if ref is not None:
            found.append(_Cur(m.start(), m.end(), ref))
    for m in _CODE.finditer(text):
        if m.group(4):
            ref = lexicon.lookup(m.group(0))
            multiplier = 1
        else:
            code = m.group(2)
            ref = CurrencyRef(code, "code") if code in lexicon.upper_codes else None
            multiplier = 1_000_000 if m.group(1) else 1
            if ref is None and m.group(1) and ("M" + code[:2]) in lexicon.upper_codes:
                continue
        if ref is None or any(c.start <= m.start() < c.end or m.start() <= c.start < m.end() for c in found):
            continue
        found.append(_Cur(m.start(), m.end(), ref, multiplier))
    return sorted(found, key=lambda c: c.start)


def _scale_of(text: str) -> Decimal:
    """The multiplier of the trailing scale words of a number phrase ("2 billion" → 10**9)."""
    words = load_number_words()
    factor = Decimal(1)
    tokens = text.lower().split()
    while tokens and tokens[-1] in words.scales:
        factor *= words.scales[tokens.pop()]
    return factor


def _number(text: str) -> Decimal | None:
    return parse_number(text.strip().rstrip("-").strip())


def _range(text: str, before: str) -> tuple[Decimal, Decimal] | None:
    between = before.lower().rstrip().endswith("between")
    parts = (_RANGE_AND if between else _RANGE_TO).split(text.strip(), maxsplit=1)
    if len(parts) != 2 or (not between and before.lower().rstrip().endswith("from")):
        return None
    lo, hi = _number(parts[0]), _number(parts[1])
    if lo is None or hi is None:
        return None
    if _scale_of(parts[0]) == 1:
        lo *= _scale_of(parts[1])  # "$1-2 billion": the scale is written once, after the range
    return (lo, hi) if lo < hi else None


def _strip_and(text: str) -> str:
    text = text.strip()
    return text[4:].strip() if text.lower().startswith("and ") else text


def _amounts(text: str, curs: list[_Cur], before: str) -> tuple[Decimal, Decimal | None] | None:
    """(amount, amount_max) in the currency's unit, before multipliers and divisors."""
    bounds = [0, *[p for c in curs for p in (c.start, c.end)], len(text)]
    segments = [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    segments = [s if not (_NOISE.match(s.strip().lower()) and _number(s) is None) else "" for s in segments]
    filled = [(i, _strip_and(s)) for i, s in enumerate(segments) if s.strip()]
    main = curs[0]
    if len(filled) == 1:
        seg = filled[0][1]
        spans_range = _range(seg, before)
        if spans_range is not None:
            return spans_range
        value = _number(seg)
        return None if value is None else (value, None)
    if len(filled) != 2:
        return None
    (_, first), (_, second) = filled
    if _scale_of(second) != 1 and _number(second) == _scale_of(second) and "a" not in second.split():
        value = _number(first + " " + second)  # "75 USD million"
        return None if value is None else (value, None)
    last = curs[-1]
    if len(curs) == 2 and last.ref.kind != "subunit" and last.ref.code == main.ref.code:
        if not re.search(r"(?:\bto|[-–—])\s*$", first):
            return None
        return _range(re.sub(r"\s*(?:\bto|[-–—])\s*$", "", first) + " to " + second, before)
    lo, hi = _number(first), _number(second)
    if lo is None or hi is None:
        return None
    if lo != lo.to_integral_value() or _scale_of(first) != 1 or not (0 <= hi < 100):
        return None
    return lo, hi  # compound "3 dollars 50 cents": hi is in hundredths, applied by the caller


def normalise_money(
    text: str,
    before: str = "",
    dollar_code: str = "USD",
    dollar_evidence: str | None = None,
    after: str = "",
) -> MoneyValue | None:
    """The amount, currency, qualifier and range of a money span, or None.

    ``before`` is the text just before the span (qualifier words, "between");
    ``dollar_code``/``dollar_evidence`` say how the article reads a bare "$" or "dollars";
    ``after`` is the text just after it, read when a currency name comes before the number.

    >>> normalise_money("24.23 billion yuan")
    MoneyValue(amount=24230000000, currency='CNY', qualifier='exact', amount_max=None, evidence=None)
    >>> normalise_money("$83 billion", before="totaling more than ").qualifier
    'over'
    >>> v = normalise_money("$1-2 billion"); (v.amount, v.amount_max, v.qualifier)
    (1000000000, 2000000000, 'range')
    >>> normalise_money("yuan 3 billion", before="a loan of ").amount
    3000000000
    >>> normalise_money("dollar 5", before="the ", after="% higher") is None
    True
    """
    try:
        return _normalise(text, before, after, dollar_code, dollar_evidence, load_money_lexicon())
    except (ArithmeticError, ValueError, IndexError):
        return None


def _normalise(
    text: str, before: str, after: str, dollar_code: str, dollar_evidence: str | None, lexicon: MoneyLexicon
) -> MoneyValue | None:
    if not isinstance(text, str) or not text.strip() or len(text) > 120:
        return None
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", text)
    curs = _currencies(text, lexicon)
    if not curs or len(curs) > 2:
        return None
    if _name_first(text, curs[0]) and not _amount_after_name(text, curs[0], before, after, lexicon):
        return None
    amounts = _amounts(text, curs, before)
    if amounts is None:
        return None
    amount, second = amounts
    main = curs[0] if curs[0].ref.kind != "subunit" or len(curs) == 1 else curs[1]
    sub = curs[-1] if len(curs) == 2 and curs[-1].ref.kind == "subunit" else None
    code = dollar_code if main.ref.dollar else main.ref.code
    evidence = (dollar_evidence or DEFAULT_DOLLAR_EVIDENCE) if main.ref.dollar else None
    scale = Decimal(main.multiplier) / main.ref.divisor
    is_range = second is not None and (
        len(curs) == 1 or (curs[-1].ref.kind != "subunit" and curs[-1].ref.code == main.ref.code)
    )
    is_range = is_range and not (len(curs) == 1 and _is_compound(text, curs[0]))
    if second is not None and not is_range:
        if main.ref.kind == "subunit" or lexicon.minor_units.get(code, 2) == 0:
            return None
        divisor = sub.ref.divisor if sub else 10 ** lexicon.minor_units.get(code, 2)
        return MoneyValue(
            to_json_number(amount * scale + second / divisor), code, _qual(before, lexicon), None, evidence
        )
    if is_range and second is not None:
        return MoneyValue(
            to_json_number(amount * scale), code, "range", to_json_number(second * scale), evidence
        )
    return MoneyValue(to_json_number(amount * scale), code, _qual(before, lexicon), None, evidence)


def _name_first(text: str, cur: _Cur) -> bool:
    """A currency name with no number before it in the span ("dollar 22.5 million", "US dollar 1.2 bn")."""
    head = text[: cur.start]
    return cur.ref.kind == "name" and not re.search(r"\d", head) and _number(head) is None


def _amount_after_name(text: str, cur: _Cur, before: str, after: str, lexicon: MoneyLexicon) -> bool:
    """Whether the number after a currency name is its amount (wire style), not a share, year or count.

    Not an amount: a name that is a common word there ("won 20 million votes"), a name that ends
    the figure before it ("50 dollar 40 rmb", "10 turkish lira 1111", "the dollar" as the currency
    itself), a number followed by a percent sign, a hyphen ("5-year"), another currency ("1 dollar
    7.1 yuan"), or, with no scale word, a year or a counted noun ("euro 20 members").
    """
    words = load_number_words()
    lead = before[-40:]
    window = lead + text[: cur.end]
    starts = [c.start for c in _currencies(window, lexicon) if c.end == len(window)]
    prefix = window[: min(starts)] if starts else lead  # the whole name may start in ``before``
    tail = prefix.split()[-1].lower() if prefix.split() else ""
    if (
        text[: cur.start].strip()
        or cur.ref.only_after_number
        or tail == "the"
        or re.search(r"\d$", tail)
        or tail in words.units
        or tail in words.tens
        or tail in words.scales
        or _NOT_AN_AMOUNT_AFTER.match(after)
    ):
        return False
    following = _currencies(after.lstrip()[:30], lexicon)
    if following and following[0].start == 0:
        return False
    number = text[cur.end :].strip()
    if not number[-1:].isdigit():
        return True
    if _YEAR.fullmatch(number):
        return False
    word = _NEXT_WORD.match(after)
    return not (word and word.group(1) not in STOP_WORDS)


def _is_compound(text: str, cur: _Cur) -> bool:
    """One currency with a number on each side ("15 USD 50"): amount and hundredths, not a range."""
    return bool(text[: cur.start].strip()) and bool(text[cur.end :].strip())


def _qual(before: str, lexicon: MoneyLexicon) -> str:
    return qualifier_before(before, lexicon) or "exact"
