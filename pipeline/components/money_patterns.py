"""Build the spaCy Matcher patterns for money and count spans from the lexicons in ``models/``.

The patterns are written to ``models/money_patterns.jsonl`` and ``models/count_patterns.jsonl``
by ``scripts/make_money_count_patterns.py`` (a test checks the files are current), so the
components load plain spaCy pattern files. The model runs NER only (no POS tags), so tokens are
described by ``LOWER``/``ORTH``/``TEXT`` sets and regexes. Patterns may over-match: values are
checked by the normalisers, and the fact builders keep the longest span that has a value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.normalise.counts import MAX_MODIFIERS, MODIFIER_STOPS
from pipeline.normalise.money import UNSPACED_PREFIXES
from pipeline.normalise.money_lexicon import MoneyLexicon, load_money_lexicon, surface_key
from pipeline.normalise.numbers import NumberWords, load_number_words

Token = dict[str, Any]
Pattern = list[Token]
RANGE_WORDS = ["-", "–", "—", "to", "and"]


def _tokens(text: str) -> list[str]:
    """Words of a lexicon surface as spaCy tokenises them in running text ("U.S." stays one token)."""
    return text.lower().split()


def _number_forms(words: NumberWords) -> dict[str, Pattern]:
    scales = sorted(set(words.scales) | set(words.dozens))
    word_starts = sorted(set(words.units) | set(words.tens))
    word_cont = sorted(
        set(words.units) | set(words.tens) | set(words.scales) - {"k", "m", "b", "t", "g", "tr"}
    )
    glued = "|".join(sorted((re.escape(s) for s in words.scales if s.isalpha()), key=lambda s: (-len(s), s)))
    return {
        # LIKE_NUM first: a cheap flag the Matcher checks before running the regex on a token.
        "digits": [
            {"LIKE_NUM": True, "TEXT": {"REGEX": r"^\d(?:[\d,.]*\d)?$"}},
            {"LOWER": {"IN": scales}, "OP": "{0,2}"},
        ],
        "glued": [{"LOWER": {"REGEX": rf"^\d(?:[\d,.]*\d)?(?:{glued})$"}}],
        "words": [{"LOWER": {"IN": word_starts}}, {"LOWER": {"IN": [*word_cont, "-"]}, "OP": "*"}],
        "fraction": [
            {"LOWER": {"IN": ["a", *word_starts]}, "OP": "?"},
            {"LOWER": {"IN": ["half", "quarter", "quarters", "third", "thirds"]}},
            {"LOWER": "a", "OP": "?"},
            {"LOWER": {"IN": scales}},
        ],
    }


def _currency_sets(lexicon: MoneyLexicon) -> dict[str, Any]:
    symbols: set[str] = set()
    letter_symbols: set[str] = set()
    names: set[str] = set()
    subunits: set[str] = set()
    lower_codes: set[str] = set()
    mods: set[str] = set()
    heads: set[str] = set()
    lead_names: set[str] = set()
    for surface, ref in lexicon.surfaces.items():
        if ref.kind == "symbol":
            (letter_symbols if re.fullmatch(r"[a-z.]+", surface) else symbols).add(surface)
        elif ref.kind == "code":
            lower_codes.add(surface)
        else:
            toks = _tokens(surface)
            if len(toks) == 1:
                (subunits if ref.kind == "subunit" else names).add(toks[0])
                if ref.kind == "name" and not ref.only_after_number:
                    lead_names.add(toks[0])
            else:
                mods.update(toks[:-1])
                heads.add(toks[-1])
    dollar_prefixes = {s[:-1] for s in symbols if s.endswith("$") and re.fullmatch(r"[a-z.]+", s[:-1])}
    dollar_prefixes = (dollar_prefixes | {"u.s", "u.s."}) - UNSPACED_PREFIXES
    upper = sorted(lexicon.upper_codes)
    prefixes = sorted(symbols | letter_symbols | lower_codes, key=lambda s: (-len(s), s))
    glue_pre = "|".join(re.escape(p) for p in prefixes) + r"|[a-z]{3}\$"
    glue_post = "|".join(re.escape(p) for p in sorted(symbols | lower_codes, key=lambda s: (-len(s), s)))
    return {
        "pre": {"LOWER": {"IN": sorted(symbols | letter_symbols | lower_codes)}},
        "pre_code": {"ORTH": {"IN": upper}},
        "dollar_prefix": {"LOWER": {"IN": sorted(dollar_prefixes)}},
        "mcode": {"TEXT": {"REGEX": "^M(?:" + "|".join(upper) + ")$"}},
        "post_symbol": {"LOWER": {"IN": sorted(symbols | lower_codes)}},
        "name": {"LOWER": {"IN": sorted(names | subunits)}},
        "lead_name": {"LOWER": {"IN": sorted(lead_names)}},
        "mod": {"LOWER": {"IN": sorted(mods)}, "OP": "{1,3}"},
        "head": {"LOWER": {"IN": sorted(heads)}},
        "glued_pre": {"LOWER": {"REGEX": rf"^(?:{glue_pre})\d(?:[\d,.]*\d)?(?:k|m|mn|bn|b|tn)?$"}},
        "glued_post": {"LOWER": {"REGEX": rf"^\d(?:[\d,.]*\d)?(?:{glue_post})$"}},
        "scales": {
            "LOWER": {"IN": ["hundred", "thousand", "million", "billion", "trillion", "m", "mn", "bn"]}
        },
    }


def build_money_patterns(lexicon: MoneyLexicon, words: NumberWords) -> list[dict[str, Any]]:
    """Every money pattern as ``{"label": "money", "id": rule, "pattern": [...]}``."""
    nums = _number_forms(words)
    c = _currency_sets(lexicon)
    digit: Token = nums["digits"][0]
    scale_opt: Token = nums["digits"][1]
    small: list[Pattern] = [[digit], nums["words"]]
    posts: dict[str, Pattern] = {
        "name": [c["name"]],
        "full_name": [c["mod"], c["head"]],
        "symbol": [c["post_symbol"]],
        "code": [c["pre_code"]],
        "mcode": [c["mcode"]],
    }
    rows: list[tuple[str, Pattern]] = []
    for form, num in nums.items():
        rows.append((f"symbol_{form}", [c["pre"], *num]))
        rows.append((f"code_{form}", [c["pre_code"], *num]))
        rows.append((f"symbol_{form}_name", [c["pre"], *num, c["name"]]))  # "$ 10 dollars"
        rows.append((f"split_symbol_{form}", [c["dollar_prefix"], {"ORTH": "$"}, *num]))
        rows.append((f"code_dollar_{form}", [{"LOWER": {"REGEX": r"^[a-z]{3}\$$"}}, *num]))
        for post, tokens in posts.items():
            rows.append((f"{form}_{post}", [*num, *tokens]))
    rows += [
        ("mcode_digits", [c["mcode"], *nums["digits"]]),
        ("glued_symbol", [c["glued_pre"], scale_opt]),
        ("glued_post", [c["glued_post"]]),
        ("digits_code_scale", [digit, c["pre_code"], c["scales"]]),
        ("hyphen_name", [nums["words"][0], {"ORTH": "-"}, c["name"]]),
        ("hyphen_name", [digit, {"ORTH": "-"}, c["name"]]),
    ]
    range_mid = {"LOWER": {"IN": RANGE_WORDS}}
    for pre in ("pre", "pre_code"):
        rows.append(
            (
                "range_symbol",
                [c[pre], digit, scale_opt, range_mid, {**c[pre], "OP": "?"}, digit, scale_opt],
            )
        )
    for post, tokens in posts.items():
        rows.append((f"range_{post}", [digit, scale_opt, range_mid, digit, scale_opt, *tokens]))
    for first in small:
        for unit in ("name", "symbol", "code"):
            for rest in small:
                rows.append(
                    (
                        f"compound_{unit}",
                        [*first, *posts[unit], {"LOWER": "and", "OP": "?"}, *rest, {**c["name"], "OP": "?"}],
                    )
                )
    # Wire style, a currency name before its digits ("dollar 22.5 million", "US dollar 1.2 billion");
    # the normaliser rejects the number when it is a share, a year or a count ("the dollar 5% higher").
    leads: dict[str, Pattern] = {"name_first": [c["lead_name"]], "full_name_first": [c["mod"], c["head"]]}
    for lead, tokens in leads.items():
        rows.append((f"{lead}_digits", [*tokens, *nums["digits"]]))
        rows.append((f"{lead}_glued", [*tokens, *nums["glued"]]))
        rows.append((f"{lead}_range", [*tokens, digit, scale_opt, range_mid, digit, scale_opt]))
    return [{"label": "money", "id": rule, "pattern": pattern} for rule, pattern in rows]


def build_count_patterns(lexicon: MoneyLexicon, words: NumberWords) -> list[dict[str, Any]]:
    """Count patterns: number, up to three modifiers, an item surface from ``count_items.jsonl``."""
    nums = _number_forms(words)
    numbers: dict[str, Pattern] = {
        "digits": [{"LIKE_NUM": True, "TEXT": {"REGEX": r"^\d{1,3}(?:,\d{3})*$|^\d+$"}}],
        "words": nums["words"],
        "dozen": [{"LOWER": {"IN": ["a", "half"]}, "OP": "?"}, {"LOWER": "a", "OP": "?"}, {"LOWER": "dozen"}],
    }
    stops = sorted(MODIFIER_STOPS | {"and", "or"})
    modifier: Token = {
        "LOWER": {"REGEX": r"^(?:-|\s+|(?![a-z]*[^su's]s$)[a-z][a-z'.]*)$", "NOT_IN": stops},
        "OP": f"{{0,{MAX_MODIFIERS}}}",
    }
    rows: list[dict[str, Any]] = []
    single = sorted(s for s in lexicon.count_items if len(_tokens(s)) == 1)
    items: list[Pattern] = [[{"LOWER": {"IN": single}}]]  # one pattern for all one-word items (speed)
    items += [[{"LOWER": t} for t in _tokens(s)] for s in sorted(lexicon.count_items) if s not in single]
    for item in items:
        for form, num in numbers.items():
            rows.append({"label": "count", "id": f"count_{form}", "pattern": [*num, modifier, *item]})
    return rows


def check_surface_keys(lexicon: MoneyLexicon) -> None:
    """Sanity check used by tests: every surface is stored in its lookup form."""
    bad = [s for s in lexicon.surfaces if surface_key(s) != s]
    if bad:
        raise ValueError(f"surfaces not in lookup form: {bad[:5]}")


def render_pattern_files(models_dir: Path) -> dict[Path, str]:
    """The exact text of both pattern files, built from the lexicons in ``models_dir``."""
    lexicon = load_money_lexicon(models_dir)
    words = load_number_words(models_dir)
    out: dict[Path, str] = {}
    for name, rows in (
        ("money_patterns.jsonl", build_money_patterns(lexicon, words)),
        ("count_patterns.jsonl", build_count_patterns(lexicon, words)),
    ):
        out[models_dir / name] = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return out
