"""Batch runs: incremental skips, re-runs on a pipeline change, failures isolated, pools agree.

Runs are compared with each other (never with fixed fact lists): the fact builders change.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.batch import count_corpus, rebuild_output, run
from pipeline.bench_corpus import write_bench_corpus
from pipeline.corpus import read_corpus
from pipeline.executors import WORKER_DIED, PoolExecutor, SerialExecutor, process_batch
from pipeline.manifest import ArticleResult, Manifest
from pipeline.nlp import build_nlp
from pipeline.progress import RunProgress
from pipeline.schema import Article, ArticleMeta
from pipeline.settings import Settings
from tests.conftest import CORPUS, ROOT

KILL_MARKER = "KILL-THE-WORKER-NOW"
RAISE_MARKER = "RAISE-IN-A-COMPONENT"


@Language.component("test_exit_on_marker")
def _exit_on_marker(doc: Doc) -> Doc:
    """Test-only: a native-crash stand-in; the worker process dies without a word."""
    if KILL_MARKER in doc.text:
        os._exit(7)
    return doc


@Language.component("test_raise_on_marker")
def _raise_on_marker(doc: Doc) -> Doc:
    """Test-only: a component bug that raises inside ``nlp.pipe``."""
    if RAISE_MARKER in doc.text:
        raise ValueError("boom in a component")
    return doc


def install_exit_component(settings: Settings) -> None:
    """Worker setup (runs in each pool worker): add the crashing component to its pipeline."""
    build_nlp(settings).add_pipe("test_exit_on_marker", first=True)


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a snapshot of models/, so edits to the live tree cannot change a test's identity."""
    return Settings(models_dir=shutil.copytree(ROOT / "models", tmp_path_factory.mktemp("snap") / "models"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    return Path(shutil.copytree(CORPUS, tmp_path / "articles"))


@pytest.fixture
def models_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "models", tmp_path / "models"))


def _run(corpus: Path, out: Path, settings: Settings, **kw: object):  # type: ignore[no-untyped-def]
    return run(corpus, out / "facts.jsonl", settings, **kw)  # type: ignore[arg-type]


def test_second_run_skips_everything_and_writes_the_same_bytes(
    corpus: Path, tmp_path: Path, snap: Settings
) -> None:
    settings = snap
    first = _run(corpus, tmp_path / "out", settings)
    before = (tmp_path / "out" / "facts.jsonl").read_bytes()
    second = _run(corpus, tmp_path / "out", settings)
    assert (first.done, first.skipped, first.failed) == (5, 0, 0)
    assert (second.done, second.skipped, second.failed) == (0, 5, 0)
    assert (tmp_path / "out" / "facts.jsonl").read_bytes() == before
    assert second.facts == first.facts


def test_changed_article_alone_reruns_and_removed_article_drops_out(
    corpus: Path, tmp_path: Path, snap: Settings
) -> None:
    settings = snap
    _run(corpus, tmp_path / "out", settings)
    txts = sorted(corpus.glob("*.txt"))
    txts[0].write_text(
        txts[0].read_text(encoding="utf-8") + "\nIt paid $5 million on 3 May 2024.\n", encoding="utf-8"
    )
    txts[1].unlink()
    txts[1].with_suffix(".json").unlink()
    again = _run(corpus, tmp_path / "out", settings)
    assert (again.done, again.skipped, again.removed) == (1, 3, 1)
    ids = {
        line.split('"article_id": "')[1].split('"')[0] for line in (tmp_path / "out" / "facts.jsonl").open()
    }
    assert txts[1].stem not in ids


def test_force_reruns_everything(corpus: Path, tmp_path: Path, snap: Settings) -> None:
    _run(corpus, tmp_path / "out", snap)
    assert _run(corpus, tmp_path / "out", snap, force=True).done == 5


def test_a_new_or_changed_models_file_reruns_everything_but_a_touch_does_not(
    corpus: Path, tmp_path: Path, models_copy: Path
) -> None:
    settings = Settings(models_dir=models_copy)
    first = _run(corpus, tmp_path / "out", settings)
    some_file = next(p for p in sorted(models_copy.rglob("*")) if p.is_file())
    os.utime(some_file, (1, 1))  # same bytes, new mtime: the identity is content-based
    assert _run(corpus, tmp_path / "out", settings).skipped == 5
    (models_copy / "README.extra.md").write_text("a new data note\n", encoding="utf-8")
    after = _run(corpus, tmp_path / "out", settings)
    assert (after.done, after.skipped) == (5, 0)
    assert after.facts == first.facts


def test_output_is_rebuilt_from_the_manifest_without_rerunning(
    corpus: Path, tmp_path: Path, snap: Settings
) -> None:
    out = tmp_path / "out" / "facts.jsonl"
    _run(corpus, tmp_path / "out", snap)
    expected = out.read_bytes()
    out.unlink()
    rebuild_output(out)
    assert out.read_bytes() == expected


def test_a_bad_article_is_recorded_as_failed_and_the_others_go_on(
    corpus: Path, tmp_path: Path, models_copy: Path
) -> None:
    (corpus / "zz_empty.txt").write_text("   \n", encoding="utf-8")
    txt = corpus / "yy_raises.txt"
    txt.write_text(f"Acme paid $3 million. {RAISE_MARKER}\n", encoding="utf-8")
    settings = Settings(models_dir=models_copy, batch_size=3)  # its own pipeline: a component is added
    build_nlp(settings).add_pipe("test_raise_on_marker")
    report = _run(corpus, tmp_path / "out", settings)
    assert (report.done, report.failed) == (5, 2)
    with Manifest(tmp_path / "out" / "manifest.sqlite") as m:
        failed = {r["article_id"]: r["error"] for r in m.article_states("failed")}
    assert set(failed) == {"zz_empty", "yy_raises"}
    assert "whitespace" in failed["zz_empty"]
    assert "boom in a component" in failed["yy_raises"]


@pytest.mark.slow
def test_two_processes_give_the_same_facts_as_one(tmp_path: Path, snap: Settings) -> None:
    source = write_bench_corpus(CORPUS, 12, tmp_path / "gen.jsonl")
    settings = snap.model_copy(update={"batch_size": 3})
    _run(source, tmp_path / "one", settings, executor=SerialExecutor())
    report = _run(source, tmp_path / "two", settings, executor=PoolExecutor(2))
    assert (report.done, report.failed) == (12, 0)
    assert (tmp_path / "two" / "facts.jsonl").read_bytes() == (tmp_path / "one" / "facts.jsonl").read_bytes()


@pytest.mark.slow
def test_a_worker_that_dies_is_reported_and_its_articles_are_retried(tmp_path: Path, snap: Settings) -> None:
    source = write_bench_corpus(CORPUS, 8, tmp_path / "gen.jsonl")
    with source.open("a", encoding="utf-8") as fh:
        fh.write(f'{{"id": "bench000003x", "text": "Acme paid $3 million. {KILL_MARKER}"}}\n')
    settings = snap.model_copy(update={"batch_size": 3})
    executor = PoolExecutor(2, worker_setup=install_exit_component)
    report = _run(source, tmp_path / "pool", settings, executor=executor)
    assert executor.worker_deaths >= 1
    assert (report.done, report.failed) == (8, 1)
    assert report.errors == [f"bench000003x: {WORKER_DIED}"]
    source.write_text(
        "".join(source.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8"
    )
    _run(source, tmp_path / "serial", settings)
    assert (tmp_path / "pool" / "facts.jsonl").read_bytes() == (
        tmp_path / "serial" / "facts.jsonl"
    ).read_bytes()


def test_results_settings_and_articles_pickle() -> None:
    article = Article(meta=ArticleMeta(id="a1", source="X"), text="Acme paid $3 million.")
    [result] = process_batch([article], Settings())
    for obj in (article, Settings(), result):
        assert pickle.loads(pickle.dumps(obj)) == obj
    assert isinstance(result, ArticleResult)
    assert result.status == "ok"
    assert result.facts.count("\n") == sum(result.counts)


def test_generated_articles_are_all_different(tmp_path: Path) -> None:
    path = write_bench_corpus(CORPUS, 40, tmp_path / "gen.jsonl")
    articles = [a for a in read_corpus(path) if isinstance(a, Article)]
    assert len(articles) == 40 == count_corpus(path)
    assert len({a.text for a in articles}) == 40


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_is_plain_lines_when_not_a_terminal() -> None:
    stream = _Stream(tty=False)
    with RunProgress(total=10, stream=stream, interval=0) as bar:
        bar.advance(4)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("progress: 4/10 articles, ") and "ETA" in lines[0]
    assert lines[-1].startswith("progress: 4/10 articles, ") and "elapsed" in lines[-1]
    assert "\x1b" not in stream.getvalue()


def test_progress_is_a_bar_with_rate_and_eta_on_a_terminal() -> None:
    stream = _Stream(tty=True)
    with RunProgress(total=10, stream=stream) as bar:
        bar.advance(10)
    assert "articles/s" in stream.getvalue() and "ETA" in stream.getvalue()
    assert "progress:" not in stream.getvalue()
