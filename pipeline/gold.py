"""Tools for the people who make the gold: check every gold file, draft a new one.

``check_gold_dir`` reads each ``ID.jsonl`` line by line and reports every problem it finds
as one line ``file:line: problem`` (it does not stop at the first): a line that is not a
fact of the schema, a fact for another article, offsets outside the text, a ``text`` that
is not ``article[start:end]``, two facts of one type whose spans overlap (FACTS.md spans
are flat), and one surface given two canonical names in one article (every mention of the
same thing shares its name). Drafts (``ID.draft.jsonl``) are checked only when named.

``draft_gold`` writes the pipeline's facts for one article in the gold shape (no ``rule``
or ``evidence``), to be corrected by hand and renamed to ``ID.jsonl``. It never replaces
an existing file unless asked to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.corpus import read_article_file
from pipeline.errors import CorpusError, FactFormatError, NewsfactsError
from pipeline.io import DRAFT_SUFFIX, atomic_writer, gold_files, parse_fact_lines
from pipeline.schema import EntityFact, Fact, fact_sort_key, fact_to_json

GOLD_ONLY_FIELDS = ("rule", "evidence")
"""Output-only fields the gold does not carry."""


@dataclass(frozen=True)
class GoldIssue:
    """One problem in a gold file, at a line (0 when it concerns the whole file)."""

    path: str
    lineno: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.lineno}: {self.problem}" if self.lineno else f"{self.path}: {self.problem}"


def article_id_of(path: Path) -> str:
    """``corpus/gold/ID.jsonl`` and ``ID.draft.jsonl`` → ``ID``."""
    name = path.name
    return name[: -len(DRAFT_SUFFIX)] if name.endswith(DRAFT_SUFFIX) else path.stem


def _read_lines(path: Path) -> tuple[list[tuple[int, Fact]], list[GoldIssue]]:
    """Facts of the good lines, one issue per bad line; decoded whole so a bad byte gets its file offset."""
    facts: list[tuple[int, Fact]] = []
    issues: list[GoldIssue] = []
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [GoldIssue(str(path), 0, f"not UTF-8 (byte {exc.start})")]
    for lineno, parsed in parse_fact_lines(content.split("\n"), path):
        if isinstance(parsed, FactFormatError):
            issues.append(GoldIssue(str(path), lineno, parsed.problem))
        else:
            facts.append((lineno, parsed))
    return facts, issues


def _overlaps(path: str, facts: Sequence[tuple[int, Fact]]) -> Iterable[GoldIssue]:
    """Same-type facts whose spans overlap (an exact repeat is named as a duplicate)."""
    by_type: dict[str, list[tuple[int, Fact]]] = {}
    for lineno, fact in facts:
        by_type.setdefault(fact.type, []).append((lineno, fact))
    for numbered in by_type.values():
        numbered.sort(key=lambda nf: (nf[1].start, nf[1].end))
        for i, (lineno, fact) in enumerate(numbered):
            for other_line, other in numbered[i + 1 :]:
                if other.start >= fact.end:
                    break
                first, second = sorted((lineno, other_line))
                what = "duplicates" if (fact.start, fact.end) == (other.start, other.end) else "overlaps"
                yield GoldIssue(
                    path,
                    second,
                    f"{other.type} span {other.text!r} [{other.start}:{other.end}] {what} "
                    f"line {first} {fact.text!r} [{fact.start}:{fact.end}]; {other.type} spans must be flat",
                )


def _two_names(path: str, facts: Sequence[tuple[int, Fact]]) -> Iterable[GoldIssue]:
    """One surface (case-sensitive, same label) given two canonical names in one article."""
    first_seen: dict[tuple[str, str], tuple[int, str]] = {}
    for lineno, fact in facts:
        if not isinstance(fact, EntityFact):
            continue
        key = (fact.label, fact.text)
        if key not in first_seen:
            first_seen[key] = (lineno, fact.name)
        elif first_seen[key][1] != fact.name:
            seen_line, seen_name = first_seen[key]
            yield GoldIssue(
                path,
                lineno,
                f"{fact.label} {fact.text!r} is named {fact.name!r} here but {seen_name!r} on line "
                f"{seen_line}; one thing has one canonical name per article",
            )


def check_gold_file(path: Path, articles_dir: Path) -> list[GoldIssue]:
    """Every problem in one gold file, in line order."""
    where = str(path)
    article_id = article_id_of(path)
    facts, issues = _read_lines(path)
    txt = articles_dir / f"{article_id}.txt"
    text: str | None = None
    if not txt.is_file():
        issues.append(GoldIssue(where, 0, f"unknown article id {article_id!r}: no {txt}"))
    else:
        try:
            text = read_article_file(txt, articles_dir).text
        except CorpusError as exc:
            issues.append(GoldIssue(where, 0, f"its article cannot be read ({exc})"))
    for lineno, fact in facts:
        if fact.article_id != article_id:
            issues.append(
                GoldIssue(
                    where, lineno, f"article_id {fact.article_id!r} is not the file's article {article_id!r}"
                )
            )
        if text is None:
            continue
        if fact.end > len(text):
            issues.append(
                GoldIssue(
                    where, lineno, f"end {fact.end} is past the end of the article ({len(text)} characters)"
                )
            )
        elif text[fact.start : fact.end] != fact.text:
            issues.append(
                GoldIssue(
                    where,
                    lineno,
                    f"text {fact.text!r} is not the article's [{fact.start}:{fact.end}] "
                    f"{text[fact.start : fact.end]!r}",
                )
            )
    issues += _overlaps(where, facts)
    issues += _two_names(where, facts)
    return sorted(issues, key=lambda i: (i.lineno, i.problem))


def check_gold_dir(target: Path, articles_dir: Path) -> list[GoldIssue]:
    """Every problem in every gold file of ``target`` (a folder, or one file)."""
    issues: list[GoldIssue] = []
    for path in gold_files(target):
        issues += check_gold_file(path, articles_dir)
    return issues


def gold_json(fact: Fact) -> dict[str, object]:
    """A fact as a gold line: the schema fields only (no rule, evidence or other extras)."""
    data = fact_to_json(fact)
    extras = set(fact.model_extra or {}) | set(GOLD_ONLY_FIELDS)
    return {k: v for k, v in data.items() if k not in extras}


def write_draft(facts: Iterable[Fact], path: Path, force: bool = False) -> int:
    """Write facts as a gold draft at ``path``; refuse to replace a file unless ``force``."""
    if path.exists() and not force:
        raise NewsfactsError(f"{path}: already exists; correct that file, or give --force to replace it")
    n = 0
    with atomic_writer(path) as fh:
        for fact in sorted(facts, key=fact_sort_key):
            fh.write(json.dumps(gold_json(fact), ensure_ascii=False) + "\n")
            n += 1
    return n


def draft_path(gold_dir: Path, article_id: str) -> Path:
    """Where a draft goes by default: ``gold_dir/ID.draft.jsonl``."""
    return gold_dir / f"{article_id}{DRAFT_SUFFIX}"


def draft_gold(
    article_id: str,
    corpus: Path,
    gold_dir: Path,
    output: Path | None = None,
    facts_path: Path | None = None,
    force: bool = False,
) -> tuple[Path, int]:
    """Write the pipeline's facts for one article as a draft gold file; return (path, facts).

    The facts come from ``facts_path`` if given, else the article is extracted now.
    """
    from pipeline.render import facts_for, find_article

    article = find_article(corpus, article_id)
    path = output or draft_path(gold_dir, article.id)
    if path.exists() and not force:  # checked before extracting: refusing should be quick
        raise NewsfactsError(f"{path}: already exists; correct that file, or give --force to replace it")
    return path, write_draft(facts_for(article, facts_path), path, force=force)
