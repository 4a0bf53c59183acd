"""Home's "Welcome back" says "Your plan starts again easier" only when the plan did restart
for this break (the version carries the break it restarted after, ``planning.BREAK_KEY``, as
the plan page's "Starting again, gently" reads it): not for a plan built from a back check
taken during the break, which starts from the answers given then. Mateus, in Toronto: his
evenings are already the next day in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.diary.models import CheckIn
from backcare.domain.findings import red_flag_ids
from tests.plans.break_story import plan_at_week

pytestmark = pytest.mark.django_db

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
STARTED = datetime.datetime(2026, 12, 8, 0, 37, tzinfo=datetime.UTC)  # 19:37 on 7 Dec there
CHECKED = datetime.datetime(2026, 12, 25, 0, 45, tzinfo=datetime.UTC)  # 19:45 on 24 Dec there
BACK = datetime.datetime(2026, 12, 29, 0, 50, tzinfo=datetime.UTC)  # 19:50 on 28 Dec there
FIRST_DAY = datetime.date(2026, 12, 7)
EASIER = "starts again easier"


@pytest.fixture
def mateus(ana, ana_client):  # type: ignore[no-untyped-def]
    """A plan made on a Toronto evening, one check-in that day, then none for three weeks."""
    ana.time_zone = "America/Toronto"
    ana.save(update_fields=["time_zone"])
    plan_at_week(ana, 3, STARTED)
    at = datetime.datetime.combine(FIRST_DAY, datetime.time(20), TORONTO)
    CheckIn.objects.create(user=ana, day=FIRST_DAY, moment="evening", recorded_at=at, pain=3)
    return ana


def _card(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("web:home")).content.decode()
    assert "Welcome back" in html
    return html.split('class="home-card welcome-back"')[1].split("</section>")[0]


def _plan(client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("plans:plan")).content.decode()


def test_a_plan_restarted_for_this_break_says_so(mateus, ana_client):  # type: ignore[no-untyped-def]
    with time_machine.travel(BACK, tick=False):
        ana_client.force_login(mateus)  # a session of his evening
        card = _card(ana_client)
        plan = _plan(ana_client)
    assert "Your last check-in was 3 weeks ago" in card
    assert EASIER in card
    assert "Starting again, gently" in plan  # the plan page agrees


def test_a_back_check_taken_during_the_break_is_no_restart(mateus, ana_client):  # type: ignore[no-untyped-def]
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 41, "onset": "gradual"}
    with time_machine.travel(CHECKED, tick=False):  # 17 days into the break, a new back check
        ana_client.force_login(mateus)
        assess(mateus, {**answers, "intensity_now": 4, "onset_days_ago": 30})
        _plan(ana_client)  # the plan built from it
    with time_machine.travel(BACK, tick=False):
        ana_client.force_login(mateus)  # a session of his evening
        card = _card(ana_client)
        plan = _plan(ana_client)
    assert "Your last check-in was 3 weeks ago" in card  # still welcomed back
    assert "Take the back check again" in card
    assert EASIER not in card
    assert "Starting again, gently" not in plan  # nor does the plan say it restarted
