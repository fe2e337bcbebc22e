"""``make bench``: newsfacts' speed against bare spaCy, measured side by side on the same texts.

One run generates N varied articles from the seeds and times, on exactly those texts:
(a) bare spaCy NER (the same model, only ``ner``), (b) the newsfacts batch run in one
process, (c) the stock full model pipeline, (d) newsfacts with two processes, (e) a second,
unchanged run (incremental), and optionally (f) peak RSS at 10× the articles. Each result
is a ratio against its goal, so the figures are comparable across machines. A per-component
profile says where newsfacts' time goes. Not a test: timings belong in a report, not in asserts.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.batch import RunReport, run
from pipeline.bench_corpus import write_bench_corpus
from pipeline.corpus import read_corpus
from pipeline.executors import PoolExecutor, SerialExecutor, warm_up
from pipeline.extract import count_words
from pipeline.schema import Article
from pipeline.settings import PROJECT_DIR, Settings

if TYPE_CHECKING:
    from spacy.language import Language

SEEDS = PROJECT_DIR / "corpus" / "articles"
GOALS: dict[str, tuple[str, float]] = {
    "newsfacts_vs_bare_ner": (">=", 0.85),
    "newsfacts_vs_full_pipeline": (">=", 1.7),
    "two_vs_one_process": (">=", 1.6),
    "incremental_vs_first_run": ("<=", 0.05),
    "rss_10x_vs_1x": ("<=", 1.1),
}


def machine() -> dict[str, Any]:
    """Cores, CPU model, Python, spaCy and model versions: the context every figure needs."""
    from importlib.metadata import version

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg()[0],
    }


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _count_words(texts: list[str], settings: Settings) -> int:
    """Words as newsfacts counts them (tokens that are not space or punctuation), once for all."""
    import spacy

    nlp = spacy.blank("en")
    return sum(count_words(doc) for doc in nlp.pipe(texts))


def _spacy_model(settings: Settings, exclude: list[str], texts: list[str]) -> Language:
    import spacy

    nlp = spacy.load(settings.model, exclude=exclude)
    for _ in nlp.pipe(texts[:20]):
        pass  # warm up
    return nlp


def _spacy_seconds(nlp: Language, texts: list[str], settings: Settings) -> float:
    return _timed(lambda: [None for _ in nlp.pipe(texts, batch_size=settings.batch_size)])


def clear_value_caches() -> int:
    """Empty the bounded caches of pure normalisers (``lru_cache(maxsize=N)``); return how many.

    A round must not find the values of the same texts from the round before: a nightly run
    meets new texts. Unbounded ``functools.cache`` holds loaded data files (like the model,
    loaded once per process) and stays.
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("pipeline.") or module is None:
            continue
        for fn in vars(module).values():
            params = getattr(fn, "cache_parameters", None)
            if callable(params) and params().get("maxsize") is not None:
                fn.cache_clear()
                cleared += 1
    return cleared


def _keep(runs: list[tuple[float, RunReport]], timed: tuple[float, RunReport]) -> float:
    runs.append(timed)
    return timed[0]


def _fresh_run(source: Path, workdir: Path, settings: Settings, executor: Any) -> tuple[float, RunReport]:
    shutil.rmtree(workdir, ignore_errors=True)
    clear_value_caches()
    started = time.perf_counter()
    report = run(source, workdir / "facts.jsonl", settings, executor)
    return time.perf_counter() - started, report


def profile_components(texts: list[str], articles: list[Article], settings: Settings) -> dict[str, float]:
    """Seconds spent in each pipeline component and each fact builder over the same texts."""
    from pipeline.facts import BUILDERS
    from pipeline.nlp import build_nlp

    nlp = build_nlp(settings)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds["tokenizer"] = time.perf_counter() - started
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        docs = (
            list(proc.pipe(docs, batch_size=settings.batch_size))
            if hasattr(proc, "pipe")
            else [proc(d) for d in docs]
        )
        seconds[name] = time.perf_counter() - started
    for build in BUILDERS:
        started = time.perf_counter()
        for doc, article in zip(docs, articles, strict=True):
            build(doc, article)
        seconds[f"builder:{build.__name__}"] = time.perf_counter() - started
    return {k: round(v, 3) for k, v in seconds.items()}


def peak_rss(source: Path, workdir: Path, settings: Settings) -> int:
    """Peak RSS (KiB) of a whole single-process ``newsfacts run`` over ``source``, in a subprocess.

    Read from ``VmHWM`` in ``/proc/PID/status`` while the child runs (it only grows). Not
    ``wait4``'s ``ru_maxrss``: Linux carries the parent's RSS at fork into the child's
    ``ru_maxrss`` across ``exec``, so a big parent would mask the child's own peak.
    """
    shutil.rmtree(workdir, ignore_errors=True)
    env = os.environ | {"NEWSFACTS_MODELS_DIR": str(settings.models_dir), "NEWSFACTS_MODEL": settings.model}
    cmd = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "-i",
        str(source),
        "-o",
        str(workdir / "facts.jsonl"),
        "-p",
        "1",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _vm_hwm(proc.pid))
        time.sleep(0.1)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
    return peak


def _vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def bench(
    articles: int = 1000,
    workdir: Path = Path("outputs/bench"),
    rss: bool = False,
    rss_articles: int | None = None,
    rounds: int = 3,
) -> dict[str, Any]:
    """Run every measure on ``articles`` generated texts; return the results (see module docstring)."""
    workdir.mkdir(parents=True, exist_ok=True)
    # A snapshot of models/: an edit to the live data during the bench must not re-run (e).
    snapshot = workdir / "models"
    shutil.rmtree(snapshot, ignore_errors=True)
    settings = Settings.from_env(models_dir=shutil.copytree(Settings.from_env().models_dir, snapshot))
    results: dict[str, Any] = {
        "machine": machine(),
        "articles": articles,
        "batch_size": settings.batch_size,
        "rounds": rounds,
    }
    source = write_bench_corpus(SEEDS, articles, workdir / f"corpus-{articles}.jsonl")
    docs = [a for a in read_corpus(source) if isinstance(a, Article)]
    texts = [a.text for a in docs]
    words = _count_words(texts, settings)
    results["words"] = words

    bare_nlp = _spacy_model(settings, list(settings.exclude), texts)
    full_nlp = _spacy_model(settings, [], texts)
    bare_pipes, full_pipes = list(bare_nlp.pipe_names), list(full_nlp.pipe_names)
    warm_up(settings)
    # Each round times every measure back to back, the order reversed every other round, and a
    # ratio is the median over rounds of its two measures in the same round: a shared machine's
    # slow spells (seen here halving every figure for minutes) then hit both sides of a ratio.
    rounds_s: list[dict[str, float]] = []
    reports: dict[str, list[tuple[float, RunReport]]] = {"one": [], "two": []}
    measures: dict[str, Callable[[], float]] = {
        "bare_ner": lambda: _spacy_seconds(bare_nlp, texts, settings),
        "full_pipeline": lambda: _spacy_seconds(full_nlp, texts, settings),
        "one": lambda: _keep(reports["one"], _fresh_run(source, workdir / "one", settings, SerialExecutor())),
        "two": lambda: _keep(reports["two"], _fresh_run(source, workdir / "two", settings, PoolExecutor(2))),
    }
    for k in range(max(rounds, 1)):
        order = list(measures) if k % 2 == 0 else list(reversed(measures))
        rounds_s.append({name: measures[name]() for name in order})
    bare_s = min(r["bare_ner"] for r in rounds_s)
    full_s = min(r["full_pipeline"] for r in rounds_s)
    one_wall, one = min(reports["one"], key=lambda r: r[0])
    two_wall, two = min(reports["two"], key=lambda r: r[1].seconds)
    again_wall = _timed(lambda: run(source, workdir / "one" / "facts.jsonl", settings, SerialExecutor()))
    same = (workdir / "one" / "facts.jsonl").read_bytes() == (workdir / "two" / "facts.jsonl").read_bytes()

    rate = {
        "bare_ner": words / bare_s,
        "full_pipeline": words / full_s,
        "newsfacts_1_process": words / one_wall,
        "newsfacts_1_process_work": words / one.seconds,
        "newsfacts_2_processes": words / two.seconds,
        "newsfacts_2_processes_with_startup": words / two_wall,
    }
    results["pipelines"] = {"bare_ner": bare_pipes, "full_pipeline": full_pipes}
    results["words_per_second"] = {k: round(v) for k, v in rate.items()}
    results["seconds"] = {
        "bare_ner": bare_s, "full_pipeline": full_s, "newsfacts_1_process": one_wall,
        "newsfacts_2_processes": two.seconds, "newsfacts_2_processes_startup": two.startup,
        "newsfacts_incremental_rerun": again_wall,
    }  # fmt: skip
    results["two_process_output_identical"] = same
    results["facts"] = one.facts
    work = [
        (one_r.seconds, two_r.seconds)
        for (_, one_r), (_, two_r) in zip(reports["one"], reports["two"], strict=True)
    ]
    per_round = {
        "newsfacts_vs_bare_ner": [r["bare_ner"] / r["one"] for r in rounds_s],
        "newsfacts_vs_full_pipeline": [r["full_pipeline"] / r["one"] for r in rounds_s],
        "two_vs_one_process": [o / t for o, t in work],
    }
    results["ratio_rounds"] = {k: [round(v, 3) for v in vs] for k, vs in per_round.items()}
    ratios = {k: statistics.median(vs) for k, vs in per_round.items()}
    ratios["incremental_vs_first_run"] = again_wall / one_wall
    if rss:
        big = rss_articles or 10 * articles
        big_source = write_bench_corpus(SEEDS, big, workdir / f"corpus-{big}.jsonl")
        small_kib = peak_rss(source, workdir / "rss-small", settings)
        big_kib = peak_rss(big_source, workdir / "rss-big", settings)
        results["peak_rss_kib"] = {str(articles): small_kib, str(big): big_kib}
        ratios["rss_10x_vs_1x"] = big_kib / small_kib
    results["profile_seconds"] = profile_components(texts, docs, settings)
    results["ratios"] = {
        k: {"value": round(v, 3), "goal": f"{GOALS[k][0]} {GOALS[k][1]}", "met": _met(k, v)}
        for k, v in ratios.items()
    }
    return results


def _met(name: str, value: float) -> bool:
    op, goal = GOALS[name]
    return value >= goal if op == ">=" else value <= goal


def write_results(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
