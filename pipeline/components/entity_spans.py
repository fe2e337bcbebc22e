"""FACTS.md's entity span rules over token classes, used by the entity fixer.

Each token gets one class letter from a cached dict lookup on its text (the place matcher then
marks ``P``): ``C`` capitalised word, ``U`` acronym, ``H`` organisation head noun, ``D``
document head noun, ``o`` connector (of, for, on, and), ``t`` "the", ``s`` possessive, ``-``
hyphen or dash, ``(`` ``)`` brackets, ``n`` number or version mark, ``x`` anything else. The
rules below read the class string and a few token texts; none of them loops over the whole
document in Python except through ``re`` or a comprehension of dict lookups.
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
_CREDIT_RE = re.compile(r"\(R[/:]([^()]*)\)")
_TAG_ORTHS = frozenset(get_string_id(w) for w in ("Tags", "Tag"))


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


@dataclass(frozen=True)
class Candidate:
    """A token span with a label ("" = blocker), the rule that found it and a tie priority."""

    start: int
    end: int
    label: str
    rule: str
    priority: int


class EntitySpanRules:
    """The rules, with their word lists loaded once."""

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
        self.admin_tokens = {tuple(w.split()): len(w.split()) for w in r.admin_words}
        self._cache: dict[str, str] = {}
        self._orth_cache: dict[int, str] = {}
        self._rows: dict[int, tuple[str, str, bool, bool, bool]] = {}

    # -- token classes -------------------------------------------------------------------------
    def token_class(self, text: str) -> str:
        """The class letter of a token text (cached: one dict lookup per token)."""
        cls = self._cache.get(text)
        if cls is None:
            cls = self._cache[text] = self._classify(text)
        return cls

    def table(self, doc: Doc) -> TokenTable:
        """The token table of ``doc``: one ``to_array`` and one cached row per distinct token."""
        orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
        rows, vocab = self._rows, doc.vocab
        table = [rows.get(o) or self._row(vocab, o) for o in orths]
        return TokenTable(
            orths,
            [r[0] for r in table],
            [r[1] for r in table],
            [r[2] for r in table],
            [r[3] for r in table],
            [r[4] for r in table],
            [x == 1 for x in spaces],
        )

    def _row(self, vocab: Vocab, orth: int) -> tuple[str, str, bool, bool, bool]:
        lex = vocab[orth]
        row = self._rows[orth] = (lex.orth_, lex.lower_, lex.is_punct, lex.is_lower, lex.is_alpha)
        return row

    def token_classes(self, doc: Doc, orths: list[int]) -> list[str]:
        """The class letter of each token, from its ORTH id (cached: one dict lookup per token)."""
        cache = self._orth_cache
        strings = doc.vocab.strings
        out = []
        for orth in orths:
            cls = cache.get(orth)
            if cls is None:
                cls = cache[orth] = self.token_class(strings[orth])
            out.append(cls)
        return out

    def _classify(self, text: str) -> str:
        if text in self.non_entities or text in self.demonyms:
            return "x"
        if text in self.heads or (text.endswith(".") and text[:-1] in self.heads):
            return "H"
        if text in self.doc_heads:
            return "D"
        if text in self.connectors:
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

    # -- organisation names anchored on head nouns ---------------------------------------------
    def org_name(self, doc: Doc, tk: TokenTable, cls: str, start: int, end: int) -> Candidate | None:
        """The organisation name in a title-case chunk, or None.

        The chunk is cut into segments at connectors. A name runs from the first segment to the
        last one that ends in a head noun ("Bank", "Council", "Zone"), then takes tails after
        "of/on/for" ("Monetary Authority of Singapore"); "and" after a complete name starts a new
        one. Trailing bracket groups (acronyms) stay outside.
        """
        segments: list[tuple[int, int, str]] = []  # (start, end, connector before)
        seg_start, conn = start, ""
        i = start
        while i < end:
            if cls[i] == "o":
                segments.append((seg_start, i, conn))
                conn = tk.lower[i]
                i += 1
                if i < end and cls[i] == "t":
                    i += 1
                seg_start = i
                continue
            i += 1
        segments.append((seg_start, end, conn))
        # "Deputy Director of the X Bureau": a first segment that is no head noun, before "of", is a
        # role or description, not part of the name.
        if len(segments) > 1 and segments[1][2] == "of" and cls[segments[0][1] - 1] != "H":
            segments = segments[1:]
            segments[0] = (segments[0][0], segments[0][1], "")
        best: Candidate | None = None
        name_start, name_end = None, None
        for s, e, c in segments:
            last = self._last_name_token(cls, s, e)
            if c in ("and", "&") and name_end is not None:
                best = best or self._org(doc, tk, cls, name_start, name_end)
                name_start, name_end = None, None
            if name_start is None:
                name_start = s
            if (last is not None and cls[last] == "H") or (
                name_end is not None and c in ("of", "on", "for", "de") and last is not None
            ):
                name_end = last + 1
        if name_end is not None and name_start is not None:
            return best or self._org(doc, tk, cls, name_start, name_end)
        return best

    @staticmethod
    def _last_name_token(cls: str, s: int, e: int) -> int | None:
        while e > s and cls[e - 1] == ")":
            depth_end = cls.rfind("(", s, e)
            if depth_end < 0:
                return None
            e = depth_end
        return e - 1 if e > s else None

    def _org(self, doc: Doc, tk: TokenTable, cls: str, s: int | None, e: int) -> Candidate | None:
        if s is None or e - s < 2 or (cls[s] == "H" and e - s < 3 and cls[s + 1] != "o"):
            return None
        if self.is_document(doc, tk, cls, s, e):
            return None
        return Candidate(s, e, "ORG", "org_head", 2)

    def is_document(self, doc: Doc, tk: TokenTable, cls: str, s: int, e: int) -> bool:
        """A named text (FACTS.md: not an entity): its head is a document noun or it opens with one
        of the document openers ("Joint Initiative for ...", "Action Program ...")."""
        first = cls.find("o", s, e)
        head_end = first if first > s else e
        followed = e < len(doc) and tk.text[e] in self.lower_doc_nouns
        return followed or tk.text[s] in self.doc_openers or cls[e - 1] == "D" or cls[head_end - 1] == "D"

    # -- the model's spans, cleaned --------------------------------------------------------------
    def model_candidates(self, doc: Doc, tk: TokenTable, cls: str) -> list[Candidate]:
        out: list[Candidate] = []
        for ent in doc.ents:
            if ent.label_ == "LOC":
                for s, e in self._split_possessive(cls, ent.start, ent.end):
                    out += self._loc_blocker(cls, s, e)
            if ent.label_ not in ("ORG", "GPE", "PERSON"):
                continue
            for s, e in self._split_possessive(cls, ent.start, ent.end):
                out += self._clean(doc, tk, cls, s, e, ent.label_)
        return out

    @staticmethod
    def _line(doc: Doc, i: int) -> str:
        """The text line holding token ``i``, read from the tokens nearby (``Doc.text`` would
        rebuild the whole document)."""
        before: list[str] = []
        for k in range(i - 1, -1, -1):
            t = doc[k].text_with_ws
            cut = t.rfind("\n")
            if cut >= 0:
                before.append(t[cut + 1 :])
                break
            before.append(t)
        after: list[str] = []
        for k in range(i, len(doc)):
            t = doc[k].text_with_ws
            cut = t.find("\n")
            if cut >= 0:
                after.append(t[:cut])
                break
            after.append(t)
        return "".join(reversed(before)) + "".join(after)

    @classmethod
    def _headline(cls, doc: Doc, i: int) -> bool:
        """True when token ``i`` is in a title-case line (a headline or site chrome)."""
        words = re.findall(r"[A-Za-z]{4,}", cls._line(doc, i))
        return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)

    @staticmethod
    def _sentence_initial(doc: Doc, i: int) -> bool:
        """True when token ``i`` opens a sentence and the next word is lower case."""
        before = doc[i - 1] if i > 0 else None
        opens = (
            before is None
            or before.is_space
            or before.text in {".", "!", "?", ":", '"', "“"}
            or "\n" in before.whitespace_
        )
        return opens and i + 1 < len(doc) and doc[i + 1].is_lower

    def _loc_blocker(self, cls: str, s: int, e: int) -> list[Candidate]:
        if "P" in cls[s:e] and cls[e - 1] == "P":
            return []  # "Western China": the place stays a mention
        return [Candidate(s, e, "", "feature", 3)]

    @staticmethod
    def _split_possessive(cls: str, s: int, e: int) -> list[tuple[int, int]]:
        parts, cur = [], s
        for i in range(s, e):
            if cls[i] == "s" and not (i > s and cls[i - 1] == "C" and i + 1 < e and cls[i + 1] == "H"):
                parts.append((cur, i))
                cur = i + 1
        parts.append((cur, e))
        return [(a, b) for a, b in parts if b > a]

    def _clean(self, doc: Doc, tk: TokenTable, cls: str, s: int, e: int, label: str) -> list[Candidate]:
        # Leading "the", ordinals, credit openers ("Photo/"), titles; trailing numbers and marks.
        while s < e and (
            cls[s] in "tn-(/"
            or tk.text[s] in self.credit_openers
            or tk.text[s] in ("/", ":")
            or (
                label == "PERSON"
                and tk.lower[s].rstrip(".") in self.person_titles
                and tk.text[s] not in self.hereditary
            )
        ):
            s += 1
        if cls[e - 1] == ")" and "(" in cls[s : e - 1]:
            e = cls.rfind("(", s, e - 1)
        elif "(" in cls[s:e] and ")" not in cls[cls.rfind("(", s, e) : e]:
            e = cls.rfind("(", s, e)
        while e > s and (cls[e - 1] in "n-()" or tk.lower[e - 1] in self.lower_admin or tk.punct[e - 1]):
            e -= 1
        while label == "PERSON" and e > s and tk.lower[e - 1].rstrip(".") in self.person_titles:
            e -= 1
        if e <= s or all(tk.text[k] in self.hereditary for k in range(s, e)):
            return []
        text = tk.span_text(s, e)
        if text in self.non_entities or text in self.demonyms or (tk.is_lower[s] and cls[s] != "P"):
            return []
        sub = cls[s:e]
        # Places joined by hyphens, alone or opening a lower-case phrase: each is a GPE.
        if re.fullmatch(r"P+(?:-P+)+", sub):
            return [Candidate(i, i + 1, "GPE", "place_hyphen", 1) for i in range(s, e) if cls[i] == "P"]
        # "Southwest China", "western China": the country alone.
        if tk.lower[s] in self.region and "P" in sub and sub.lstrip("CP").strip("P") == "" and sub[0] == "C":
            return []
        if any(tk.text[k] in self.features for k in range(s, e)) and "H" not in sub:
            return [Candidate(s, e, "", "feature", 3)]
        if self.is_document(doc, tk, cls, s, e) or ("D" in sub and "H" not in sub):
            return []
        if label == "ORG" and not re.search("[UP]", sub) and sub[-1] != "H" and self._headline(doc, s):
            return []  # title-case headline words the model took for a name ("Capital Markets")
        if e - s == 1 and label == "ORG" and cls[s] == "C" and self._sentence_initial(doc, s):
            return []  # a capitalised sentence opener ("Financial regulatory bureaus")
        if e - s > 1 and any(tk.is_lower[k] and tk.alpha[k] and cls[k] not in "ot" for k in range(s, e)):
            return []  # a description, not a name ("Rise as Financial Hub")
        if re.fullmatch(r"P+", sub) and text in self.lex.place_names:
            return [Candidate(s, e, "GPE", "ner_place", 1)]
        # A headline chunk ending in a place without a head noun: only the place is a name.
        if label == "ORG" and "H" not in sub and sub.endswith("P") and sub[0] != "P" and "U" not in sub:
            p = e
            while p > s and cls[p - 1] == "P":
                p -= 1
            return [Candidate(p, e, "GPE", "ner_place", 1)]
        m = re.search(r"o(P+)$", sub)
        if m and tk.lower[s + m.start()] == "and":
            return [
                *self._clean(doc, tk, cls, s, s + m.start(), label),
                Candidate(s + m.start(1), e, "GPE", "ner_place", 1),
            ]
        if label == "PERSON" and ("H" in sub or "U" in sub):
            label = "ORG"
        if label == "GPE" and "H" in sub:
            label = "ORG"
        return [Candidate(s, e, label, "ner", 1)]

    def extend_designator(self, doc: Doc, end: int) -> int:
        """End of an ORG span taken over a designator written after a comma (", Ltd.")."""
        while end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text[:1].isupper():
            if doc[end + 1].text.rstrip(".").lower() not in self.lex.designators:
                break
            end += 2
        return end

    def extend_admin(self, tk: TokenTable, start: int, end: int) -> int:
        """End of a place span taken over a capitalised administrative word ("Jiangsu Province")."""
        if end >= len(tk.text):
            return end
        first = tk.text[end]
        for words, n in self.admin_tokens.items():
            if words[0] == first and tuple(tk.text[end : end + n]) == words:
                return end + n
        return end

    # -- blockers: features and currency names -----------------------------------------------------
    def blockers(self, doc: Doc, tk: TokenTable, cls: str) -> list[Candidate]:
        out = []
        for m in re.finditer(r"[CP]+", cls):
            s, e = m.start(), m.end()
            if tk.text[e - 1] in self.features:
                out.append(Candidate(s, e, "", "feature", 3))
            elif e < len(doc) and tk.lower[e] in self.currency:
                out.append(Candidate(s, e + 1, "", "currency", 3))
        return out

    # -- acronyms ----------------------------------------------------------------------------------
    def acronym_candidates(
        self, tk: TokenTable, cls: str, orgs: list[Candidate], acr_re: re.Pattern[str]
    ) -> list[Candidate]:
        """Acronyms bracketed after a name or spelling a name's initials, and their later uses."""
        known: set[str] = set()
        initials = {_initials(tk.span_text(c.start, c.end)) for c in orgs if c.end - c.start > 1}
        for c in orgs:
            if c.end + 2 < len(cls) and cls[c.end] == "(" and cls[c.end + 1] == "U":
                m = acr_re.match(cls, c.end + 1)
                if m:
                    known.add(tk.span_text(m.start(), m.end()))
        out = []
        for m in acr_re.finditer(cls):
            text = tk.span_text(m.start(), m.end())
            bare = text[:-1] if text.endswith("s") and not text.isupper() else text
            if text in known or bare in known or bare.replace("-", "") in initials:
                out.append(Candidate(m.start(), m.end(), "ORG", "acronym", 2))
        return out

    # -- credits, tags and persons -------------------------------------------------------------------
    def credit_candidates(self, doc: Doc, cls: str) -> list[Candidate]:
        """ "(Photo/Kenny Dong)", "(Photo/Diyiyan TV-CQNEWS)": each name, hyphen-separated."""
        out = []
        for m in re.finditer(r"\(", cls[: max(0, len(doc) - 3)]):
            i = m.start()
            if doc[i + 1].text in self.credit_openers and doc[i + 2].text in ("/", ":"):
                j = i + 3
                close = cls.find(")", j)
                if close < 0 or close - j > 8:
                    continue
                for part in re.finditer(r"[CUPH]+", cls[j:close]):
                    s, e = j + part.start(), j + part.end()
                    person = "U" not in cls[s:e] and "H" not in cls[s:e] and 2 <= e - s <= 3
                    out.append(Candidate(s, e, "PERSON" if person else "ORG", "credit", 2))
        return out

    def tag_candidates(self, doc: Doc, orths: list[int]) -> list[Candidate]:
        """ "Tags: chongqing": a lower-case tag naming a place is that place (``orths``: the
        tokens' ORTH ids, so the scan for "Tags" reads no token objects)."""
        out = []
        for i in range(len(doc) - 2):
            if orths[i] in _TAG_ORTHS and doc[i + 1].text == ":":
                j = i + 2
                while j < len(doc) and not doc[j].is_space and "\n" not in doc[j].whitespace_:
                    if doc[j].lower_ in self.lex.place_names_lower:
                        out.append(Candidate(j, j + 1, "GPE", "tag_place", 1))
                    j += 1
                if j < len(doc) and doc[j].lower_ in self.lex.place_names_lower:
                    out.append(Candidate(j, j + 1, "GPE", "tag_place", 1))
        return out

    def person_candidates(
        self, doc: Doc, tk: TokenTable, cls: str, cands: list[Candidate]
    ) -> list[Candidate]:
        """Later short mentions of a person ("Chinh"), and capitalised names after a title."""
        parts = {
            tk.text[k]
            for c in cands
            if c.label == "PERSON" and c.end - c.start > 1
            for k in range(c.start, c.end)
            if cls[k] == "C"
        }
        out = [
            Candidate(i, i + 1, "PERSON", "person_part", 0)
            for i, c in enumerate(cls)
            if c == "C" and tk.text[i] in parts
        ]
        for m in re.finditer(r"C{1,3}", cls):
            s, e = m.start(), m.end()
            if tk.lower[s].rstrip(".") not in self.person_titles:
                continue
            t = s
            while t < e and tk.lower[t].rstrip(".") in self.lex.titles and tk.text[t] not in self.hereditary:
                t += 1
            if s < t < e:
                out.append(Candidate(t, e, "PERSON", "title_person", 0))
        return out


def _initials(text: str) -> str:
    """Upper-case initials of the capitalised words: "Singapore-Shanghai Comprehensive ..." → "SSCC…"."""
    words = re.findall(r"[A-Za-z][\w']*", text)
    return "".join(w[0] for w in words if w[0].isupper())
