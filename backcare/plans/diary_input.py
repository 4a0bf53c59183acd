"""Turn the diary and guided sessions into the day-by-day responses progression reads.

The window (``window``) is every whole day since the day the last update ran (at most
``progression.READ_AT_MOST`` days; the seven before today for a plan's first review), in the
person's time zone: the update's own day, before and after it ran, belongs to the next
window. Updates run at most once a week (planning.progress_plan), so consecutive windows meet
without a gap or an overlap and each day is read exactly once, whole (its evening check-in and
a session late that day included, and its next morning known). When updates are further apart
the window is longer: its last seven days are the week that may step up, the days before them
only step back what hurt (``progression.progress``). An "It hurt" given after an update had
read its day (the end screen sent again the next morning) is read by the next update
(``late_hurts``), by when it was said; so is a session left unfinished when an update read its
day and finished after (``late_sessions``): what it adds counts on the day it was done, the
session's own day, with that day's pains, as it would have had it been finished then. Such a
day is before the next update's week, so what was done in it can only step back (a red day),
never up; nothing an update has read is read again (``late_days``).

For each day in the window with a check-in, a finished session or an exercise stopped with
"This hurts" in a session left unfinished:

* ``pain_usual``: the mean pain of every check-in in the 7 days before that day; with no
  earlier check-ins, the lowest pain logged that day (so a rise over the day still shows);
* ``pain_usual_morning``: the mean morning pain of those 7 days, which the next morning is
  compared with (None without an earlier morning);
* ``pain_after_exercise``: the higher of that day's evening pain and the pain given at the
  end of a guided session, only on days something exercise-like from the plan (a routine,
  flare or relaxation exercise, or walking) was done;
* ``pain_next_morning``: the next day's morning pain;
* ``done``: every item rated or ticked that day, every exercise done (not skipped) in a
  finished session, and every exercise stopped because it hurt in one left unfinished;
  ``relief``: its rating (the highest if rated more than once that day);
* ``feelings``: the session answer for each exercise (the most cautious if there were two;
  "hurt" for one stopped because it hurt, in a finished session too).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from statistics import fmean

from django.db.models import Q

from backcare.diary.models import ActivityRating, CheckIn
from backcare.domain.progression import FEELINGS, READ_AT_MOST, DayResponse
from backcare.plans.models import RoutineSession, SessionAnswer

HISTORY_DAYS = 7


@dataclass(frozen=True)
class Entry:
    """One check-in as progression needs it."""

    day: datetime.date
    moment: str
    pain: float
    ratings: tuple[tuple[str, int | None], ...] = ()  # (item slug, relief or None)


@dataclass(frozen=True)
class SessionDay:
    """A guided session as progression needs it (of one left unfinished, only its stops for
    pain)."""

    day: datetime.date
    pain_after: float | None
    done: tuple[str, ...] = ()  # exercises done, not skipped
    feelings: tuple[tuple[str, str], ...] = ()  # (exercise slug, answer)


def window(
    today: datetime.date, since: datetime.date | None = None, until: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The first and last day an update run on ``today`` reads: every whole day from
    ``since`` (the day the last update ran, which it did not read), at most
    ``READ_AT_MOST``; without ``since``, the seven whole days before today. A preview of an
    update that runs on a later day ``until`` reads what that update will read, as logged so
    far: up to today when the update runs tomorrow or later."""
    end = today if until is None else min(until, today + datetime.timedelta(days=1))
    last = end - datetime.timedelta(days=1)
    if since is None:
        return last - datetime.timedelta(days=HISTORY_DAYS - 1), last
    return max(since, last - datetime.timedelta(days=READ_AT_MOST - 1)), last


def day_so_far(
    user_id: int, today: datetime.date, exercise_slugs: frozenset[str], known: frozenset[str]
) -> DayResponse | None:
    """The update's own day as logged so far (None if nothing is): not counted, it only holds
    back a step up of what hurt in it (``progression.progress``)."""
    entries = diary_entries(user_id, today, today)
    sessions = session_days(user_id, today, today)
    found = day_responses(entries, today, today, exercise_slugs, known, sessions)
    return found[0] if found else None


def day_responses(
    entries: Sequence[Entry],
    first: datetime.date,
    last: datetime.date,
    exercise_slugs: frozenset[str],
    known_slugs: frozenset[str],
    sessions: Sequence[SessionDay] = (),
) -> list[DayResponse]:
    """DayResponse rows for ``first``..``last`` (inclusive) from check-ins and sessions.

    ``entries`` should also hold the 7 days before ``first`` (for usual pain) and the day
    after ``last`` (for next-morning pain). Slugs outside ``known_slugs`` (content removed
    since) are left out rather than failing the whole week.
    """
    by_day: dict[datetime.date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    sessions_by_day: dict[datetime.date, list[SessionDay]] = defaultdict(list)
    for session in sessions:
        sessions_by_day[session.day].append(session)
    days = sorted(d for d in set(by_day) | set(sessions_by_day) if first <= d <= last)
    return [
        _day_response(day, by_day, sessions_by_day[day], exercise_slugs, known_slugs)
        for day in days
    ]


def _day_response(
    day: datetime.date,
    by_day: dict[datetime.date, list[Entry]],
    sessions: list[SessionDay],
    exercise_slugs: frozenset[str],
    known: frozenset[str],
) -> DayResponse:
    entries = by_day.get(day, [])
    rated = {slug for e in entries for slug, _ in e.ratings}
    done = tuple(sorted((rated | {s for x in sessions for s in x.done}) & known))
    pains = [_pain_at(entries, "evening"), *(x.pain_after for x in sessions)]
    after = max((p for p in pains if p is not None), default=None)
    return DayResponse(
        date=day,
        pain_usual=_usual_pain(by_day, day, sessions),
        pain_usual_morning=_mean_before(by_day, day, "morning"),
        pain_after_exercise=after if exercise_slugs & set(done) else None,
        pain_next_morning=_pain_at(by_day.get(day + datetime.timedelta(1), []), "morning"),
        done=done,
        relief=_relief(entries, known),
        feelings=_feelings(sessions, known),
    )


def _feelings(sessions: Iterable[SessionDay], known: frozenset[str]) -> dict[str, str]:
    worst: dict[str, str] = {}
    for session in sessions:
        for slug, feeling in session.feelings:
            earlier = worst.get(slug, FEELINGS[0])
            if slug in known and FEELINGS.index(feeling) >= FEELINGS.index(earlier):
                worst[slug] = feeling
    return worst


def _usual_pain(
    by_day: dict[datetime.date, list[Entry]], day: datetime.date, sessions: list[SessionDay]
) -> float:
    before = _mean_before(by_day, day)
    if before is not None:
        return before
    today = [e.pain for e in by_day.get(day, [])] + [
        s.pain_after for s in sessions if s.pain_after is not None
    ]
    return min(today, default=0.0)


def _mean_before(
    by_day: dict[datetime.date, list[Entry]], day: datetime.date, moment: str | None = None
) -> float | None:
    """The mean pain of the 7 days before ``day`` (of one moment, if given), or None."""
    before = [
        e.pain
        for offset in range(1, HISTORY_DAYS + 1)
        for e in by_day.get(day - datetime.timedelta(offset), [])
        if moment is None or e.moment == moment
    ]
    return round(fmean(before), 2) if before else None


def _pain_at(entries: Iterable[Entry], moment: str) -> float | None:
    return next((e.pain for e in entries if e.moment == moment), None)


def _relief(entries: Iterable[Entry], known: frozenset[str]) -> dict[str, int]:
    relief: dict[str, int] = {}
    for entry in entries:
        for slug, score in entry.ratings:
            if score is not None and slug in known:
                relief[slug] = max(score, relief.get(slug, 0))
    return relief


def diary_entries(user_id: int, first: datetime.date, last: datetime.date) -> list[Entry]:
    """The person's check-ins from 7 days before ``first`` to the day after ``last``."""
    start = first - datetime.timedelta(HISTORY_DAYS)
    end = last + datetime.timedelta(1)
    rows = CheckIn.objects.filter(user_id=user_id, day__gte=start, day__lte=end).values_list(
        "id", "day", "moment", "pain"
    )
    ratings: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for checkin_id, item, relief in ActivityRating.objects.filter(
        checkin__user_id=user_id, checkin__day__gte=first, checkin__day__lte=last
    ).values_list("checkin_id", "item", "relief"):
        ratings[checkin_id].append((item, relief))
    return [Entry(day, moment, float(pain), tuple(ratings[pk])) for pk, day, moment, pain in rows]


def late_hurts(
    user_id: int, first: datetime.date, last: datetime.date, said_since: datetime.datetime
) -> list[SessionDay]:
    """Each exercise said to have hurt at or after ``said_since`` (when the last update ran)
    in a session of a day before ``first`` (which an earlier update read without it), from
    ``READ_AT_MOST`` days before ``last``: only that it was done and hurt, so it steps back
    and nothing else of that day is counted twice."""
    earliest = last - datetime.timedelta(days=READ_AT_MOST - 1)
    hurts: dict[datetime.date, set[str]] = defaultdict(set)
    for day, slug in SessionAnswer.objects.filter(
        session__user_id=user_id,
        session__day__gte=earliest,
        session__day__lt=first,
        feeling="hurt",
        hurt_at__gte=said_since,
    ).values_list("session__day", "exercise"):
        hurts[day].add(slug)
    return [
        SessionDay(day, None, tuple(sorted(slugs)), tuple((s, "hurt") for s in sorted(slugs)))
        for day, slugs in sorted(hurts.items())
    ]


def late_sessions(
    user_id: int, first: datetime.date, last: datetime.date, said_since: datetime.datetime
) -> list[SessionDay]:
    """Each session of a day before ``first`` (from ``READ_AT_MOST`` days before ``last``)
    finished at or after ``said_since`` (when the last update ran): left unfinished when an
    earlier update read its day, which read only its stops for pain. What it adds, on its own
    day: every exercise done in it with its answer and the pain given at its end, a stop for
    pain said before ``said_since`` (read already) left out."""
    earliest = last - datetime.timedelta(days=READ_AT_MOST - 1)
    answers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for session_id, slug, feeling in (
        SessionAnswer.objects.filter(
            session__user_id=user_id,
            session__day__gte=earliest,
            session__day__lt=first,
            session__finished_at__gte=said_since,
            done=True,
        )
        .exclude(stopped="hurt", hurt_at__isnull=True)  # a stop kept before hurt_at was
        .exclude(stopped="hurt", hurt_at__lt=said_since)
        .order_by("session_id", "position")
        .values_list("session_id", "exercise", "feeling")
    ):
        answers[session_id].append((slug, feeling))
    sessions = RoutineSession.objects.filter(pk__in=answers).values_list("pk", "day", "pain_after")
    return [
        SessionDay(
            day,
            None if pain is None else float(pain),
            tuple(slug for slug, _ in answers[pk]),
            tuple((slug, feeling) for slug, feeling in answers[pk] if feeling),
        )
        for pk, day, pain in sessions
    ]


def late_days(
    user_id: int,
    first: datetime.date,
    last: datetime.date,
    said_since: datetime.datetime,
    exercise_slugs: frozenset[str],
    known: frozenset[str],
) -> list[DayResponse]:
    """The days before ``first`` an earlier update read without what was said or finished
    since ``said_since``: an "It hurt" said since (``late_hurts``: only that it hurt), and a
    session finished since (``late_sessions``), read with its day's pains so that a day whose
    pain rose steps back what was done in it. Of such a day only the late sessions count:
    its check-ins' ratings were read by the update that read the day."""
    hurts = late_hurts(user_id, first, last, said_since)
    finished = late_sessions(user_id, first, last, said_since)
    before = first - datetime.timedelta(days=1)
    with_pains = {session.day for session in finished}
    alone = [s for s in hurts if s.day not in with_pains]
    days = day_responses([], alone[0].day, before, exercise_slugs, known, alone) if alone else []
    if with_pains:
        start = min(with_pains)
        sessions = [s for s in (*hurts, *finished) if s.day in with_pains]
        entries = diary_entries(user_id, start, before)
        for day in day_responses(entries, start, before, exercise_slugs, known, sessions):
            if day.date in with_pains:
                done = {slug for s in sessions if s.day == day.date for slug in s.done}
                days.append(replace(day, done=tuple(sorted(done & known)), relief={}))
    return sorted(days, key=lambda day: day.date)


def session_days(user_id: int, first: datetime.date, last: datetime.date) -> list[SessionDay]:
    """The person's guided sessions from ``first`` to ``last``: each finished one, and from
    each left unfinished only its exercises stopped with "This hurts" (done, "hurt"), so a
    person who closed the app after one is not progressed on it. A session is read once:
    finished or not, never both."""
    answers: dict[int, list[tuple[str, bool, str]]] = defaultdict(list)
    finished = Q(session__finished_at__isnull=False)
    stopped = Q(session__finished_at__isnull=True, done=True, stopped="hurt")
    for session_id, slug, done, feeling, why in (
        SessionAnswer.objects.filter(
            finished | stopped,
            session__user_id=user_id,
            session__day__gte=first,
            session__day__lte=last,
        )
        .order_by("session_id", "position")
        .values_list("session_id", "exercise", "done", "feeling", "stopped")
    ):
        answers[session_id].append((slug, done, "hurt" if why == "hurt" else feeling))
    sessions = RoutineSession.objects.filter(pk__in=answers).values_list("pk", "day", "pain_after")
    return [
        SessionDay(
            day,
            None if pain is None else float(pain),
            tuple(slug for slug, done, _ in answers[pk] if done),
            tuple((slug, feeling) for slug, done, feeling in answers[pk] if done and feeling),
        )
        for pk, day, pain in sessions
    ]
