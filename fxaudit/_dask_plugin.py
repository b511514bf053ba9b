"""The ``distributed`` worker plugin of :func:`fxaudit.dask.setup_workers` (imports distributed)."""
from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin


class RatesPlugin(WorkerPlugin):
    """Loads fxaudit's rate table and lexicon when a worker starts (and once at registration)."""

    name = "fxaudit-rates"
    idempotent = True

    def setup(self, worker) -> None:
        from .dask import warm_up

        warm_up()
