"""What every export reader shares: the output type, errors, progress and daily totals."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Literal

from backcare.domain.plausible import EARLIEST_DAY, DayRange

Kind = Literal["steps", "sleep_hours"]
Progress = Callable[[int], None]

#: Sleep that ends at or after 18:00 counts towards the next day: an evening nap or a
#: segment before midnight belongs to the night whose wake-up day follows.
SLEEP_DAY_SHIFT = timedelta(hours=6)
MAX_SLEEP_SEGMENT = timedelta(hours=24)
_PROGRESS_STEP = 1 << 20  # report at most once per MiB read


#: Without a person to ask (tests, tools): from 1900 to a year no arithmetic overflows in.
ANY_PLAUSIBLE_DAY = DayRange(EARLIEST_DAY, date(9000, 12, 31))


@dataclass(frozen=True)
class ImportLimits:
    """What one import may hold; beyond any limit the whole file is refused.

    ``days`` is the person's plausible range (1900 or the year of birth to their today);
    the per-day maxima are the check-in's own (backcare.diary.checkins.LIMITS).
    """

    days: DayRange = ANY_PLAUSIBLE_DAY
    max_unpacked_bytes: int = 8 << 30  # what a zip member may decompress to
    max_records: int = 50_000_000
    max_line_chars: int = 1 << 20  # one CSV line, or one XML tag with its attributes
    max_steps_per_day: float = 200_000
    max_sleep_hours_per_day: float = 24


class ImportFormatError(ValueError):
    """The file is not a supported export or is malformed; says which file, where, and what."""

    def __init__(self, file: str, where: str, problem: str) -> None:
        self.file, self.where, self.problem = file, where, problem
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


@dataclass(frozen=True)
class DailyMeasure:
    """One day's total from a device export, ready to upsert by (user, day, kind)."""

    day: date
    kind: Kind
    value: float  # whole steps, or hours asleep rounded to 0.01
    source: str  # the export, and the device or app whose total was kept


class CountingFile(io.FileIO):
    """A file that reports how many bytes have been read, for a progress bar.

    It counts bytes read rather than the position: a zip reader first jumps to the end of
    the archive for its table of contents, which would otherwise show as 100 % at once.
    """

    def __init__(self, path: str, progress: Progress | None) -> None:
        super().__init__(path, "rb")
        self._progress = progress
        self._size = self.seek(0, io.SEEK_END)
        self.seek(0)
        self._read = 0
        self._reported = 0

    def readinto(self, buffer: memoryview, /) -> int | None:  # type: ignore[override]
        count = super().readinto(buffer)
        self._read = min(self._size, self._read + (count or 0))
        if self._progress is not None and self._read - self._reported >= _PROGRESS_STEP:
            self._reported = self._read
            self._progress(self._read)
        return count

    def finish(self) -> None:
        """Report the whole file as read (the bar ends at 100 % even if the tail was skipped)."""
        if self._progress is not None:
            self._progress(self._size)


def sleep_day(end: datetime) -> date:
    """The wake-up day a sleep segment belongs to, from its local end time."""
    return (end + SLEEP_DAY_SHIFT).date()


class DailyTotals:
    """Totals per (day, source); keeps one source per day, the one with the largest total.

    Phones and watches count the same steps twice, so adding sources would inflate the
    day; the largest single source is the usual, documented compromise.
    """

    def __init__(self) -> None:
        self._totals: dict[tuple[date, str], float] = {}

    def add(self, day: date, source: str, value: float) -> None:
        key = (day, source)
        self._totals[key] = self._totals.get(key, 0.0) + value

    def best_per_day(self) -> dict[date, tuple[str, float]]:
        best: dict[date, tuple[str, float]] = {}
        # Sorting by source first makes ties go to the alphabetically first source.
        for (day, source), total in sorted(self._totals.items(), key=lambda kv: kv[0][1]):
            if day not in best or total > best[day][1]:
                best[day] = (source, total)
        return best


class SleepNights:
    """Asleep intervals per (wake-up day, source); overlaps within a source count once.

    Minute-level sleep data gives hundreds of segments a night; each night's list is merged
    whenever it doubles, so memory follows the gaps in the night, not the records read.
    """

    def __init__(self) -> None:
        self._intervals: dict[tuple[date, str], list[tuple[datetime, datetime]]] = {}
        self._merge_at: dict[tuple[date, str], int] = {}
        self._summaries: dict[tuple[date, str], float] = {}

    def add(self, source: str, start: datetime, end: datetime) -> None:
        key = (sleep_day(end), source)
        intervals = self._intervals.setdefault(key, [])
        intervals.append((start, end))
        if len(intervals) >= self._merge_at.get(key, _MERGE_FROM):
            intervals[:] = merged(intervals)
            self._merge_at[key] = max(_MERGE_FROM, 2 * len(intervals))

    def add_summary(self, day: date, source: str, hours: float) -> None:
        """A sleep log that gives only its total (Fitbit), already attributed to its day."""
        key = (day, source)
        self._summaries[key] = self._summaries.get(key, 0.0) + hours

    def segments(self) -> int:
        """How many intervals are held now (for tests of the memory bound)."""
        return sum(len(intervals) for intervals in self._intervals.values())

    def totals(self) -> DailyTotals:
        totals = DailyTotals()
        for (day, source), hours in self._summaries.items():
            totals.add(day, source, hours)
        for (day, source), intervals in self._intervals.items():
            covered = sum((end - start for start, end in merged(intervals)), timedelta())
            totals.add(day, source, covered.total_seconds() / 3600)
        return totals


_MERGE_FROM = 64  # intervals a night may hold before the first merge


def merged(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The same time covered by the fewest intervals, in order (touching ones join)."""
    ordered = sorted(intervals)
    result = [ordered[0]]
    for start, end in ordered[1:]:
        last_start, last_end = result[-1]
        if start > last_end:
            result.append((start, end))
        elif end > last_end:
            result[-1] = (last_start, end)
    return result


def to_measures(
    tally: Tally, export: str, file_name: str, *, name_source: bool
) -> tuple[DailyMeasure, ...]:
    """One measure per (day, kind), sorted, from the best source of each day.

    A day beyond the check-in's own maximum (200,000 steps, 24 hours asleep) refuses the file.
    """
    limits = tally.limits
    kinds: tuple[tuple[Kind, DailyTotals, int, float], ...] = (
        ("steps", tally.steps, 0, limits.max_steps_per_day),
        ("sleep_hours", tally.sleep.totals(), 2, limits.max_sleep_hours_per_day),
    )
    measures = []
    for kind, totals, digits, most in kinds:
        for day, (source, total) in totals.best_per_day().items():
            if total > most:
                raise ImportFormatError(
                    file_name,
                    f"{day.isoformat()}, {kind}",
                    f"adds up to {total:,.{digits}f}, more than the {most:,g} a day allows",
                )
            label = f"{export}:{source}" if name_source and source else export
            measures.append(DailyMeasure(day, kind, float(round(total, digits)), label))
    return tuple(sorted(measures, key=lambda m: (m.day, m.kind)))


@dataclass
class Tally:
    """What a reader collected from one file (internal, mutable while reading)."""

    steps: DailyTotals
    sleep: SleepNights
    limits: ImportLimits
    records: int = 0  # rows or records looked at
    skipped: int = 0  # well-formed but implausible (e.g. one "asleep" segment over 24 h)

    @classmethod
    def empty(cls, limits: ImportLimits) -> Tally:
        return cls(DailyTotals(), SleepNights(), limits)

    def count_record(self, file_name: str) -> None:
        self.records += 1
        if self.records > self.limits.max_records:
            raise ImportFormatError(
                file_name,
                "",
                f"holds more than {self.limits.max_records:,} records, the most one import "
                "may hold; export a shorter period",
            )

    def day_problem(self, day: date) -> str | None:
        return self.limits.days.recorded_day_problem(day)

    def time_problem(self, moment: datetime) -> str | None:
        return self.limits.days.moment_problem(moment)


class CappedReader(io.RawIOBase):
    """Reads a (decompressing) stream and refuses to give more than ``limit`` bytes.

    A small zip can unpack to gigabytes; counting what comes out is the only honest check,
    since the sizes a zip declares can lie.
    """

    def __init__(self, inner: IO[bytes], limit: int, file_name: str) -> None:
        self._inner, self._limit, self._name, self._count = inner, limit, file_name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview, /) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        self._count += len(data)
        if self._count > self._limit:
            raise ImportFormatError(
                self._name,
                "",
                f"unpacks to more than {self._limit // (1 << 20):,} MB, the most one import "
                "may hold; export a shorter period",
            )
        buffer[: len(data)] = data
        return len(data)
