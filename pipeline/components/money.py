"""The money ruler: finds money spans ("US$1.5 billion", "24.23 billion yuan") with a spaCy Matcher.

Patterns come from ``models/money_patterns.jsonl`` (spaCy's own format, generated from the
currency and number lexicons). The ruler only finds candidate spans and writes them, possibly
overlapping, to ``doc.spans["money"]`` with the rule name as ``span.id_``; the fact builder
(``pipeline.facts.money``) computes values and keeps the longest span that has one.

Speed: running a Matcher with many regex and set predicates over every token costs more than
the rest of the pipeline. Every pattern has a required *anchor* token that common words and
plain numbers never satisfy (a currency symbol, code or name; a counted noun), so the ruler
finds the anchor tokens with one dict lookup per token and runs the Matcher only on a window
around each. The window is wide enough for any match containing the anchor (see
``AnchorWindows``), so the matches are exactly those of a whole-document run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import srsly
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from pipeline.errors import LexiconError
from pipeline.settings import DEFAULT_MODELS_DIR

SPANS_KEY = "money"
# Tokens no anchor may accept: plain numbers and the commonest words of a number phrase.
COMMON_TOKENS = (
    "1", "12", "2025", "1,000", "3.5", "one", "twenty", "a", "an", "and", "to", "-", "the", "of",
    "in", "for", "hundred", "million", "half", "new", "The", "said",
)  # fmt: skip
_UNBOUNDED = re.compile(r"^[*+]$|^\{\d*,\}$")


class _Check:
    """One attribute condition of a Matcher token spec, evaluated on a token string.

    Conditions this class cannot read from the string alone (``LIKE_NUM``, ``FUZZY``, ...) count
    as satisfied: a check may accept more tokens than the Matcher does, never fewer.
    """

    def __init__(self, attr: str, want: Any) -> None:
        self.lower = attr in ("LOWER", "NORM")
        self.equals: str | None = want if isinstance(want, str) else None
        self.in_set: frozenset[str] | None = None
        self.not_in: frozenset[str] = frozenset()
        self.regex: re.Pattern[str] | None = None
        if isinstance(want, dict):
            if isinstance(want.get("IN"), list):
                self.in_set = frozenset(want["IN"])
            self.not_in = frozenset(want.get("NOT_IN") or ())
            if isinstance(want.get("REGEX"), str):
                self.regex = re.compile(want["REGEX"])

    def __call__(self, text: str) -> bool:
        value = text.lower() if self.lower else text
        return (
            (self.equals is None or value == self.equals)
            and (self.in_set is None or value in self.in_set)
            and value not in self.not_in
            and (self.regex is None or self.regex.search(value) is not None)
        )


def _spec_accepts(spec: dict[str, Any]) -> list[_Check]:
    return [_Check(k, v) for k, v in spec.items() if k in ("LOWER", "ORTH", "TEXT")]


def _op_bounds(op: str | None) -> tuple[int, int | None]:
    """(min, max) repetitions of a token spec; max None = unbounded."""
    if op in (None, "!"):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if not m:
        return 0, None
    low = int(m.group(1) or 0)
    return low, (int(m.group(3)) if m.group(3) else (None if m.group(2) else low))


class AnchorWindows:
    """Token windows of a document that contain every match of a set of Matcher patterns.

    A required token spec that rejects every ``COMMON_TOKENS`` string is an anchor: a match of its
    pattern contains a token the spec accepts. Going left from that token, the match's tokens are
    either accepted by an unbounded spec (``*``, ``+``: "free") or taken by one of the bounded specs
    before the anchor, at most ``left`` tokens (likewise ``right`` after it); so scanning over free
    tokens and at most ``left``/``right`` others reaches both ends of every match through the
    anchor. Budgets are kept per anchor spec (the largest over the patterns using it). ``None``
    windows (a pattern without an anchor) mean: match the whole document.
    """

    def __init__(self, patterns: list[list[dict[str, Any]]]) -> None:
        anchors: dict[str, tuple[list[_Check], int, int]] = {}
        free_specs: dict[str, list[_Check]] = {}
        self.complete = True
        for pattern in patterns:
            bounds = [_op_bounds(spec.get("OP")) for spec in pattern]
            highs = [high or 0 for _, high in bounds]
            anchored = False
            for k, spec in enumerate(pattern):
                (low, high), checks = bounds[k], _spec_accepts(spec)
                key = repr(sorted((name, repr(v)) for name, v in spec.items() if name != "OP"))
                if high is None:
                    free_specs[key] = checks
                rejects_common = not any(all(c(t) for c in checks) for t in COMMON_TOKENS)
                if low >= 1 and spec.get("OP") != "!" and checks and rejects_common:
                    left, right = sum(highs[:k]), max(highs[k] - 1, 0) + sum(highs[k + 1 :])
                    old = anchors.get(key, (checks, 0, 0))
                    anchors[key] = (checks, max(old[1], left), max(old[2], right))
                    anchored = True
            self.complete = self.complete and anchored
        self.anchors = list(anchors.values())
        self.free_specs = list(free_specs.values())
        self._cache: dict[int, tuple[int, int, bool]] = {}

    def _flags(self, doc: Doc, orth: int) -> tuple[int, int, bool]:
        """(left budget, right budget, free) of a token; budgets -1 when it is no anchor."""
        text = doc.vocab.strings[orth]
        left = right = -1
        for checks, lb, rb in self.anchors:
            if all(c(text) for c in checks):
                left, right = max(left, lb), max(right, rb)
        flags = (left, right, any(all(c(text) for c in checks) for checks in self.free_specs))
        self._cache[orth] = flags
        return flags

    def windows(self, doc: Doc) -> list[tuple[int, int]] | None:
        """Disjoint (start, end) token windows in text order covering every possible match."""
        if not self.complete:
            return None
        cache = self._cache
        flags = [cache.get(o) or self._flags(doc, o) for o in doc.to_array(ORTH).tolist()]
        found: list[tuple[int, int]] = []
        n = len(flags)
        for i, (left, right, _) in enumerate(flags):
            if left < 0:
                continue
            start = i
            while start > 0 and (flags[start - 1][2] or left):
                left -= not flags[start - 1][2]
                start -= 1
            end = i + 1
            while end < n and (flags[end][2] or right):
                right -= not flags[end][2]
                end += 1
            found.append((start, end))
        out: list[tuple[int, int]] = []
        for start, end in sorted(found):  # a later anchor's window may start earlier
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(end, out[-1][1]))
            else:
                out.append((start, end))
        return out


class SpanMatcherRuler:
    """A Matcher over patterns read from one JSONL file, writing labelled spans to ``doc.spans[key]``."""

    def __init__(self, nlp: Language, patterns_path: Path, key: str) -> None:
        self.key = key
        self.patterns_path = patterns_path
        self.matcher = Matcher(nlp.vocab, validate=False)
        by_rule: dict[str, list[list[dict[str, object]]]] = {}
        try:
            for lineno, row in enumerate(srsly.read_jsonl(patterns_path), start=1):
                if row.get("label") != key or not isinstance(row.get("pattern"), list):
                    raise LexiconError(f"{patterns_path}:{lineno}: expected label {key!r} and a pattern list")
                by_rule.setdefault(str(row["id"]), []).append(row["pattern"])
        except (OSError, ValueError) as exc:
            if isinstance(exc, LexiconError):
                raise
            raise LexiconError(f"{patterns_path}: cannot read patterns: {exc}") from exc
        for rule, patterns in by_rule.items():
            self.matcher.add(rule, patterns)
        self.windows = AnchorWindows([p for patterns in by_rule.values() for p in patterns])

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        self.set_annotations(doc, matches)
        return doc

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(rule, start token, end token) for each distinct candidate span, in text order."""
        seen: dict[tuple[int, int], str] = {}
        strings = doc.vocab.strings
        windows = self.windows.windows(doc)
        for a, b in [(0, len(doc))] if windows is None else windows:
            for match_id, start, end in self.matcher(doc[a:b]):
                seen.setdefault((a + start, a + end), strings[match_id])
        return sorted(((rule, s, e) for (s, e), rule in seen.items()), key=lambda m: (m[1], m[2]))

    def set_annotations(self, doc: Doc, matches: list[tuple[str, int, int]]) -> None:
        doc.spans[self.key] = [Span(doc, s, e, label=self.key, span_id=rule) for rule, s, e in matches]


@Language.factory("newsfacts_money", assigns=["doc.spans"], default_config={"models_dir": None})
def make_money_ruler(nlp: Language, name: str, models_dir: str | None) -> SpanMatcherRuler:
    """Build the money ruler from ``<models_dir>/money_patterns.jsonl``."""
    folder = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
    return SpanMatcherRuler(nlp, folder / "money_patterns.jsonl", SPANS_KEY)
