"""The stock alternatives to newsfacts, each wrapped to return predictions in FACTS.md shape.

``newsfacts bench-accuracy`` runs these on the same inputs as newsfacts, so the comparison is
side by side. Every peer library is imported lazily, inside ``load``: a peer that is not
installed raises ``PeerUnavailable`` and shows as "not installed" in the table, instead of
breaking the benchmark. Each adapter is what a user would write with the library's documented
API, no more: the point is to measure the libraries, not to improve them.

Peers (``PEERS``), and what each predicts:

* ``spacy``: the stock model's own entities. MONEY and DATE are spans only (no value:
  ``SpanOnly``, scored by lenient F1 only); PERSON/ORG/GPE become entity facts named by their
  text.
* ``glue``: "what a user would glue together" (issue 7): spaCy's entities for spans, values
  from quantulum3 (MONEY text), dateparser (DATE text, granularity from
  ``DateDataParser.get_date_data().period``), and a CARDINAL-before-noun count rule (the
  noun is the CARDINAL's syntactic head, after it, with its lemma on FACTS.md's item list).
* ``search_dates``: ``dateparser.search.search_dates`` on the whole text with the reference
  date as ``RELATIVE_BASE``; value at day granularity; span = the returned substring located
  in the text.
* ``timexy``: the timexy spaCy component (TIMEX3 values), on a tokenizer-only English pipeline
  (with ``overwrite: False`` timexy drops any match overlapping another entity, so the stock
  NER would hide its dates); only ``type="DATE"`` results, ``2010-10-10T00:00:00`` → day.
* ``quantulum3``: ``quantulum3.parser.parse`` on the whole text; quantities whose unit entity
  is "currency" and that carry ``unit.currency_code``.
* ``price_parser``: ``Price.fromstring`` on each spaCy MONEY entity's text (price-parser finds
  no spans itself); the currency string mapped to ISO 4217 through babel's English symbols.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from pipeline.errors import NewsfactsError
from pipeline.schema import CountFact, DateFact, EntityFact, EntityLabel, Fact, FactType, MoneyFact
from pipeline.settings import Settings


class PeerUnavailable(NewsfactsError):
    """A peer's library is not installed (or fails to import): the table says so."""


@dataclass(frozen=True)
class SpanOnly:
    """A prediction with a span and a type but no value (spaCy's MONEY/DATE entities)."""

    article_id: str
    type: FactType
    text: str
    start: int
    end: int


Prediction = Fact | SpanOnly


@dataclass(frozen=True)
class CaseInput:
    """One text to run a tool on: its id (used as ``article_id``), text and reference date."""

    id: str
    text: str
    reference: date | None


ENTITY_LABELS: dict[str, EntityLabel] = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE"}
COUNT_ITEMS = {
    "agreement": "agreement",
    "memorandum": "memorandum of understanding",
    "memoranda": "memorandum of understanding",
    "mou": "memorandum of understanding",
    "mous": "memorandum of understanding",
    "contract": "contract",
    "deal": "deal",
    "pact": "pact",
    "treaty": "treaty",
    "accord": "accord",
    "document": "document",
    "initiative": "initiative",
    "project": "project",
    "program": "program",
    "programme": "program",
    "letter": "letter of intent",
}
"""FACTS.md's closed list of counted nouns (by lemma), for the glue's count rule."""
PEER_DISTRIBUTIONS = {
    "spacy": ("spacy",),
    "glue": ("spacy", "quantulum3", "dateparser"),
    "search_dates": ("dateparser",),
    "timexy": ("timexy",),
    "quantulum3": ("quantulum3",),
    "price_parser": ("price-parser",),
}
"""The distributions each peer needs, for versions in the report."""


def peer_versions(settings: Settings) -> dict[str, str]:
    """Installed version of every peer library and of the stock model ("not installed" if absent)."""
    out: dict[str, str] = {}
    for dist in sorted({d for ds in PEER_DISTRIBUTIONS.values() for d in ds} | {settings.model}):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _require(module: str) -> Any:
    """Import a peer library or raise ``PeerUnavailable`` naming it."""
    import importlib

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # quantulum3 warns that its optional classifier is absent
            return importlib.import_module(module)
    except ImportError as exc:
        raise PeerUnavailable(f"{module} is not installed ({exc})") from None


# --- shared stock spaCy docs ----------------------------------------------------------------


@functools.cache
def stock_nlp(model: str, exclude: tuple[str, ...] = ()) -> Any:
    """The stock model; whole by default (the glue's count rule needs its parser and lemmas)."""
    spacy = _require("spacy")
    try:
        return spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        raise PeerUnavailable(f"the spaCy model {model!r} is not installed") from exc


def stock_docs(inputs: Sequence[CaseInput], settings: Settings, whole: bool = True) -> list[Any]:
    """The stock model's docs for the inputs, in order (computed once, shared by the spaCy peers).

    ``whole=False`` runs only the model's NER, as newsfacts does (half the time on TempEval-3):
    enough for every peer except the glue's count rule.
    """
    nlp = stock_nlp(settings.model, () if whole else tuple(settings.exclude))
    return list(nlp.pipe((c.text for c in inputs), batch_size=32))


# --- value helpers ---------------------------------------------------------------------------


@functools.cache
def _currency_symbols() -> dict[str, str]:
    """English currency symbols and codes → ISO 4217, from babel (``$`` → USD, ``€`` → EUR…)."""
    numbers = _require("babel.numbers")
    out: dict[str, str] = {}
    for code in sorted(numbers.list_currencies()):
        out.setdefault(code, code)
    for code in sorted(numbers.list_currencies()):
        out.setdefault(numbers.get_currency_symbol(code, locale="en"), code)
    return out


def _money(
    article_id: str, text: str, start: int, end: int, amount: float, currency: str | None
) -> Fact | None:
    if currency is None or not re.fullmatch(r"[A-Z]{3}", currency):
        return None
    amount = int(amount) if float(amount).is_integer() else float(amount)
    return MoneyFact(article_id=article_id, text=text, start=start, end=end, amount=amount, currency=currency)


def _date(article_id: str, text: str, start: int, end: int, value: str) -> Fact:
    """A date fact; a value outside FACTS.md's forms is kept (unvalidated) so it counts as wrong."""
    try:
        return DateFact(article_id=article_id, text=text, start=start, end=end, value=value)
    except ValueError:
        return DateFact.model_construct(article_id=article_id, text=text, start=start, end=end, value=value)


def _base(reference: date | None) -> datetime | None:
    return datetime(reference.year, reference.month, reference.day) if reference else None


# --- the peers -------------------------------------------------------------------------------


def spacy_entities(
    inputs: Sequence[CaseInput], docs: Sequence[Any], settings: Settings
) -> list[list[Prediction]]:
    """spaCy's MONEY/DATE entities as spans only; PERSON/ORG/GPE as entities named by their text."""
    out: list[list[Prediction]] = []
    for case, doc in zip(inputs, docs, strict=True):
        preds: list[Prediction] = []
        for ent in doc.ents:
            span = (case.id, ent.text, ent.start_char, ent.end_char)
            if ent.label_ == "MONEY":
                preds.append(SpanOnly(case.id, "money", ent.text, ent.start_char, ent.end_char))
            elif ent.label_ == "DATE":
                preds.append(SpanOnly(case.id, "date", ent.text, ent.start_char, ent.end_char))
            elif ent.label_ in ENTITY_LABELS:
                preds.append(
                    EntityFact(
                        article_id=span[0], text=span[1], start=span[2], end=span[3],
                        label=ENTITY_LABELS[ent.label_], name=ent.text,
                    )
                )  # fmt: skip
        out.append(preds)
    return out


def _quantulum_currency(text: str) -> list[tuple[int, int, float, str | None]]:
    parser = _require("quantulum3.parser")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantities = parser.parse(text)
    return [
        (q.span[0], q.span[1], float(q.value), getattr(q.unit, "currency_code", None))
        for q in quantities
        if q.unit.entity.name == "currency"
    ]


def _quantulum_number(text: str) -> float | None:
    """The first dimensionless quantity quantulum3 reads in ``text`` (the glue's number parser)."""
    parser = _require("quantulum3.parser")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantities = parser.parse(text)
    return float(quantities[0].value) if quantities else None


@functools.cache
def _date_data_parser(reference: date | None) -> Any:
    dateparser_date = _require("dateparser.date")
    settings = {"RELATIVE_BASE": _base(reference)} if reference else {}
    return dateparser_date.DateDataParser(languages=["en"], settings=settings)


def _dateparser_value(text: str, reference: date | None) -> str | None:
    """dateparser's reading of a DATE entity, at the granularity it reports (year, month, day)."""
    data = _date_data_parser(reference).get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(data.period, d.isoformat())


def glue(inputs: Sequence[CaseInput], docs: Sequence[Any], settings: Settings) -> list[list[Prediction]]:
    """spaCy spans, quantulum3 money values, dateparser date values, CARDINAL-before-noun counts."""
    out: list[list[Prediction]] = []
    for case, doc in zip(inputs, docs, strict=True):
        preds: list[Prediction] = []
        for ent in doc.ents:
            at = (case.id, ent.text, ent.start_char, ent.end_char)
            if ent.label_ in ENTITY_LABELS:
                preds.append(EntityFact(article_id=at[0], text=at[1], start=at[2], end=at[3],
                                        label=ENTITY_LABELS[ent.label_], name=ent.text))  # fmt: skip
            elif ent.label_ == "MONEY":
                found = _quantulum_currency(ent.text)
                fact = _money(*at, found[0][2], found[0][3]) if found else None
                preds += [fact] if fact else []
            elif ent.label_ == "DATE":
                value = _dateparser_value(ent.text, case.reference)
                preds += [_date(*at, value)] if value else []
            elif ent.label_ == "CARDINAL":
                noun = ent.root.head  # the noun the number modifies, after it ("18 new deals")
                after = noun.i >= ent.end and noun.pos_ in {"NOUN", "PROPN"}
                item = COUNT_ITEMS.get(noun.lemma_.lower()) if after else None
                number = _quantulum_number(ent.text)
                if item and number is not None and number.is_integer() and number > 0:
                    preds.append(CountFact(article_id=at[0], text=at[1], start=at[2], end=at[3],
                                           count=int(number), item=item))  # fmt: skip
        out.append(preds)
    return out


def search_dates(
    inputs: Sequence[CaseInput], docs: Sequence[Any], settings: Settings
) -> list[list[Prediction]]:
    """``dateparser.search.search_dates`` with the reference date; day granularity."""
    search = _require("dateparser.search")
    out: list[list[Prediction]] = []
    for case in inputs:
        options = {"RELATIVE_BASE": _base(case.reference)} if case.reference else {}
        found = search.search_dates(case.text, languages=["en"], settings=options) or []
        preds: list[Prediction] = []
        cursor = 0
        for substring, when in found:
            start = case.text.find(substring, cursor)
            if start < 0:
                start = case.text.find(substring)
            if start < 0:
                continue
            cursor = start + len(substring)
            preds.append(_date(case.id, substring, start, cursor, when.date().isoformat()))
        out.append(preds)
    return out


@functools.cache
def _timexy_nlp() -> Any:
    spacy = _require("spacy")
    _require("timexy")  # registers the "timexy" factory
    logging.getLogger("timexy").setLevel(logging.CRITICAL)  # it logs (as errors) every match it cannot align
    nlp = spacy.blank("en")
    nlp.add_pipe("timexy", config={"kb_id_type": "timex3", "label": "timexy", "overwrite": False})
    return nlp


_TIMEX = re.compile(r'type="(?P<type>\w+)" value="(?P<value>[^"]*)"')


def timexy(inputs: Sequence[CaseInput], docs: Sequence[Any], settings: Settings) -> list[list[Prediction]]:
    """timexy's TIMEX3 DATE values (it takes no reference date: relative dates are not resolved)."""
    nlp = _timexy_nlp()
    out: list[list[Prediction]] = []
    for case, doc in zip(inputs, nlp.pipe(c.text for c in inputs), strict=True):
        preds: list[Prediction] = []
        for ent in doc.ents:
            m = _TIMEX.search(ent.kb_id_)
            if ent.label_ == "timexy" and m and m["type"] == "DATE":
                value = m["value"].split("T")[0]
                preds.append(_date(case.id, ent.text, ent.start_char, ent.end_char, value))
        out.append(preds)
    return out


def quantulum3(
    inputs: Sequence[CaseInput], docs: Sequence[Any], settings: Settings
) -> list[list[Prediction]]:
    """quantulum3's currency quantities in the whole text."""
    out: list[list[Prediction]] = []
    for case in inputs:
        preds: list[Prediction] = []
        for start, end, amount, code in _quantulum_currency(case.text):
            fact = _money(case.id, case.text[start:end], start, end, amount, code)
            preds += [fact] if fact else []
        out.append(preds)
    return out


def price_parser(
    inputs: Sequence[CaseInput], docs: Sequence[Any], settings: Settings
) -> list[list[Prediction]]:
    """``Price.fromstring`` on each spaCy MONEY entity; currency via babel's English symbols."""
    price = _require("price_parser")
    symbols = _currency_symbols()
    out: list[list[Prediction]] = []
    for case, doc in zip(inputs, docs, strict=True):
        preds: list[Prediction] = []
        for ent in doc.ents:
            if ent.label_ != "MONEY":
                continue
            parsed = price.Price.fromstring(ent.text)
            if parsed.amount is None or parsed.currency is None:
                continue
            code = symbols.get(parsed.currency.strip()) or symbols.get(parsed.currency.strip().upper())
            fact = _money(case.id, ent.text, ent.start_char, ent.end_char, float(parsed.amount), code)
            preds += [fact] if fact else []
        out.append(preds)
    return out


PeerFn = Callable[[Sequence[CaseInput], Sequence[Any], Settings], list[list[Prediction]]]
PEERS: dict[str, tuple[PeerFn, frozenset[FactType], bool]] = {
    "glue": (glue, frozenset({"money", "date", "count", "entity"}), True),
    "spacy": (spacy_entities, frozenset({"money", "date", "entity"}), True),
    "search_dates": (search_dates, frozenset({"date"}), False),
    "timexy": (timexy, frozenset({"date"}), False),
    "quantulum3": (quantulum3, frozenset({"money"}), False),
    "price_parser": (price_parser, frozenset({"money"}), True),
}
"""name → (adapter, fact types it predicts, whether it needs the stock spaCy docs)."""


def number_value(peer: str, text: str) -> float | None:
    """A peer's reading of one number string (the Recognizers-Text number suite)."""
    if peer == "quantulum3":
        return _quantulum_number(text)
    raise PeerUnavailable(f"{peer} does not read numbers")
