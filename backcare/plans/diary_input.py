"""Turn the diary into the day-by-day responses weekly progression reads.

For each day in the window that has a check-in recorded since the plan was made:

* ``pain_usual``: the mean pain of every check-in in the 7 days before that day; with no
  earlier check-ins, the lowest pain logged that day (so a rise over the day still shows);
* ``pain_after_exercise``: that day's evening pain, only on days something exercise-like
  from the plan (a routine, flare or relaxation exercise, or walking) was done;
* ``pain_next_morning``: the next day's morning pain;
* ``done``: every item rated or ticked that day; ``relief``: its rating (the highest if it
  was rated more than once that day).

Only check-ins recorded after the plan was made count as evidence about it, so asking for
progress twice in a row cannot count the same day twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

from backcare.diary.models import ActivityRating, CheckIn
from backcare.domain.progression import DayResponse

HISTORY_DAYS = 7


@dataclass(frozen=True)
class Entry:
    """One check-in as progression needs it."""

    day: datetime.date
    moment: str
    pain: float
    ratings: tuple[tuple[str, int | None], ...] = ()  # (item slug, relief or None)
    counts: bool = True  # recorded after the plan was made


def day_responses(
    entries: Sequence[Entry],
    first: datetime.date,
    last: datetime.date,
    exercise_slugs: frozenset[str],
    known_slugs: frozenset[str],
) -> list[DayResponse]:
    """DayResponse rows for ``first``..``last`` (inclusive) from the check-ins ``entries``.

    ``entries`` should also hold the 7 days before ``first`` (for usual pain) and the day
    after ``last`` (for next-morning pain). Slugs outside ``known_slugs`` (content removed
    since) are left out rather than failing the whole week.
    """
    by_day: dict[datetime.date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    rows = []
    for day in sorted(by_day):
        counted = [e for e in by_day[day] if e.counts]
        if not first <= day <= last or not counted:
            continue
        relief = _relief(counted, known_slugs)
        done = tuple(sorted({slug for e in counted for slug, _ in e.ratings} & known_slugs))
        evening = _pain_at(by_day[day], "evening")
        rows.append(
            DayResponse(
                date=day,
                pain_usual=_usual_pain(by_day, day),
                pain_after_exercise=evening if exercise_slugs & set(done) else None,
                pain_next_morning=_pain_at(by_day.get(day + datetime.timedelta(1), []), "morning"),
                done=done,
                relief=relief,
            )
        )
    return rows


def _usual_pain(by_day: dict[datetime.date, list[Entry]], day: datetime.date) -> float:
    before = [
        e.pain
        for offset in range(1, HISTORY_DAYS + 1)
        for e in by_day.get(day - datetime.timedelta(offset), [])
    ]
    return round(fmean(before), 2) if before else min(e.pain for e in by_day[day])


def _pain_at(entries: Iterable[Entry], moment: str) -> float | None:
    return next((e.pain for e in entries if e.moment == moment), None)


def _relief(entries: Iterable[Entry], known: frozenset[str]) -> dict[str, int]:
    relief: dict[str, int] = {}
    for entry in entries:
        for slug, score in entry.ratings:
            if score is not None and slug in known:
                relief[slug] = max(score, relief.get(slug, 0))
    return relief


def diary_entries(
    user_id: int, first: datetime.date, last: datetime.date, since: datetime.datetime
) -> list[Entry]:
    """The person's check-ins from 7 days before ``first`` to the day after ``last``;
    ``counts`` marks those recorded after ``since`` (when the plan was made)."""
    start = first - datetime.timedelta(HISTORY_DAYS)
    end = last + datetime.timedelta(1)
    rows = CheckIn.objects.filter(user_id=user_id, day__gte=start, day__lte=end).values_list(
        "id", "day", "moment", "pain", "recorded_at"
    )
    ratings: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for checkin_id, item, relief in ActivityRating.objects.filter(
        checkin__user_id=user_id, checkin__day__gte=first, checkin__day__lte=last
    ).values_list("checkin_id", "item", "relief"):
        ratings[checkin_id].append((item, relief))
    return [
        Entry(day, moment, float(pain), tuple(ratings[pk]), counts=recorded_at > since)
        for pk, day, moment, pain, recorded_at in rows
    ]
