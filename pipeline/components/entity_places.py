"""Place rules: how far a gazetteer place reaches, what blocks a place, and places in tags.

The gazetteer (a ``PhraseMatcher`` over ``models/places.jsonl`` and ``aliases.jsonl``) finds the
bare place name; FACTS.md wants the span to take a capitalised administrative word written with
it ("Jiangsu Province"), and China's autonomous areas carry an ethnic name between the two
("Guangxi Zhuang Autonomous Region"), so :func:`extend_admin` reaches over both. A place word
inside a sea's name or a currency name ("South China Sea", "Singapore dollars") is no mention,
so :func:`blockers` covers those. Site tags are lower case ("Tags: chongqing") and need their own
lookup.
"""

from __future__ import annotations

import re

from spacy.strings import get_string_id

from pipeline.components.entity_tokens import Candidate, EntityWords, TokenTable

_TAG_ORTHS = frozenset(get_string_id(w) for w in ("Tags", "Tag"))
_NAME_RUN = re.compile(r"[CP]+")
_ETHNIC_JOINERS = {",", "and"}


def _phrase_at(phrases: dict[str, list[tuple[str, ...]]], text: list[str], i: int) -> int:
    """Length of the first phrase of ``phrases`` (filed by first word) written at token ``i``, or 0."""
    for words in phrases.get(text[i], ()):
        if tuple(text[i : i + len(words)]) == words:
            return len(words)
    return 0


def _ethnic_end(w: EntityWords, text: list[str], k: int) -> int:
    """End of the ethnic names written from token ``k`` ("Zhuang", "Tujia and Miao", "Lahu, Va,
    Blang and Dai"), or ``k`` when there are none."""
    n = len(text)
    while k < n and text[k] in w.ethnic_names:
        k += 1
        if k + 1 < n and text[k] in _ETHNIC_JOINERS and text[k + 1] in w.ethnic_names:
            k += 1
        elif k + 2 < n and text[k] == "," and text[k + 1] == "and" and text[k + 2] in w.ethnic_names:
            k += 2
    return k


def extend_admin(w: EntityWords, tk: TokenTable, start: int, end: int) -> int:
    """End of a place span taken over a capitalised administrative word ("Jiangsu Province"), or
    over the ethnic names and autonomous-area word after it ("Guangxi Zhuang Autonomous Region").
    Ethnic names alone ("the Guangxi Zhuang people") stay outside: only the autonomous-area word
    makes them part of the place's name."""
    text = tk.text
    if end >= len(text):
        return end
    admin = _phrase_at(w.admin_tokens, text, end)
    if admin:
        return end + admin
    k = _ethnic_end(w, text, end)
    if k == end or k >= len(text):
        return end
    admin = _phrase_at(w.autonomous_tokens, text, k)
    return k + admin if admin else end


def autonomous_areas(w: EntityWords, tk: TokenTable, classes: list[str]) -> list[tuple[int, int]]:
    """Autonomous areas whose place word the gazetteer lacks (most prefectures and counties):
    one capitalised word, ethnic names and an autonomous-area word ("Enshi Tujia and Miao
    Autonomous Prefecture", "Yanbian Korean Autonomous Prefecture"). The autonomous-area word is
    what makes the run a name, so the scan starts from it and most documents cost one set test."""
    if w.autonomous_orths.isdisjoint(tk.orth):
        return []
    text, out = tk.text, []
    for a in [k for k, o in enumerate(tk.orth) if o in w.autonomous_orths]:
        size = _phrase_at(w.autonomous_tokens, text, a)
        if not size:
            continue
        # The place word is the capitalised word before the ethnic names that end right at ``a``.
        for s in range(a - 2, max(-1, a - 9), -1):
            if classes[s] == "C" and text[s] not in w.ethnic_names and _ethnic_end(w, text, s + 1) == a:
                out.append((s, a + size))
                break
    return out


def blockers(w: EntityWords, tk: TokenTable, cls: str) -> list[Candidate]:
    """Title-case runs that end in a feature word ("South China Sea") or stand before a currency
    noun ("Singapore dollars"): nothing inside them is a mention."""
    out = []
    n = len(tk.text)
    for m in _NAME_RUN.finditer(cls):
        s, e = m.start(), m.end()
        if tk.text[e - 1] in w.features:
            out.append(Candidate(s, e, "", "feature", 3))
        elif e < n and tk.lower[e] in w.currency:
            out.append(Candidate(s, e + 1, "", "currency", 3))
    return out


def tag_candidates(w: EntityWords, tk: TokenTable) -> list[Candidate]:
    """ "Tags: chongqing": a lower-case tag naming a place is that place (the scan for "Tags"
    compares ORTH ids, and most documents have none)."""
    orths = tk.orth
    if _TAG_ORTHS.isdisjoint(orths):
        return []
    places = w.lex.place_names_lower
    n = len(orths)
    out = []
    for i in [k for k in range(n - 2) if orths[k] in _TAG_ORTHS]:
        if tk.text[i + 1] != ":":
            continue
        j = i + 2
        while j < n and not tk.text[j].isspace():
            if tk.lower[j] in places:
                out.append(Candidate(j, j + 1, "GPE", "tag_place", 1))
            j += 1
        if j < n and tk.lower[j] in places:
            out.append(Candidate(j, j + 1, "GPE", "tag_place", 1))
    return out
