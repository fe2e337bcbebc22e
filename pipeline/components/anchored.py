"""A spaCy Matcher that reads only the parts of a document where its patterns can match.

Running a Matcher with many regex and set predicates over every token costs more than the
rest of a rule component. Each pattern has a required *anchor* token that common words and
plain numbers never satisfy (a currency sign, a month name, a year, a counted noun), so
``AnchoredMatcher`` finds the anchor tokens with one dict lookup per distinct word and runs,
on a window around each, only the patterns that anchor can belong to. The window is wide
enough for any match through the anchor, so the matches are exactly those of the whole
pattern set run over the whole document (a test per ruler checks this on real texts).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy
from spacy.attrs import ORTH
from spacy.lang.lex_attrs import word_shape
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]


class _Check:
    """One attribute condition of a Matcher token spec, evaluated on a token string.

    Conditions this class cannot read from the string alone (``LIKE_NUM``, ``FUZZY``, ...) count
    as satisfied: a check may accept more tokens than the Matcher does, never fewer.
    """

    def __init__(self, attr: str, want: Any) -> None:
        self.lower = attr in ("LOWER", "NORM")
        self.shape = attr == "SHAPE"
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
        value = text.lower() if self.lower else word_shape(text) if self.shape else text
        return (
            (self.equals is None or value == self.equals)
            and (self.in_set is None or value in self.in_set)
            and value not in self.not_in
            and (self.regex is None or self.regex.search(value) is not None)
        )


def _checks(spec: dict[str, Any]) -> list[_Check]:
    return [_Check(k, v) for k, v in spec.items() if k in ("LOWER", "ORTH", "TEXT", "SHAPE")]


def _accepts(checks: list[_Check], text: str) -> bool:
    return all(c(text) for c in checks)


def op_bounds(op: str | None) -> tuple[int, int | None]:
    """(min, max) repetitions of a token spec; max None = unbounded.

    >>> op_bounds(None), op_bounds("?"), op_bounds("+"), op_bounds("{2,4}")
    ((1, 1), (0, 1), (1, None), (2, 4))
    """
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


class _Group:
    """The patterns sharing one anchor spec, and how far their matches reach from the anchor."""

    def __init__(self, checks: list[_Check]) -> None:
        self.checks = checks
        self.left = self.right = 0
        self.members: list[int] = []


class AnchoredMatcher:
    """Matches of ``patterns`` in a document, found only around their anchor tokens.

    A required token spec that rejects every ``common`` string is an anchor: a match of its
    pattern contains a token the spec accepts. Each pattern is filed under one of its anchor
    specs. Going left from an anchor token, a match's tokens are either accepted by an unbounded
    spec (``*``, ``+``: "free") or taken by one of the bounded specs before the anchor, at most
    ``left`` of them (likewise ``right`` after it); so scanning over free tokens and at most
    ``left``/``right`` others reaches both ends of every match through the anchor. A pattern
    with no anchor makes the matcher read whole documents with every pattern.

    Matches come back as ``(match_id, start, end)`` sorted by start, longer first, then by the
    order of the patterns, so that a caller keeping the first rule for a span keeps the
    first-listed one however the matches were found.
    """

    def __init__(self, vocab: Vocab, patterns: Sequence[tuple[str, Pattern]], common: Iterable[str]) -> None:
        self.vocab = vocab
        self.patterns = list(patterns)
        common = tuple(common)
        self.matcher = Matcher(vocab, validate=False)
        """Every pattern, for whole-document matching."""
        self.rank: dict[int, int] = {}
        for i, (key, pattern) in enumerate(self.patterns):
            self.matcher.add(key, [pattern])
            self.rank.setdefault(vocab.strings.add(key), i)
        free: dict[str, list[_Check]] = {}
        candidates: list[list[tuple[str, list[_Check], int]]] = []
        highs: list[list[int]] = []  # per pattern, the most tokens each spec can take
        for _, pattern in self.patterns:
            found = []
            bounds = [op_bounds(spec.get("OP")) for spec in pattern]
            highs.append([high or 0 for _, high in bounds])
            for k, (spec, (low, high)) in enumerate(zip(pattern, bounds, strict=True)):
                checks = _checks(spec)
                key = repr(sorted((name, repr(v)) for name, v in spec.items() if name != "OP"))
                if high is None:
                    free[key] = checks
                required = low >= 1 and spec.get("OP") != "!"
                if required and checks and not any(_accepts(checks, t) for t in common):
                    found.append((key, checks, k))
            candidates.append(found)
        # Each pattern is filed under the anchor spec most patterns share (a month, a year, a
        # currency): windows then gather around the few token kinds the rules are built on, not
        # around a context word that one rule happens to start with.
        shared = Counter(key for found in candidates for key, _, _ in found)
        groups: dict[str, _Group] = {}
        self.complete = all(candidates)
        for i, found in enumerate(candidates):
            if not found:
                continue
            key, checks, k = max(found, key=lambda c: (shared[c[0]], -c[2]))
            group = groups.setdefault(key, _Group(checks))
            group.left = max(group.left, sum(highs[i][:k]))
            group.right = max(group.right, max(highs[i][k] - 1, 0) + sum(highs[i][k + 1 :]))
            group.members.append(i)
        self.groups = list(groups.values())
        self.free = list(free.values())
        self._words: dict[int, tuple[int, int, bool, frozenset[int]]] = {}
        self._matchers: dict[frozenset[int], Matcher] = {}

    def __call__(self, doc: Doc) -> list[Match]:
        if not self.complete:
            found = list(self.matcher(doc))
        else:
            found = []
            for start, end, groups in self.windows(doc):
                matcher = self._matcher_for(groups)
                found.extend((m, start + s, start + e) for m, s, e in matcher(doc[start:end]))
        return sorted(found, key=lambda m: (m[1], -m[2], self.rank[m[0]]))

    def _word(self, orth: int) -> tuple[int, int, bool, frozenset[int]]:
        """(left reach, right reach, free, groups) of a word; reaches are -1 for a non-anchor."""
        word = self._words.get(orth)
        if word is None:
            text = self.vocab.strings[orth]
            groups = frozenset(g for g, group in enumerate(self.groups) if _accepts(group.checks, text))
            left = max((self.groups[g].left for g in groups), default=-1)
            right = max((self.groups[g].right for g in groups), default=-1)
            free = any(_accepts(checks, text) for checks in self.free)
            word = self._words[orth] = (left, right, free, groups)
        return word

    def windows(self, doc: Doc) -> list[tuple[int, int, frozenset[int]]]:
        """Disjoint (start, end, pattern groups) token windows covering every possible match."""
        # Distinct words are looked up once; per token, only the anchor and free flags are spread.
        orths, where = numpy.unique(doc.to_array(ORTH), return_inverse=True)
        words = [self._word(orth) for orth in orths.tolist()]
        free = numpy.array([w[2] for w in words], dtype=bool)[where].tolist()
        anchors = numpy.flatnonzero(numpy.array([w[0] >= 0 for w in words], dtype=bool)[where])
        found: list[tuple[int, int, frozenset[int]]] = []
        n = len(free)
        for i in anchors.tolist():
            left, right, _, groups = words[where[i]]
            start = i
            while start > 0 and (free[start - 1] or left):
                left -= not free[start - 1]
                start -= 1
            end = i + 1
            while end < n and (free[end] or right):
                right -= not free[end]
                end += 1
            found.append((start, end, groups))
        out: list[tuple[int, int, frozenset[int]]] = []
        for start, end, groups in sorted(found, key=lambda w: w[:2]):  # a later anchor may reach further back
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(end, out[-1][1]), out[-1][2] | groups)
            else:
                out.append((start, end, groups))
        return out

    def _matcher_for(self, groups: frozenset[int]) -> Matcher:
        """A Matcher over the patterns of ``groups`` (built once per set of groups seen)."""
        matcher = self._matchers.get(groups)
        if matcher is None:
            matcher = self._matchers[groups] = Matcher(self.vocab, validate=False)
            for i in sorted(i for g in groups for i in self.groups[g].members):
                key, pattern = self.patterns[i]
                matcher.add(key, [pattern])
        return matcher
