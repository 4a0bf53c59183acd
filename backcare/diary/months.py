"""The diary a month at a time: one short row per day, folded open on a tap.

Six months of check-ins listed in full made a page ten thousand pixels tall on a phone.
A month of short rows fits a few screens; days without a check-in are one row per run,
so a missed week does not take seven; every entry stays one tap away, with its Change link.
Days inside a flare the person logged are marked "Flare" in words, on check-in rows and on
rows of days without one alike, so a look back shows when the flares were.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from backcare.diary.checkins import ESCALATING_LEVELS
from backcare.diary.models import CheckIn, SpasmEpisode

if TYPE_CHECKING:
    from backcare.accounts.models import User


@dataclass(frozen=True)
class DiaryDay:
    """A day with its check-ins, newest first, each with what was done ("Did: ...")."""

    day: date
    label: str  # Today, Yesterday, "Fri 4 Dec"
    entries: tuple[tuple[CheckIn, str], ...]
    open: bool  # shown unfolded: today, or the day asked for
    flare: bool = False  # within a flare the person logged
    kind = "day"

    @property
    def anchor(self) -> str:
        return day_anchor(self.day)

    @property
    def in_order(self) -> tuple[CheckIn, ...]:
        """The day's check-ins from morning to evening, as the short row reads them."""
        return tuple(entry for entry, _did in reversed(self.entries))

    @property
    def has_notes(self) -> bool:
        return any(entry.notes for entry, _did in self.entries)

    @property
    def escalations(self) -> tuple[Mapping[str, str], ...]:
        """Each level of care a check-in of the day asked for, most urgent first, once: it
        shows on the folded row too, never only inside."""
        levels = {entry.safety_level: entry.safety_result for entry, _did in self.entries}
        return tuple(
            {"level": level, "label": (levels[level] or {}).get("label", "")}
            for level in ESCALATING_LEVELS
            if level in levels
        )


@dataclass(frozen=True)
class Gap:
    """Days in a row without a check-in: one row, whatever its length."""

    first: date
    last: date
    flare: bool = False  # every day of the run is within a logged flare
    kind = "gap"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        if self.first == self.last:
            return short_day(self.first)
        return f"{self.first:%a} {self.first.day} – {short_day(self.last)}"


@dataclass(frozen=True)
class DiaryMonth:
    first: date  # the 1st of the month
    rows: tuple[DiaryDay | Gap, ...]  # newest first
    previous: date | None  # the 1st of the month before, if the diary reaches it
    following: date | None  # the 1st of the month after, if it has begun
    days_shown: int  # days of the month the rows cover, to today
    days_logged: int
    diary_start: date | None = None  # the day of the person's first check-in
    flare_days: int = 0  # days of the month shown that are within a logged flare

    @property
    def checkins(self) -> int:
        return sum(len(row.entries) for row in self.rows if isinstance(row, DiaryDay))


def short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def day_anchor(day: date) -> str:
    return f"day-{day.isoformat()}"


def day_url(day: date) -> str:
    """The diary opened on ``day``: its month, the day unfolded and scrolled to."""
    url = reverse("diary:history")
    return f"{url}?month={day:%Y-%m}&open={day.isoformat()}#{day_anchor(day)}"


def parse_month(text: str) -> date | None:
    """The 1st of the month ``YYYY-MM`` names, or None when it names none."""
    year, _dash, month = text.partition("-")
    if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
        return None
    if not 1 <= int(month) <= 12 or int(year) < 1:
        return None
    return date(int(year), int(month), 1)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _following(first: date) -> date:
    return _month_end(first) + timedelta(days=1)


def build_month(
    user: User, first: date, today: date, names: Mapping[str, str], chosen: date | None = None
) -> DiaryMonth:
    """The month from its 1st to its end or today, newest day first. Days before the diary
    began are left out, but for ``chosen`` (a day asked for), shown even when empty."""
    last = min(_month_end(first), today)
    start = CheckIn.objects.filter(user=user).order_by("day").values_list("day", flat=True)
    diary_start = start.first()
    begins = min((d for d in (diary_start, chosen) if d is not None), default=None)
    rows_from = max(first, begins) if begins else last + timedelta(days=1)  # no rows
    entries = (
        CheckIn.objects.filter(user=user, day__gte=first, day__lte=last)
        .order_by("-day", "-recorded_at", "-id")
        .prefetch_related("ratings")
    )
    by_day: dict[date, list[tuple[CheckIn, str]]] = {}
    for entry in entries:
        by_day.setdefault(entry.day, []).append((entry, _did(entry, names)))
    flares = flare_days(user, first, last)
    rows = _rows(by_day, rows_from, last, today, chosen, flares)
    return DiaryMonth(
        first=first,
        rows=rows,
        previous=_month_before(first) if diary_start and diary_start < first else None,
        following=_following(first) if _following(first) <= today else None,
        days_shown=max((last - rows_from).days + 1, 0),
        days_logged=len(by_day),
        diary_start=diary_start,
        flare_days=sum(1 for day in flares if day >= rows_from),
    )


def flare_days(user: User, first: date, last: date) -> frozenset[date]:
    """The person's days from ``first`` to ``last`` (``User.local_date``: their time zone, and
    the hour their day ends) on which a flare they logged was under way: from the day it
    started to the day it ended, or to today while it still runs."""
    begins = user.day_begins(first)
    ends = user.day_begins(last + timedelta(days=1))
    spans = SpasmEpisode.objects.filter(user=user, started_at__lt=ends).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=begins)
    )
    now = timezone.now()
    days: set[date] = set()
    for started, ended in spans.values_list("started_at", "ended_at"):
        day = max(user.local_date(started), first)
        until = min(user.local_date(ended or now), last)
        while day <= until:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def _month_before(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def _rows(
    by_day: Mapping[date, list[tuple[CheckIn, str]]],
    rows_from: date,
    last: date,
    today: date,
    chosen: date | None,
    flares: frozenset[date] = frozenset(),
) -> tuple[DiaryDay | Gap, ...]:
    """Newest day first; a run of days without a check-in is one row, split where a flare
    begins or ends so that a "Flare" row holds only days of the flare."""
    labels = {today: "Today", today - timedelta(days=1): "Yesterday"}
    rows: list[DiaryDay | Gap] = []
    gap_end: date | None = None
    day = last
    while day >= rows_from:
        found = by_day.get(day)
        after = day + timedelta(days=1)
        if gap_end is not None and (found or day == chosen or (day in flares) != (after in flares)):
            rows.append(Gap(after, gap_end, after in flares))
            gap_end = None
        if found or day == chosen:
            label = labels.get(day) or short_day(day)
            is_open = day == chosen or (chosen is None and day == today)
            rows.append(DiaryDay(day, label, tuple(found or ()), is_open, day in flares))
        elif gap_end is None:
            gap_end = day
        day -= timedelta(days=1)
    if gap_end is not None:
        rows.append(Gap(rows_from, gap_end, rows_from in flares))
    return tuple(rows)


def _did(entry: CheckIn, names: Mapping[str, str]) -> str:
    done = []
    for rating in entry.ratings.all():
        name = names.get(rating.item, rating.item)
        done.append(name if rating.relief is None else f"{name} (helped {rating.relief}/10)")
    return ", ".join(done)
