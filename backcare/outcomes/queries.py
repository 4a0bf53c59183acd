"""The SQL that reduces a cohort's check-ins, questionnaires and back checks to one row per
member (aggregates computed in the database: COUNT, AVG, MAX, EXISTS over each member's
index range), for ``backcare.domain.outcomes`` to turn into figures.

Plain SQL because the windows are counted in days from each member's own enrolment day,
which the ORM cannot express on both databases; the two dialects differ only in date
arithmetic (``DIALECTS``). Each query reads only days 0-91 of each member through the
(user, day) index, so the cost grows with the cohort, not with the years of history.
Questionnaire answers are timestamps: they are placed on the member's own local days in
Python (``local_day``), as SQLite knows no time zones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, transaction

from backcare.accounts.models import User, person_day
from backcare.assessments.models import Assessment
from backcare.care.models import CareLink
from backcare.diary.models import CheckIn
from backcare.domain.outcomes import (
    BASELINE_DAYS,
    CARRY_DAYS,
    ENGAGEMENT_WEEKS,
    QUESTIONNAIRE_BASELINE_DAYS,
    QUESTIONNAIRE_FOLLOW_UP_DAYS,
    RETENTION_WEEKS,
    WEEK12_DAYS,
    MemberSummary,
    month_end,
    month_of,
)
from backcare.prebuilt import driver_date
from backcare.questionnaires.models import InstrumentResponse

DIALECTS: dict[str, dict[str, str]] = {
    "sqlite": {"plus": "date({d}, '{n:+d} days')"},
    "postgresql": {"plus": "({d} + {n})"},
}
TABLES = {
    "user": User._meta.db_table,
    "checkin": CheckIn._meta.db_table,
    "link": CareLink._meta.db_table,
    "response": InstrumentResponse._meta.db_table,
    "assessment": Assessment._meta.db_table,
}


@dataclass(frozen=True)
class Cohort:
    """Members enrolled (first check-in) between two days, all or one clinician's. The
    figures are for the range widened to whole calendar months (``whole_months``)."""

    enrolled_from: date
    enrolled_to: date
    clinician: User | None = None

    def describe(self) -> str:
        who = f"members linked to {self.clinician.name}" if self.clinician else "all members"
        first, last = f"{self.enrolled_from:%B %Y}", f"{self.enrolled_to:%B %Y}"
        return (
            f"{who}, enrolled in {first}" if first == last else f"{who}, enrolled {first} to {last}"
        )

    def whole_months(self, today: date) -> Cohort:
        """The range widened to whole calendar months, and ending at the latest with the
        last month that is over by ``today``: a month still under way gains members day by
        day, and two answers a day apart would differ by one person."""
        last_over = month_of(today) - timedelta(days=1)
        end = min(month_end(self.enrolled_to), last_over)
        return replace(self, enrolled_from=month_of(self.enrolled_from), enrolled_to=end)


def plus(d: str, n: int) -> str:
    """SQL for date ``d`` plus ``n`` days."""
    return DIALECTS[connection.vendor]["plus"].format(d=d, n=n)


def _week_bounds() -> list[tuple[int, int]]:
    """(first day, last day) of each of the first 12 weeks; week 1 is days 0-6."""
    return [(7 * (week - 1), 7 * week - 1) for week in range(1, ENGAGEMENT_WEEKS + 1)]


#: Days after enrolment whose dates the ``enrol`` CTE works out once per member.
MEMBER_BOUNDS = sorted(
    {day for bounds in _week_bounds() for day in bounds}
    | {*BASELINE_DAYS, *WEEK12_DAYS, *CARRY_DAYS}
)
#: Questionnaire answers are read from one UTC day either side of each window: a member's
#: local day is within a day of the UTC date everywhere (UTC-12 to UTC+14).
QUESTIONNAIRE_BOUNDS = [
    QUESTIONNAIRE_BASELINE_DAYS[0] - 1,
    QUESTIONNAIRE_BASELINE_DAYS[1] + 2,
    QUESTIONNAIRE_FOLLOW_UP_DAYS[0] - 1,
    QUESTIONNAIRE_FOLLOW_UP_DAYS[1] + 2,
]


def _bound(day: int) -> str:
    return f"e.b{day}".replace("-", "m")


#: A temporary table of each member's enrolment day, worked out once for both queries.
ENROLLED = "backcare_enrolled"


def _enrolled_sql(cohort: Cohort) -> tuple[str, list[Any]]:
    """Create ``ENROLLED``: member_id, in_cohort, time_zone, the hour their day ends
    (``day_ends_hour``) and enrolment day d0 = first
    check-in day (one index seek per member) of each member enrolled in the cohort's range.
    A clinician's cohort keeps the members it leaves out too (in_cohort 0): a figure is
    hidden when it would be small for them (``backcare.domain.outcomes.cells``)."""
    params: list[Any] = []
    in_cohort = "1"
    if cohort.clinician is not None:
        in_cohort = f"""CASE WHEN u.id IN (
      SELECT l.patient_id FROM {TABLES["link"]} l WHERE l.clinician_id = %s
      AND l.accepted_at IS NOT NULL AND l.revoked_at IS NULL) THEN 1 ELSE 0 END"""
        params.append(cohort.clinician.pk)
    params += [cohort.enrolled_from, cohort.enrolled_to]
    # MATERIALIZED: otherwise the range test below runs the per-member seek twice more.
    sql = f"""CREATE TEMPORARY TABLE {ENROLLED} AS
WITH first_days AS MATERIALIZED (
  SELECT u.id AS member_id, {in_cohort} AS in_cohort, u.time_zone AS time_zone,
    u.day_ends_hour AS day_ends_hour,
    (SELECT c.day FROM {TABLES["checkin"]} c WHERE c.user_id = u.id ORDER BY c.day LIMIT 1) AS d0
  FROM {TABLES["user"]} u WHERE u.role = 'patient'
)
SELECT member_id, in_cohort, time_zone, day_ends_hour, d0 FROM first_days
WHERE d0 BETWEEN %s AND %s"""
    return sql, params


def _enrol(days: list[int]) -> str:
    """The ``enrol`` CTE: each member's enrolment day and the date of every window bound,
    computed once per member (MATERIALIZED)."""
    bounds = ", ".join(f"{plus('d0', day)} AS {_bound(day)[2:]}" for day in days)
    return (
        "enrol AS MATERIALIZED "
        f"(SELECT member_id, in_cohort, time_zone, day_ends_hour, d0, {bounds} FROM {ENROLLED})"
    )


def _checkins(aggregate: str, first: int, last: int) -> str:
    """A per-member subquery over the check-ins of days ``first``-``last``: an index range."""
    return (
        f"(SELECT {aggregate} FROM {TABLES['checkin']} c WHERE c.user_id = e.member_id "
        f"AND c.day BETWEEN {_bound(first)} AND {_bound(last)})"
    )


def _members_sql(enrol: str) -> str:
    """One row per member: enrolment day, check-ins on days 0-83, a flag per week 1-12,
    baseline and 12-week mean pain, the last day's mean pain (days 7-76), latest triage."""
    last_day = _checkins("MAX(c.day)", *CARRY_DAYS)
    tail = f"""(SELECT AVG(c.pain) FROM {TABLES["checkin"]} c
   WHERE c.user_id = e.member_id AND c.day = {last_day}),
  (SELECT a.level FROM {TABLES["assessment"]} a WHERE a.user_id = e.member_id
   ORDER BY a.created_at DESC, a.id DESC LIMIT 1)"""
    if connection.vendor == "postgresql":
        return _members_sql_postgresql(enrol, tail)
    return _members_sql_sqlite(enrol, tail)


def _members_sql_sqlite(enrol: str, tail: str) -> str:
    """Every figure is an index seek or range: per-row date arithmetic and comparisons
    cost seconds on SQLite for 10,000 members, index seeks do not."""
    weeks = ",\n  ".join(
        f"CASE WHEN EXISTS {_checkins('1', first, last)} THEN 1 ELSE 0 END"
        for first, last in _week_bounds()
    )
    return f"""WITH {enrol}
SELECT e.member_id, e.in_cohort, e.d0,
  {_checkins("COUNT(*)", 0, ENGAGEMENT_WEEKS * 7 - 1)},
  {weeks},
  {_checkins("AVG(c.pain)", *BASELINE_DAYS)},
  {_checkins("AVG(c.pain)", *WEEK12_DAYS)},
  {tail}
FROM enrol e"""


def _members_sql_postgresql(enrol: str, tail: str) -> str:
    """One LATERAL pass over each member's days 0-91 (date arithmetic is cheap here, while
    each correlated subquery costs a plan execution): weeks come as a bit mask."""
    days = ENGAGEMENT_WEEKS * 7 - 1
    weeks = ", ".join(f"(m.weeks >> {week}) & 1" for week in range(ENGAGEMENT_WEEKS))
    return f"""WITH {enrol}
SELECT e.member_id, e.in_cohort, e.d0, m.checkins, {weeks}, m.baseline, m.week12,
  {tail}
FROM enrol e CROSS JOIN LATERAL (
  SELECT COUNT(*) FILTER (WHERE c.day <= e.b{days}) AS checkins,
    COALESCE(BIT_OR(1 << ((c.day - e.d0) / 7)) FILTER (WHERE c.day <= e.b{days}), 0) AS weeks,
    AVG(c.pain) FILTER (WHERE c.day <= e.b{BASELINE_DAYS[1]}) AS baseline,
    AVG(c.pain) FILTER (WHERE c.day >= e.b{WEEK12_DAYS[0]}) AS week12
  FROM {TABLES["checkin"]} c
  WHERE c.user_id = e.member_id AND c.day BETWEEN e.d0 AND e.b{WEEK12_DAYS[1]}
) m"""


@dataclass(frozen=True)
class CohortRows:
    members: list[MemberSummary]  # the cohort
    left_out: list[MemberSummary]  # a clinician's cohort: the same months' other members


def cohort_rows(cohort: Cohort) -> CohortRows:
    """One summary per member, with the enrolment days worked out once.

    The temporary table lives in this transaction only: dropped at the end, or rolled back
    with it if anything fails.
    """
    sql, params = _enrolled_sql(cohort)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Their estimated cost turns on JIT compiling, which took about 60 ms and made
            # no run faster (docs/performance.md).
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        cursor.execute(_members_sql(_enrol(MEMBER_BOUNDS)))
        rows = cursor.fetchall()
        cursor.execute(_questionnaires_sql(_enrol(QUESTIONNAIRE_BOUNDS)))
        answers = questionnaire_answers(cursor.fetchall())
        cursor.execute(f"DROP TABLE {ENROLLED}")
    members: list[MemberSummary] = []
    left_out: list[MemberSummary] = []
    for row in rows:
        (members if row[1] else left_out).append(_summary(row, answers.get(row[0], {})))
    return CohortRows(members, left_out)


def _summary(row: tuple[Any, ...], questionnaires: Answers) -> MemberSummary:
    _, _, d0, checkins, *weeks, baseline, week12, last, level = row
    return MemberSummary(
        enrolled_on=driver_date(d0),
        checkins_12_weeks=int(checkins),
        active_weeks=sum(weeks),
        weeks_with_checkin=frozenset(week for week in RETENTION_WEEKS if weeks[week - 1]),
        baseline_pain=_float(baseline),
        week12_pain=_float(week12),
        last_pain=_float(last),
        triage=level or "none",
        questionnaires=questionnaires,
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _questionnaires_sql(enrol: str) -> str:
    """Each member's answers with a total from a UTC day either side of each window, in the
    order they were taken. The moment comes as text: turning 20,000 into datetimes cost
    the driver 0.3 s on PostgreSQL, parsing ISO text costs Python 0.01 s."""
    first, first_end, latest, latest_end = (_bound(day) for day in QUESTIONNAIRE_BOUNDS)
    return f"""WITH {enrol}
SELECT e.member_id, e.time_zone, e.day_ends_hour, e.d0, r.instrument,
  CAST(r.taken_at AS TEXT), r.total
FROM enrol e JOIN {TABLES["response"]} r ON r.user_id = e.member_id
WHERE r.total IS NOT NULL AND (
  (r.taken_at >= {first} AND r.taken_at < {first_end})
  OR (r.taken_at >= {latest} AND r.taken_at < {latest_end}))
ORDER BY e.member_id, r.instrument, r.taken_at, r.id"""


#: instrument -> (first total of the baseline window, latest total of the 12-week window)
Answers = dict[str, tuple[float | None, float | None]]


def questionnaire_answers(rows: Iterable[tuple[Any, ...]]) -> dict[int, Answers]:
    """Each member's first answer of the baseline window and latest of the 12-week window,
    by the member's own day of each answer (``User.local_date``: in their time zone, until
    the hour their day ends). ``rows`` come in the order taken."""
    found: dict[int, dict[str, list[float | None]]] = defaultdict(dict)
    enrolled: dict[int, date] = {}
    for member_id, zone, ends, d0, instrument, taken_at, total in rows:
        if member_id not in enrolled:
            enrolled[member_id] = driver_date(d0)
        window = _window((local_day(taken_at, zone, ends) - enrolled[member_id]).days)
        if window is None:
            continue
        pair = found[member_id].setdefault(instrument, [None, None])
        if window == 1 or pair[0] is None:  # the first of the baseline, the last after
            pair[window] = float(total)
    return {
        member: {slug: (pair[0], pair[1]) for slug, pair in pairs.items()}
        for member, pairs in found.items()
    }


def _window(day: int) -> int | None:
    """0 for the baseline window, 1 for the 12-week window, None outside both."""
    if QUESTIONNAIRE_BASELINE_DAYS[0] <= day <= QUESTIONNAIRE_BASELINE_DAYS[1]:
        return 0
    if QUESTIONNAIRE_FOLLOW_UP_DAYS[0] <= day <= QUESTIONNAIRE_FOLLOW_UP_DAYS[1]:
        return 1
    return None


def local_day(taken_at: datetime | str, zone: str, day_ends_hour: int = 0) -> date:
    """The member's own day of a stored moment (ISO text, or a datetime; without an offset,
    as SQLite stores it, it is UTC), by the one day rule (``person_day``, as
    ``User.local_date``)."""
    if isinstance(taken_at, str):
        moment = datetime.fromisoformat(taken_at)
        if moment.tzinfo is None:  # parsed again with the offset: 10 times cheaper than replace
            moment = datetime.fromisoformat(taken_at + "+00:00")
    else:
        moment = taken_at if taken_at.tzinfo is not None else taken_at.replace(tzinfo=UTC)
    return person_day(moment, zone, day_ends_hour)
