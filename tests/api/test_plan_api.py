import datetime
import json
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from backcare.assessments.models import Assessment
from backcare.diary.models import CheckIn
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences, RoutineSession, SessionAnswer, ToolboxPin

#: A fixed instant for the tests that step through a guided session.
FROZEN = datetime.datetime(2026, 3, 10, 0, 30, tzinfo=datetime.UTC)


def assess(user, level="self_care", factors=("sedentary",)):
    return Assessment.objects.create(
        user=user, findings={}, level=level, result={}, factors=[{"id": f} for f in factors]
    )


def past_the_first_week(user):
    """The plan started 8 days ago and was rebuilt just now: its first weekly review has
    come, and the fresh version does not progress by itself on the next visit."""
    Plan.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=8))
    planning.rebuild_plan(user)


def checked_in_yesterday(user):
    """A check-in yesterday, the last whole day an update run today reads: a week with none
    holds its plan (it does not move on)."""
    yesterday = planning.local_today(user) - timedelta(days=1)
    CheckIn.objects.create(user=user, day=yesterday, pain=3)


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/plan"),
        ("post", "/api/plan/rebuild"),
        ("post", "/api/plan/progress"),
        ("get", "/api/plan/progress"),
        ("get", "/api/plan/sessions"),
        ("post", "/api/plan/sessions"),
        ("get", "/api/plan/preferences"),
        ("get", "/api/toolbox"),
        ("put", "/api/toolbox/bridge"),
    ],
)
def test_personal_endpoints_need_a_session(client, db, method, url):
    assert getattr(client, method)(url).status_code == 401


def test_without_an_assessment_it_returns_a_general_plan_and_stores_nothing(ana_client, ana):
    body = ana_client.get("/api/plan").json()
    assert body["general"] is True
    assert body["id"] is None
    assert "not personalised" in body["note"]
    assert body["plan"]["stop_rules"]
    assert not Plan.objects.exists()


def test_it_builds_the_plan_once_and_returns_it(ana_client, ana):
    assessment = assess(ana, factors=["stress_anxiety"])
    first = ana_client.get("/api/plan").json()
    second = ana_client.get("/api/plan").json()
    assert first["id"] == second["id"]
    assert first["assessment_id"] == assessment.pk
    assert first["plan"]["routine"][-1]["reason"] == "stress_anxiety"  # the cool-down
    assert all(item["why"] and item["grade"] for item in first["plan"]["routine"])


def test_an_urgent_assessment_gives_care_advice_and_no_exercise(ana_client, ana):
    assess(ana, level="urgent")
    plan = ana_client.get("/api/plan").json()["plan"]
    assert plan["status"] == "care_first"
    assert plan["routine"] == []
    assert plan["walking"] is None
    assert plan["flare_protocol"]["items"] == []
    assert plan["care_advice"][0]["level"] == "urgent"


def test_rebuild_and_progress_need_an_assessment(ana_client, ana):
    for url in ("/api/plan/rebuild", "/api/plan/progress"):
        response = ana_client.post(url)
        assert response.status_code == 409
        assert "assessment" in response.json()["detail"]
    assert not Plan.objects.exists()


def test_rebuild_stores_a_new_version_with_a_sentence(ana_client, ana):
    assess(ana)
    first = ana_client.get("/api/plan").json()
    rebuilt = ana_client.post("/api/plan/rebuild").json()
    assert rebuilt["id"] != first["id"]
    assert rebuilt["changes"][-1]["action"] == "rebuild"
    past_the_first_week(ana)
    checked_in_yesterday(ana)
    progressed = ana_client.post("/api/plan/progress").json()
    assert progressed["week"] == 2
    assert progressed["changes"][0]["sentence"]


def test_preferences_round_trip_and_rebuild_the_plan(ana_client, ana):
    assess(ana)
    ana_client.get("/api/plan")
    wanted = {
        "minutes_per_day": 12,
        "equipment": ["chair", "mat"],
        "pregnant": True,
        "due_date": None,
        "conditions": ["osteoporosis"],
        "goals": ["less_stress"],
        "cannot_do": ["bridge", "walking"],
        "sleep_position": "back",
    }
    response = put(ana_client, "/api/plan/preferences", wanted)
    assert response.status_code == 200, response.content
    assert ana_client.get("/api/plan/preferences").json() == wanted
    plan = ana_client.get("/api/plan").json()
    assert plan["plan"]["minutes_budget"] == 12
    assert plan["plan"]["walking"] is None  # walking is on the cannot-do list
    assert Plan.objects.filter(user=ana).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes_per_day": 30}, "minutes_per_day"),
        ({"minutes_per_day": "lots"}, "minutes_per_day"),
        ({"equipment": ["rocket"]}, "equipment"),
        ({"conditions": ["broken_heart"]}, "conditions"),
        ({"goals": ["fly"]}, "goals"),
        ({"cannot_do": ["moonwalk"]}, "cannot_do"),
        ({"sleep_position": "upside-down"}, "sleep_position"),
        ({"pregnant": "maybe"}, "pregnant"),
    ],
)
def test_bad_preferences_are_a_422_naming_the_field_and_nothing_is_saved(
    ana_client, ana, change, field
):
    assess(ana)
    ana_client.get("/api/plan")
    response = put(ana_client, "/api/plan/preferences", {"minutes_per_day": 15, **change})
    assert response.status_code == 422
    assert field in json.dumps(response.json())
    assert not Preferences.objects.exists()
    assert Plan.objects.filter(user=ana).count() == 1


def test_the_toolbox_pins_and_unpins(ana_client, ana):
    assert ana_client.get("/api/toolbox").json() == []
    pinned = put(ana_client, "/api/toolbox/knee-rocking", {}).json()
    assert [p["slug"] for p in pinned] == ["knee-rocking"]
    assert pinned[0]["url"] == "/exercises/knee-rocking/"
    put(ana_client, "/api/toolbox/knee-rocking", {})  # pinning twice is harmless
    assert len(ana_client.get("/api/toolbox").json()) == 1
    assert ana_client.delete("/api/toolbox/knee-rocking").json() == []


@pytest.mark.parametrize("slug", ["levitation", "paracetamol-alone", "tens"])
def test_only_exercises_can_be_pinned(ana_client, ana, slug):
    assert put(ana_client, f"/api/toolbox/{slug}", {}).status_code == 404
    assert not ToolboxPin.objects.exists()


def test_people_see_and_change_only_their_own_plan_and_toolbox(client, ana, bo, dee):
    assess(ana, level="urgent")
    ToolboxPin.objects.create(user=ana, exercise="bridge")
    Preferences.objects.create(user=ana, minutes_per_day=18)
    client.force_login(ana)
    ana_plan = client.get("/api/plan").json()
    client.force_login(dee)
    assert client.get("/api/toolbox").json() == []
    assert client.delete("/api/toolbox/bridge").status_code == 404
    assert client.get("/api/plan/preferences").json()["minutes_per_day"] == 10
    dee_plan = client.get("/api/plan").json()
    assert dee_plan["general"] is True
    assert dee_plan["id"] != ana_plan["id"]
    client.force_login(bo)
    assess(bo)
    assert client.post("/api/plan/rebuild").json()["status"] == "full"
    assert list(ToolboxPin.objects.values_list("user__username", flat=True)) == ["ana"]
    assert Plan.objects.filter(user=ana).get().status == "care_first"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/plan/rebuild"),
        ("post", "/api/plan/progress"),
        ("put", "/api/plan/preferences"),
        ("put", "/api/toolbox/bridge"),
        ("delete", "/api/toolbox/bridge"),
    ],
)
def test_writes_require_csrf(ana, method, url):
    assess(ana)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    response = getattr(strict, method)(url, "{}", content_type="application/json")
    assert response.status_code == 403
    assert not Plan.objects.exists()
    assert not ToolboxPin.objects.exists()


def test_the_exercise_library_is_public(client, db):
    everything = client.get("/api/exercises").json()
    assert {e["slug"] for e in everything} == set(exercises())
    walking = client.get("/api/exercises", {"category": "walking"}).json()
    assert walking
    assert all(e["category"] == "walking" for e in walking)
    found = client.get("/api/exercises", {"q": "bridge"}).json()
    assert "bridge" in {e["slug"] for e in found}
    assert client.get("/api/exercises", {"category": "flying"}).status_code == 422


def test_an_exercise_comes_with_its_drawing_and_evidence(client, db):
    body = client.get("/api/exercises/bridge").json()
    assert body["illustration_svg"].startswith("<svg")
    assert body["evidence"]["grade"] == exercises()["bridge"].evidence.grade
    assert body["evidence"]["citations"][0]["citation"]
    assert client.get("/api/exercises/levitation").status_code == 404


def test_interventions_say_what_the_evidence_shows(client, db):
    body = {i["slug"]: i for i in client.get("/api/interventions").json()}
    assert set(body) == set(interventions())
    assert body["tens"]["recommendable"] is False
    assert body["tens"]["statement"].startswith("Guidelines advise against this.")
    assert "Ask a pharmacist" in body["muscle-relaxants"]["statement"]


def test_articles_are_searchable_and_readable(client, db):
    found = client.get("/api/articles", {"q": "stress"}).json()
    assert found[0]["slug"] == "stress-and-muscle-tension"
    assert len(client.get("/api/articles").json()) >= 12
    article = client.get("/api/articles/stress-and-muscle-tension").json()
    assert article["body_html"].startswith("<h2>")
    assert article["references"][0]["citation"]
    assert client.get("/api/articles/nope").status_code == 404


# --- progression once a week, and guided sessions -----------------------------------------


def test_progress_applies_once_a_week_and_the_preview_stores_nothing(ana_client, ana):
    assess(ana, factors=["sedentary"])
    ana_client.get("/api/plan")
    past_the_first_week(ana)
    checked_in_yesterday(ana)
    preview = ana_client.get("/api/plan/progress").json()
    assert preview["week"] == 2
    assert preview["next_progress_at"] is None
    assert preview["changes"]
    assert Plan.objects.count() == 2
    assert ana_client.post("/api/plan/progress").json()["week"] == 2
    again = ana_client.post("/api/plan/progress")
    assert again.status_code == 409
    assert "Already updated this week" in again.json()["detail"]
    assert ana_client.get("/api/plan/progress").json()["next_progress_at"]
    assert list(Plan.objects.values_list("week", flat=True).order_by("-pk")) == [2, 1, 1]


def test_a_session_posted_through_the_api_is_stored_and_counts(ana_client, ana):
    assess(ana, factors=["sedentary"])
    ana_client.get("/api/plan")
    past_the_first_week(ana)
    routine = [i["slug"] for i in ana_client.get("/api/plan").json()["plan"]["routine"]]
    answers = [{"exercise": routine[0], "done": True, "feeling": "hurt"}] + [
        {"exercise": slug, "done": False} for slug in routine[1:]
    ]
    response = ana_client.post(
        "/api/plan/sessions", {"answers": answers, "pain_after": 5}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["pain_after"] == 5
    assert body["answers"][0] == {
        "exercise": routine[0],
        "done": True,
        "feeling": "hurt",
        "stopped": "",
    }
    assert [s["id"] for s in ana_client.get("/api/plan/sessions").json()] == [body["id"]]
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):  # a whole day
        preview = ana_client.get("/api/plan/progress").json()
    changes = {c["slug"]: c for c in preview["changes"]}
    assert changes[routine[0]]["action"] == "step_back"
    assert "hurt on 1 day" in changes[routine[0]]["sentence"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answers": [{"exercise": "no-such-move"}], "pain_after": 3}, "'answers', 0, 'exercise'"),
        ({"answers": [{"exercise": "bridge", "done": False, "feeling": "same"}], "pain_after": 3},
         "'answers', 0, 'feeling'"),
        ({"answers": [{"exercise": "bridge", "feeling": "great"}], "pain_after": 3}, "feeling"),
        ({"answers": [{"exercise": "bridge"}], "pain_after": 11}, "pain_after"),
        ({"answers": [], "pain_after": 2}, "answers"),
    ],
)  # fmt: skip
def test_a_bad_session_is_a_422_naming_the_field_and_nothing_is_stored(
    ana_client, ana, payload, field
):
    response = ana_client.post("/api/plan/sessions", payload, content_type="application/json")
    assert response.status_code == 422
    assert field in str(response.json())
    assert not RoutineSession.objects.exists()


@time_machine.travel(FROZEN, tick=False)
def test_why_an_exercise_stopped_is_read_and_written(ana_client, ana):
    """A guided session left open after "This hurts" lists that stop, and a session posted
    with an exercise stopped because it hurt (or skipped, and why) is stored as a guided one
    stores it: done, felt "hurt"."""
    assess(ana, factors=["sedentary"])
    ana_client.get("/plan/")
    ana_client.post("/plan/session/")
    left_open = RoutineSession.objects.get()
    ana_client.post(f"/plan/session/{left_open.pk}/1/", {"action": "hurt"})
    listed = ana_client.get("/api/plan/sessions").json()
    assert listed[0]["finished_at"] is None
    assert listed[0]["started_at"]
    assert listed[0]["answers"][0]["stopped"] == "hurt"
    assert listed[0]["answers"][0]["feeling"] == "hurt"
    assert {a["stopped"] for a in listed[0]["answers"][1:]} == {""}
    answers = [
        {"exercise": "bridge", "stopped": "hurt"},
        {"exercise": "cat-cow", "done": False, "stopped": "too_hard"},
        {"exercise": "dead-bug", "done": False, "stopped": "not_now"},
        {"exercise": "bridge", "done": False},
    ]
    body = ana_client.post(
        "/api/plan/sessions", {"answers": answers, "pain_after": 6}, content_type="application/json"
    ).json()
    assert [(a["done"], a["feeling"], a["stopped"]) for a in body["answers"]] == [
        (True, "hurt", "hurt"),
        (False, "", "too_hard"),
        (False, "", "not_now"),
        (False, "", ""),
    ]
    stored = SessionAnswer.objects.get(session_id=body["id"], position=1)
    assert (stored.done, stored.feeling, stored.stopped) == (True, "hurt", "hurt")


@pytest.mark.parametrize(
    ("answer", "field", "message"),
    [
        ({"exercise": "bridge", "done": False, "stopped": "hurt"}, "done", "was started"),
        (
            {"exercise": "bridge", "feeling": "same", "stopped": "hurt"},
            "feeling",
            "has the feeling",
        ),
        ({"exercise": "bridge", "stopped": "too_hard"}, "stopped", "not done"),
        ({"exercise": "bridge", "done": False, "stopped": "bored"}, "stopped", "hurt"),
    ],
)
@time_machine.travel(FROZEN, tick=False)
def test_a_stop_that_does_not_fit_its_answer_is_a_422(ana_client, ana, answer, field, message):
    response = ana_client.post(
        "/api/plan/sessions",
        {"answers": [answer], "pain_after": 3},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "payload", "answers", 0, field]
    assert message in error["msg"]
    assert not RoutineSession.objects.exists()


def test_sessions_are_private(client, ana, bo):
    client.force_login(ana)
    client.post(
        "/api/plan/sessions",
        {"answers": [{"exercise": "bridge"}], "pain_after": 2},
        content_type="application/json",
    )
    client.force_login(bo)
    assert client.get("/api/plan/sessions").json() == []
