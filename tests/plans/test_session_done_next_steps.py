"""The end of a guided session agrees with what the plan will do, says a duration once, and
leads a person with no check-in today to it."""

import datetime
import re

import pytest
import time_machine
from django.utils.html import escape

from backcare.assessments.models import Assessment
from backcare.diary.checkins import save_checkin
from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences, RoutineSession

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def routine(client, user):
    """Stress and long sitting: a held stretch, a rep exercise and five minutes of belly
    breathing."""
    Assessment.objects.create(
        user=user,
        findings={},
        level="self_care",
        result={},
        factors=[{"id": "stress_anxiety"}, {"id": "sedentary"}],
    )
    Preferences.objects.create(user=user, minutes_per_day=10, equipment=["mat"])
    client.get("/plan/")
    return [i["slug"] for i in Plan.objects.get().body["routine"] if i["kind"] == "exercise"]


def done_page(client, slugs, feeling, pain):
    client.post("/plan/session/")
    session = RoutineSession.objects.order_by("-pk").first()
    for position in range(1, len(slugs) + 1):
        client.post(f"/plan/session/{session.pk}/{position}/", {"action": "done"})
    answers = {f"feeling_{n}": feeling for n in range(1, len(slugs) + 1)} | {"pain_now": pain}
    assert client.post(f"/plan/session/{session.pk}/finish/", answers).status_code == 302
    page = client.get(f"/plan/session/{session.pk}/done/").content.decode()
    return page.split("<main")[1].split("</main>")[0]


def test_when_pain_rose_it_says_the_plan_steps_back_as_the_progress_page_does(ana_client, ana):
    for day in ("2026-03-07", "2026-03-08", "2026-03-09"):  # usual pain: 2
        save_checkin(ana, {"day": day, "moment": "evening", "pain": 2})
    slugs = routine(ana_client, ana)
    # The plan started 9 days ago and had its first weekly review 2 days ago: the next
    # update, in 5 days, reads today whole.
    Plan.objects.update(created_at=NOW - datetime.timedelta(days=9))
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        week_two = planning.progress_plan(ana)
    assert week_two.week == 2
    slugs = [i["slug"] for i in week_two.body["routine"] if i["kind"] == "exercise"]
    html = done_page(ana_client, slugs, "easier", "7")
    preview = planning.preview_progress(ana)
    assert preview is not None
    back = {c["slug"]: c["sentence"] for c in preview[1] if c["action"] == "step_back"}
    assert "cat-cow" in back  # pain 7 against a usual 2
    progress = ana_client.get("/plan/progress/").content.decode()
    rows = dict(re.findall(r'<li class="result[^"]*">\s*<h2>([^:<]+):(.*?)</li>', html, re.S))
    for slug in set(slugs) & set(back):
        row = rows[escape(exercises()[slug].name)]
        assert escape(back[slug]) in row
        assert escape(back[slug]) in progress  # one source: the words are the same
        assert "Keep it for bad days" not in row
        assert 'action="/toolbox/' not in row  # not offered to pin


def test_the_first_session_leads_to_the_first_check_in(ana_client, ana):
    slugs = routine(ana_client, ana)
    html = done_page(ana_client, slugs, "same", "3")
    assert "Next: your first check-in" in html
    first = re.search(r'<a class="button([^"]*)" href="([^"]+)"', html.split("Next:")[1])
    assert first is not None
    assert first.groups() == ("", "/diary/")  # the one primary step
    assert "the exercises you just did are ticked for you" in html
    save_checkin(ana, {"day": "2026-03-10", "moment": "evening", "pain": 3})
    again = done_page(ana_client, slugs, "same", "3")
    assert "Next:" not in again  # checked in today: back to the plan, as before
    assert 'href="/toolbox/"' in again


def test_a_later_day_without_a_check_in_leads_to_todays(ana_client, ana):
    save_checkin(ana, {"day": "2026-03-08", "moment": "evening", "pain": 3})
    slugs = routine(ana_client, ana)
    assert "Next: today's check-in" in done_page(ana_client, slugs, "same", "3")


def test_a_duration_is_said_once(ana_client, ana):
    slugs = routine(ana_client, ana)
    assert "diaphragmatic-breathing" in slugs
    start = ana_client.get("/plan/session/").content.decode()
    assert "5 minutes</p>" in start
    assert "5 minutes ·" not in start
    page = ana_client.get("/exercises/diaphragmatic-breathing/").content.decode()
    assert "5 minutes (about" not in page
