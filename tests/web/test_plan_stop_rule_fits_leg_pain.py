"""The plan says when to stop an exercise in the words a guided session says it to the same
person: for someone whose back check found pain already spreading into a leg, leg pain that
spreads further down or gets worse (pain moving back towards the back is fine), not "pain
shooting into a leg"; for anyone else, everyone's rule. One wording, on the plan page, its
print, the plan API, the report and the FHIR export alike; a plan stored earlier with the
older wording shows the person's rule too, and a plan paused for care leaves out either."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from backcare.domain.stop_rules import EARLIER_TEXTS, EVERYONE, LEG_PAIN
from backcare.plans import planning
from backcare.plans.models import Plan
from backcare.plans.presenting import shown_stop_rules
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=datetime.UTC)  # 11 March in Auckland
LEG = {"pain_spreading_down_leg": "yes"}


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def pages(client: Client) -> dict[str, str]:
    """Everywhere the plan's stop rules are said, as the person (or their clinician) reads it."""
    api = client.get("/api/plan").json()
    return {
        "plan page": client.get("/plan/").content.decode(),
        "print": client.get("/plan/print/").content.decode(),
        "api": json.dumps([rule["text"] for rule in api["plan"]["stop_rules"]]),
        "report": client.get("/report/").content.decode(),
        "fhir": client.get("/my-data/fhir.json").content.decode(),
    }


def session_rule(client: Client) -> str:
    """The stop rule the first step of a guided session says."""
    client.post("/plan/session/")
    step = client.get("/plan/session/", follow=True).content.decode()
    return step.split('class="section-intro">')[1].split(" Each step has")[0]


@pytest.mark.parametrize(
    ("answers", "said", "not_said"),
    [(LEG, LEG_PAIN, EVERYONE), ({}, EVERYONE, LEG_PAIN)],
    ids=["pain into a leg", "no leg pain"],
)
def test_the_plan_says_the_sessions_rule_for_the_person_everywhere(
    ana, ana_client: Client, answers, said, not_said
):
    intake(ana, **answers)
    for where, text in pages(ana_client).items():
        shown = text if where in ("api", "fhir") else text.replace(escape(said.text), said.text)
        assert said.text in shown, where
        assert not_said.text not in shown, where
        assert not any(old in shown for old in EARLIER_TEXTS), where
    assert session_rule(ana_client) == escape(said.text)  # one wording: the session's


def test_someone_with_leg_pain_is_not_told_to_stop_for_pain_in_a_leg(ana, ana_client: Client):
    intake(ana, **LEG)
    page = ana_client.get("/plan/").content.decode()
    stop = page.split('id="stop-title"')[1].split("</section>")[0]
    assert "shooting into a leg" not in stop
    assert "pain moving back towards your back is fine" in stop


@pytest.mark.parametrize(
    ("answers", "said"), [(LEG, LEG_PAIN), ({}, EVERYONE)], ids=["pain into a leg", "no leg pain"]
)
def test_a_plan_stored_with_the_older_wording_shows_the_persons_rule(
    ana, ana_client: Client, answers, said
):
    intake(ana, **answers)
    planning.current_plan(ana)
    stored = Plan.objects.get(user=ana)
    rules = [
        {**r, "text": EARLIER_TEXTS[0]} if r["level"] == "info" else r
        for r in stored.body["stop_rules"]
    ]
    stored.body = {**stored.body, "stop_rules": rules}
    stored.save(update_fields=["body"])
    page = ana_client.get("/plan/").content.decode()
    assert escape(said.text) in page
    assert escape(EARLIER_TEXTS[0]) not in page
    assert Plan.objects.get(user=ana).pk == stored.pk  # the same version, brought up to date


@pytest.mark.parametrize("text", [EVERYONE.text, LEG_PAIN.text, *EARLIER_TEXTS])
def test_a_paused_plan_leaves_out_when_to_stop_an_exercise_in_any_wording(text):
    call = {"text": "Call 999 now if ...", "level": "emergency", "references": []}
    rules = [call, {"text": text, "level": "info", "references": []}]
    assert shown_stop_rules(rules, care_first=True) == [call]
    assert shown_stop_rules(rules, care_first=False) == rules
