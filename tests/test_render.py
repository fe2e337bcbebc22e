"""Showing facts: every fact highlighted where it is, with its value, on the terminal and in HTML."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from pipeline.corpus import read_article_file
from pipeline.io import read_facts
from pipeline.render import (
    article_text,
    fact_key,
    fact_value,
    facts_table,
    highlights,
    html_page,
    terminal_view,
)
from pipeline.schema import FACT_ADAPTER, Article, ArticleMeta, Fact

from .conftest import CORPUS, GOLD

GOLD_FILES = sorted(p for p in GOLD.glob("*.jsonl") if not p.name.endswith(".draft.jsonl"))


def _fact(**data: object) -> Fact:
    return FACT_ADAPTER.validate_python({"article_id": "a", **data})


SPAN = {"text": "x", "start": 0, "end": 1}
VALUE_CASES = [
    ({"type": "money", "amount": 24230000000, "currency": "CNY"}, "24,230,000,000 CNY"),
    ({"type": "money", "amount": 1.5, "currency": "USD", "qualifier": "over"}, "1.5 USD (over)"),
    (
        {"type": "money", "amount": 1e9, "currency": "USD", "qualifier": "range", "amount_max": 2e9},
        "1,000,000,000–2,000,000,000 USD (range)",
    ),
    ({"type": "date", "value": "2025-Q3"}, "2025-Q3"),
    ({"type": "count", "count": 18, "item": "initiative"}, "18 initiative"),
    ({"type": "count", "count": 18, "item": "deal", "qualifier": "over"}, "18 deal (over)"),
    ({"type": "entity", "label": "PERSON", "name": "Pham Minh Chinh"}, "Pham Minh Chinh"),
]


@pytest.mark.parametrize(("data", "expected"), VALUE_CASES)
def test_fact_value(data: dict[str, object], expected: str) -> None:
    assert fact_value(_fact(**SPAN, **data)) == expected


def test_overlapping_facts_share_one_highlight_and_none_is_lost() -> None:
    facts = [
        _fact(type="entity", text="CCI-FS 2023", start=10, end=21, label="ORG", name="CCI-FS 2023"),
        _fact(type="date", text="2023", start=17, end=21, value="2023"),
        _fact(type="entity", text="Wu", start=30, end=32, label="PERSON", name="Wu Heng"),
    ]
    groups = highlights(facts)
    assert [(h.start, h.end, h.label) for h in groups] == [(10, 21, "ORG+DATE"), (30, 32, "PERSON")]
    assert sum(len(h.facts) for h in groups) == len(facts)


def _load(gold: Path) -> tuple[Article, list[Fact]]:
    return read_article_file(CORPUS / f"{gold.stem}.txt", CORPUS), list(read_facts(gold))


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_terminal_highlights_are_exactly_the_facts(gold: Path) -> None:
    article, facts = _load(gold)
    text = article_text(article, facts)
    styled = [text.plain[s.start : s.end] for s in text.spans if str(s.style).startswith("black on")]
    assert styled == [article.text[h.start : h.end] for h in highlights(facts)]
    # With the labels taken out, the printed text is the article, character for character.
    plain = text.plain
    for h in reversed(highlights(facts)):
        label = f" {h.label}"
        at = plain.index(article.text[h.start : h.end] + label, h.start)
        plain = plain[: at + h.end - h.start] + plain[at + h.end - h.start + len(label) :]
    assert plain == article.text


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_terminal_table_lists_every_fact_with_its_value(gold: Path) -> None:
    article, facts = _load(gold)
    console = Console(width=400, record=True, file=io.StringIO())
    console.print(facts_table(facts))
    out = console.export_text()
    rows = [line for line in out.splitlines() if re.match(r"^│\s*\d+\s*│", line)]
    assert len(rows) == len(facts)
    for row, fact in zip(rows, facts, strict=True):
        assert fact.text in row and fact_value(fact) in row
    console.print(terminal_view(article, facts))
    assert article.meta.title and article.meta.title in console.export_text()


class _Marks(HTMLParser):
    """Collect each highlight's data-facts, title and visible text (label span excluded)."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, str]] = []
        self.rows: list[str] = []
        self._in_mark = False
        self._in_label = False
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"script", "link", "img", "iframe"} or any(
            (v or "").startswith(("http:", "https:", "//")) for k, v in attrs if k in {"src", "href"}
        ):
            self.external.append(tag)
        if tag == "mark" and "data-facts" in a:
            self.marks.append({"facts": a["data-facts"] or "", "title": a.get("title") or "", "text": ""})
            self._in_mark = True
        elif tag == "span" and self._in_mark:
            self._in_label = True
        elif tag == "tr" and "data-fact" in a:
            self.rows.append(a["data-fact"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False
        elif tag == "span":
            self._in_label = False

    def handle_data(self, data: str) -> None:
        if self._in_mark and not self._in_label:
            self.marks[-1]["text"] += data


def check_page(page: str, article: Article, facts: list[Fact]) -> None:
    """The page highlights exactly the facts, shows each value, and loads nothing from outside."""
    parser = _Marks()
    parser.feed(page)
    by_key = {fact_key(f): f for f in facts}
    shown = [key for mark in parser.marks for key in mark["facts"].split()]
    assert sorted(shown) == sorted(by_key)
    for mark in parser.marks:
        members = [by_key[k] for k in mark["facts"].split()]
        start, end = min(f.start for f in members), max(f.end for f in members)
        assert mark["text"].strip() == article.text[start:end].strip()
        for fact in members:
            assert fact_value(fact) in mark["title"]
    assert sorted(parser.rows) == sorted(by_key)
    assert parser.external == []


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_html_page_highlights_exactly_the_facts(gold: Path) -> None:
    article, facts = _load(gold)
    check_page(html_page(article, facts), article, facts)


def test_html_escapes_text_and_values() -> None:
    text = 'Acme <b>"Fish & Chips"</b> raised $5.'
    article = Article(meta=ArticleMeta(id="x", title="<script>alert(1)</script>"), text=text)
    fact = _fact(type="entity", text="Acme", start=0, end=4, label="ORG", name='Acme <"&>')
    page = html_page(article, [fact])
    assert "<script>" not in page and "<b>" not in page
    check_page(page, article, [fact])
