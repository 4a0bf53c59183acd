"""The SQL that reduces a cohort's check-ins, questionnaires and back checks to one row per
member (aggregates computed in the database: COUNT, AVG, MAX, EXISTS over each member's
index range), for ``backcare.domain.outcomes`` to turn into figures.

Plain SQL because the windows are counted in days from each member's own enrolment day,
which the ORM cannot express on both databases; the two dialects differ only in date
arithmetic (``DIALECTS``). Each query reads only days 0-91 of each member through the
(user, day) index, so the cost grows with the cohort, not with the years of history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction

from backcare.accounts.models import User
from backcare.assessments.models import Assessment
from backcare.care.models import CareLink
from backcare.diary.models import CheckIn
from backcare.domain.outcomes import (
    BASELINE_DAYS,
    CARRY_DAYS,
    ENGAGEMENT_WEEKS,
    RETENTION_WEEKS,
    WEEK12_DAYS,
    MemberSummary,
)
from backcare.prebuilt import driver_date
from backcare.questionnaires.models import InstrumentResponse

#: Questionnaires count from this many days before enrolment (an intake just before the
#: first check-in) to the end of the 12-week window.
QUESTIONNAIRE_DAYS = (-14, WEEK12_DAYS[1])

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
    """Members enrolled (first check-in) between two days, all or one clinician's."""

    enrolled_from: date
    enrolled_to: date
    clinician: User | None = None

    def describe(self) -> str:
        who = f"members linked to {self.clinician.name}" if self.clinician else "all members"
        return f"{who}, enrolled {self.enrolled_from:%d %b %Y} to {self.enrolled_to:%d %b %Y}"


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
QUESTIONNAIRE_BOUNDS = [QUESTIONNAIRE_DAYS[0], QUESTIONNAIRE_DAYS[1] + 1]


def _bound(day: int) -> str:
    return f"e.b{day}".replace("-", "m")


#: A temporary table of each member's enrolment day, worked out once for both queries.
ENROLLED = "backcare_enrolled"


def _enrolled_sql(cohort: Cohort) -> tuple[str, list[Any]]:
    """Create ``ENROLLED``: member_id and enrolment day d0 = first check-in day (one index
    seek per member) of each member enrolled in the cohort's range."""
    params: list[Any] = []
    linked = ""
    if cohort.clinician is not None:
        linked = f"""AND u.id IN (
      SELECT l.patient_id FROM {TABLES["link"]} l WHERE l.clinician_id = %s
      AND l.accepted_at IS NOT NULL AND l.revoked_at IS NULL)"""
        params.append(cohort.clinician.pk)
    params += [cohort.enrolled_from, cohort.enrolled_to]
    # MATERIALIZED: otherwise the range test below runs the per-member seek twice more.
    sql = f"""CREATE TEMPORARY TABLE {ENROLLED} AS
WITH first_days AS MATERIALIZED (
  SELECT u.id AS member_id,
    (SELECT c.day FROM {TABLES["checkin"]} c WHERE c.user_id = u.id ORDER BY c.day LIMIT 1) AS d0
  FROM {TABLES["user"]} u WHERE u.role = 'patient' {linked}
)
SELECT member_id, d0 FROM first_days WHERE d0 BETWEEN %s AND %s"""
    return sql, params


def _enrol(days: list[int]) -> str:
    """The ``enrol`` CTE: each member's enrolment day and the date of every window bound,
    computed once per member (MATERIALIZED)."""
    bounds = ", ".join(f"{plus('d0', day)} AS {_bound(day)[2:]}" for day in days)
    return f"enrol AS MATERIALIZED (SELECT member_id, d0, {bounds} FROM {ENROLLED})"


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
SELECT e.d0,
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
SELECT e.d0, m.checkins, {weeks}, m.baseline, m.week12,
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
class MemberRows:
    summaries: list[MemberSummary]
    triage: dict[str, int]  # latest back-check level -> members; "none" without one


@dataclass(frozen=True)
class CohortRows:
    members: MemberRows
    questionnaires: dict[str, list[tuple[float, float]]]  # instrument -> (first, latest)


def cohort_rows(cohort: Cohort) -> CohortRows:
    """One row per member, and questionnaire pairs, with the enrolment days worked out once.

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
        pairs: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for instrument, first, latest in cursor.fetchall():
            pairs[instrument].append((float(first), float(latest)))
        cursor.execute(f"DROP TABLE {ENROLLED}")
    triage: dict[str, int] = defaultdict(int)
    for row in rows:
        triage[row[-1] or "none"] += 1
    members = MemberRows([_summary(row[:-1]) for row in rows], dict(triage))
    return CohortRows(members, dict(pairs))


def _summary(row: tuple[Any, ...]) -> MemberSummary:
    d0, checkins, *weeks, baseline, week12, last = row
    return MemberSummary(
        enrolled_on=driver_date(d0),
        checkins_12_weeks=int(checkins),
        active_weeks=sum(weeks),
        weeks_with_checkin=frozenset(week for week in RETENTION_WEEKS if weeks[week - 1]),
        baseline_pain=_float(baseline),
        week12_pain=_float(week12),
        last_pain=_float(last),
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _questionnaires_sql(enrol: str) -> str:
    start, end = QUESTIONNAIRE_DAYS
    return f"""WITH {enrol},
ranked AS (
  SELECT r.user_id, r.instrument, r.total,
    ROW_NUMBER() OVER (PARTITION BY r.user_id, r.instrument ORDER BY r.taken_at, r.id)
      AS first_rank,
    ROW_NUMBER() OVER (PARTITION BY r.user_id, r.instrument ORDER BY r.taken_at DESC, r.id DESC)
      AS last_rank
  FROM enrol e JOIN {TABLES["response"]} r ON r.user_id = e.member_id
    AND r.taken_at >= {_bound(start)} AND r.taken_at < {_bound(end + 1)}
  WHERE r.total IS NOT NULL
)
SELECT instrument, MAX(CASE WHEN first_rank = 1 THEN total END),
  MAX(CASE WHEN last_rank = 1 THEN total END)
FROM ranked GROUP BY user_id, instrument HAVING COUNT(*) >= 2"""
