"""Render an ``EvalReport`` for people: a rich table, Markdown for the README, the errors.

Every renderer works from the report alone (no files, no spaCy), so the CLI only picks one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich import box
from rich.table import Table

from pipeline.eval_errors import ErrorRecord
from pipeline.evaluate import EvalReport
from pipeline.schema import FACT_TYPES
from pipeline.scoring import ALL, MODES, Scores

ROWS: tuple[str, ...] = (*FACT_TYPES, ALL)
KIND_LABEL = {"missed": "missed", "spurious": "spurious", "wrong_value": "wrong value"}


def fmt(value: float | None) -> str:
    """A score with three decimals, or an en dash when undefined.

    >>> fmt(0.95), fmt(None)
    ('0.950', '–')
    """
    return "–" if value is None else f"{value:.3f}"


def score_cells(scores: Scores, kind: str) -> list[str]:
    """One row's cells, as every renderer shows them: P, R, F1 per matching, then gold and pred."""
    cells: list[str] = []
    for mode in MODES:
        prf = scores[kind][mode]
        cells += [fmt(prf.p), fmt(prf.r), fmt(prf.f)]
    strict = scores[kind]["strict"]
    return [*cells, str(strict.gold), str(strict.pred)]


def _rows(scores: Scores) -> Iterable[tuple[str, list[str]]]:
    """Rows for the types present in gold or predictions, then the "all" row (every type)."""
    for kind in ROWS:
        if kind == ALL or scores[kind]["strict"].gold or scores[kind]["strict"].pred:
            yield kind, score_cells(scores, kind)


def notes(report: EvalReport, gold_problems: bool = True) -> list[str]:
    """One line each: articles scored, what the scores leave out (ignored predictions, bad gold)."""
    lines = [f"{report.articles} article(s) scored."]
    if report.ignored_articles:
        lines.append(
            f"Predictions for {len(report.ignored_articles)} article(s) without a gold file were ignored: "
            + ", ".join(report.ignored_articles)
        )
    if gold_problems:
        lines += [problem.message for problem in report.gold_problems]
    return lines


def scores_table(report: EvalReport, title: str = "newsfacts evaluation") -> Table:
    """P/R/F1 under strict, lenient and value matching per type, with gold/pred counts."""
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", padding=0)
    table.add_column("type")
    for mode in MODES:
        table.add_column("\nP", justify="right")
        table.add_column(f"{mode}\nR", justify="center")
        table.add_column("\nF1", justify="right", style="bold" if mode == "value" else None)
    table.add_column("gold", justify="right")
    table.add_column("pred", justify="right")
    for name, cells in _rows(report.scores):
        table.add_row(name, *cells, end_section=name == FACT_TYPES[-1])
    return table


def markdown(report: EvalReport) -> str:
    """The scores as a GitHub Markdown table (value F1 is the headline column)."""
    header = ["type"]
    for mode in MODES:
        header += [f"{mode} P", f"{mode} R", f"{mode} F1"]
    header += ["gold", "pred"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    for name, cells in _rows(report.scores):
        if name == ALL:
            name, cells = f"**{name}**", [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join([name, *cells]) + " |")
    lines.append("")
    lines += [f"{line}  " for line in notes(report)]
    return "\n".join(lines).rstrip() + "\n"


def show(value: Any) -> str:
    """A field value for display: an en dash for a missing one."""
    return "–" if value is None else str(value)


def render_error(record: ErrorRecord) -> str:
    """One error: where, what kind, the values side by side (differences starred), context."""
    head = f"{KIND_LABEL[record.kind]:<11} {record.article_id} [{record.start}:{record.end}] {record.text!r}"
    if record.predicted_elsewhere:
        head += f"  (predicted [{record.pred_start}:{record.pred_end}] {record.pred_text!r})"
    rows = [("", "expected", "got")]
    for name, expected, got, differs in record.value_diff():
        rows.append((("*" if differs else "") + name, show(expected), show(got)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [head]
    lines += ["    " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if record.context:
        lines.append(f"    {record.context}")
    return "\n".join(lines)


def errors_by_type(report: EvalReport) -> dict[str, list[ErrorRecord]]:
    """The error list split by fact type, in the report's order (article, position)."""
    grouped: dict[str, list[ErrorRecord]] = {kind: [] for kind in FACT_TYPES}
    for record in report.errors:
        grouped[record.type].append(record)
    return grouped


def render_errors(report: EvalReport, limit: int) -> str:
    """The ``limit`` first errors of each type, with a count of each kind."""
    blocks: list[str] = []
    for kind, records in errors_by_type(report).items():
        if not records:
            continue
        counts = ", ".join(
            f"{sum(r.kind == k for r in records)} {label}"
            for k, label in KIND_LABEL.items()
            if any(r.kind == k for r in records)
        )
        shown = records[:limit]
        noun = "error" if len(records) == 1 else "errors"
        blocks.append(f"== {kind}: {len(records)} {noun} ({counts}); showing {len(shown)}")
        blocks += [render_error(record) for record in shown]
    return "\n".join(blocks) + "\n" if blocks else "No errors.\n"
