"""Someone on nights whose day ends at 06:00: a back check at 03:30 belongs to the day
before, beside the check-ins of that night, everywhere it is read. The standing triage,
the standing facts' days, the report's flares and the diary's flare days all take the
person's day from one rule (``User.local_date``), so no page has to correct it afterwards.

Failed before: the standing triage dated the 03:30 back check to the calendar's date, so a
check-in of that same night that advised care (logged at 02:00) was taken for an older one
and the calm back check stood, on the plan, the clinician's list and the report; the
report counted a flare of 03:30 on the period's first date, which was the night before the
period; the diary marked that flare on the next date; ``told_facts`` dated a fact by the
calendar (the pages replaced its day afterwards).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.care.dashboard import patient_rows
from backcare.care.new_facts import told_facts
from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import SpasmEpisode
from backcare.diary.months import flare_days
from backcare.diary.standing import standing_for
from backcare.exchange.report import build_report
from backcare.progress.dashboard import build_dashboard
from tests.care.conftest import link
from tests.conftest import make_user
from tests.exchange.conftest import red_flag_free_intake

pytestmark = pytest.mark.django_db

LONDON, AUCKLAND = "Europe/London", "Pacific/Auckland"
#: The night of 12 to 13 March 2026: London is on GMT, Auckland on summer time (UTC+13).
NIGHT = date(2026, 3, 12)


def _local(clock: str, zone: str) -> datetime:
    return datetime.fromisoformat(clock).replace(tzinfo=ZoneInfo(zone))


def _nurse(zone: str, hour: int):  # type: ignore[no-untyped-def]
    return make_user(
        "rangi", display_name="Rangi", year_of_birth=1990, time_zone=zone, day_ends_hour=hour
    )


def _fever_then_calm_back_check(person, zone: str) -> None:  # type: ignore[no-untyped-def]
    """At 02:00 she checks in with a fever (care advised); at 03:30 a calm back check."""
    with time_machine.travel(_local("2026-03-13 02:00", zone), tick=False):
        day = local_today(person).isoformat()
        save_checkin(
            person, {"day": day, "moment": "evening", "pain": 5, "safety": {"fever": "yes"}}
        )
    with time_machine.travel(_local("2026-03-13 03:30", zone), tick=False):
        assess(person, red_flag_free_intake())


@pytest.mark.parametrize("zone", [LONDON, AUCKLAND])
@pytest.mark.parametrize(("hour", "day"), [(6, NIGHT), (0, NIGHT + timedelta(days=1))])
def test_a_check_in_of_the_same_night_stands_over_a_calm_back_check(cy, zone, hour, day):
    """Both fall on one day of the person's (the 12th when it ends at 06:00, the 13th at
    midnight): the check-in that advised care stands, as for any check-in of the back
    check's own day."""
    person = _nurse(zone, hour)
    link(cy, person)
    _fever_then_calm_back_check(person, zone)
    with time_machine.travel(_local("2026-03-13 03:40", zone), tick=False):
        latest = Assessment.objects.get(user=person)
        assert latest.level == "self_care"
        standing = standing_for(person, latest)
        assert standing is not None
        assert (standing.source, standing.day) == ("checkin", day)
        assert standing.level != "self_care"
        (row,) = patient_rows(cy)  # the clinician's list: every patient at once
        assert row.level == standing.level
        report = build_report(person, person.local_date())
        assert (report["triage"]["source"], report["triage"]["day"]) == ("checkin", day)


# (zone, day ends, the back check's instant, the person's day of it)
FACT_DAYS = [
    (LONDON, 6, _local("2026-03-13 03:30", LONDON), date(2026, 3, 12)),
    (AUCKLAND, 6, _local("2026-03-13 03:30", AUCKLAND), date(2026, 3, 12)),
    # midnight in UTC: still 12 March by a London day that ends at 06:00, 13 March in Auckland
    (LONDON, 6, datetime(2026, 3, 13, 0, 20, tzinfo=UTC), date(2026, 3, 12)),
    (AUCKLAND, 6, datetime(2026, 3, 13, 0, 20, tzinfo=UTC), date(2026, 3, 13)),
    (LONDON, 0, datetime(2026, 3, 13, 0, 20, tzinfo=UTC), date(2026, 3, 13)),
    (AUCKLAND, 0, datetime(2026, 3, 12, 23, 30, tzinfo=UTC), date(2026, 3, 13)),
]


@pytest.mark.parametrize(("zone", "hour", "at", "day"), FACT_DAYS)
def test_a_told_fact_is_dated_to_the_persons_day(zone, hour, at, day):
    person = _nurse(zone, hour)
    (told,) = told_facts(person, {"pregnant": "yes"}, at, None, None, None)
    assert told.day == day
    assert told.where == f"the assessment on {day.day} March 2026"


@pytest.mark.parametrize("zone", [LONDON, AUCKLAND])
@pytest.mark.parametrize(("hour", "counted"), [(6, ["07:00"]), (0, ["07:00", "03:30"])])
def test_the_reports_flares_begin_with_the_persons_first_day(zone, hour, counted):
    person = _nurse(zone, hour)
    with time_machine.travel(_local("2026-06-15 12:00", zone), tick=False):
        today = person.local_date()
        first = build_dashboard(person, "3m", today).window.start
        for clock in ("03:30", "07:00"):  # the night before the first day; its morning
            SpasmEpisode.objects.create(
                user=person, started_at=_local(f"{first} {clock}", zone), severity=6
            )
        report = build_report(person, today)
    flares = report["episodes"]
    assert flares["count"] == len(counted)
    local = ZoneInfo(zone)
    assert [
        f"{item['row'].started_at.astimezone(local):%H:%M}" for item in flares["recent"]
    ] == counted


@pytest.mark.parametrize("zone", [LONDON, AUCKLAND])
@pytest.mark.parametrize(("hour", "marked"), [(6, {NIGHT}), (0, {NIGHT + timedelta(days=1)})])
def test_the_diary_marks_a_night_flare_on_the_persons_day(zone, hour, marked):
    person = _nurse(zone, hour)
    SpasmEpisode.objects.create(
        user=person,
        started_at=_local("2026-03-13 03:30", zone),
        ended_at=_local("2026-03-13 04:30", zone),
        severity=7,
    )
    with time_machine.travel(_local("2026-03-20 12:00", zone), tick=False):
        assert flare_days(person, date(2026, 3, 1), date(2026, 3, 20)) == marked
