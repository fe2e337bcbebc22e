"""A Dask worker plugin that runs a setup function in every worker, including ones that join later.

Kept apart from ``pipeline.executors`` so that ``distributed`` is imported only on the Dask path,
and so the plugin pickles by reference (workers import this module).
"""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from pipeline.executors import DASK_LOCK, WorkerSetup
from pipeline.settings import Settings


class SetupPlugin(WorkerPlugin):
    """Call ``setup(settings)`` once in each worker process, under the worker's pipeline lock."""

    def __init__(self, settings: Settings, setup: WorkerSetup) -> None:
        self.settings = settings
        self.setup_function = setup

    def setup(self, worker: Any) -> None:
        with DASK_LOCK:
            self.setup_function(self.settings)
