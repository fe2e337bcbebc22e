"""The model's own ORG/GPE/PERSON spans, cut to FACTS.md's span rules.

The small English model finds most names but draws their edges by OntoNotes habits, not
FACTS.md's: it keeps a leading "the", titles, possessives, years and version marks, takes
"western China" or "China-Singapore" whole, and calls headline words and sentence openers
organisations. Each rule below trims or drops one such habit; a span that survives them is a
candidate beside the gazetteer and head-noun candidates, and the longest wins later.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.components.entity_orgs import is_document
from pipeline.components.entity_tokens import Candidate, EntityWords, TokenTable

_HYPHENED_PLACES = re.compile(r"P+(?:-P+)+")
_PLACES = re.compile(r"P+")
_ORG_MARK = re.compile("[UP]")
_AND_PLACE_END = re.compile(r"o(P+)$")
_HEADLINE_WORD = re.compile(r"[A-Za-z]{4,}")
_SENTENCE_OPENERS = {".", "!", "?", ":", '"', "“"}


def model_candidates(w: EntityWords, doc: Doc, tk: TokenTable, cls: str) -> list[Candidate]:
    """The model's entities after the span rules; its LOC spans become blockers (features)."""
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ == "LOC":
            for s, e in _split_possessive(cls, ent.start, ent.end):
                out += _loc_blocker(cls, s, e)
        if ent.label_ not in ("ORG", "GPE", "PERSON"):
            continue
        for s, e in _split_possessive(cls, ent.start, ent.end):
            out += _clean(w, tk, cls, s, e, ent.label_)
    return out


def _line(tk: TokenTable, i: int) -> str:
    """The text line holding token ``i``, read from the tokens nearby (``Doc.text`` would
    rebuild the whole document). A token's trailing whitespace is one space at most, so line
    breaks are only ever inside token texts (spaCy's whitespace tokens)."""
    text, n = tk.text, len(tk.text)
    a = i - 1
    while a >= 0 and "\n" not in text[a]:
        a -= 1
    b = i
    while b < n and "\n" not in text[b]:
        b += 1
    head = tk.text_with_ws(a)[text[a].rfind("\n") + 1 :] if a >= 0 else ""
    tail = text[b][: text[b].find("\n")] if b < n else ""
    return head + "".join(tk.text_with_ws(k) for k in range(a + 1, b)) + tail


def _headline(tk: TokenTable, i: int) -> bool:
    """True when token ``i`` is in a title-case line (a headline or site chrome)."""
    words = _HEADLINE_WORD.findall(_line(tk, i))
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _sentence_initial(tk: TokenTable, i: int) -> bool:
    """True when token ``i`` opens a sentence and the next word is lower case."""
    opens = i == 0 or tk.text[i - 1].isspace() or tk.text[i - 1] in _SENTENCE_OPENERS
    return opens and i + 1 < len(tk.text) and tk.is_lower[i + 1]


def _loc_blocker(cls: str, s: int, e: int) -> list[Candidate]:
    if "P" in cls[s:e] and cls[e - 1] == "P":
        return []  # "Western China": the place stays a mention
    return [Candidate(s, e, "", "feature", 3)]


def _split_possessive(cls: str, s: int, e: int) -> list[tuple[int, int]]:
    parts, cur = [], s
    for i in range(s, e):
        if cls[i] == "s" and not (i > s and cls[i - 1] == "C" and i + 1 < e and cls[i + 1] == "H"):
            parts.append((cur, i))
            cur = i + 1
    parts.append((cur, e))
    return [(a, b) for a, b in parts if b > a]


def _clean(w: EntityWords, tk: TokenTable, cls: str, s: int, e: int, label: str) -> list[Candidate]:
    # Leading "the", ordinals, credit openers ("Photo/"), titles; trailing numbers and marks.
    while s < e and (
        cls[s] in "tn-(/"
        or tk.text[s] in w.credit_openers
        or tk.text[s] in ("/", ":")
        or (
            label == "PERSON"
            and tk.lower[s].rstrip(".") in w.person_titles
            and tk.text[s] not in w.hereditary
        )
    ):
        s += 1
    if cls[e - 1] == ")" and "(" in cls[s : e - 1]:
        e = cls.rfind("(", s, e - 1)
    elif "(" in cls[s:e] and ")" not in cls[cls.rfind("(", s, e) : e]:
        e = cls.rfind("(", s, e)
    # A lower-case admin word stays outside ("Hainan province"), a capitalised one is part of the
    # name ("Tibet Autonomous Region"), as FACTS.md asks.
    while e > s and (
        cls[e - 1] in "n-()" or (tk.is_lower[e - 1] and tk.lower[e - 1] in w.lower_admin) or tk.punct[e - 1]
    ):
        e -= 1
    while label == "PERSON" and e > s and tk.lower[e - 1].rstrip(".") in w.person_titles:
        e -= 1
    if e <= s or all(tk.text[k] in w.hereditary for k in range(s, e)):
        return []
    text = tk.span_text(s, e)
    if text in w.non_entities or text in w.demonyms or (tk.is_lower[s] and cls[s] != "P"):
        return []
    sub = cls[s:e]
    # Places joined by hyphens, alone or opening a lower-case phrase: each is a GPE.
    if _HYPHENED_PLACES.fullmatch(sub):
        return [Candidate(i, i + 1, "GPE", "place_hyphen", 1) for i in range(s, e) if cls[i] == "P"]
    # "Southwest China", "western China": the country alone.
    if tk.lower[s] in w.region and "P" in sub and sub.lstrip("CP").strip("P") == "" and sub[0] == "C":
        return []
    if any(tk.text[k] in w.features for k in range(s, e)) and "H" not in sub:
        return [Candidate(s, e, "", "feature", 3)]
    if is_document(w, tk, cls, s, e) or ("D" in sub and "H" not in sub):
        return []
    if label == "ORG" and not _ORG_MARK.search(sub) and sub[-1] != "H" and _headline(tk, s):
        return []  # title-case headline words the model took for a name ("Capital Markets")
    if e - s == 1 and label == "ORG" and cls[s] == "C" and _sentence_initial(tk, s):
        return []  # a capitalised sentence opener ("Financial regulatory bureaus")
    if e - s > 1 and any(tk.is_lower[k] and tk.alpha[k] and cls[k] not in "ot" for k in range(s, e)):
        return []  # a description, not a name ("Rise as Financial Hub")
    if _PLACES.fullmatch(sub) and text in w.lex.place_names:
        return [Candidate(s, e, "GPE", "ner_place", 1)]
    # A headline chunk ending in a place without a head noun: only the place is a name.
    if label == "ORG" and "H" not in sub and sub.endswith("P") and sub[0] != "P" and "U" not in sub:
        p = e
        while p > s and cls[p - 1] == "P":
            p -= 1
        return [Candidate(p, e, "GPE", "ner_place", 1)]
    m = _AND_PLACE_END.search(sub)
    if m and tk.lower[s + m.start()] == "and":
        return [
            *_clean(w, tk, cls, s, s + m.start(), label),
            Candidate(s + m.start(1), e, "GPE", "ner_place", 1),
        ]
    if label == "PERSON" and ("H" in sub or "U" in sub):
        label = "ORG"
    if label == "GPE" and "H" in sub:
        label = "ORG"
    return [Candidate(s, e, label, "ner", 1)]
