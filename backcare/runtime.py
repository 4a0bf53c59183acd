"""Settings for a long-running server process that are not Django settings."""

from __future__ import annotations

import gc

#: Allocations (minus frees) before a young-generation collection; Python's default is 700.
YOUNG_GENERATION_THRESHOLD = 10_000


def settle_memory() -> None:
    """Tune the garbage collector once the app is loaded (docs/performance.md).

    Everything loaded so far (Django, the app, its settings) lives as long as the process;
    freezing it keeps each full collection from walking those objects again, which cost a
    request 100-200 ms when it struck. A larger young-generation threshold lets a request
    that builds years of diary records run a few collections instead of hundreds.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 10, 10)
