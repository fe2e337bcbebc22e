"""Progress for long runs: a rich bar on a terminal, plain log lines under cron.

On a TTY the bar shows articles done of the total, articles/s and an ETA. When stderr is
not a terminal (cron, systemd, a pipe) it writes one plain line at most every
``interval`` seconds, plus a last line at the end, so logs stay short and greppable.
"""

from __future__ import annotations

import sys
import time
from typing import IO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} articles/s" if speed else "… articles/s", style="progress.data.speed")


class RunProgress:
    """Count articles as they finish (processed, skipped or failed).

    >>> with RunProgress(total=1000) as bar:  # a bar on a terminal, plain lines on stderr otherwise
    ...     bar.advance(64)
    """

    def __init__(
        self,
        total: int | None,
        stream: IO[str] | None = None,
        interval: float = 10.0,
        label: str = "articles",
    ) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.interval = interval
        self.label = label
        self.done = 0
        self._started = time.monotonic()
        self._last_line = self._started
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        if self.stream.isatty():
            self._bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=False,
            )

    def __enter__(self) -> RunProgress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        else:
            self._log(final=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, n)
        elif time.monotonic() - self._last_line >= self.interval:
            self._log()

    def _log(self, final: bool = False) -> None:
        now = time.monotonic()
        self._last_line = now
        elapsed = now - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        of = f"/{self.total}" if self.total is not None else ""
        line = f"progress: {self.done}{of} {self.label}, {rate:,.1f}/s, elapsed {_hms(elapsed)}"
        if not final and self.total and rate > 0:
            line += f", ETA {_hms(max(self.total - self.done, 0) / rate)}"
        print(line, file=self.stream, flush=True)


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
