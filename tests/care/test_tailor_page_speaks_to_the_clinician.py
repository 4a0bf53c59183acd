"""The tailoring page speaks to the clinician: a change reads "Added Wall sit to the routine",
not the patient's "to your routine", which on the clinician's page reads as their own, and the
plan's status sentence ("because you are in a flare") is said of the patient ("because they
are in a flare")."""

from __future__ import annotations

import pytest

from backcare.assessments.models import Assessment
from backcare.plans import planning
from backcare.plans.models import Preferences
from backcare.plans.tailoring import name_of

pytestmark = pytest.mark.django_db

PAGE = "/clinician/patients/{id}/plan/"


@pytest.fixture
def ana_plan(ana):  # type: ignore[no-untyped-def]
    kit = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
    Preferences.objects.create(user=ana, equipment=kit, minutes_per_day=15)
    Assessment.objects.create(user=ana, findings={}, level="self_care", result={}, factors=[])
    return planning.current_plan(ana)


def test_each_change_and_its_confirmation_are_in_the_clinicians_words(
    cy_client, ana, ana_linked, ana_plan
):
    url = PAGE.format(id=ana.pk)
    first = planning.latest_plan(ana).body["routine"][0]
    cy_client.post(url, {"kind": "add", "exercise": "wall-sit", "reason": "Stronger thighs"})
    cy_client.post(url, {"kind": "remove", "exercise": first["slug"], "reason": "Hurts"})
    cy_client.post(url, {"kind": "walking", "walking_minutes": 20, "reason": "A bit more"})
    cy_client.post(url, {"kind": "pin", "exercise": "knee-rocking", "reason": "Eases spasms"})
    response = cy_client.post(url, {"kind": "note", "reason": "Well done"}, follow=True)
    html = response.content.decode()
    assert "Saved: Left a note for Ana. Ana sees it on their plan." in html
    assert "Added Wall sit to the routine" in html
    assert f"Took {name_of(first['slug'])} out of the routine" in html
    assert "Set the walking target to 20 minutes a day" in html
    assert "Pinned Knee rocking (lying on your back) to the toolbox" in html
    for patients_words in ("your routine", "your walking target", "your toolbox", "Left you"):
        assert patients_words not in html


def test_the_plans_status_is_said_of_the_patient(cy_client, ana, ana_linked, ana_plan):
    Preferences.objects.filter(user=ana).update(conditions=["acute_flare"])
    planning.rebuild_plan(ana)
    html = cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    assert "Week 1 of their plan. A gentle plan, because they are in a flare." in html
    assert "you are in a flare" not in html


def test_the_patient_still_reads_the_change_in_their_own_words(
    cy_client, client, ana, ana_linked, ana_plan
):
    cy_client.post(
        PAGE.format(id=ana.pk), {"kind": "add", "exercise": "wall-sit", "reason": "Stronger"}
    )
    client.force_login(ana)
    assert "Added Wall sit to your routine" in client.get("/plan/").content.decode()
