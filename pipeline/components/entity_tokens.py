"""The entity fixer's view of a document: one row of plain values and one class letter per token.

The span rules look at each token many times; a ``doc[i]`` builds a new Token object on every
look, which would cost more than the rules themselves. So a document is read once with
``Doc.to_array`` into plain lists (:class:`TokenTable`), and each distinct token is classified
once per process (its row and class letter are cached on its ORTH id). The rules then read the
class string with regular expressions and a few token texts.

Class letters (the place matcher later marks ``P``): ``C`` capitalised word, ``U`` acronym,
``H`` organisation head noun, ``D`` document head noun, ``o`` connector (of, for, on, and),
``t`` "the", ``s`` possessive, ``-`` hyphen or dash, ``(`` ``)`` brackets, ``n`` number or
version mark, ``x`` anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.normalise.entity_lexicon import Lexicon

_POSSESSIVES = {"'s", "’s", "'", "’"}
_DASHES = {"-", "–", "—"}
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X)$")
_VERSION = re.compile(r"^(?:\d+(?:\.\d+)*|\d+(?:st|nd|rd|th)|[12]\d{3}(?:[–-][12]\d{3})?)$")

# A cached token row: text, lower, is_punct, is_lower, is_alpha, class letter.
_Row = tuple[str, str, bool, bool, bool, str]


@dataclass(frozen=True)
class TokenTable:
    """A document's token strings and flags as lists, read once with ``Doc.to_array``: the rules
    look at tokens many times, and each ``doc[i]`` builds a new Token object."""

    orth: list[int]
    text: list[str]
    lower: list[str]
    punct: list[bool]
    is_lower: list[bool]
    alpha: list[bool]
    space: list[bool]

    def span_text(self, s: int, e: int) -> str:
        """``doc[s:e].text`` without building the span."""
        inner = "".join(self.text[k] + (" " if self.space[k] else "") for k in range(s, e - 1))
        return inner + self.text[e - 1]

    def text_with_ws(self, k: int) -> str:
        """``doc[k].text_with_ws`` without building the token."""
        return self.text[k] + " " if self.space[k] else self.text[k]


@dataclass(frozen=True)
class Candidate:
    """A token span with a label ("" = blocker), the rule that found it and a tie priority."""

    start: int
    end: int
    label: str
    rule: str
    priority: int


class EntityWords:
    """The lexicon's word lists as the sets the rules test against, built once per process
    (the rules test membership per token, so lists would make every test linear)."""

    def __init__(self, lexicon: Lexicon) -> None:
        r = lexicon.rules
        self.lex = lexicon
        self.heads = lexicon.org_heads | lexicon.event_heads
        self.doc_heads = frozenset(r.document_heads)
        self.doc_openers = frozenset(r.document_openers)
        self.connectors = frozenset(r.connectors) - {"the"}
        self.non_entities = frozenset(r.non_entities)
        self.demonyms = frozenset(r.demonyms)
        self.features = frozenset(r.geographic_features)
        self.currency = frozenset(r.currency_nouns)
        self.region = frozenset(r.region_modifiers)
        self.lower_admin = frozenset(r.lower_admin_words)
        self.credit_openers = frozenset(r.credit_openers)
        self.person_titles = frozenset(r.extra_titles)
        self.hereditary = frozenset(r.hereditary)
        self.lower_doc_nouns = frozenset(r.lower_document_nouns)
        self.ethnic_names = frozenset(r.ethnic_names)
        self.admin_tokens = _by_first_word(r.admin_words)
        self.autonomous_tokens = _by_first_word(r.autonomous_admin_words)
        self.autonomous_orths = frozenset(get_string_id(first) for first in self.autonomous_tokens)


def _by_first_word(words: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """Multi-word phrases filed under their first word, in list order (the first match wins), so
    a lookup at a token tries only the phrases that can start there."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for w in words:
        parts = tuple(w.split())
        out.setdefault(parts[0], []).append(parts)
    return out


class TokenClasses:
    """Classifies tokens for the rules, caching each distinct token's row for the process."""

    def __init__(self, words: EntityWords) -> None:
        self.words = words
        self._rows: dict[int, _Row] = {}

    def table(self, doc: Doc) -> tuple[TokenTable, list[str]]:
        """The token table of ``doc`` and each token's class letter (a list: the place matcher
        overwrites letters with ``P``). One ``to_array`` and one cached row per distinct token."""
        orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
        if not orths:
            return TokenTable([], [], [], [], [], [], []), []
        rows = self._rows
        try:
            table = [rows[o] for o in orths]
        except KeyError:  # a token text this process has not seen yet
            for o in set(orths).difference(rows):
                self._row(doc.vocab, o)
            table = [rows[o] for o in orths]
        text, lower, punct, is_lower, alpha, classes = map(list, zip(*table, strict=True))
        return TokenTable(orths, text, lower, punct, is_lower, alpha, [x == 1 for x in spaces]), classes

    def _row(self, vocab: Vocab, orth: int) -> _Row:
        lex = vocab[orth]
        text = lex.orth_
        row = self._rows[orth] = (
            text,
            lex.lower_,
            lex.is_punct,
            lex.is_lower,
            lex.is_alpha,
            self.token_class(text),
        )
        return row

    def token_class(self, text: str) -> str:
        """The class letter of a token text.

        >>> from pipeline.normalise.entity_lexicon import load_lexicon
        >>> tc = TokenClasses(EntityWords(load_lexicon()))
        >>> [tc.token_class(t) for t in ("Bank", "of", "MAS", "VSIPs", "2.0", "Chinese", "grew")]
        ['H', 'o', 'U', 'U', 'n', 'x', 'x']
        """
        w = self.words
        if text in w.non_entities or text in w.demonyms:
            return "x"
        if text in w.heads or (text.endswith(".") and text[:-1] in w.heads):
            return "H"
        if text in w.doc_heads:
            return "D"
        if text in w.connectors:
            return "o"
        if text in ("the", "The"):
            return "t"
        if text in _POSSESSIVES:
            return "s"
        if text in _DASHES:
            return "-"
        if text in ("(", ")"):
            return text
        if _VERSION.match(text) or _ROMAN.match(text):
            return "n"
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and text[0].isalpha():
            return "U"
        if len(letters) >= 3 and text.endswith("s") and text[:-1].isupper():
            return "U"  # plural acronym: "VSIPs"
        if text[:1].isupper() and letters and text.lower() not in STOP_WORDS:
            return "C"
        return "x"
