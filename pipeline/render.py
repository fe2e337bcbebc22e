"""Show an article with its facts: on the terminal (rich) and as an HTML page in displaCy's style.

Both views highlight every fact in the raw text with the colour of its kind (displaCy's own
colours: MONEY, DATE, ORG, GPE, PERSON; counts get CARDINAL's), label it, and list every
fact with its value in a table below. Facts that overlap (possible in predictions, e.g. a
year inside a name) are drawn as one highlight over their union, labelled with both kinds,
so no fact is hidden. The HTML is produced by ``spacy.displacy.render(style="ent",
manual=True)`` with a template that adds each fact's value as a tooltip (``title``) and a
``data-facts`` attribute naming the facts in the highlight, which the browser test reads.
The page is self-contained: inline CSS, no scripts, fonts or images from elsewhere.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text

from pipeline.corpus import ID_RE, read_article_file
from pipeline.errors import CorpusError
from pipeline.io import read_facts
from pipeline.schema import Article, CountFact, DateFact, EntityFact, Fact, MoneyFact
from pipeline.settings import Settings

COLOURS: dict[str, str] = {
    "MONEY": "#e4e7d2",
    "DATE": "#bfe1d9",
    "COUNT": "#ffeb80",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "PERSON": "#aa9cfc",
}
"""displaCy's default colours for these labels (COUNT borrows EVENT's yellow to stand out)."""


def fact_label(fact: Fact) -> str:
    """The highlight label: the entity's label, else the fact type in capitals."""
    return fact.label if isinstance(fact, EntityFact) else fact.type.upper()


def _number(x: float) -> str:
    """``24230000000`` → ``24,230,000,000``; ``1.5`` stays ``1.5``."""
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:,}"


def fact_value(fact: Fact) -> str:
    """The normalised value in a few words, as the tooltip and the table show it.

    >>> from pipeline.schema import MoneyFact
    >>> fact_value(MoneyFact(article_id="a", text="$5m", start=0, end=3, amount=5000000,
    ...                      currency="USD", qualifier="approx"))
    '5,000,000 USD (approx)'
    """
    if isinstance(fact, MoneyFact):
        amount = _number(fact.amount)
        if fact.qualifier == "range" and fact.amount_max is not None:
            return f"{amount}–{_number(fact.amount_max)} {fact.currency} (range)"
        qualifier = "" if fact.qualifier == "exact" else f" ({fact.qualifier})"
        return f"{amount} {fact.currency}{qualifier}"
    if isinstance(fact, DateFact):
        return fact.value
    if isinstance(fact, CountFact):
        qualifier = f" ({fact.qualifier})" if fact.qualifier else ""
        return f"{fact.count} {fact.item}{qualifier}"
    if isinstance(fact, EntityFact):
        return fact.name
    return ""


def fact_key(fact: Fact) -> str:
    """``type:start:end``, the fact's identity within its article (used in ``data-facts``)."""
    return f"{fact.type}:{fact.start}:{fact.end}"


@dataclass
class Highlight:
    """One highlighted stretch of text and the facts drawn in it (several if they overlap)."""

    start: int
    end: int
    facts: list[Fact]

    @property
    def label(self) -> str:
        labels: list[str] = []
        for fact in self.facts:
            if fact_label(fact) not in labels:
                labels.append(fact_label(fact))
        return "+".join(labels)

    @property
    def colour(self) -> str:
        return COLOURS.get(fact_label(self.facts[0]), "#ddd")

    @property
    def tooltip(self) -> str:
        return "\n".join(f"{fact_label(f)} “{f.text}” → {fact_value(f)}" for f in self.facts)


def highlights(facts: Sequence[Fact]) -> list[Highlight]:
    """Group facts into non-overlapping highlights, in text order."""
    result: list[Highlight] = []
    for fact in sorted(facts, key=lambda f: (f.start, -f.end, f.type)):
        if result and fact.start < result[-1].end:
            result[-1].end = max(result[-1].end, fact.end)
            result[-1].facts.append(fact)
        else:
            result.append(Highlight(fact.start, fact.end, [fact]))
    return result


# ---------------------------------------------------------------------------- lookup


def find_article(corpus: Path, ref: str) -> Article:
    """The article ``ref`` names: its id, a unique id prefix (``003``), or a path to ``ID.txt``."""
    as_path = Path(ref)
    if as_path.suffix == ".txt" and as_path.is_file():
        return read_article_file(as_path, as_path.parent)
    if not corpus.is_dir():
        raise CorpusError(corpus, "no such corpus folder (give --corpus)")
    if not ID_RE.match(ref):  # refuses "../x", "/etc/passwd" and glob tricks before any lookup
        raise CorpusError(corpus, f"{ref!r} is not an article id (letters, digits, '.', '_', '-')")
    exact = corpus / f"{ref}.txt"
    if exact.is_file():
        return read_article_file(exact, corpus)
    matches = sorted(corpus.glob(f"{glob_escape(ref)}*.txt"))
    if len(matches) == 1:
        return read_article_file(matches[0], corpus)
    if not matches:
        raise CorpusError(corpus, f"no article {ref!r} (list the ids with: ls {corpus})")
    names = ", ".join(m.stem for m in matches[:5]) + (", …" if len(matches) > 5 else "")
    raise CorpusError(corpus, f"{ref!r} matches {len(matches)} articles ({names}); give more of the id")


def glob_escape(text: str) -> str:
    """Escape glob wildcards so an id prefix is matched literally."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in text)


def facts_for(article: Article, facts_path: Path | None, settings: Settings | None = None) -> list[Fact]:
    """The article's facts from ``facts_path`` if given, else extracted now (no prior run needed)."""
    if facts_path is not None:
        return [f for f in read_facts(facts_path) if f.article_id == article.id]
    from pipeline.extract import extract_article  # loads spaCy: only when extracting

    return extract_article(article, settings or Settings.from_env())


# ---------------------------------------------------------------------------- terminal


def article_text(article: Article, facts: Sequence[Fact]) -> Text:
    """The article text with each highlight coloured and followed by its label."""
    out = Text()
    offset = 0
    text = article.text
    for h in highlights(facts):
        out.append(text[offset : h.start])
        out.append(text[h.start : h.end], style=f"black on {h.colour}")
        out.append(f" {h.label}", style=f"bold {h.colour}")
        offset = h.end
    out.append(text[offset:])
    return out


def facts_table(facts: Sequence[Fact], title: str | None = None, with_article: bool = False) -> Table:
    """Every fact as a row: kind, text, value, character span (and article, when several)."""
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("#", justify="right", style="dim")
    if with_article:
        table.add_column("article", overflow="fold")
    table.add_column("kind")
    table.add_column("text", overflow="fold")
    table.add_column("value", overflow="fold")
    table.add_column("span", justify="right", style="dim")
    for i, fact in enumerate(facts, start=1):
        label = fact_label(fact)
        cells = [str(i)]
        if with_article:
            cells.append(fact.article_id)
        cells += [f"[{COLOURS.get(label, 'white')}]{label}[/]", fact.text, fact_value(fact)]
        cells.append(f"{fact.start}–{fact.end}")
        table.add_row(*cells)
    return table


def terminal_view(article: Article, facts: Sequence[Fact]) -> Group:
    """Title line, highlighted text, then the facts table: what ``newsfacts show`` prints."""
    meta = article.meta
    head = Text(meta.title or article.id, style="bold")
    details = [article.id, meta.source, meta.published.isoformat() if meta.published else "no date"]
    sub = Text(" · ".join(d for d in details if d), style="dim")
    return Group(head, sub, Text(""), article_text(article, facts), Text(""), facts_table(facts))


# ---------------------------------------------------------------------------- HTML

_ENT_TEMPLATE = (
    '<mark class="entity" data-facts="{facts}" title="{tooltip}" style="background: {bg}; '
    "padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; border-radius: 0.35em; "
    'cursor: help;">{text}<span style="font-size: 0.8em; font-weight: bold; line-height: 1; '
    'border-radius: 0.35em; vertical-align: middle; margin-left: 0.5rem">{label}</span></mark>'
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif;
  margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }}
h1 {{ font-size: 1.5em; margin-bottom: 0.2em; }}
.meta {{ color: #666; margin-bottom: 1.5em; }}
.entities {{ font-size: 16px; }}
.legend mark {{ padding: 0.2em 0.5em; border-radius: 0.35em; margin-right: 0.4em; font-size: 0.85em; }}
table {{ border-collapse: collapse; margin-top: 2em; width: 100%; font-size: 0.9em; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }}
th {{ background: #f5f5f5; }}
td.num {{ text-align: right; color: #888; }}
</style>
</head>
<body>
<h1>{heading}</h1>
<div class="meta">{meta}</div>
<div class="legend">{legend}</div>
<p class="meta">Hover over a highlight to see the fact's value.</p>
{body}
<h2>Facts ({count})</h2>
<table id="facts">
<thead><tr><th>#</th><th>kind</th><th>text</th><th>value</th><th>span</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _row(i: int, fact: Fact) -> str:
    label = fact_label(fact)
    esc = html.escape
    return (
        f'<tr data-fact="{esc(fact_key(fact))}"><td class="num">{i}</td>'
        f'<td><mark style="background: {COLOURS.get(label, "#ddd")}">{esc(label)}</mark></td>'
        f"<td>{esc(fact.text)}</td><td>{esc(fact_value(fact))}</td>"
        f'<td class="num">{fact.start}–{fact.end}</td></tr>'
    )


def html_page(article: Article, facts: Sequence[Fact]) -> str:
    """A self-contained HTML page: the highlighted article (displaCy) and the facts table."""
    from spacy import displacy  # spaCy is only needed for the page, not for the terminal view

    ents = [
        {
            "start": h.start,
            "end": h.end,
            "label": h.label,
            "params": {
                "facts": html.escape(" ".join(fact_key(f) for f in h.facts)),
                "tooltip": html.escape(h.tooltip),
                "bg": h.colour,
            },
        }
        for h in highlights(facts)
    ]
    body = displacy.render(
        {"text": article.text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        page=False,
        jupyter=False,
        options={"template": _ENT_TEMPLATE},
    )
    meta = article.meta
    details = [
        article.id,
        meta.source,
        meta.published.isoformat() if meta.published else "no publication date",
    ]
    meta_html = " · ".join(html.escape(d) for d in details if d)
    if meta.url:
        meta_html += f' · <span class="url">{html.escape(meta.url)}</span>'
    used = sorted({fact_label(f) for f in facts}, key=list(COLOURS).index)
    legend = "".join(f'<mark style="background: {COLOURS[lb]}">{lb}</mark>' for lb in used)
    heading = meta.title or article.id
    return _PAGE.format(
        title=html.escape(f"{heading} — newsfacts"),
        heading=html.escape(heading),
        meta=meta_html,
        legend=legend,
        body=body,
        count=len(facts),
        rows="\n".join(_row(i, f) for i, f in enumerate(facts, start=1)),
    )
