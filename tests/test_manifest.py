"""The manifest: identity hashing, per-batch atomic commits, ordered and complete merged output."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import NewsfactsError
from pipeline.manifest import ArticleResult, Manifest, models_hash, pipeline_identity
from pipeline.settings import Settings
from tests.conftest import ROOT


def _ok(article_id: str, n: int = 1) -> ArticleResult:
    lines = "".join(f'{{"article_id": "{article_id}", "n": {i}}}\n' for i in range(n))
    return ArticleResult(article_id, f"h-{article_id}", "ok", lines, (n, 0, 0, 0), words=10, seconds=0.1)


@pytest.fixture
def manifest(tmp_path: Path) -> Manifest:
    return Manifest(tmp_path / "manifest.sqlite")


def test_identity_is_stable_and_follows_the_models_files(tmp_path: Path) -> None:
    models = Path(shutil.copytree(ROOT / "models", tmp_path / "models"))
    settings = Settings(models_dir=models)
    first, parts = pipeline_identity(settings)
    assert pipeline_identity(settings)[0] == first
    assert set(parts) >= {"newsfacts", "spacy", "model", "model_version", "models", "components"}
    assert Settings(models_dir=models, batch_size=7, processes=3) != settings
    assert pipeline_identity(Settings(models_dir=models, batch_size=7, processes=3))[0] == first
    (models / "sub").mkdir()
    (models / "sub" / "new.json").write_text("{}", encoding="utf-8")
    second = pipeline_identity(settings)[0]
    assert second != first
    (models / "sub" / "new.json").write_text("{ }", encoding="utf-8")
    assert pipeline_identity(settings)[0] not in {first, second}
    assert (
        pipeline_identity(Settings(models_dir=models, model="en_core_web_sm"))[0]
        != pipeline_identity(settings)[0]
    )


def test_models_hash_depends_on_names_as_well_as_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.json").write_text("1", encoding="utf-8")
    before = models_hash(tmp_path / "a")
    (tmp_path / "a" / "x.json").rename(tmp_path / "a" / "y.json")
    assert models_hash(tmp_path / "a") != before


def test_missing_models_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NewsfactsError, match="models folder does not exist"):
        pipeline_identity(Settings(models_dir=tmp_path / "nope"))


def test_commit_lookup_and_merged_output_in_article_order(manifest: Manifest, tmp_path: Path) -> None:
    run_id = manifest.start_run("id1", {}, "corpus", "serial")
    manifest.commit([_ok("b", 2), _ok("a", 1)], "id1", run_id)
    manifest.commit([ArticleResult("c", "h-c", "failed", error="bad")], "id1", run_id)
    assert manifest.lookup(["a", "c", "zz"]) == {"a": ("h-a", "id1", "ok"), "c": ("h-c", "id1", "failed")}
    out = tmp_path / "facts.jsonl"
    assert manifest.write_merged(out) == 3
    assert [line[16:17] for line in out.read_text().splitlines()] == ["a", "b", "b"]
    assert manifest.totals()["articles"] == 3
    assert manifest.totals()["failed"] == 1


def test_a_rerun_replaces_an_article_never_duplicates_it(manifest: Manifest, tmp_path: Path) -> None:
    run_id = manifest.start_run("id1", {}, "corpus", "serial")
    manifest.commit([_ok("a", 2)], "id1", run_id)
    manifest.commit([_ok("a", 3)], "id1", run_id)
    assert manifest.write_merged(tmp_path / "facts.jsonl") == 3


def test_a_batch_commits_entirely_or_not_at_all(manifest: Manifest) -> None:
    run_id = manifest.start_run("id1", {}, "corpus", "serial")
    with pytest.raises(sqlite3.IntegrityError):
        manifest.commit([_ok("a"), ArticleResult("b", "h", "weird-status")], "id1", run_id)
    assert manifest.lookup(["a", "b"]) == {}


def test_articles_not_seen_in_a_run_are_dropped(manifest: Manifest) -> None:
    first = manifest.start_run("id1", {}, "corpus", "serial")
    manifest.commit([_ok("a"), _ok("b"), _ok("c")], "id1", first)
    second = manifest.start_run("id1", {}, "corpus", "serial")
    manifest.mark_seen(["a"], second)
    manifest.commit([_ok("c")], "id1", second)
    assert manifest.drop_unseen(second) == 1
    assert set(manifest.lookup(["a", "b", "c"])) == {"a", "c"}


def test_runs_are_recorded_newest_first(manifest: Manifest) -> None:
    r1 = manifest.start_run("id1", {"x": 1}, "corpus", "serial")
    manifest.end_run(r1, "ok", {"done": 3, "skipped": 1, "seconds": 1.5})
    r2 = manifest.start_run("id1", {"x": 1}, "corpus", "serial")
    rows = manifest.runs()
    assert [r["run_id"] for r in rows] == [r2, r1]
    assert (rows[1]["status"], rows[1]["done"], rows[1]["skipped"]) == ("ok", 3, 1)
    assert rows[0]["status"] == "running" and rows[0]["ended"] is None
    manifest.start_run("id1", {"x": 1}, "corpus", "serial")  # r2 never ended: it was killed
    assert [r["status"] for r in manifest.runs()] == ["running", "killed", "ok"]


def test_a_file_that_is_not_a_manifest_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "manifest.sqlite"
    bad.write_text("not a database at all, just text" * 100, encoding="utf-8")
    with pytest.raises(NewsfactsError, match="not a usable manifest"):
        Manifest(bad)
