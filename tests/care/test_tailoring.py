"""A clinician tailors a linked patient's plan: the page, the API, and who may do it."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.test import Client

from backcare.assessments.models import Assessment
from backcare.care.linking import revoke
from backcare.care.models import AccessRecord
from backcare.plans import planning
from backcare.plans.models import Preferences, Tailoring, ToolboxPin
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ALL_KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
PAGE = "/clinician/patients/{id}/plan/"
API = "/api/clinician/patients/{id}/plan"


@pytest.fixture
def ana_plan(ana):  # type: ignore[no-untyped-def]
    Preferences.objects.create(user=ana, equipment=ALL_KIT, minutes_per_day=15)
    Assessment.objects.create(user=ana, findings={}, level="self_care", result={}, factors=[])
    return planning.current_plan(ana)


def routine(user):  # type: ignore[no-untyped-def]
    return [item["slug"] for item in planning.latest_plan(user).body["routine"]]


def post(client, patient, **data):  # type: ignore[no-untyped-def]
    return client.post(PAGE.format(id=patient.pk), data)


def api_post(client, patient, **data):  # type: ignore[no-untyped-def]
    return client.post(API.format(id=patient.pk), json.dumps(data), content_type="application/json")


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_the_routine_grades_and_what_is_ruled_out(
    cy_client, ana, ana_linked, ana_plan
):
    Preferences.objects.filter(user=ana).update(pregnant=True)
    planning.rebuild_plan(ana)
    html = cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    for slug in routine(ana):
        assert f'value="{slug}"' in html
    assert "evidence:" in html
    assert "Gentle press-up" in html
    assert "Pregnancy:" in html
    assert AccessRecord.objects.filter(patient=ana, what="viewed plan to tailor it").exists()


def test_adding_an_exercise_changes_the_plan_and_is_recorded(
    cy_client, cy, ana, ana_linked, ana_plan
):
    assert "wall-sit" not in routine(ana)
    response = post(cy_client, ana, kind="add", exercise="wall-sit", reason="Stronger thighs")
    assert response.status_code == 302
    assert "wall-sit" in routine(ana)
    row = Tailoring.objects.get(user=ana)
    assert (row.clinician, row.clinician_name, row.reason) == (cy, cy.name, "Stronger thighs")
    assert not row.override


def test_a_ruled_out_exercise_is_refused_without_an_override(cy_client, ana, ana_linked, ana_plan):
    Preferences.objects.filter(user=ana).update(pregnant=True)
    planning.rebuild_plan(ana)
    response = post(cy_client, ana, kind="add", exercise="press-up-prone-extension", reason="x")
    assert response.status_code == 422
    html = response.content.decode()
    assert "The change was not saved" in html
    assert "Pregnancy" in html
    assert not Tailoring.objects.exists()
    assert "press-up-prone-extension" not in routine(ana)
    response = post(
        cy_client, ana, kind="add", exercise="press-up-prone-extension", reason="x", override="on"
    )
    assert response.status_code == 422
    assert not Tailoring.objects.exists()
    post(
        cy_client, ana, kind="add", exercise="press-up-prone-extension", reason="It eases you",
        override="on", override_reason="Examined today; 12 weeks, no contraindication",
    )  # fmt: skip
    row = Tailoring.objects.get()
    assert row.override
    assert row.screen_note.startswith("Pregnancy")
    assert "press-up-prone-extension" in routine(ana)


def test_care_first_refuses_tailoring_but_takes_a_note(cy_client, ana, ana_linked):
    """A cancer history at intake triages as urgent: the plan is paused."""
    Assessment.objects.create(
        user=ana, findings={"cancer_history": "yes"}, level="urgent", result={}, factors=[]
    )
    planning.current_plan(ana)
    html = cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    assert "Paused: care comes first" in html
    response = post(cy_client, ana, kind="add", exercise="cat-cow", reason="x")
    assert response.status_code == 422
    assert "care first" in response.content.decode()
    assert post(cy_client, ana, kind="note", reason="Please see your GP today").status_code == 302
    assert list(Tailoring.objects.values_list("kind", flat=True)) == ["note"]
    assert planning.latest_plan(ana).body["routine"] == []


def test_bad_doses_say_what_to_fix_and_store_nothing(cy_client, ana, ana_linked, ana_plan):
    slug = routine(ana)[0]
    before = planning.latest_plan(ana).body
    for data in ({"reps": 99}, {"sets": 0}, {"reps": "lots"}, {}):
        response = post(cy_client, ana, kind="dose", exercise=slug, reason="x", **data)
        assert response.status_code == 422
    assert (
        "reps must be a whole number 1-30"
        in post(cy_client, ana, kind="dose", exercise=slug, reason="x", reps=99).content.decode()
    )
    assert not Tailoring.objects.exists()
    assert planning.latest_plan(ana).body == before


def test_a_reason_is_required(cy_client, ana, ana_linked, ana_plan):
    response = post(cy_client, ana, kind="walking", walking_minutes=20, reason="  ")
    assert response.status_code == 422
    assert "write why" in response.content.decode()


def test_walking_dose_remove_and_pin_reach_the_plan_and_withdraw_undoes_them(
    cy_client, ana, ana_linked, ana_plan
):
    first, second = routine(ana)[:2]
    first_item = planning.latest_plan(ana).body["routine"][0]
    dose_before = planning.latest_plan(ana).body["routine"][1]["dose"]
    post(cy_client, ana, kind="walking", walking_minutes=25, reason="Walk a bit more")
    post(cy_client, ana, kind="dose", exercise=second, reps=4, reason="Fewer, slower")
    post(cy_client, ana, kind="remove", exercise=first, reason="Irritates your hip")
    post(cy_client, ana, kind="pin", exercise="knee-rocking", reason="Eases spasms")
    body = planning.latest_plan(ana).body
    assert body["walking"]["minutes_per_day"] == 25
    assert first not in routine(ana)
    assert "4 " in next(i for i in body["routine"] if i["slug"] == second)["dose"]
    assert "knee-rocking" in planning.pinned_slugs(ana)
    assert Tailoring.objects.active().count() == 4
    for row in Tailoring.objects.all():
        url = f"/clinician/patients/{ana.pk}/plan/changes/{row.pk}/withdraw/"
        assert cy_client.post(url).status_code == 302
    body = planning.latest_plan(ana).body
    back = next(i for i in body["routine"] if i["slug"] == first)
    assert (back["reason"], back["why"], back["dose"]) == (
        first_item["reason"],
        first_item["why"],
        first_item["dose"],
    ), "the removed exercise comes back as the engine chose it"
    assert body["walking"]["minutes_per_day"] != 25
    assert next(i for i in body["routine"] if i["slug"] == second)["dose"] == dose_before
    assert "knee-rocking" not in planning.pinned_slugs(ana)
    assert Tailoring.objects.count() == 4, "withdrawn changes stay in the history"


def test_withdrawing_a_pin_keeps_the_patients_own_pin(cy_client, ana, ana_linked, ana_plan):
    with time_machine.travel("2025-06-01 08:00Z"):
        ToolboxPin.objects.create(user=ana, exercise="cat-cow")
    response = post(cy_client, ana, kind="pin", exercise="cat-cow", reason="x")
    assert response.status_code == 422  # already there
    ToolboxPin.objects.all().delete()
    post(cy_client, ana, kind="pin", exercise="cat-cow", reason="Helps")
    row = Tailoring.objects.get()
    ToolboxPin.objects.filter(user=ana).update(pinned_at="2025-06-01T08:00Z")  # re-pinned
    cy_client.post(f"/clinician/patients/{ana.pk}/plan/changes/{row.pk}/withdraw/")
    assert "cat-cow" in planning.pinned_slugs(ana)


def test_only_the_author_can_withdraw(cy, ana, ana_linked, ana_plan, cy_client):
    post(cy_client, ana, kind="note", reason="Hello")
    row = Tailoring.objects.get()
    other_user = make_user("doc", role="clinician", display_name="Dr Doc")
    link(other_user, ana)
    other = verify_second_factor(Client(), other_user)
    other.post(f"/clinician/patients/{ana.pk}/plan/changes/{row.pk}/withdraw/")
    assert Tailoring.objects.active().count() == 1
    url = API.format(id=ana.pk) + f"/tailorings/{row.pk}"
    assert other.delete(url).status_code == 403
    assert cy_client.delete(url).status_code == 204
    assert cy_client.delete(url).status_code == 404


# --- the API -------------------------------------------------------------------------------


def test_the_api_reads_adds_and_withdraws(cy_client, ana, ana_linked, ana_plan):
    response = api_post(cy_client, ana, kind="add", exercise="wall-sit", reason="Stronger legs")
    assert response.status_code == 201
    change = response.json()
    assert change["what"] == "Added Wall sit to your routine"
    assert change["clinician"] == "Dr Cy"
    data = cy_client.get(API.format(id=ana.pk)).json()
    assert "wall-sit" in [i["slug"] for i in data["plan"]["routine"]]
    assert [t["id"] for t in data["tailorings"]] == [change["id"]]
    assert (
        cy_client.delete(API.format(id=ana.pk) + f"/tailorings/{change['id']}").status_code == 204
    )
    assert "wall-sit" not in routine(ana)


def test_the_api_gives_every_source_of_the_plan_with_its_link(cy_client, ana, ana_linked, ana_plan):
    data = cy_client.get(API.format(id=ana.pk)).json()
    cited = {ref for item in data["plan"]["routine"] for ref in item["references"]}
    listed = {ref["id"]: ref for ref in data["references"]}
    assert cited <= listed.keys()
    assert all(ref["citation"] and ref["url"] for ref in listed.values())


def test_the_api_names_the_field_to_fix(cy_client, ana, ana_linked, ana_plan):
    Preferences.objects.filter(user=ana).update(conditions=["osteoporosis"])
    planning.rebuild_plan(ana)
    response = api_post(cy_client, ana, kind="add", exercise="foam-roller-thoracic", reason="x")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "payload", "override"]
    assert "Fragile bones" in detail["msg"]
    bad = api_post(cy_client, ana, kind="walking", walking_minutes=90, reason="x")
    assert bad.json()["detail"][0]["loc"][-1] == "walking_minutes"
    unknown = api_post(cy_client, ana, kind="note", reason="x", colour="red")
    assert unknown.status_code == 422
    assert not Tailoring.objects.exists()


def test_the_patient_reads_their_changes_from_the_api(client, cy_client, ana, ana_linked, ana_plan):
    api_post(cy_client, ana, kind="note", reason="Keep going")
    client.force_login(ana)
    changes = client.get("/api/plan/tailorings").json()
    assert [(c["kind"], c["reason"], c["clinician"]) for c in changes] == [
        ("note", "Keep going", "Dr Cy")
    ]


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, API])
def test_unlinked_revoked_and_patients_get_nothing(cy_client, bo, ana, ana_linked, ana_plan, url):
    assert cy_client.get(url.format(id=bo.pk)).status_code == 404
    assert api_post(cy_client, bo, kind="note", reason="x").status_code == 404
    patient = Client()
    patient.force_login(bo)
    assert patient.get(url.format(id=ana.pk)).status_code == 403
    revoke(ana_linked)
    assert cy_client.get(url.format(id=ana.pk)).status_code == 404
    assert post(cy_client, ana, kind="note", reason="x").status_code == 404
    assert not Tailoring.objects.exists()


def test_without_the_second_factor_nothing_is_changed(cy, ana, ana_linked, ana_plan):
    client = Client()
    client.force_login(cy)
    assert post(client, ana, kind="note", reason="x").status_code == 302  # to the second step
    assert api_post(client, ana, kind="note", reason="x").status_code == 403
    assert client.get(API.format(id=ana.pk)).status_code == 403
    assert not Tailoring.objects.exists()


# --- after the clinician stops sharing ----------------------------------------------------


def undo_url(row):  # type: ignore[no-untyped-def]
    return f"/plan/changes/{row.pk}/undo/"


def test_the_patient_undoes_a_change_only_once_its_clinician_no_longer_shares(
    cy_client, ana, ana_linked, ana_plan
):
    removed = routine(ana)[0]
    post(cy_client, ana, kind="remove", exercise=removed, reason="Irritates your hip")
    post(cy_client, ana, kind="note", reason="Keep walking")
    change = Tailoring.objects.get(kind="remove")
    patient = Client()
    patient.force_login(ana)
    page = patient.get("/plan/").content.decode()
    assert "Talk about this with Dr Cy" in page
    assert undo_url(change) not in page, "while Dr Cy shares, the patient asks them"
    response = patient.delete(f"/api/plan/tailorings/{change.pk}")
    assert response.status_code == 409
    assert "Dr Cy still shares your care" in response.json()["detail"]
    patient.post(undo_url(change))
    assert Tailoring.objects.active().count() == 2
    assert removed not in routine(ana)

    revoke(ana_linked)
    page = patient.get("/plan/").content.decode()
    assert undo_url(change) in page
    assert page.count("Undo this change") == 1, "a note has nothing to undo"
    response = patient.post(undo_url(change), follow=True)
    assert "Undone: Took" in response.content.decode()
    change.refresh_from_db()
    assert change.withdrawn_at is not None
    assert change.withdrawn_by_patient
    assert removed in routine(ana), "the exercise is back"
    assert "undone by you" in patient.get("/plan/").content.decode()
    note = Tailoring.objects.get(kind="note")
    assert patient.delete(f"/api/plan/tailorings/{note.pk}").status_code == 404
    assert patient.delete(f"/api/plan/tailorings/{change.pk}").status_code == 404, "once"
    history = patient.get("/api/plan/tailorings").json()
    assert [c["withdrawn_by_patient"] for c in history] == [False, True]


def test_a_deleted_clinicians_change_can_be_undone_and_nobody_elses(
    cy, cy_client, ana, ana_linked, ana_plan
):
    post(cy_client, ana, kind="walking", walking_minutes=25, reason="Walk a bit more")
    change = Tailoring.objects.get()
    bo = make_user("bo")
    other = Client()
    other.force_login(bo)
    revoke(ana_linked)
    assert other.delete(f"/api/plan/tailorings/{change.pk}").status_code == 404
    assert other.post(undo_url(change)).status_code == 404
    cy.delete()
    assert planning.latest_plan(ana).body["walking"]["minutes_per_day"] == 25
    patient = Client()
    patient.force_login(ana)
    assert patient.delete(f"/api/plan/tailorings/{change.pk}").status_code == 204
    assert planning.latest_plan(ana).body["walking"]["minutes_per_day"] != 25


def test_a_pin_the_patients_safety_screen_holds_back_is_neither_offered_nor_made(
    cy_client, ana, ana_linked, ana_plan
):
    Preferences.objects.filter(user=ana).update(pregnant=True)
    planning.rebuild_plan(ana)
    html = cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    pin_options = html.split('id="pin-item"')[1].split("</select>")[0]
    assert 'value="knee-rocking"' in pin_options
    assert 'value="press-up-prone-extension"' not in pin_options
    response = post(cy_client, ana, kind="pin", exercise="press-up-prone-extension", reason="x")
    assert response.status_code == 422
    assert "their safety screen holds it back from their plan" in response.content.decode()
    assert not ToolboxPin.objects.filter(user=ana).exists()


def test_a_self_care_item_screened_out_for_the_patient_is_not_offered_as_a_pin(
    cy_client, ana, ana_linked, ana_plan
):
    from backcare.domain.interventions import interventions

    excluded = sorted(
        slug
        for slug, item in interventions().items()
        if item.recommendable and not item.allowed_for({"reduced_sensation"})
    )
    assert excluded
    html = cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    assert f'value="{excluded[0]}"' in html.split('id="pin-item"')[1]
    Preferences.objects.filter(user=ana).update(conditions=["reduced_sensation"])
    html = cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    pin_options = html.split('id="pin-item"')[1].split("</select>")[0]
    for slug in excluded:
        assert f'value="{slug}"' not in pin_options


def added_despite_pregnancy(cy_client, ana):  # type: ignore[no-untyped-def]
    """The front-lying press-up, added with an override to a pregnant patient's plan."""
    Preferences.objects.filter(user=ana).update(pregnant=True)
    planning.rebuild_plan(ana)
    post(
        cy_client, ana, kind="add", exercise="press-up-prone-extension", reason="It eases you",
        override="on", override_reason="Examined today; 12 weeks, no contraindication",
    )  # fmt: skip


def test_an_override_is_named_on_the_patients_exercise_page(
    client, cy_client, cy, ana, ana_linked, ana_plan
):
    added_despite_pregnancy(cy_client, ana)
    client.force_login(ana)
    html = client.get("/exercises/press-up-prone-extension/").content.decode()
    # Put back in the plan, it is not held back: the page says who added it back, and why.
    assert "Not for you now:" not in html
    assert f"{cy.name}, your clinician, added this back to your plan</strong> with an" in html
    library = client.get("/exercises/").content.decode()
    assert f"{cy.name}, your clinician, added this back to your plan." in library


def test_after_a_session_an_override_exercise_is_offered_for_the_toolbox(
    client, cy_client, ana, ana_linked, ana_plan
):
    from backcare.plans.models import RoutineSession

    added_despite_pregnancy(cy_client, ana)
    client.force_login(ana)
    slugs = routine(ana)
    assert "press-up-prone-extension" in slugs
    client.post("/plan/session/")
    session = RoutineSession.objects.get(user=ana)
    for position in range(1, len(slugs) + 1):
        client.post(f"/plan/session/{session.pk}/{position}/", {"action": "done"})
    answers = {f"feeling_{n}": "easier" for n in range(1, len(slugs) + 1)}
    client.post(f"/plan/session/{session.pk}/finish/", answers | {"pain_now": "3"})
    html = client.get(f"/plan/session/{session.pk}/done/").content.decode()
    # Not held back once a clinician put it back: pinned, the flare protocol weighs it only
    # against what a flare adds (``plan_sections._toolbox_items``).
    assert 'action="/toolbox/press-up-prone-extension/pin"' in html
    others = [s for s in slugs if s != "press-up-prone-extension"]
    assert f'action="/toolbox/{others[0]}/pin"' in html
