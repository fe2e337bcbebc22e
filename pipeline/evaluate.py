"""Score predicted facts against gold, exactly as FACTS.md ("Scoring") defines it: the entry points.

Pure: works on lists of ``pipeline.schema.Fact`` and never touches spaCy, so it can be
tested with hand-made facts and reused on any tool's output converted to the schema. This
module puts the pieces together and reads the files; the matching rules and counts are in
``pipeline.scoring`` (shared with the peer benchmark), the error list and gold checks in
``pipeline.eval_errors``.

* ``evaluate(gold, pred, texts)`` scores every gold article (predictions for articles with no
  gold file are ignored and listed in ``EvalReport.ignored_articles``) and lists the errors
  (missed, spurious, wrong value) with a few words of context.
* ``evaluate_files`` reads the gold folder, the predictions and the article texts; a gold fact
  whose ``text`` is not ``article[start:end]`` is named, left out of scoring, and the rest is scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import FactFormatError
from pipeline.eval_errors import ErrorRecord, GoldProblem, check_gold, error_order, error_records
from pipeline.io import gold_files, group_by_article, read_facts, read_numbered_facts
from pipeline.schema import Fact
from pipeline.scoring import Scores, add_scores, empty_scores, score_article

# --- loading (pipeline.io parses; here line numbers are kept for gold checks) -----------------


def load_numbered_facts(path: Path | str) -> list[tuple[int, Fact]]:
    """``(line number, fact)`` pairs of a facts file (``-`` is stdin); see ``read_numbered_facts``."""
    return list(read_numbered_facts(path))


def load_facts(path: Path | str) -> list[Fact]:
    """Read a facts JSONL file (``-`` is stdin), validating each line with the fact schema."""
    return list(read_facts(path))


def read_article_text(articles_dir: Path, article_id: str) -> str | None:
    """The raw text of ``ID.txt`` exactly as stored (no newline translation), or None."""
    path = articles_dir / f"{article_id}.txt"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


# --- the report ------------------------------------------------------------------------------


@dataclass
class EvalReport:
    """Scores per type and matching (micro-averaged), per article, and the error list."""

    scores: Scores
    per_article: dict[str, Scores]
    errors: list[ErrorRecord]
    ignored_articles: list[str] = field(default_factory=list)
    """Articles with predictions but no gold file: not scored."""
    gold_problems: list[GoldProblem] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len(self.per_article)

    def to_json(self) -> dict[str, Any]:
        def table(scores: Scores) -> dict[str, Any]:
            return {kind: {mode: prf.to_json() for mode, prf in by.items()} for kind, by in scores.items()}

        return {
            "scores": table(self.scores),
            "per_article": {aid: table(scores) for aid, scores in self.per_article.items()},
            "errors": [record.to_json() for record in self.errors],
            "articles": self.articles,
            "ignored_articles": self.ignored_articles,
            "gold_problems": [problem.message for problem in self.gold_problems],
        }


def evaluate(
    gold: Mapping[str, Sequence[Fact]],
    pred: Mapping[str, Sequence[Fact]],
    texts: Mapping[str, str] | None = None,
    gold_problems: Sequence[GoldProblem] = (),
) -> EvalReport:
    """Score ``pred`` against ``gold``, both keyed by article id.

    Only gold articles are scored; a gold article with no predictions has all its facts
    missed. ``texts`` (article id → raw text) adds context to the error records.
    """
    texts = texts or {}
    total = empty_scores()
    per_article: dict[str, Scores] = {}
    errors: list[ErrorRecord] = []
    for article_id in sorted(gold):
        g = list(gold[article_id])
        p = [fact for fact in pred.get(article_id, ()) if fact.article_id == article_id]
        per_article[article_id] = score_article(g, p)
        add_scores(total, per_article[article_id])
        errors += error_records(g, p, texts.get(article_id))
    return EvalReport(
        scores=total,
        per_article=per_article,
        errors=sorted(errors, key=error_order),
        ignored_articles=sorted(set(pred) - set(gold)),
        gold_problems=list(gold_problems),
    )


def evaluate_files(gold_dir: Path, pred_path: Path | str, articles_dir: Path | None = None) -> EvalReport:
    """Load gold (``DIR/ID.jsonl``), predictions and article texts, check the gold, score.

    A gold fact whose text does not match its article is named in ``gold_problems`` and
    left out; the other facts are scored. A malformed line raises ``FactFormatError``.
    """
    gold: dict[str, list[Fact]] = {}
    texts: dict[str, str] = {}
    problems: list[GoldProblem] = []
    for path in gold_files(gold_dir):
        numbered = load_numbered_facts(path)
        for lineno, fact in numbered:
            if fact.article_id != path.stem:
                raise FactFormatError(path, lineno, f"article_id {fact.article_id!r} is not the file's stem")
        text = read_article_text(articles_dir, path.stem) if articles_dir is not None else None
        if text is not None:
            texts[path.stem] = text
            found = check_gold([f for _, f in numbered], text, str(path), [n for n, _ in numbered])
            problems += found
            bad = {problem.lineno for problem in found}
            numbered = [(n, f) for n, f in numbered if n not in bad]
        gold[path.stem] = [fact for _, fact in numbered]
    return evaluate(gold, group_by_article(load_facts(pred_path)), texts, problems)
