"""``newsfacts run`` and ``newsfacts status``: summary, exit codes, the lock, and kill -9 recovery."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.cli.run
import pipeline.cli.status  # noqa: F401  (registers the command until the lead adds it to cli/__init__)
from pipeline.bench_corpus import write_bench_corpus
from pipeline.cli.app import app
from pipeline.lock import RunLock
from tests.conftest import CORPUS, ROOT

runner = CliRunner()
NEWSFACTS = ROOT / ".venv" / "bin" / "newsfacts"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CORPUS, tmp_path / "articles"))


def _run(*args: str | Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["run", *map(str, args)])


def test_run_prints_the_summary_and_skips_on_the_second_run(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "facts.jsonl"
    first = _run("-i", corpus, "-o", out, "-p", "1")
    assert first.exit_code == 0, first.output
    assert "done" in first.stdout and "skipped" in first.stdout and "words/s" in first.stdout
    second = _run("-i", corpus, "-o", out, "-p", "1")
    assert second.exit_code == 0
    row = next(line for line in second.stdout.splitlines() if line.startswith("│"))
    assert [c.strip() for c in row.strip("│").split("│")][:4] == ["0", "5", "0", "0"]
    assert out.is_file() and (tmp_path / "out" / "manifest.sqlite").is_file()


def test_a_failed_article_gives_exit_1_and_shows_in_status(corpus: Path, tmp_path: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"%PDF-1.4 binary")
    out = tmp_path / "out" / "facts.jsonl"
    result = _run("-i", corpus, "-o", out, "-p", "1")
    assert result.exit_code == 1
    assert "failed broken:" in result.stderr and "binary file" in result.stderr
    status = runner.invoke(app, ["status", "--manifest", str(tmp_path / "out" / "manifest.sqlite")])
    assert status.exit_code == 0
    assert "last runs" in status.stdout
    assert "articles: 6 (5 ok, 1 failed)" in status.stdout
    assert "broken" in status.stdout and "binary" in status.stdout
    listed = runner.invoke(
        app, ["status", "--manifest", str(tmp_path / "out" / "manifest.sqlite"), "--articles"]
    )
    assert all(p.stem in listed.stdout for p in CORPUS.glob("*.txt"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-i", "/no/such/corpus"], "no such file or folder"),
        (["-p", "0"], "--processes must be at least 1"),
        (["--dask", "somewhere"], "--dask must be 'local' or an address"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = _run(*args, "-o", tmp_path / "facts.jsonl")
    assert result.exit_code == 2
    assert message in result.stderr


def test_status_without_a_manifest_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", "--manifest", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no manifest yet" in result.stderr


def test_a_second_run_is_refused_while_one_holds_the_lock(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "facts.jsonl"
    with RunLock(tmp_path / "out" / "manifest.lock"):
        result = _run("-i", corpus, "-o", out, "-p", "1")
    assert result.exit_code == 3
    assert "another newsfacts run is in progress" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    source = write_bench_corpus(CORPUS, 150, tmp_path / "gen.jsonl")
    # Every run reads one snapshot of models/, so edits to the live tree cannot differ between them.
    env = os.environ | {"NEWSFACTS_MODELS_DIR": str(shutil.copytree(ROOT / "models", tmp_path / "models"))}
    out = tmp_path / "out" / "facts.jsonl"
    cmd = [str(NEWSFACTS), "run", "-i", str(source), "-o", str(out), "-p", "1", "--batch-size", "10"]
    reference = [*cmd[:5], str(tmp_path / "ref" / "facts.jsonl"), *cmd[6:]]
    subprocess.run(reference, capture_output=True, env=env, timeout=600, check=True)
    expected = (tmp_path / "ref" / "facts.jsonl").read_bytes()

    victim = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    committed = 0
    try:
        deadline = time.monotonic() + 300
        while committed < 30 and time.monotonic() < deadline and victim.poll() is None:
            time.sleep(0.2)
            committed = _committed(tmp_path / "out" / "manifest.sqlite")
        assert victim.poll() is None, "the run finished before it could be killed"
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
    finally:
        victim.kill()
    committed = _committed(tmp_path / "out" / "manifest.sqlite")
    assert 30 <= committed < 150
    assert not out.exists()

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert "took over a stale lock" in rerun.stderr
    row = next(line for line in rerun.stdout.splitlines() if line.startswith("│"))
    done, skipped = (int(c) for c in row.strip("│").split("│")[:2])
    assert (done, skipped) == (150 - committed, committed)
    lines = out.read_bytes().splitlines()
    assert len(lines) == len(set(lines))
    assert out.read_bytes() == expected


def _committed(manifest: Path) -> int:
    if not manifest.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{manifest}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
