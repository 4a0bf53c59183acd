"""Minute-level Apple Health data (bench/apple_health.py): a night of one-minute sleep
segments is held as a few merged intervals, so memory does not grow with the records."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from backcare.domain.imports import read_export
from backcare.domain.imports.common import SleepNights
from bench.apple_health import write_export

NIGHT = datetime(2025, 1, 1, 23, 0, tzinfo=UTC)


def test_a_night_of_minute_segments_is_kept_as_merged_intervals():
    nights = SleepNights()
    for night in range(10):
        start = NIGHT + timedelta(days=night)
        for minute in range(480):
            if minute % 120 == 119:
                continue  # a one-minute gap every two hours: four intervals a night
            begin = start + timedelta(minutes=minute)
            nights.add("watch", begin, begin + timedelta(minutes=1))
    assert nights.segments() <= 10 * 64
    totals = nights.totals().best_per_day()
    assert {round(hours, 4) for _, hours in totals.values()} == {round((480 - 4) / 60, 4)}


def test_segments_out_of_order_and_overlapping_count_once():
    nights = SleepNights()
    for minute in reversed(range(200)):
        begin = NIGHT + timedelta(minutes=minute)
        nights.add("watch", begin, begin + timedelta(minutes=2))  # each overlaps the next
    [(source, hours)] = nights.totals().best_per_day().values()
    assert (source, round(hours, 4)) == ("watch", round(201 / 60, 4))


def peak_mb(path: Path) -> tuple[int, float]:
    tracemalloc.start()
    try:
        measures = read_export(path).measures
        return len(measures), tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_memory_reading_minute_level_data_does_not_grow_with_the_days(tmp_path):
    few, many = tmp_path / "few.zip", tmp_path / "many.zip"
    write_export(few, date(2025, 1, 1), 2)
    write_export(many, date(2025, 1, 1), 24)
    days_few, peak_few = peak_mb(few)
    days_many, peak_many = peak_mb(many)
    assert days_many > 10 * days_few
    assert peak_many < peak_few + 0.3  # megabytes; held segments would add ~1 MB
