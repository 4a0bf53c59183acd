"""For someone who is or could be pregnant, when to stop exercising says the usual reasons
to stop in pregnancy (ACOG 804; the 2019 SOGC/CSEP guideline): bleeding or fluid leaking from
the vagina, regular painful tightenings, chest pain, dizziness or feeling faint, pain or
swelling in a calf, a headache, with their sources. The plan's stop rules and a guided
session's pages say it in the same words; the signs the triage makes an emergency in
pregnancy are sent to the warning signs, never told to wait. Nobody else is told it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils.html import escape

from backcare.domain.stop_rules import EVERYONE, IN_PREGNANCY, in_pregnancy, stop_rule_for
from backcare.plans import planning
from backcare.plans.presenting import shown_stop_rules
from tests.intake_data import intake

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
SIGNS = (
    "bleeding or fluid leaking from the vagina", "regular painful tightenings", "chest pain",
    "dizziness or feeling faint", "pain or swelling in a calf", "a headache",
)  # fmt: skip


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_rule_names_each_reason_with_its_sources():
    rule = stop_rule_for(None, pregnant=True)
    assert all(sign in rule.text for sign in SIGNS)
    assert rule.text.startswith(EVERYONE.text)
    assert {"acog-2020", "mottola-2018-sogc-csep"} <= set(rule.references)
    assert "need help now, as your warning signs say" in rule.text
    assert stop_rule_for(None) == EVERYONE


def test_aishas_plan_and_session_say_it(ana, ana_client: Client):
    intake(ana, pregnant="yes")
    plan = ana_client.get("/plan/").content.decode()
    assert escape(IN_PREGNANCY) in plan
    assert any(IN_PREGNANCY in r["text"] for r in planning.current_stop_rules(ana))
    ana_client.post("/plan/session/")
    start = ana_client.get("/plan/session/", follow=True).content.decode()
    assert escape(IN_PREGNANCY) in start


def test_someone_not_pregnant_is_not_told_it(ana, ana_client: Client):
    intake(ana, pregnant="no")
    assert escape(IN_PREGNANCY) not in ana_client.get("/plan/").content.decode()


def test_a_paused_plan_leaves_it_out_with_the_exercise_rule():
    call = {"text": "Call 999 now if ...", "level": "emergency", "references": []}
    rules = [call, {"text": in_pregnancy(EVERYONE).text, "level": "info", "references": []}]
    assert shown_stop_rules(rules, care_first=True) == [call]
