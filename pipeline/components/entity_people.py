"""People and photo credits: the mentions the model reads worst in this news.

After a full name ("Pham Minh Chinh") articles use one part of it ("Chinh"), which the model
rarely tags; after a title ("PM Wong") the name is what counts, not the title (FACTS.md). Photo
credits ("(Photo/Kenny Dong)", "(Photo/Diyiyan TV-CQNEWS)") name a person or an outlet each, and
are read whole before any other rule can split them.
"""

from __future__ import annotations

import re

from pipeline.components.entity_tokens import Candidate, EntityWords, TokenTable

_OPEN_BRACKET = re.compile(r"\(")
_CREDIT_NAME = re.compile(r"[CUPH]+")
_TITLED_RUN = re.compile(r"C{1,3}")


def credit_candidates(w: EntityWords, tk: TokenTable, cls: str) -> list[Candidate]:
    """ "(Photo/Kenny Dong)", "(Photo/Diyiyan TV-CQNEWS)": each name, hyphen-separated."""
    out = []
    for m in _OPEN_BRACKET.finditer(cls[: max(0, len(cls) - 3)]):
        i = m.start()
        if tk.text[i + 1] in w.credit_openers and tk.text[i + 2] in ("/", ":"):
            j = i + 3
            close = cls.find(")", j)
            if close < 0 or close - j > 8:
                continue
            for part in _CREDIT_NAME.finditer(cls[j:close]):
                s, e = j + part.start(), j + part.end()
                person = "U" not in cls[s:e] and "H" not in cls[s:e] and 2 <= e - s <= 3
                out.append(Candidate(s, e, "PERSON" if person else "ORG", "credit", 2))
    return out


def person_candidates(w: EntityWords, tk: TokenTable, cls: str, cands: list[Candidate]) -> list[Candidate]:
    """Later short mentions of a person ("Chinh"), and capitalised names after a title."""
    parts = {
        tk.text[k]
        for c in cands
        if c.label == "PERSON" and c.end - c.start > 1
        for k in range(c.start, c.end)
        if cls[k] == "C"
    }
    out: list[Candidate] = []
    if parts:  # most documents name no person in full: skip the token scan
        out = [
            Candidate(i, i + 1, "PERSON", "person_part", 0)
            for i, c in enumerate(cls)
            if c == "C" and tk.text[i] in parts
        ]
    for m in _TITLED_RUN.finditer(cls):
        s, e = m.start(), m.end()
        if tk.lower[s].rstrip(".") not in w.person_titles:
            continue
        t = s
        while t < e and tk.lower[t].rstrip(".") in w.lex.titles and tk.text[t] not in w.hereditary:
            t += 1
        if s < t < e:
            out.append(Candidate(t, e, "PERSON", "title_person", 0))
    return out
