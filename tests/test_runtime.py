"""The server process's garbage-collector settings (backcare/runtime.py)."""

from __future__ import annotations

import gc

from backcare.runtime import YOUNG_GENERATION_THRESHOLD, settle_memory


def test_settling_freezes_what_is_loaded_and_raises_the_young_threshold():
    before = gc.get_threshold()
    try:
        settle_memory()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
