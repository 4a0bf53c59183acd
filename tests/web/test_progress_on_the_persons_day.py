"""The Progress page reads the person's own days (``User.local_date``): for someone on nights
whose day ends at 06:00, a flare, a questionnaire, the plan's start, a stopped
self-experiment and a questionnaire's date in the disagreement line at 03:30 (or at UTC
midnight) belong to the day before, in London as in Auckland. Before, they fell on the
calendar's date: after the person's today, so the chart left them out altogether."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backcare.diary.models import Experiment, SpasmEpisode
from backcare.domain.experiments import make_schedule
from backcare.domain.instruments import score
from backcare.plans.models import Plan
from backcare.progress.dashboard import build_dashboard
from backcare.progress.experiments import experiment_findings
from backcare.questionnaires.models import InstrumentResponse
from tests.conftest import make_user
from tests.progress_data import log, log_days

pytestmark = pytest.mark.django_db

THEIR_DAY = date(2026, 3, 10)  # the night of 10 to 11 March
NIGHT = date(2026, 3, 11)  # the calendar's date of the small hours of that night
#: (zone, the local hour and minute of everything logged): 03:30 in London (UTC+0) and in
#: Auckland (UTC+13, still 10 March in UTC), and 00:30 in London, just after UTC midnight
CASES = {
    "london-0330": ("Europe/London", 3, 30),
    "auckland-0330": ("Pacific/Auckland", 3, 30),
    "london-utc-midnight": ("Europe/London", 0, 30),
}


@pytest.fixture(params=list(CASES.values()), ids=list(CASES))
def night(request):  # type: ignore[no-untyped-def]
    """A night worker in the zone, whose day ends at 06:00, with two weeks of check-ins; at
    the case's hour of the night they log a flare (over 15 minutes later), answer the PEG
    and get their first plan; the page is read 15 minutes after that."""
    zone_name, hour, minute = request.param
    zone = ZoneInfo(zone_name)
    person = make_user("nia", time_zone=zone_name, day_ends_hour=6)
    moment = datetime(NIGHT.year, NIGHT.month, NIGHT.day, hour, minute, tzinfo=zone)
    log_days(person, THEIR_DAY - timedelta(days=13), [4] * 14)
    SpasmEpisode.objects.create(
        user=person, started_at=moment, ended_at=moment + timedelta(minutes=15), severity=6
    )
    InstrumentResponse.objects.create(
        user=person, instrument="peg", answers={}, total=5, taken_at=moment
    )
    Plan.objects.create(user=person, created_at=moment, status="gentle", body={})
    with time_machine.travel(moment + timedelta(minutes=15), tick=False):
        yield person


def dashboard_of(person):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    response = client.get(reverse("progress:dashboard") + "?period=2w")
    assert response.status_code == 200
    return response.context["dash"]


def test_the_nights_marks_fall_on_their_day(night):
    dash = dashboard_of(night)
    assert dash.today == THEIR_DAY
    assert dash.marks.flares == ((THEIR_DAY, THEIR_DAY),)
    assert dash.marks.questionnaires == ((THEIR_DAY, "PEG"),)
    assert dash.marks.plan_start == THEIR_DAY


def test_the_nights_flare_counts_in_the_period(night):
    """The period starts at 06:00 on its first day: a flare at 03:30 the night before its
    first day is not in it, one at 03:30 on the night of its last day is."""
    first = THEIR_DAY - timedelta(days=13)
    zone = ZoneInfo(night.time_zone)
    before = datetime(first.year, first.month, first.day, 3, 30, tzinfo=zone)  # the day before
    SpasmEpisode.objects.create(
        user=night, started_at=before, ended_at=before + timedelta(hours=1), severity=5
    )
    dash = dashboard_of(night)
    assert dash.window.start == first
    assert (dash.episodes.in_period, dash.episodes.total) == (1, 2)


def test_the_days_do_not_hang_on_the_active_time_zone(night):
    """The clinician's pages and the report build it too: the days stay the person's."""
    with timezone.override(ZoneInfo("America/Los_Angeles")):
        marks = build_dashboard(night, "2w", night.local_date()).marks
    assert marks.flares == ((THEIR_DAY, THEIR_DAY),)
    assert marks.questionnaires == ((THEIR_DAY, "PEG"),)


def test_a_cached_page_is_not_served_after_the_day_end_changes(night):
    """However the hour their day ends changes (here straight in the database, as a restore
    or the admin might), the page is drawn again on the new days: read the next morning,
    today is the same either way, the night's flare is not."""
    with time_machine.travel(timezone.now() + timedelta(hours=6), tick=False):
        dash = dashboard_of(night)
        assert (dash.today, dash.marks.flares) == (NIGHT, ((THEIR_DAY, THEIR_DAY),))
        type(night).objects.filter(pk=night.pk).update(day_ends_hour=0)
        night.refresh_from_db()
        dash = dashboard_of(night)
    assert (dash.today, dash.marks.flares) == (NIGHT, ((NIGHT, NIGHT),))


LISBON = ZoneInfo("Europe/Lisbon")


def test_the_disagreement_line_dates_an_answer_on_their_day(client):
    """Daily pain down 7 to 3, the PEG up from 3 to 4.33, answered at 03:30 on 14 June
    (their 13 June)."""
    ana = make_user("ana", time_zone="Europe/Lisbon", day_ends_hour=6)
    today = date(2026, 6, 15)
    log_days(ana, today - timedelta(days=27), [7] * 7 + [5] * 14 + [3] * 7)
    for when, answers in (
        (datetime(2026, 5, 26, 9, 0, tzinfo=LISBON), (3, 3, 3)),
        (datetime(2026, 6, 14, 3, 30, tzinfo=LISBON), (4, 4, 5)),
    ):
        items = dict(zip(("pain_average", "enjoyment", "general_activity"), answers, strict=True))
        result = score("peg", items)
        InstrumentResponse.objects.create(
            user=ana, instrument="peg", taken_at=when, answers=items, total=result.total
        )
    client.force_login(ana)
    with time_machine.travel(datetime(2026, 6, 15, 10, tzinfo=LISBON), tick=False):
        line = client.get(reverse("progress:dashboard")).context["dash"].disagreement
    assert "(3 on 26 May 2026, 4.33 on 13 Jun 2026)" in line


def test_an_experiment_stopped_in_the_night_ends_on_their_day(client):
    """A 12-day experiment stopped at 03:30 on 12 March in Lisbon, their 11 March."""
    ana = make_user("ana", time_zone="Europe/Lisbon", day_ends_hour=6)
    start = date(2026, 3, 2)
    made = Experiment.objects.create(
        user=ana, option_a="superficial-heat", option_b="cat-cow", start=start, days=12, seed=7
    )
    for entry in make_schedule("a", "b", 12, 7, start=start)[:10]:
        log(ana, entry.day, (3, 4, 4, 3)[entry.index % 4], moment="midday")
    client.force_login(ana)
    with time_machine.travel(datetime(2026, 3, 12, 3, 30, tzinfo=LISBON), tick=False):
        client.post(reverse("progress:stop", args=[made.pk]))
        status = client.get(f"/api/experiments/{made.pk}").json()
        found = experiment_findings(ana.pk)  # on their day now, none given
    assert status["last_day"] == "2026-03-11"
    assert found["cat-cow"] == found["superficial-heat"]
    assert "which you stopped on 11 Mar 2026" in found["cat-cow"][0]
