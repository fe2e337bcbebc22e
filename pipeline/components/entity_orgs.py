"""Organisation candidates: title-case names anchored on a head noun, and their acronyms.

The small model misses or cuts long council, bank and initiative names, so organisations are
also found from the token classes (:mod:`pipeline.components.entity_tokens`): a title-case
chunk is a name when it ends in a head noun ("Bank", "Council", "Zone"), possibly followed by
"of/on/for" tails. Named texts (agreements, action programmes) look the same but are not
entities (FACTS.md), so :func:`is_document` screens them out. Acronyms count only when the
article ties them to a name (bracketed after it, or spelling its initials).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.components.entity_tokens import Candidate, EntityWords, TokenTable

_WORD = re.compile(r"[A-Za-z][\w']*")


def org_name(w: EntityWords, tk: TokenTable, cls: str, start: int, end: int) -> Candidate | None:
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
        last = _last_name_token(cls, s, e)
        if c in ("and", "&") and name_end is not None:
            best = best or _org(w, tk, cls, name_start, name_end)
            name_start, name_end = None, None
        if name_start is None:
            name_start = s
        if (last is not None and cls[last] == "H") or (
            name_end is not None and c in ("of", "on", "for", "de") and last is not None
        ):
            name_end = last + 1
    if name_end is not None and name_start is not None:
        return best or _org(w, tk, cls, name_start, name_end)
    return best


def _last_name_token(cls: str, s: int, e: int) -> int | None:
    while e > s and cls[e - 1] == ")":
        depth_end = cls.rfind("(", s, e)
        if depth_end < 0:
            return None
        e = depth_end
    return e - 1 if e > s else None


def _org(w: EntityWords, tk: TokenTable, cls: str, s: int | None, e: int) -> Candidate | None:
    if s is None or e - s < 2 or (cls[s] == "H" and e - s < 3 and cls[s + 1] != "o"):
        return None
    if is_document(w, tk, cls, s, e):
        return None
    return Candidate(s, e, "ORG", "org_head", 2)


def is_document(w: EntityWords, tk: TokenTable, cls: str, s: int, e: int) -> bool:
    """A named text (FACTS.md: not an entity): its head is a document noun or it opens with one
    of the document openers ("Joint Initiative for ...", "Action Program ...")."""
    first = cls.find("o", s, e)
    head_end = first if first > s else e
    followed = e < len(tk.text) and tk.text[e] in w.lower_doc_nouns
    return followed or tk.text[s] in w.doc_openers or cls[e - 1] == "D" or cls[head_end - 1] == "D"


def extend_designator(w: EntityWords, doc: Doc, end: int) -> int:
    """End of an ORG span taken over a designator written after a comma (", Ltd.")."""
    while end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text[:1].isupper():
        if doc[end + 1].text.rstrip(".").lower() not in w.lex.designators:
            break
        end += 2
    return end


def acronym_candidates(
    tk: TokenTable, cls: str, orgs: list[Candidate], acr_re: re.Pattern[str]
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


def _initials(text: str) -> str:
    """Upper-case initials of the capitalised words.

    >>> _initials("Singapore-Shanghai Comprehensive Cooperation Council")
    'SSCCC'
    """
    return "".join(word[0] for word in _WORD.findall(text) if word[0].isupper())
