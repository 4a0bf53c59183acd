"""Reminder schedules: when each reminder falls, in the person's own time zone.

The scheduler, the calendar file and the reminders page all expand the same ``Schedule``,
so what a calendar shows is what the worker sends. Times are wall-clock times in the
person's zone: 09:00 stays 09:00 across a daylight-saving change. A wall time that does not
exist on the day the clocks go forward moves forward with the clocks (02:30 becomes 03:30);
a wall time that happens twice when they go back falls once, the first time.

Movement breaks may run past midnight (a night shift, 20:00-06:00): the times after midnight
fall on the day after each chosen day (``Schedule.next_day``), so the chosen days are the
days a shift starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Kind = Literal["movement", "routine", "weekly_check", "anti_nap"]
KINDS: tuple[Kind, ...] = ("movement", "routine", "weekly_check", "anti_nap")
EVERY_DAY = frozenset(range(7))  # 0 = Monday, as in date.weekday()
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545 BYDAY

#: How late a missed reminder may still go out after downtime. A movement break or a night
#: wake-up is pointless (or unkind) late; the daily routine and the weekly check still help.
GRACE: dict[Kind, timedelta] = {
    "movement": timedelta(minutes=10),
    "routine": timedelta(hours=2),
    "weekly_check": timedelta(hours=12),
    "anti_nap": timedelta(minutes=10),
}
#: Night wake-ups are chosen on purpose, so quiet hours do not silence them.
IGNORES_QUIET_HOURS: frozenset[Kind] = frozenset({"anti_nap"})
SNOOZE = timedelta(minutes=10)


@dataclass(frozen=True)
class QuietHours:
    """A daily window with no reminders; it may wrap past midnight (22:00-07:00)."""

    start: time
    end: time

    def contains(self, clock: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end


@dataclass(frozen=True)
class Schedule:
    """Wall-clock ``times`` on ``weekdays``, and ``next_day`` times on the day after each of
    them (the part of a window that runs past midnight), from ``since`` (an aware instant)."""

    kind: Kind
    times: tuple[time, ...]
    weekdays: frozenset[int]
    since: datetime
    next_day: tuple[time, ...] = ()

    @property
    def byday(self) -> str:
        return ",".join(WEEKDAY_CODES[day] for day in sorted(self.weekdays))

    def slots(self) -> list[Schedule]:
        """One schedule per wall time, each on the weekdays it falls on: a time after
        midnight falls on the day after each chosen day (one calendar event each)."""
        after = frozenset((day + 1) % 7 for day in self.weekdays)
        return [replace(self, times=(t,), next_day=()) for t in self.times] + [
            replace(self, times=(t,), weekdays=after, next_day=()) for t in self.next_day
        ]


def crosses_midnight(start: time, end: time) -> bool:
    """A window whose end is earlier in the day than its start runs past midnight."""
    return end < start


def movement_times(start: time, end: time, every_minutes: int) -> tuple[time, ...]:
    """Break times from ``start`` every ``every_minutes`` while before ``end``, in order; past
    midnight when ``end`` is earlier than ``start`` (20:00 to 06:00)."""
    if every_minutes < 1:
        raise ValueError("every_minutes must be at least 1")
    first = start.hour * 60 + start.minute
    last = end.hour * 60 + end.minute + (24 * 60 if crosses_midnight(start, end) else 0)
    minutes = (m % (24 * 60) for m in range(first, last, every_minutes))
    return tuple(time(m // 60, m % 60) for m in minutes)


def split_at_midnight(
    start: time, end: time, times: tuple[time, ...]
) -> tuple[tuple[time, ...], tuple[time, ...]]:
    """``times`` of a window from ``start`` to ``end``: those on the day it starts, and those
    after midnight (none unless the window crosses it)."""
    if not crosses_midnight(start, end):
        return times, ()
    return tuple(t for t in times if t >= start), tuple(t for t in times if t < start)


def build_schedule(
    kind: Kind,
    times: tuple[time, ...],
    weekdays: frozenset[int],
    since: datetime,
    quiet: QuietHours | None = None,
    next_day: tuple[time, ...] = (),
) -> Schedule:
    """A schedule with any time inside quiet hours left out (except night wake-ups);
    ``next_day``: times that fall on the day after each of ``weekdays``."""
    if quiet is not None and kind not in IGNORES_QUIET_HOURS:
        times = tuple(t for t in times if not quiet.contains(t))
        next_day = tuple(t for t in next_day if not quiet.contains(t))
    return Schedule(
        kind=kind,
        times=tuple(sorted(set(times))),
        weekdays=weekdays,
        since=since,
        next_day=tuple(sorted(set(next_day))),
    )


def wall_time(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant (UTC) of ``clock`` on ``day`` in ``zone``; see the module note on DST."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _instants(schedule: Schedule, zone: ZoneInfo, first: date, last: date) -> Iterator[datetime]:
    day = first
    while day <= last:
        if day.weekday() in schedule.weekdays:
            for clock in schedule.times:
                yield wall_time(day, clock, zone)
            for clock in schedule.next_day:
                yield wall_time(day + timedelta(days=1), clock, zone)
        day += timedelta(days=1)


def occurrences(
    schedule: Schedule, zone: ZoneInfo, start: datetime, end: datetime
) -> list[datetime]:
    """Every instant (UTC) in ``[start, end)`` and not before ``schedule.since``."""
    start = max(start, schedule.since)
    if start >= end:
        return []
    first = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    return sorted({t for t in _instants(schedule, zone, first, last) if start <= t < end})


def latest_due(schedule: Schedule, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The one occurrence to send now: the latest in the kind's grace window, or None.

    After downtime, older missed occurrences are not sent: one timely nudge beats a burst.
    """
    window = occurrences(schedule, zone, now - GRACE[schedule.kind], now + timedelta(seconds=1))
    return window[-1] if window else None


def next_occurrence(schedule: Schedule, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first occurrence strictly after ``after`` (within the coming eight days)."""
    found = occurrences(schedule, zone, after + timedelta(seconds=1), after + timedelta(days=8))
    return found[0] if found else None


def next_due(
    schedule: Schedule, zone: ZoneInfo, start: datetime, snoozed_until: datetime | None = None
) -> datetime | None:
    """The first instant from ``start`` on when the reminder may fall due: its next
    occurrence or the end of a snooze, whichever comes first; None if neither comes.

    The scheduler reads only reminders whose ``next_due`` has come, so a scan costs what is
    due, not what exists. It is a lower bound: the scan still decides what to send.
    """
    begin = max(start, schedule.since)
    found = occurrences(schedule, zone, begin, begin + timedelta(days=8))
    pending = [snoozed_until] if snoozed_until is not None and snoozed_until >= start else []
    return min(found[:1] + pending, default=None)
