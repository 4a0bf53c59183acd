"""Flare help on a plan paused for care: the plan page's own paused notice (why, and where to
get help in the words of the person's place), no exercise, and so no "stop an exercise"."""

from datetime import timedelta
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from backcare.diary.checkins import local_today, save_checkin
from backcare.diary.models import SpasmEpisode
from backcare.domain import plan_text
from backcare.domain.instruments import crisis_message
from tests.conftest import make_user
from tests.intake_data import intake

PAGE = reverse("diary:episodes")
STOP_AN_EXERCISE = escape(plan_text.EXERCISE_STOP.text)
NOTICE = '<section class="plan-status status-care_first'


def _main(html: str) -> str:
    return html.split('<main id="main"')[1].split("</main>")[0]


def _notice(html: str) -> str:
    """The plan's paused notice, as the partial renders it."""
    return NOTICE + html.split(NOTICE, 1)[1].split("</section>", 1)[0]


def _person(client, time_zone: str, **answers: object):  # type: ignore[no-untyped-def]
    person = make_user("pat", time_zone=time_zone)
    intake(person, **answers)
    client.force_login(person)
    return person


def test_an_urgent_pause_gives_the_plan_pages_notice_in_the_places_words(client, db):
    _person(client, "Europe/London", fever="yes")
    flare = _main(client.get(PAGE).content.decode())
    plan = _main(client.get(reverse("plans:plan")).content.decode())
    assert _notice(flare) == _notice(plan)  # the same partial, the same words
    notice = _notice(flare)
    assert "Getting care comes first" in notice
    assert "The exercise plan is paused until a clinician has seen you" in notice
    assert "NHS 111 in England" in notice  # London's urgent line, as on the plan page
    assert "See a clinician before starting any exercise plan" in notice
    assert flare.index(NOTICE) < flare.index("Breathe with me")
    assert 'href="tel:111">Call NHS 111 (111)</a>' in flare
    assert "Stop any exercise" not in flare
    assert STOP_AN_EXERCISE not in plan
    assert "Call 999 now if you get numbness" in flare  # the warning signs stay
    assert 'id="flare-title"' not in flare  # no flare routine
    assert 'href="/exercises/' not in flare


def test_an_emergency_pause_offers_the_call_once_and_says_why(client, db):
    _person(client, "America/New_York", bladder_change="yes")
    flare = _main(client.get(PAGE).content.decode())
    assert flare.index("Emergency: get help now") < flare.index(NOTICE)
    assert flare.index(NOTICE) < flare.index("Breathe with me")
    notice = _notice(flare)
    assert "call 911 or go to an emergency room" in notice
    assert "The exercise plan is paused until a clinician has seen you" in notice
    assert flare.count('href="tel:911">Call 911 now</a>') == 1  # above the notice, once
    assert "Stop any exercise" not in flare
    assert 'id="flare-title"' not in flare


def test_a_crisis_pause_gives_the_crisis_lines_once(client, db):
    _person(client, "Europe/London", self_harm_thoughts="yes")
    flare = _main(client.get(PAGE).content.decode())
    heading = escape(crisis_message().heading)
    assert flare.count(heading) == 1
    assert flare.index(heading) < flare.index(NOTICE) < flare.index("Breathe with me")
    assert "The exercise plan is paused until a clinician has seen you" in _notice(flare)
    assert flare.count('class="button call-button crisis-line"') == 1
    assert "Stop any exercise" not in flare


@pytest.mark.parametrize("answers", [{}, {"pain_not_eased_by_rest": "yes"}])
def test_a_plan_that_is_not_paused_still_says_when_to_stop_an_exercise(client, db, answers):
    _person(client, "Europe/London", **answers)
    flare = _main(client.get(PAGE).content.decode())
    assert NOTICE not in flare
    assert STOP_AN_EXERCISE in flare
    assert 'id="flare-title"' in flare


def test_with_no_back_check_a_check_in_that_asked_for_care_pauses_it_too(client, db):
    person = make_user("pat", time_zone="Europe/London")
    day = local_today(person).isoformat()
    save_checkin(person, {"day": day, "moment": "morning", "pain": 6, "safety": {"fever": "yes"}})
    client.force_login(person)
    flare = _main(client.get(PAGE).content.decode())
    plan = _main(client.get(reverse("plans:plan")).content.decode())
    assert _notice(flare) == _notice(plan)
    assert "Getting care comes first" in _notice(flare)
    assert "Stop any exercise" not in flare
    assert 'id="flare-title"' not in flare


def test_home_offers_no_movement_for_a_running_flare_on_a_paused_plan(client, db):
    person = _person(client, "Europe/London", fever="yes")
    SpasmEpisode.objects.create(user=person, started_at=timezone.now() - timedelta(hours=2))
    home = _main(client.get(reverse("web:home")).content.decode())
    assert "Help for your flare now" in home
    assert "Gentle movement" not in home
    assert "Your exercise plan is paused" in home
