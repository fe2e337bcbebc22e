"""A run lock: one ``newsfacts run`` per output folder at a time, and no stale lock forever.

The lock is an ``flock`` on a small file that also records the holder (pid, host, start
time) for the message a second run prints. The kernel releases an ``flock`` when its process
dies, even by ``kill -9``, so a lock left by a killed run is simply taken over by the next
one (which says so); no pid guessing is needed to be safe. ``flock`` conflicts between two
opens even inside one process, so tests can hold the lock and start a run in-process.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import NewsfactsError


class LockHeld(NewsfactsError):
    """Another run holds the lock; ``holder`` is what it recorded (pid, host, started)."""

    def __init__(self, path: Path, holder: dict[str, Any]) -> None:
        self.path = path
        self.holder = holder
        who = (
            f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, started {holder.get('started', '?')}"
        )
        super().__init__(f"another newsfacts run is in progress ({who}); lock file {path}. Try again later.")


def read_holder(path: Path) -> dict[str, Any]:
    """What the lock file says about its (last) holder; empty if unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class RunLock:
    """Hold ``path`` exclusively for the life of a run.

    >>> import tempfile
    >>> with RunLock(Path(tempfile.mkdtemp()) / "run.lock") as lock:
    ...     lock.stale_holder  # the dead run whose lock was taken over, if any
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self.stale_holder: dict[str, Any] | None = None

    def acquire(self) -> RunLock:
        """Take the lock or raise ``LockHeld`` at once (never waits)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(self.path, read_holder(self.path)) from None
        previous = read_holder(self.path)
        if previous.get("pid") and not previous.get("released"):
            # The last holder never released, yet its flock is gone: it was killed.
            self.stale_holder = previous
        record = {"pid": os.getpid(), "host": socket.gethostname(), "started": _now()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        """Mark the record released and drop the lock; safe to call twice."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            record = read_holder(self.path) | {"released": _now()}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
