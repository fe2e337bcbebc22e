"""Money facts: read the money ruler's candidate spans and give each chosen span its value.

Candidates may overlap ("$83" and "$83 billion"); the longest span with a value wins, and a
"compound" candidate ("50 dollar 50") that runs into another candidate is dropped. A bare "$" or
"dollars" is read from the article (FACTS.md): the same figure written earlier with a prefixed
dollar ("S$1.2 billion"), or a publication from a territory whose own dollar is written "$"
(an ``.sg`` address, or a source named in ``models/sources.jsonl`` such as "The Straits Times");
otherwise U.S. dollars. The reason goes in the fact's ``evidence``.
"""

from __future__ import annotations

import functools
from urllib.parse import urlparse

import babel.numbers as bn
from babel import Locale
from spacy.tokens import Doc, Span

from pipeline.facts.text import article_text
from pipeline.normalise.money import MoneyValue, normalise_money
from pipeline.normalise.money_lexicon import load_sources, source_key
from pipeline.normalise.numbers import to_json_number
from pipeline.schema import Article, MoneyFact

CONTEXT_CHARS = 40
"""How much text around a span the qualifier, range and name-before-number readers see."""


@functools.cache
def _territory_dollar(territory: str) -> str | None:
    """The currency a territory writes as a bare "$" ("sg" → "SGD"), from CLDR; None otherwise.

    Each of the territory's English and Simplified Chinese locales that CLDR has is asked (a
    territory may have only one: en_AU, but no zh_Hans_AU).

    >>> _territory_dollar("sg"), _territory_dollar("au"), _territory_dollar("hk"), _territory_dollar("us")
    ('SGD', 'AUD', None, None)
    """
    region = territory.upper()
    try:
        codes = bn.get_territory_currencies(region)
    except Exception:
        return None
    locales = []
    for name in ("en_" + region, "zh_Hans_" + region):
        try:
            locales.append(Locale.parse(name))
        except Exception:
            continue
    for code in codes:
        for loc in locales:
            if code != "USD" and bn.get_currency_symbol(code, loc) == "$":
                return str(code)
    return None


def publication_dollar(article: Article) -> tuple[str, str] | None:
    """(code, evidence) when the publication's own dollar is written "$", else None.

    Read from the address (an ``.sg`` host), else from the source's name in ``models/sources.jsonl``.
    """
    host = urlparse(article.meta.url or "").hostname or ""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    code = _territory_dollar(tld) if tld.isalpha() and len(tld) == 2 else None
    if code is not None:
        return code, f"bare dollar read as {code}: the publication's address {host} is in .{tld}"
    source = article.meta.source or ""
    territory = load_sources().get(source_key(source))
    code = _territory_dollar(territory) if territory else None
    if code is None:
        return None
    return code, f"bare dollar read as {code}: the publication {source.strip()!r} is from {territory}"


def _candidates(doc: Doc) -> list[Span]:
    spans = list(doc.spans.get("money", []))
    keep = []
    for span in spans:
        crossed = any(
            o.start_char < span.end_char
            and span.start_char < o.end_char
            and not (span.start_char <= o.start_char and o.end_char <= span.end_char)
            and not (o.start_char <= span.start_char and span.end_char <= o.end_char)
            for o in spans
        )
        if not (crossed and span.id_.startswith("compound")):
            keep.append(span)
    return sorted(keep, key=lambda s: (-(s.end_char - s.start_char), s.start_char))


def _value(text: str, span: Span, dollar: tuple[str, str] | None) -> MoneyValue | None:
    before = text[max(0, span.start_char - CONTEXT_CHARS) : span.start_char]
    after = text[span.end_char : span.end_char + CONTEXT_CHARS]
    surface = text[span.start_char : span.end_char]
    if dollar is None:
        return normalise_money(surface, before, after=after)
    return normalise_money(surface, before, dollar[0], dollar[1], after=after)


def money_facts(doc: Doc, article: Article) -> list[MoneyFact]:
    """One fact per chosen money span, with amount, ISO 4217 currency, qualifier and evidence."""
    text = article_text(doc, article)
    chosen: list[tuple[Span, MoneyValue]] = []
    publication = publication_dollar(article)
    for span in _candidates(doc):
        if any(s.start_char < span.end_char and span.start_char < s.end_char for s, _ in chosen):
            continue
        value = _value(text, span, publication)
        if value is not None:
            chosen.append((span, value))
    chosen.sort(key=lambda sv: sv[0].start_char)
    explicit: dict[int | float, tuple[str, Span]] = {}
    facts: list[MoneyFact] = []
    for span, value in chosen:
        if value.evidence is not None and value.amount in explicit:
            code, earlier = explicit[value.amount]
            evidence = (
                f"bare dollar read as {code}: the same figure is written "
                f"{text[earlier.start_char : earlier.end_char]!r} "
                f"at {earlier.start_char}"
            )
            value = _value(text, span, (code, evidence)) or value
        elif (
            value.evidence is None
            and value.currency != "USD"
            and "$" in text[span.start_char : span.end_char]
        ):
            explicit.setdefault(value.amount, (value.currency, span))
        facts.append(
            MoneyFact(
                article_id=article.id,
                text=text[span.start_char : span.end_char],
                start=span.start_char,
                end=span.end_char,
                rule=span.id_ or None,
                amount=value.amount,
                currency=value.currency,
                qualifier=value.qualifier,  # type: ignore[arg-type]
                amount_max=value.amount_max,
                evidence=value.evidence,
            )
        )
    return facts


__all__ = ["money_facts", "publication_dollar", "to_json_number"]
