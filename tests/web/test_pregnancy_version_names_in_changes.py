"""A pregnant person (yes or not sure) reads her version's name, not the usual one, where
her plan's changes name an exercise and where the plan no longer holds one: the session step
"... is no longer in your plan", her care team's changes ("Added Bridge (for you in
pregnancy: propped up on pillows) to your routine"),
the week's changes stored with the plan and the preview of the next update (the sentence is
stored with the usual name; it is read with hers, the stored text left as it is), the API,
and the library's "only what I have" filter goes by the kit her version needs."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from backcare.domain import plan_text as text
from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans import tailoring as service
from backcare.plans.models import Plan, Preferences, RoutineSession
from tests.care.conftest import link
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
KIT = ["mat", "pillow", "chair", "wall", "towel"]
PREGNANT = {"pregnancy": "pregnant"}
CHAIR = "figure-four-stretch"  # on a mat -> sitting on a chair, the chair only


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def usual(slug: str) -> str:
    return exercises()[slug].name


def hers(slug: str) -> str:
    return exercises()[slug].name_for(["pregnancy"])


def test_the_content_is_as_these_tests_assume() -> None:
    assert hers("bridge") != usual("bridge") == "Bridge"
    assert hers("single-leg-bridge") != usual("single-leg-bridge") == "Single-leg bridge"
    assert exercises()[CHAIR].equipment_for(["pregnancy"]) == {"chair"}
    assert "chair" not in exercises()[CHAIR].equipment


def set_up(user, answer: str = "yes") -> list[str]:  # type: ignore[no-untyped-def]
    intake(user, pregnant=answer)
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=KIT)
    plan = planning.rebuild_plan(user)
    return [str(i["slug"]) for i in plan.body["routine"]]


# --- the sentence itself -----------------------------------------------------------------


def test_a_stored_sentence_names_each_version_whole_names_only() -> None:
    from backcare.plans.library import shown_sentence

    said = text.PROGRESS.format(
        name=usual("bridge"), other=usual("single-leg-bridge"), done=6, days=7
    )
    mine = shown_sentence(said, PREGNANT)
    assert f"You did {hers('bridge')} on 6 of 7" in mine
    assert f"steps up to {hers('single-leg-bridge')}." in mine
    # Already a version's name: left as it is, never "(propped up on pillows)" twice.
    assert shown_sentence(mine, PREGNANT) == mine
    # A word that only looks like a name, and anyone not pregnant: unchanged.
    assert shown_sentence("A bridge is a Bridges day", PREGNANT) == "A bridge is a Bridges day"
    assert shown_sentence(said, {}) == said


# --- pages and API -----------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["yes", "not_sure"])
def test_a_step_no_longer_in_her_plan_names_her_version(ana, ana_client, answer):
    set_up(ana, answer)
    assert ana_client.post("/plan/session/").status_code == 302
    session = RoutineSession.objects.get(user=ana)
    step = next(
        a for a in session.answers.order_by("position") if hers(a.exercise) != usual(a.exercise)
    )
    record = Plan.objects.filter(user=ana).latest("pk")  # the plan changes under the session
    record.body["routine"] = [i for i in record.body["routine"] if i["slug"] != step.exercise]
    record.save()
    page = ana_client.get(f"/plan/session/{session.pk}/{step.position}/").content.decode()
    assert f"<h1>{escape(hers(step.exercise))} is no longer in your plan</h1>" in page
    assert escape(usual(step.exercise)) + " is no longer" not in page


def test_her_care_teams_changes_name_her_version(ana, ana_client, cy):
    link(cy, ana)
    routine = set_up(ana)
    added = next(s for s in ("bridge", "single-leg-bridge", CHAIR) if s not in routine)
    dosed = next(s for s in routine if hers(s) != usual(s))
    service.add(cy, ana, service.Request(kind="add", exercise=added, reason="Stronger hips"))
    service.add(cy, ana, service.Request(kind="dose", exercise=dosed, reps=5, reason="Less"))
    html = ana_client.get("/plan/").content.decode()
    section = html[html.index("Changes from your care team") :]
    # The usual name, then hers in its own words: "Bridge (for you in pregnancy: propped up
    # on pillows)", so a version named after another exercise is never read as that one.
    mine = {s: service.change_name(s, PREGNANT) for s in (added, dosed)}
    assert all("(for you in pregnancy: " in name for name in mine.values())
    assert f"Added {escape(mine[added])} to your routine" in section
    assert f"Changed {escape(mine[dosed])} to " in section
    assert f"Added {escape(usual(added))} to" not in section
    assert f"Changed {escape(usual(dosed))} to" not in section
    api = {c["exercise"]: c["what"] for c in ana_client.get("/api/plan/tailorings").json()}
    assert api[added] == f"Added {mine[added]} to your routine"


def test_the_weeks_changes_stored_with_usual_names_read_with_hers(ana, ana_client, bo):
    set_up(ana)
    said = text.PROGRESS.format(
        name=usual("bridge"), other=usual("single-leg-bridge"), done=6, days=7
    )
    record = Plan.objects.filter(user=ana).latest("pk")
    record.changes = [{"slug": "bridge", "action": "progress", "sentence": said}]
    record.save()
    html = ana_client.get("/plan/").content.decode()
    week = html[html.index('id="changes"') :]
    assert f"You did {escape(hers('bridge'))} on 6 of 7 days" in week
    assert f"steps up to {escape(hers('single-leg-bridge'))}." in week
    assert escape(said) not in html
    printed = ana_client.get("/plan/print/").content.decode()
    assert f"You did {escape(hers('bridge'))} on 6 of 7 days" in printed
    api = ana_client.get("/api/plan").json()["changes"]
    assert api[0]["sentence"].startswith(f"You did {hers('bridge')} on 6 of 7 days")
    record.refresh_from_db()
    assert record.changes[0]["sentence"] == said  # what was stored stays as it was
    # Not pregnant: the usual names, as stored.
    intake(bo, pregnant="no")
    Preferences.objects.create(user=bo, minutes_per_day=15, equipment=KIT)
    theirs = planning.rebuild_plan(bo)
    theirs.changes = [{"slug": "bridge", "action": "progress", "sentence": said}]
    theirs.save()
    bo_client = Client()
    bo_client.force_login(bo)
    assert escape(said) in bo_client.get("/plan/").content.decode()


def test_the_preview_of_the_weeks_update_names_her_versions(ana, ana_client, monkeypatch):
    set_up(ana)
    said = text.STEP_BACK.format(
        name=usual("single-leg-bridge"), other=usual("bridge"), days="2 days"
    )
    record = Plan.objects.filter(user=ana).latest("pk")
    preview = [{"slug": "single-leg-bridge", "action": "step_back", "sentence": said}]
    monkeypatch.setattr(planning, "preview_progress", lambda user: (record, preview))
    monkeypatch.setattr(planning, "first_review_at", lambda user: None)  # a week on
    html = ana_client.get("/plan/progress/").content.decode()
    assert f"after {escape(hers('single-leg-bridge'))} your pain rose" in html
    assert f"steps back to {escape(hers('bridge'))}." in html


def test_only_what_i_have_goes_by_the_kit_of_her_version(ana, ana_client, bo):
    intake(ana, pregnant="yes")
    Preferences.objects.create(user=ana, minutes_per_day=15, equipment=["chair"])
    html = ana_client.get("/exercises/?kit=mine").content.decode()
    assert f'data-slug="{CHAIR}"' in html
    assert CHAIR in {e["slug"] for e in ana_client.get("/api/exercises?kit=mine").json()}
    # Searching her version's own words finds it too.
    assert f'data-slug="{CHAIR}"' in ana_client.get("/exercises/?q=chair").content.decode()
    # Not pregnant, the same kit: the usual stretch on a mat is not what they have.
    intake(bo, pregnant="no")
    Preferences.objects.create(user=bo, minutes_per_day=15, equipment=["chair"])
    bo_client = Client()
    bo_client.force_login(bo)
    assert f'data-slug="{CHAIR}"' not in bo_client.get("/exercises/?kit=mine").content.decode()
