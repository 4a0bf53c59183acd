from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from backcare.assessments.models import Assessment
from backcare.assessments.wizard import intake_estimate
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.diary.summary import streak_length
from backcare.domain.content import content_fingerprint
from backcare.plans.models import Plan
from backcare.reminders.models import Reminder
from backcare.web.home import routine_url

NOON = datetime(2025, 6, 11, 12, 0, tzinfo=UTC)
TODAY = NOON.date()


def made_now(**fields: object) -> Plan:
    """A plan version as the running backcare stores one: built from the content now."""
    return Plan.objects.create(content_version=content_fingerprint(), **fields)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOON, tick=False):
        yield


def _assessment(user, level, days_ago=0):
    return Assessment.objects.create(
        user=user,
        level=level,
        findings={},
        result={"level": level},
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def _checkin(user, days_ago, hour, pain):
    at = NOON.replace(hour=hour) - timedelta(days=days_ago)
    return CheckIn.objects.create(
        user=user, day=at.date(), moment="other", recorded_at=at, pain=pain
    )


def _home(client):
    return client.get(reverse("web:home")).content.decode()


def test_a_newcomer_is_guided_to_check_their_back_first(ana_client):
    html = _home(ana_client)
    first = html.split('class="first-action')[1].split("</section>")[0]
    assert reverse("assessments:start") in first
    assert "Check my back" in first
    assert "Getting started" in html
    assert "0 of 4 done" in html
    assert reverse("reminders:settings") in html
    assert "Check in now" in html


def test_with_an_assessment_but_no_plan_the_plan_comes_next(ana_client, ana):
    _assessment(ana, "self_care")
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "Get my plan" in first
    assert reverse("plans:plan") in first


def test_with_a_plan_the_first_action_is_todays_routine(ana_client, ana):
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body={}, week=3)
    _checkin(ana, 1, 9, 4)
    html = _home(ana_client)
    first = html.split('class="first-action')[1].split("</section>")[0]
    assert "Start today&#x27;s routine" in first
    assert routine_url() in first
    assert html.count("Week 3") == 1  # said once, on the plan's card
    assert "Week 3" in html.split('id="plan-heading"')[1]
    assert "Getting started" not in html  # every step is done


#: The routine of the plans below: the exercise ``_finished_session`` does.
ROUTINE = {"routine": [{"kind": "exercise", "slug": "glute-squeeze", "minutes": 2.5}]}


def _finished_session(user, days_ago=0, pain_after=3, hurt=False, exercises=("glute-squeeze",)):
    from backcare.plans.models import RoutineSession, SessionAnswer

    session = RoutineSession.objects.create(
        user=user,
        day=TODAY - timedelta(days=days_ago),
        finished_at=timezone.now(),
        pain_after=pain_after,
    )
    feeling = "hurt" if hurt else "same"
    for position, exercise in enumerate(exercises, start=1):
        SessionAnswer.objects.create(
            session=session, position=position, exercise=exercise, done=True, feeling=feeling
        )
    return session


@pytest.mark.parametrize(
    ("pain_after", "hurt", "says"),
    [(8, False, "Your routine today ended at 8/10."), (3, True, "An exercise hurt in today")],
)
def test_a_painful_session_after_a_check_in_makes_it_a_hard_day(
    ana_client, ana, pain_after, hurt, says
):
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body=ROUTINE, week=3)
    _checkin(ana, 0, 9, 3)  # 09:00, before the session (finished at noon)
    _finished_session(ana, pain_after=pain_after, hurt=hurt)
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "A hard day" in first
    assert says in first


def test_a_check_in_after_a_painful_session_is_the_latest_word(ana_client, ana):
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body=ROUTINE, week=3)
    with time_machine.travel(NOON - timedelta(hours=2), tick=False):
        _finished_session(ana, pain_after=8)
    _checkin(ana, 0, 11, 2)  # 11:00, after the session: it eased
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "A hard day" not in first
    assert "Today&#x27;s routine is done and you have checked in" in first


def test_once_the_routine_is_done_the_home_page_says_so_and_moves_on(ana_client, ana):
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body=ROUTINE, week=3)
    _finished_session(ana, days_ago=1)  # yesterday's does not count
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "Start today&#x27;s routine" in first
    _finished_session(ana)
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "Today&#x27;s routine is done. How is your back now?" in first
    assert reverse("diary:today") in first
    _checkin(ana, 0, 11, 3)
    Reminder.objects.create(user=ana, kind="routine", enabled=True, since=timezone.now())
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "Today&#x27;s routine is done and you have checked in" in first
    assert reverse("progress:dashboard") in first


def test_a_day_done_without_reminders_offers_them_before_progress(ana_client, ana):
    """Progress has nothing to show on day one; a reminder is what brings a person back."""
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body=ROUTINE, week=1)
    _finished_session(ana)
    _checkin(ana, 0, 11, 3)
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "Today&#x27;s routine is done and you have checked in" in first
    assert "Choose reminders" in first
    assert reverse("reminders:settings") in first
    assert reverse("progress:dashboard") not in first


def test_a_session_of_other_exercises_is_not_todays_routine_done(ana_client, ana):
    """A breathing routine (or the flare routine) an app recorded today is a session of the
    day, but not the plan's routine: home does not call the routine done."""
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body=ROUTINE, week=3)
    _finished_session(ana, exercises=("diaphragmatic-breathing",))
    html = _home(ana_client)
    first = html.split('class="first-action')[1].split("</section>")[0]
    assert "Start today&#x27;s routine" in first
    assert "done today" not in html
    assert "routine is done" not in html


def test_part_of_todays_routine_is_said_as_part(ana_client, ana):
    _assessment(ana, "self_care")
    body = {"routine": [*ROUTINE["routine"], {"kind": "exercise", "slug": "cat-cow", "minutes": 2}]}
    made_now(user=ana, status="full", body=body, week=3)
    _finished_session(ana, exercises=("glute-squeeze", "diaphragmatic-breathing"))
    html = _home(ana_client)
    first = html.split('class="first-action')[1].split("</section>")[0]
    assert "You did 1 of today&#x27;s 2 exercises. How is your back now?" in first
    card = html.split('id="plan-heading"')[1].split("</section>")[0]
    assert "Today&#x27;s routine: 2 exercises, about 4.5 minutes: 1 done today." in card
    _finished_session(ana, exercises=("cat-cow",))
    card = _home(ana_client).split('id="plan-heading"')[1].split("</section>")[0]
    assert "about 4.5 minutes: done today." in card


def test_a_running_flare_comes_before_everything(ana_client, ana):
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body={})
    SpasmEpisode.objects.create(user=ana)
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "Help for your flare now" in first
    assert reverse("diary:episodes") in first


@pytest.mark.parametrize(("latest", "hard"), [(9, True), (7, True), (6, False)])
def test_a_hard_day_puts_easing_it_before_the_routine(ana_client, ana, latest, hard):
    """Severe pain at the latest check-in (7 or more): help to ease it comes first, with the
    warning signs a step away; the routine waits."""
    _assessment(ana, "self_care")
    made_now(user=ana, status="full", body=ROUTINE, week=3)
    _checkin(ana, 0, 8, 3)
    _checkin(ana, 0, 11, latest)
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert ("A hard day" in first) is hard
    assert (f"Your last check-in said {latest}/10" in first) is hard
    assert (reverse("diary:episodes") in first) is hard
    assert (reverse("web:warning_signs") in first) is hard
    assert ("Start today&#x27;s routine" in first) is not hard
    assert ("My back is flaring up: help now" in _home(ana_client)) is not hard  # said once


def test_a_hard_day_without_a_back_check_still_asks_for_the_check_first(ana_client, ana):
    _checkin(ana, 0, 11, 9)
    first = _home(ana_client).split('class="first-action')[1].split("</section>")[0]
    assert "Check my back" in first


def test_a_recent_urgent_result_stays_on_the_home_page(ana_client, ana):
    assessment = _assessment(ana, "urgent", days_ago=3)
    html = _home(ana_client)
    assert "Your last check asked you to get care" in html
    assert reverse("assessments:result", args=[assessment.pk]) in html


def test_a_paused_plan_says_how_it_starts_again_not_to_retake_the_check(ana_client, ana):
    _assessment(ana, "urgent", days_ago=3)
    html = _home(ana_client)
    assert "Once a clinician has checked you, tell us from your plan" in html
    assert "take the back check again" not in html


def test_an_old_or_self_care_result_does_not_nag(ana_client, ana):
    _assessment(ana, "urgent", days_ago=30)
    _assessment(ana, "self_care")
    assert "asked you to get care" not in _home(ana_client)


def test_it_shows_todays_check_ins_beside_yesterday_and_the_streak(ana_client, ana):
    for days_ago, pain in ((3, 7), (2, 6), (1, 6)):
        _checkin(ana, days_ago, 9, pain)
    _checkin(ana, 0, 8, 5)
    _checkin(ana, 0, 11, 3)
    html = _home(ana_client)
    assert "2 check-ins today" in html
    assert "3<small>/10</small>" in html  # the latest
    text = unescape(html)
    assert "Today's average pain: 4/10, lower than yesterday's 6/10" in text  # one yesterday
    assert "Checked in 4 days in a row" in html
    assert "Check in again" in html


def test_it_never_shows_someone_elses_data(client, ana, dee):
    _assessment(ana, "emergency")
    SpasmEpisode.objects.create(user=ana)
    _checkin(ana, 0, 9, 8)
    client.force_login(dee)
    html = _home(client)
    assert "asked you to get care" not in html
    assert "flare is running" not in html
    assert "check-ins today" not in html
    assert "8<small>" not in html


def test_it_needs_few_queries(ana_client, ana, django_assert_max_num_queries):
    _assessment(ana, "soon")
    # One of them reads a back check stopped part-way: an emergency answer in it comes first.
    with django_assert_max_num_queries(10):
        ana_client.get(reverse("web:home"))


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [((), 0), ((0,), 1), ((1, 2), 2), ((0, 1, 2, 4), 3), ((2, 3), 0)],
)
def test_the_streak_counts_days_in_a_row_up_to_today_or_yesterday(days_ago, expected):
    today = date(2025, 6, 11)
    assert streak_length({today - timedelta(days=d) for d in days_ago}, today) == expected


def test_a_newcomer_is_offered_the_back_check_once_not_twice(ana_client):
    html = _home(ana_client)
    assert html.count(f'href="{reverse("assessments:start")}"') == 1  # the big button
    step = html.split('class="step next"')[1].split("</li>")[0]
    assert "Check my back" in step
    assert "start it above" in step
    assert reverse("plans:plan") in html.split('id="start-heading"')[1]  # later steps link


def test_the_getting_started_page_says_how_long_the_back_check_takes(ana_client):
    html = ana_client.get(reverse("web:start")).content.decode()
    assert "a few minutes in all" not in html
    assert f"The back check takes about {intake_estimate().minutes} minutes" in html


@pytest.mark.parametrize("level", ["urgent", "emergency"])
def test_the_getting_started_page_puts_care_first(ana_client, ana, level):
    """Beside care today or now, no checklist of plans and reminders (as on the home page)."""
    assessment = _assessment(ana, level)
    html = ana_client.get(reverse("web:start")).content.decode()
    assert "steps-list" not in html
    assert "Choose reminders" not in html
    # "See what to do now": the result that asked for care, with what to do and the call
    assert (
        reverse("assessments:result", args=[assessment.pk]) in html.split('class="start-next"')[1]
    )


def test_the_getting_started_page_marks_what_is_done(ana_client, ana):
    _assessment(ana, "self_care")
    html = ana_client.get(reverse("web:start")).content.decode()
    assert "Welcome to backcare" in html
    assert html.count('class="step done"') == 1
    assert "Get my plan" in html  # the next step is the button
