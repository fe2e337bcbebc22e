"""Canonical entity names per article (FACTS.md "Canonical name"), as pure functions on strings.

The input is the article's mentions in order, as ``(text, label)`` pairs, and the article text;
the output is one name per mention, shared by every mention of the same thing:

>>> canonical_names([("Prime Minister Pham Minh Chinh", "PERSON"), ("Chinh", "PERSON")], "")
['Pham Minh Chinh', 'Pham Minh Chinh']
>>> canonical_names([("Viet Nam", "GPE"), ("Jiangsu Province", "GPE"), ("the U.S.", "GPE")], "")
['Vietnam', 'Jiangsu', 'United States']
>>> text = "the Global Development Initiative (GDI) and the GDI"
>>> canonical_names([("the Global Development Initiative", "ORG"), ("GDI", "ORG"), ("GDI", "ORG")], text)
['Global Development Initiative', 'Global Development Initiative', 'Global Development Initiative']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.normalise.entity_lexicon import Lexicon, load_lexicon

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_TRAILING_MARK = re.compile(r"(?:\s+(?:[12]\d{3}(?:[–-][12]\d{3})?|\d+(?:\.\d+)*|I{1,3}|IV|V|VI{1,3}))+$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]*(?:-[A-Z0-9&]+)*s?$")


def _strip_common(text: str) -> str:
    """Drop surrounding space, a leading "the", a possessive and a trailing year or version mark.

    >>> _strip_common("the CCI's")
    'CCI'
    >>> _strip_common("VSIP 2.0")
    'VSIP'
    """
    text = text.strip()
    text = re.sub(r"^(?:[Tt]he)\s+", "", text)
    text = _POSSESSIVE.sub("", text)
    return _TRAILING_MARK.sub("", text).strip() or text


def place_name(text: str, lexicon: Lexicon | None = None) -> str:
    """The plain English name of a place mention.

    >>> place_name("Hainan Province")
    'Hainan'
    >>> place_name("Danang")
    'Da Nang'
    >>> place_name("chongqing")
    'Chongqing'
    >>> place_name("Guangxi Zhuang Autonomous Region")
    'Guangxi'
    """
    lex = lexicon or load_lexicon()
    for candidate in (text.strip(), _strip_common(text)):
        name = lex.place_names.get(candidate)
        if name:
            return name
    base = _strip_common(text)
    for word in sorted(lex.rules.admin_words, key=len, reverse=True):
        if base.endswith(" " + word) or base.lower().endswith(" " + word.lower()):
            base = base[: -len(word) - 1].strip()
            if word in lex.rules.autonomous_admin_words:
                base = _without_ethnic_names(base, lex)
            break
    words = base.split()
    while len(words) > 1 and words[0].lower() in lex.rules.region_modifiers:
        words = words[1:]
    base = " ".join(words)
    return lex.place_names.get(base) or lex.place_names_lower.get(base.lower()) or base


def _without_ethnic_names(base: str, lex: Lexicon) -> str:
    """An autonomous area's place word without the ethnic names its official name carries.

    >>> _without_ethnic_names("Enshi Tujia and Miao", load_lexicon())
    'Enshi'
    """
    words = base.split()
    while len(words) > 1 and (words[-1].rstrip(",") in lex.rules.ethnic_names or words[-1] == "and"):
        words.pop()
    return " ".join(words)


def person_name(text: str, lexicon: Lexicon | None = None) -> str:
    """A person's name without titles or honorifics, keeping hereditary name-parts.

    >>> person_name("PM Wong")
    'Wong'
    >>> person_name("Tengku Datuk Seri Zafrul Abdul Aziz")
    'Tengku Zafrul Abdul Aziz'
    """
    lex = lexicon or load_lexicon()
    words = _POSSESSIVE.sub("", text.strip()).split()
    kept = [w for w in words if w in lex.rules.hereditary or w.lower().rstrip(".") not in lex.titles]
    return " ".join(kept) or text.strip()


def _with_hereditary(name: str, text: str, lex: Lexicon) -> str:
    """Put back a hereditary name-part written before an honorific.

    >>> _with_hereditary("Zafrul Abdul Aziz", "Tengku Datuk Seri Zafrul Abdul Aziz said", load_lexicon())
    'Tengku Zafrul Abdul Aziz'
    """
    parts = "|".join(re.escape(h) for h in lex.rules.hereditary)
    m = re.search(rf"\b({parts})\s+((?:[A-Z][\w'’.]*\s+){{1,3}}){re.escape(name)}\b", text)
    if m and all(w.lower().rstrip(".") in lex.titles for w in m.group(2).split()):
        return f"{m.group(1)} {name}"
    return name


def org_name(text: str, lexicon: Lexicon | None = None) -> str:
    """An organisation's name without "the", a possessive or legal-form designators.

    >>> org_name("the DBS Group Holdings Ltd.")
    'DBS Group Holdings'
    >>> org_name("Maybank Bhd")
    'Maybank'
    """
    lex = lexicon or load_lexicon()
    base = _strip_common(text)
    while True:
        m = re.search(r"[,\s]+([A-Za-z.&]+)\.?$", base)
        if not m or m.group(1).strip(".").lower() not in lex.designators or not m.group(1)[0].isupper():
            break
        if len(base[: m.start()].split()) < 1:
            break
        base = base[: m.start()].rstrip(" ,")
    return base


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name)) and len(name) >= 2


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", name) if w[0].isupper())


def _bracketed_before(acronym: str, longs: list[str], text: str) -> list[str]:
    r"""The long forms written right before the acronym in brackets: "Long Name (ACR)".

    Same as searching ``re.escape(long) + r"\s*\(\s*" + re.escape(acronym) + r"(?=[\s)])"`` for
    each long form, with one scan of the text per acronym instead of one per pair.

    >>> _bracketed_before("ADB", ["Asian Development Bank", "Bank"], "the Asian Development Bank (ADB)")
    ['Asian Development Bank', 'Bank']
    """
    ends = [
        len(text[: m.start()].rstrip())
        for m in re.finditer(r"\(\s*" + re.escape(acronym) + r"(?=[\s)])", text)
    ]
    if not ends:
        return []
    found = []
    for lg in longs:
        hit: object
        if lg[-1:].isspace():  # a long form ending in spaces: let the regex split the spaces
            hit = re.search(re.escape(lg) + r"\s*\(\s*" + re.escape(acronym) + r"(?=[\s)])", text)
        else:
            hit = any(text.endswith(lg, 0, end) for end in ends)
        if hit:
            found.append(lg)
    return found


def _org_names(bases: list[str], raws: list[str], text: str, lex: Lexicon) -> list[str]:
    """Acronyms and short forms take the long form written in the article; plurals the singular."""
    longs = [b for b in dict.fromkeys(bases) if not _is_acronym(b)]
    singular = {b: b[:-1] for b in longs if b.endswith("s") and b[:-1] in longs}

    def final(name: str) -> str:
        return singular.get(name, name)

    out = []
    for base in bases:
        name = base
        if _is_acronym(base):
            bare = base[:-1] if base.endswith("s") and not base[-2:].isupper() else base
            bracketed = _bracketed_before(bare, longs, text)
            spelled = [lg for lg in longs if _initials(lg) == bare.replace("-", "")]
            found = bracketed or spelled
            if found:
                name = min((final(f) for f in found), key=len)
        if name == base:
            longer = [
                lg for lg in longs if lg.startswith(base + " ") and lg.split()[-1] not in lex.event_heads
            ]
            if longer:
                name = min(longer, key=len)
        out.append(final(name))
    return out


def canonical_names(
    mentions: Sequence[tuple[str, str]], text: str, models_dir: str | None = None
) -> list[str]:
    """One canonical name per ``(text, label)`` mention of an article (see the module doc)."""
    lex = load_lexicon(models_dir)
    names: list[str] = [""] * len(mentions)
    persons = {
        i: _with_hereditary(person_name(t, lex), text, lex)
        for i, (t, label) in enumerate(mentions)
        if label == "PERSON"
    }
    full = [n for n in dict.fromkeys(persons.values()) if len(n.split()) > 1]
    for i, name in persons.items():
        words = set(name.split())
        matches = [f for f in full if words < set(f.split())]
        names[i] = max(matches, key=lambda f: len(f.split())) if matches else name
    org_idx = [i for i, (_, label) in enumerate(mentions) if label == "ORG"]
    bases = [org_name(mentions[i][0], lex) for i in org_idx]
    for i, name in zip(org_idx, _org_names(bases, [mentions[i][0] for i in org_idx], text, lex), strict=True):
        names[i] = name
    for i, (t, label) in enumerate(mentions):
        if label == "GPE":
            names[i] = place_name(t, lex)
        elif not names[i]:
            names[i] = t.strip()
    return names
