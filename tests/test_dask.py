"""Dask: a real scheduler and two real workers on 127.0.0.1 give the single-process output."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.batch import run
from pipeline.executors import DaskExecutor
from pipeline.settings import Settings
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow
DASK = ROOT / ".venv" / "bin" / "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _cluster(tmp_path: Path, workers: int = 2) -> Iterator[str]:
    """Start ``dask scheduler`` and ``workers`` single-thread ``dask worker`` processes; stop them after."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    common = {"cwd": tmp_path, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                address.rsplit(":", 1)[1],
                "--no-dashboard",
            ],
            **common,  # type: ignore[call-overload]
        )
    ]
    try:
        for i in range(workers):
            cmd = [str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1"]
            procs.append(subprocess.Popen([*cmd, "--no-dashboard", "--name", f"w{i}"], **common))  # type: ignore[call-overload]
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(workers, timeout=120)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def snap(tmp_path: Path) -> Settings:
    """A snapshot of models/: edits to the live tree during the test cannot change the identity."""
    return Settings(models_dir=shutil.copytree(ROOT / "models", tmp_path / "models"))


def test_a_real_two_worker_cluster_gives_the_single_process_output(tmp_path: Path, snap: Settings) -> None:
    settings = snap.model_copy(update={"batch_size": 1})  # one article per task: both workers get work
    run(CORPUS, tmp_path / "serial" / "facts.jsonl", settings)
    expected = sorted((tmp_path / "serial" / "facts.jsonl").read_bytes().splitlines())
    with _cluster(tmp_path) as address:
        executor = DaskExecutor(address)
        report = run(CORPUS, tmp_path / "dask" / "facts.jsonl", settings, executor)
        assert (report.done, report.failed) == (5, 0)
        assert report.executor == f"dask={address}"
        again = run(CORPUS, tmp_path / "dask" / "facts.jsonl", settings, DaskExecutor(address))
        assert (again.done, again.skipped) == (0, 5)
    got = sorted((tmp_path / "dask" / "facts.jsonl").read_bytes().splitlines())
    assert got == expected
    assert len(got) > 0


def test_local_cluster_gives_the_single_process_output(tmp_path: Path, snap: Settings) -> None:
    settings = snap.model_copy(update={"batch_size": 2})
    run(CORPUS, tmp_path / "serial" / "facts.jsonl", settings)
    report = run(CORPUS, tmp_path / "local" / "facts.jsonl", settings, DaskExecutor("local"))
    assert (report.done, report.failed) == (5, 0)
    assert (tmp_path / "local" / "facts.jsonl").read_bytes() == (
        tmp_path / "serial" / "facts.jsonl"
    ).read_bytes()


def test_a_dask_worker_that_dies_is_reported_and_the_others_go_on(tmp_path: Path, snap: Settings) -> None:
    import dask

    from pipeline.bench_corpus import write_bench_corpus
    from tests.test_batch import KILL_MARKER, install_exit_component

    source = write_bench_corpus(CORPUS, 6, tmp_path / "gen.jsonl")
    with source.open("a", encoding="utf-8") as fh:
        fh.write(f'{{"id": "poison", "text": "Acme paid $3 million. {KILL_MARKER}"}}\n')
    settings = snap.model_copy(update={"batch_size": 3})
    executor = DaskExecutor("local", worker_setup=install_exit_component)
    # Give up on a task after its first worker death, so the test needs few worker restarts.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        report = run(source, tmp_path / "out" / "facts.jsonl", settings, executor=executor)
    assert (report.done, report.failed) == (6, 1)
    assert len(report.errors) == 1 and report.errors[0].startswith("poison: on the Dask cluster")
    assert "poison" not in (tmp_path / "out" / "facts.jsonl").read_text(encoding="utf-8")


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "facts.jsonl"
    result = CliRunner().invoke(app, ["run", "--dask", f"tcp://127.0.0.1:{_free_port()}", "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in result.stderr
    assert not out.exists()
