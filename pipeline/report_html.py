"""A self-contained HTML page for an ``EvalReport``: scores, a chart, articles, every error.

No scripts, no external files: inline CSS and an inline SVG bar chart, so the page can be
attached to an issue or opened from ``outputs/eval/`` as is. With a baseline (an earlier
``newsfacts evaluate --json`` output) it also shows what got better and what got worse.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from pipeline.errors import NewsfactsError
from pipeline.eval_errors import ErrorRecord
from pipeline.evaluate import EvalReport
from pipeline.io import atomic_writer
from pipeline.report import KIND_LABEL, ROWS, errors_by_type, fmt, notes, score_cells, show
from pipeline.scoring import ALL, MODES

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .6em;border-bottom:1px solid #eee}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.all td{font-weight:bold}
.better{color:#0a7a2f}.worse{color:#b3261e}mark{background:#ffe58a}
.error{border:1px solid #ddd;border-radius:4px;margin:.6em 0;padding:.4em .8em}
.error .kind{font-weight:bold}.diff td{border:0;padding:0 1em 0 0}.diff .changed{color:#b3261e}
.note{color:#555}
"""

Baseline = dict[str, Any]


def load_baseline(path: Path) -> Baseline:
    """Read an earlier ``--json`` report; a file that is not one is named with the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, json.JSONDecodeError) as exc:
        raise NewsfactsError(f"{path}: cannot read the baseline ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
        raise NewsfactsError(f'{path}: not a `newsfacts evaluate --json` output (no "scores")')
    return data


def _scores_table(report: EvalReport) -> str:
    head = "<tr><th rowspan=2>type</th>" + "".join(f"<th colspan=3>{m}</th>" for m in MODES)
    head += "<th rowspan=2 class=n>gold</th><th rowspan=2 class=n>pred</th></tr><tr>"
    head += "<th class=n>P</th><th class=n>R</th><th class=n>F1</th>" * len(MODES) + "</tr>"
    rows = []
    for kind in ROWS:
        cells = "".join(f"<td class=n>{cell}</td>" for cell in score_cells(report.scores, kind))
        rows.append(f"<tr class={'all' if kind == ALL else 'type'}><td>{kind}</td>{cells}</tr>")
    return f"<table id=scores>{head}{''.join(rows)}</table>"


def _chart(report: EvalReport) -> str:
    """Horizontal bars of value F1 per type (an undefined F1 draws no bar)."""
    bar_width, row = 300, 24
    parts = []
    for i, kind in enumerate(ROWS):
        f = report.scores[kind]["value"].f
        y = i * row
        width = round((f or 0.0) * bar_width)
        parts.append(
            f'<text x="0" y="{y + 16}">{kind}</text>'
            f'<rect x="70" y="{y + 4}" width="{width}" height="16" fill="#4a78c2"/>'
            f'<text x="{76 + width}" y="{y + 16}">{fmt(f)}</text>'
        )
    height = row * len(ROWS)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bar_width + 130}" height="{height}" '
        f'role="img" aria-label="value F1 per type" font-size="12">{"".join(parts)}</svg>'
    )


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None or abs(after - before) < 5e-4:
        return "<td class=n>–</td>"
    css = "better" if after > before else "worse"
    return f"<td class='n {css}'>{after - before:+.3f}</td>"


def _error_key(error: dict[str, Any]) -> tuple[Any, ...]:
    """Errors are the same error across runs when they are at the same gold (or predicted) span."""
    return (error["article_id"], error["type"], error["start"], error["end"])


def _baseline_section(report: EvalReport, baseline: Baseline) -> str:
    rows = []
    for kind in ROWS:
        for mode in MODES:
            before = baseline["scores"].get(kind, {}).get(mode, {}).get("f")
            after = report.scores[kind][mode].f
            rows.append(f"<tr><td>{kind}</td><td>{mode}</td><td class=n>{fmt(before)}</td>")
            rows[-1] += f"<td class=n>{fmt(after)}</td>{_delta(before, after)}</tr>"
    old = {_error_key(e): e for e in baseline.get("errors", [])}
    new = {_error_key(e.to_json()): e.to_json() for e in report.errors}
    fixed = [old[k] for k in sorted(set(old) - set(new))]
    added = [new[k] for k in sorted(set(new) - set(old))]
    changed = [new[k] for k in sorted(set(new) & set(old)) if new[k]["kind"] != old[k]["kind"]]

    def listing(errors: list[dict[str, Any]], css: str) -> str:
        items = "".join(
            f"<li class={css}>{escape(e['article_id'])} {e['type']} {KIND_LABEL[e['kind']]} "
            f"[{e['start']}:{e['end']}] {escape(repr(e['text']))}</li>"
            for e in errors
        )
        return f"<ul>{items}</ul>" if items else "<p class=note>none</p>"

    return (
        "<h2>Against the baseline</h2><table id=baseline><tr><th>type</th><th>matching</th>"
        "<th class=n>F1 before</th><th class=n>F1 now</th><th class=n>change</th></tr>"
        f"{''.join(rows)}</table>"
        f"<h3>Errors fixed ({len(fixed)})</h3>{listing(fixed, 'better')}"
        f"<h3>New errors ({len(added)})</h3>{listing(added, 'worse')}"
        f"<h3>Errors of another kind now ({len(changed)})</h3>{listing(changed, 'note')}"
    )


def _per_article(report: EvalReport) -> str:
    head = "<tr><th>article</th>" + "".join(f"<th class=n>{k} value F1</th>" for k in ROWS)
    head += "".join(f"<th class=n>all {m} F1</th>" for m in ("strict", "lenient")) + "</tr>"
    rows = []
    for article_id, scores in report.per_article.items():
        cells = "".join(f"<td class=n>{fmt(scores[k]['value'].f)}</td>" for k in ROWS)
        cells += "".join(f"<td class=n>{fmt(scores[ALL][m].f)}</td>" for m in ("strict", "lenient"))
        rows.append(f"<tr><td>{escape(article_id)}</td>{cells}</tr>")
    return f"<table id=articles>{head}{''.join(rows)}</table>"


def _highlight(sentence: str, text: str) -> str:
    folded = " ".join(text.split())
    at = sentence.find(folded)
    if at < 0:
        return escape(sentence)
    end = at + len(folded)
    return f"{escape(sentence[:at])}<mark>{escape(folded)}</mark>{escape(sentence[end:])}"


def _error_block(record: ErrorRecord) -> str:
    rows = "<tr><th></th><th>gold</th><th>predicted</th></tr>"
    for name, expected, got, differs in record.value_diff():
        css = " class=changed" if differs else ""
        cells = "".join(f"<td>{escape(show(v))}</td>" for v in (name, expected, got))
        rows += f"<tr{css}>{cells}</tr>"
    where = f"{escape(record.article_id)} [{record.start}:{record.end}] {escape(repr(record.text))}"
    if record.predicted_elsewhere:
        where += f" (predicted [{record.pred_start}:{record.pred_end}] {escape(repr(record.pred_text))})"
    sentence = f"<p>{_highlight(record.sentence, record.text)}</p>" if record.sentence else ""
    return (
        f"<div class='error {record.kind}'><span class=kind>{KIND_LABEL[record.kind]}</span> {where}"
        f"{sentence}<table class=diff>{rows}</table></div>"
    )


def render_html(report: EvalReport, baseline: Baseline | None = None) -> str:
    """The whole page as one string."""
    summary = "".join(f"<p class=note>{escape(line)}</p>" for line in notes(report))
    errors = []
    for kind, records in errors_by_type(report).items():
        if records:
            errors.append(f"<h3>{kind} ({len(records)})</h3>" + "".join(_error_block(r) for r in records))
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>newsfacts evaluation</title><style>{_CSS}</style></head><body>"
        f"<h1>newsfacts evaluation</h1>{summary}<h2>Scores</h2>{_scores_table(report)}"
        f"<h2>Value F1 per type</h2>{_chart(report)}"
        f"{_baseline_section(report, baseline) if baseline is not None else ''}"
        f"<h2>Per article</h2>{_per_article(report)}"
        f"<h2>Errors ({len(report.errors)})</h2>{''.join(errors) or '<p>No errors.</p>'}"
        "</body></html>\n"
    )


def write_html(report: EvalReport, path: Path, baseline: Path | None = None) -> None:
    """Write the page atomically; ``baseline`` is an earlier ``--json`` output to compare with."""
    page = render_html(report, load_baseline(baseline) if baseline is not None else None)
    with atomic_writer(path) as handle:
        handle.write(page)
