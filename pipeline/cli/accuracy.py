"""``newsfacts bench-accuracy``: newsfacts and the stock alternatives on the same suites, one table."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.accuracy import TOOL, TOOLS, Benchmark, Row, benchmark_json, run_benchmark
from pipeline.cli.app import app, fail
from pipeline.errors import NewsfactsError
from pipeline.io import atomic_writer
from pipeline.peer_suites import SUITES, TEMPEVAL3_REFERENCE
from pipeline.peers import peer_versions
from pipeline.settings import Settings

DEFAULT_JSON = Path("outputs/peer_eval.json")
ALIASES = {
    "seed": [n for n in SUITES if n.startswith("seed-")],
    "rt": ["rt-currency", "rt-number", "rt-date"],
    "te3": ["te3-platinum", "te3-tbaq"],
}


def parse_suites(values: list[str] | None) -> list[str]:
    """Suite names from ``--suites`` (repeatable, comma-separated, aliases seed/rt/te3); all by default."""
    if not values:
        return list(SUITES)
    names: list[str] = []
    for value in values:
        for name in filter(None, (v.strip() for v in value.split(","))):
            if name not in SUITES and name not in ALIASES:
                known = ", ".join([*SUITES, *ALIASES])
                raise NewsfactsError(f"unknown suite {name!r}; choose from {known}")
            names.extend(ALIASES.get(name, [name]))
    return list(dict.fromkeys(n for n in SUITES if n in names))


def cell_text(row: Row, tool: str) -> str:
    cell = row.cells[tool]
    return f"{cell.score:.3f}" if cell.score is not None else cell.status


def _best(row: Row) -> float | None:
    scores = [c.score for c in row.cells.values() if c.score is not None]
    return max(scores) if scores else None


def _behind(row: Row) -> bool:
    """newsfacts has no score on the row, or a lower one than some peer."""
    ours = row.cells[TOOL].score
    return ours is None or ours < (_best(row) or 0)


def rich_table(bench: Benchmark) -> Table:
    """The table: one row per suite and metric, newsfacts first, the best score in bold."""
    table = Table(title="Accuracy against peers (one-to-one overlap matching)", title_justify="left")
    for name in ("suite", "metric", "cases", "gold", *TOOLS):
        table.add_column(name, justify="left" if name in {"suite", "metric"} else "right")
    for row in bench.rows:
        best = _best(row)
        cells = []
        for tool in TOOLS:
            text = cell_text(row, tool)
            score = row.cells[tool].score
            cells.append(f"[bold]{text}[/bold]" if score is not None and score == best else text)
        table.add_row(row.title, row.metric, str(row.cases), str(row.gold), *cells)
    return table


def footer_lines(bench: Benchmark, versions: dict[str, str]) -> list[str]:
    """Skipped suites, peer versions and the published TempEval-3 figures, one line each."""
    lines = [f"skipped {name}: {why}" for name, why in bench.skipped.items()]
    lines.append("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    lines.append(
        "TempEval-3 published value F1 over all TIMEX3 types (for reference; not the same subset): "
        + ", ".join(f"{k} {v:.2f}" for k, v in TEMPEVAL3_REFERENCE.items())
    )
    return lines


def markdown(bench: Benchmark, versions: dict[str, str]) -> str:
    """The table as GitHub Markdown, for the README (best score of each row in bold)."""
    head = ["suite", "metric", "cases", "gold", *TOOLS]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---", "---"] + ["---:"] * (len(head) - 2)) + "|"]
    for row in bench.rows:
        best = _best(row)
        cells = [
            f"**{cell_text(row, t)}**" if row.cells[t].score is not None and row.cells[t].score == best
            else cell_text(row, t)
            for t in TOOLS
        ]  # fmt: skip
        out.append("| " + " | ".join([row.title, row.metric, str(row.cases), str(row.gold), *cells]) + " |")
    out.append("")
    out.extend(f"{line}  " for line in footer_lines(bench, versions))
    return "\n".join(out) + "\n"


@app.command("bench-accuracy")
def bench_accuracy(
    suites: Annotated[
        list[str] | None,
        typer.Option(
            "--suites",
            help=f"Suites to run (comma-separated or repeated): {', '.join(SUITES)}; "
            "aliases seed, rt, te3. Default: all.",
        ),
    ] = None,
    json_path: Annotated[Path, typer.Option("--json", help="Write the full results here (atomically).")] = (
        DEFAULT_JSON
    ),
    as_markdown: Annotated[bool, typer.Option("--markdown", help="Print the table as Markdown.")] = False,
) -> None:
    """Score newsfacts and the stock alternatives (spaCy, dateparser, timexy, quantulum3,
    price-parser, and the glue a user would write) on the same test suites, side by side.

    Value F1 and lenient F1 per suite with one-to-one overlap matching (FACTS.md); the
    Recognizers-Text number suite reports the share of numbers read right. TempEval-3 runs only
    where ../shared/peer/tempeval3 exists. See docs/accuracy.md.

    Example:

        newsfacts bench-accuracy
        newsfacts bench-accuracy --suites rt-currency,seed --markdown
    """
    try:
        names = parse_suites(suites)
    except NewsfactsError as exc:
        raise fail(str(exc), code=2) from None
    settings = Settings.from_env()
    err = Console(stderr=True, highlight=False)
    clock = time.perf_counter()
    bench = run_benchmark(names, settings, progress=lambda msg: err.print(f"[dim]{msg}[/dim]"))
    versions = peer_versions(settings)
    data = benchmark_json(bench, versions)
    data["total_seconds"] = round(time.perf_counter() - clock, 1)
    with atomic_writer(json_path) as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    if as_markdown:
        typer.echo(markdown(bench, versions), nl=False)
    else:
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=160)
        console.print(rich_table(bench))
        for line in footer_lines(bench, versions):
            console.print(line, markup=False)
    for note in bench.notes:
        err.print(f"note: {note}", markup=False)
    behind = [r for r in bench.rows if _behind(r)]
    err.print(f"wrote {json_path} in {data['total_seconds']} s; newsfacts is behind a peer on "
              f"{len(behind)} of {len(bench.rows)} rows", markup=False)  # fmt: skip
