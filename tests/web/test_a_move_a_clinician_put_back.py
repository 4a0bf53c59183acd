"""A move a clinician put back with an override is available wherever the person or the
clinician meets it, and no longer said to be held; the moves not overridden stay held.

Sam, 16: back pain for 6 weeks, worse bending backwards and with sport. The young rule holds
back the moves that arch the back. Dr Cy examines him and adds cat-cow back with an override.
His plan's routine has cat-cow, and then: the plan's "Held back for your safety" list, the
plan's API, the exercise's page, the library (page and API), pinning (his own and
Dr Cy's), the experiments' options and the Tailor page's rule holds no longer hold it, while
the standing hip-flexor stretch stays held everywhere. A later back check that fires a new
rule (leg pain on walking) holds cat-cow again: the override covers only what Dr Cy weighed.

Failed before: the stored plan listed cat-cow as held back beside it in the routine; the
exercise page and the library said "Not for you now"; pinning it was refused; experiments
held it back; the Tailor page said the young rule held it.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.accounts.models import User
from backcare.assessments.intake import assess
from backcare.plans import planning
from backcare.plans.models import Preferences, ToolboxPin
from backcare.progress.experiments import held_back_options
from tests.care.conftest import cy_client, link  # noqa: F401 (a fixture)
from tests.conftest import make_user
from tests.web.test_services_by_place import full, text_of

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
SAM = {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]}
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
STILL_HELD = ("hip-flexor-stretch-standing", "Standing hip-flexor stretch")


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sam(frozen, cy, cy_client):  # type: ignore[no-untyped-def]  # noqa: F811
    sam = make_user("sam", year_of_birth=2010, time_zone="Europe/Dublin")
    Preferences.objects.create(user=sam, equipment=KIT, minutes_per_day=15)
    assess(sam, full(**SAM))
    planning.current_plan(sam)  # he opens his plan
    link(cy, sam)
    response = cy_client.post(
        reverse("care:tailor_plan", args=[sam.pk]),
        {
            "kind": "add",
            "exercise": "cat-cow",
            "reason": "Gentle arching is fine now",
            "override": "on",
            "override_reason": "I examined his back: no stress injury",
        },
    )
    assert response.status_code == 302
    return sam


@pytest.fixture
def sam_client(sam):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(sam)
    return client


def said(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(text_of(response.content.decode()))


def held_in_plan(sam: User) -> set[str]:
    record = planning.current_plan(sam)
    assert record is not None
    return {h["slug"] for h in record.body["held_back"]}


def routine_of(sam: User) -> set[str]:
    record = planning.current_plan(sam)
    assert record is not None
    return {item["slug"] for item in record.body["routine"]}


def test_his_plan_has_cat_cow_in_the_routine_and_not_held_back(sam, sam_client):
    assert "cat-cow" in routine_of(sam)
    assert "cat-cow" not in held_in_plan(sam)
    assert STILL_HELD[0] in held_in_plan(sam)
    page = said(sam_client.get("/plan/"))
    held = page.split("Held back for your safety", 1)[1].split(": why", 1)[0]
    assert "Cat-cow" not in held
    assert STILL_HELD[1] in held
    api = sam_client.get("/api/plan").json()
    assert "cat-cow" not in {h["slug"] for h in api["plan"]["held_back"]}


def test_cat_cows_page_and_the_library_say_dr_cy_added_it_back(sam_client):
    page = said(sam_client.get("/exercises/cat-cow/"))
    assert "Not for you now" not in page
    assert "Dr Cy, your clinician, added this back to your plan" in page
    assert "Not for you now" in said(sam_client.get(f"/exercises/{STILL_HELD[0]}/"))
    card = said(sam_client.get("/exercises/")).split("Cat-cow", 1)[1][:300]
    assert "Not for you now" not in card
    assert "Dr Cy, your clinician, added this back" in card
    api = sam_client.get("/api/exercises/cat-cow").json()
    assert api["for_you"]["held_back"] is False
    assert api["for_you"]["added_by"] == "Dr Cy"
    assert sam_client.get(f"/api/exercises/{STILL_HELD[0]}").json()["for_you"]["held_back"]


def test_he_may_pin_cat_cow_and_it_leads_his_flare_protocol(sam, sam_client):
    sam_client.post("/toolbox/cat-cow/pin")
    assert ToolboxPin.objects.filter(user=sam, exercise="cat-cow").exists()
    record = planning.current_plan(sam)
    assert record is not None
    assert record.body["flare_protocol"]["items"][0]["slug"] == "cat-cow"
    sam_client.post(f"/toolbox/{STILL_HELD[0]}/pin")
    assert not ToolboxPin.objects.filter(user=sam, exercise=STILL_HELD[0]).exists()


def test_experiments_offer_cat_cow(sam):
    held = held_back_options(sam.pk)
    assert "cat-cow" not in held
    assert STILL_HELD[0] in held


def test_the_tailor_page_no_longer_says_the_rule_holds_it(sam, cy_client):  # noqa: F811
    response = cy_client.get(reverse("care:tailor_plan", args=[sam.pk]))
    assert response.status_code == 200
    (hold,) = response.context["rule_holds"]
    assert "Cat-cow" not in hold["names"]
    assert STILL_HELD[1] in hold["names"]
    assert "cat-cow" in {p["slug"] for p in response.context["pins"]}
    pinned = cy_client.post(
        reverse("care:tailor_plan", args=[sam.pk]),
        {"kind": "pin", "exercise": "cat-cow", "reason": "It eases his back on bad days"},
    )
    assert pinned.status_code == 302
    assert ToolboxPin.objects.filter(user=sam, exercise="cat-cow").exists()


def test_a_later_back_check_with_a_new_rule_holds_cat_cow_again(sam, sam_client):
    assess(sam, full(**SAM, leg_pain_on_walking="yes"))
    assert "cat-cow" not in routine_of(sam)
    assert "cat-cow" in held_in_plan(sam)
    assert "Not for you now" in said(sam_client.get("/exercises/cat-cow/"))
    assert "cat-cow" in held_back_options(sam.pk)


def test_a_later_back_check_with_the_same_rule_keeps_the_override(sam, sam_client):
    assess(sam, full(**SAM))
    assert "cat-cow" in routine_of(sam)
    assert "cat-cow" not in held_in_plan(sam)
    assert "Not for you now" not in said(sam_client.get("/exercises/cat-cow/"))
