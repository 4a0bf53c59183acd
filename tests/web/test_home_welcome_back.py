"""Home after a break from checking in: "Welcome back" first (after any care that stands),
the warning-sign questions and the back check again, the plan started easier, a clinician
when the first check-in back is well above the usual, and one gentle reminder offered."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from backcare.assessments.models import Assessment
from backcare.reminders.models import Reminder
from tests.plans.break_story import NOW, checkin, ten_weeks_away

SOON = "See a clinician in the next few days"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _card(client) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("web:home")).content.decode()
    assert "Welcome back" in html
    assert html.index("Welcome back") < html.index('class="first-action')  # first
    return html.split('class="home-card welcome-back"')[1].split("</section>")[0]


def test_after_ten_weeks_away_home_says_welcome_back_first(ana, ana_client):
    ten_weeks_away(ana)
    card = _card(ana_client)
    assert "10 weeks ago" in card
    assert reverse("diary:today") in card
    assert "warning signs" in card
    assert reverse("assessments:start") in card  # the back check again
    assert "starts again easier" in card
    assert reverse("reminders:settings") in card  # none is on: one gentle daily reminder
    assert SOON not in card


def test_with_a_reminder_on_the_card_does_not_offer_one(ana, ana_client):
    ten_weeks_away(ana)
    Reminder.objects.create(user=ana, kind="routine", enabled=True, since=timezone.now())
    assert reverse("reminders:settings") not in _card(ana_client)


def test_coming_back_in_much_more_pain_than_usual_leads_to_a_clinician(ana, ana_client):
    ten_weeks_away(ana)
    checkin(ana, NOW, 8)  # usual before the break: 2-3
    card = _card(ana_client)
    assert "Thank you for checking in again after 10 weeks away" in card
    assert "was 8/10" in card
    assert "usually about 2.6/10" in card
    assert SOON in card
    assert "keeps returning" in card  # the rule's own advice: pain that comes back
    assert "warning signs</a>" not in card  # answered at that check-in


def test_coming_back_with_pain_near_the_usual_gives_no_such_advice(ana, ana_client):
    ten_weeks_away(ana)
    checkin(ana, NOW, 4)  # 1.4 above the usual
    assert SOON not in _card(ana_client)


def test_the_advice_is_never_softer_than_a_result_that_stands(ana, ana_client):
    ten_weeks_away(ana)
    checkin(ana, NOW, 8)
    Assessment.objects.create(
        user=ana, level="urgent", findings={}, result={"level": "urgent"},
        created_at=timezone.now(),
    )  # fmt: skip
    card = _card(ana_client)
    assert SOON not in card
    assert "Urgent: speak to a clinician today" in card


def test_a_week_after_coming_back_the_card_is_gone(ana, ana_client, frozen_clock):
    ten_weeks_away(ana)
    for day in range(8):
        checkin(ana, NOW + datetime.timedelta(days=day), 3)
    frozen_clock.shift(datetime.timedelta(days=7))
    assert "Welcome back" not in ana_client.get(reverse("web:home")).content.decode()


@pytest.mark.parametrize(
    ("now", "welcome"),
    [
        # 23:30 on 9 March in Los Angeles (already 10 March in UTC): 13 days, no break yet.
        (datetime.datetime(2026, 3, 10, 6, 30, tzinfo=datetime.UTC), False),
        # 00:30 on 10 March in Los Angeles: 14 of the person's own days.
        (datetime.datetime(2026, 3, 10, 7, 30, tzinfo=datetime.UTC), True),
    ],
)
def test_a_break_is_counted_in_the_persons_own_days(bo, client, now, welcome):
    bo.time_zone = "America/Los_Angeles"
    bo.save(update_fields=["time_zone"])
    Assessment.objects.create(
        user=bo, level="self_care", findings={}, result={"level": "self_care"},
        created_at=now - datetime.timedelta(days=30),
    )  # fmt: skip
    # 20:00 on 24 February in Los Angeles: 25 February in UTC.
    checkin(bo, datetime.datetime(2026, 2, 25, 4, tzinfo=datetime.UTC), 3)
    client.force_login(bo)
    with time_machine.travel(now, tick=False):
        html = client.get(reverse("web:home")).content.decode()
    assert ("Welcome back" in html) is welcome


def test_before_checking_in_back_the_routine_is_not_a_second_big_button(ana, ana_client):
    """The welcome card's check-in (the warning signs first) is the one main button."""
    ten_weeks_away(ana)
    html = ana_client.get(reverse("web:home")).content.decode()
    first = html.split('class="first-action')[1].split("</section>")[0]
    assert "routine" in first.lower()
    assert 'class="button big secondary"' in first
