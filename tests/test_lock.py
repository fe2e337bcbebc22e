"""The run lock: a second holder is refused at once; a killed holder's lock is taken over."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.lock import LockHeld, RunLock, read_holder

HOLD = """
import sys, time
from pathlib import Path
from pipeline.lock import RunLock
lock = RunLock(Path(sys.argv[1])).acquire()
print("locked", flush=True)
time.sleep(600)
"""


def test_a_second_lock_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    with RunLock(path):
        started = time.monotonic()
        with pytest.raises(LockHeld, match=r"another newsfacts run is in progress \(pid \d+") as info:
            RunLock(path).acquire()
        assert time.monotonic() - started < 1.0
        assert info.value.holder["pid"] > 0
    with RunLock(path) as again:
        assert again.stale_holder is None


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockHeld):
            RunLock(path).acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    finally:
        holder.kill()
    with RunLock(path) as lock:
        assert lock.stale_holder is not None
        assert lock.stale_holder["pid"] == holder.pid
        assert read_holder(path)["pid"] != holder.pid


def test_a_lock_file_naming_a_dead_pid_does_not_block(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path = tmp_path / "run.lock"
    path.write_text(json.dumps({"pid": dead.pid, "host": "here", "started": "yesterday"}), encoding="utf-8")
    with RunLock(path) as lock:
        assert lock.stale_holder == {"pid": dead.pid, "host": "here", "started": "yesterday"}


def test_release_is_recorded_and_idempotent(tmp_path: Path) -> None:
    lock = RunLock(tmp_path / "run.lock").acquire()
    lock.release()
    lock.release()
    assert "released" in read_holder(tmp_path / "run.lock")
