"""A clinician's override covers the safety screens they saw and overrode, and no others.

The front-lying press-up is added for a patient without a mat (the equipment screen is
overridden). When a later answer brings in a screen the clinician never saw (pregnancy, then
recent surgery), the exercise is left out and the patient is told why, until the clinician
overrides again; the patient is only ever told about screens the clinician overrode.
"""

from __future__ import annotations

import importlib
from datetime import datetime

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.domain import plan_text
from backcare.domain import tailoring as tailor
from backcare.domain.exercises import exercises
from backcare.domain.plans import PlanInput, plan_context
from backcare.domain.plans import Preferences as DomainPreferences
from backcare.plans import planning, sessions
from backcare.plans import tailoring as service
from backcare.plans.models import Preferences, Tailoring

pytestmark = pytest.mark.django_db

PRESS_UP = "press-up-prone-extension"
NO_MAT = ["chair", "wall", "towel", "ball", "foam_roller", "pillow"]
PAGE = "/clinician/patients/{id}/plan/"
WHY = "It helps your centralising leg pain"
ON_A_BED = "It can be done on a firm bed; no mat needed"
SEEN_TODAY = "Examined today; 12 weeks, no contraindication"


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.fromisoformat("2026-06-15T10:00:00+00:00"), tick=False):
        yield


@pytest.fixture
def no_mat(ana):  # type: ignore[no-untyped-def]
    Preferences.objects.create(user=ana, equipment=NO_MAT, minutes_per_day=15)
    back_check(ana)
    return planning.current_plan(ana)


def back_check(patient, **findings):  # type: ignore[no-untyped-def]
    """A new back check; the next look at the plan builds a new version from it."""
    Assessment.objects.create(
        user=patient, findings=findings, level="self_care", result={}, factors=[]
    )
    return planning.current_plan(patient)


def override(cy_client, patient, why=ON_A_BED):  # type: ignore[no-untyped-def]
    data = {"kind": "add", "exercise": PRESS_UP, "reason": WHY, "override": "on"}
    response = cy_client.post(PAGE.format(id=patient.pk), data | {"override_reason": why})
    assert response.status_code == 302, response.content.decode()
    return Tailoring.objects.filter(user=patient).latest("created_at", "pk")


def routine(patient):  # type: ignore[no-untyped-def]
    return [item["slug"] for item in planning.latest_plan(patient).body["routine"]]


def press_up_cautions(patient) -> str:  # type: ignore[no-untyped-def]
    item = next(i for i in planning.latest_plan(patient).body["routine"] if i["slug"] == PRESS_UP)
    return " ".join(item["cautions"])


def left_out_sentence(patient) -> str:  # type: ignore[no-untyped-def]
    said = [c["sentence"] for c in planning.latest_plan(patient).changes if c["slug"] == PRESS_UP]
    return next(sentence for sentence in said if "left out" in sentence)


def held_section(cy_client, patient) -> str:  # type: ignore[no-untyped-def]
    html = cy_client.get(PAGE.format(id=patient.pk)).content.decode()
    if 'id="held-h"' not in html:
        return ""
    return html.split('id="held-h"')[1].split("</section>")[0]


def pregnancy_added_over_no_mat(client, cy_client, ana):  # type: ignore[no-untyped-def]
    """The equipment screen overridden, then a back check saying they are pregnant."""
    override(cy_client, ana)
    assert PRESS_UP in routine(ana)
    back_check(ana, pregnant="yes")
    client.force_login(ana)


def test_a_new_screen_leaves_the_exercise_out_and_the_patient_is_not_told_it_was_overridden(
    client, cy_client, cy, ana, ana_linked, no_mat
):
    pregnancy_added_over_no_mat(client, cy_client, ana)
    assert PRESS_UP not in routine(ana)
    assert PRESS_UP not in [item["slug"] for item in sessions.todays_routine(ana).items]
    sentence = left_out_sentence(ana)
    assert "Pregnancy: Lying on your front" in sentence
    assert "mat" not in sentence  # the screen the clinician overrode is no reason to leave it out
    html = client.get("/plan/").content.decode()
    assert "is left out for now" in html
    assert "override by" not in html
    assert "safety screen said: Pregnancy" not in html
    held = held_section(cy_client, ana)
    assert "Held back by a new screen" in cy_client.get(PAGE.format(id=ana.pk)).content.decode()
    assert f"{cy.name}'s override does not cover a screen that applies now" in held
    assert "Pregnancy: Lying on the front is not suitable as pregnancy goes on" in held
    assert f'name="exercise" value="{PRESS_UP}"' in held


def test_overriding_again_for_pregnancy_keeps_it_and_names_both_screens(
    client, cy_client, cy, ana, ana_linked, no_mat
):
    pregnancy_added_over_no_mat(client, cy_client, ana)
    first = Tailoring.objects.get(user=ana)
    assert first.overridden_screens == ["equipment:mat"]
    row = override(cy_client, ana, SEEN_TODAY)
    assert row.overridden_screens == ["condition:pregnancy", "equipment:mat"]
    assert PRESS_UP in routine(ana)
    assert PRESS_UP in [item["slug"] for item in sessions.todays_routine(ana).items]
    said = press_up_cautions(ana)
    assert f"{cy.name}, your clinician, added this back to your plan knowing about your " in said
    assert "your pregnancy and the mat it needs, which you have not said you have." in said
    assert "Lying on your front" not in said  # the pregnancy hold's note, as if still held
    assert held_section(cy_client, ana) == ""


def test_recent_surgery_after_the_second_override_leaves_it_out_again(
    client, cy_client, ana, ana_linked, no_mat
):
    pregnancy_added_over_no_mat(client, cy_client, ana)
    override(cy_client, ana, SEEN_TODAY)
    Preferences.objects.filter(user=ana).update(conditions=["recent_surgery"])
    planning.rebuild_plan(ana, "preferences")
    assert PRESS_UP not in routine(ana)
    sentence = left_out_sentence(ana)
    assert "Recent back surgery: Not until your surgeon" in sentence
    assert "Pregnancy" not in sentence  # overridden: not why it is left out
    held = held_section(cy_client, ana)
    assert "Recent back surgery" in held
    assert "An override now covers everything the screens say: Pregnancy:" in held
    html = client.get("/plan/").content.decode()
    assert "Recent back surgery: Not until your surgeon" in html
    assert "override by" not in html


def test_an_override_that_covered_pregnancy_outlasts_a_repeated_pregnancy_answer(
    client, cy_client, cy, ana, ana_linked
):
    Preferences.objects.create(user=ana, equipment=[*NO_MAT, "mat"], minutes_per_day=15)
    back_check(ana, pregnant="yes")
    row = override(cy_client, ana, SEEN_TODAY)
    assert row.overridden_screens == ["condition:pregnancy"]
    back_check(ana, pregnant="yes")  # the next back check says so again
    Preferences.objects.filter(user=ana).update(pregnant=True)  # and so does the tick
    planning.rebuild_plan(ana, "preferences")
    assert PRESS_UP in routine(ana)
    said = press_up_cautions(ana)
    assert f"{cy.name}, your clinician, added this back to your plan knowing about " in said
    assert "Lying on your front" not in said
    assert not any("left out" in c["sentence"] for c in planning.latest_plan(ana).changes)
    assert held_section(cy_client, ana) == ""
    assert service.overrides_in_force(ana) == {PRESS_UP: cy.name}


def test_an_override_held_back_is_not_in_force(client, cy_client, ana, ana_linked, no_mat):
    pregnancy_added_over_no_mat(client, cy_client, ana)
    assert service.overrides_in_force(ana) == {}


def test_the_exercise_page_does_not_say_an_override_keeps_it(
    client, cy_client, ana, ana_linked, no_mat
):
    pregnancy_added_over_no_mat(client, cy_client, ana)
    for page in (f"/exercises/{PRESS_UP}/", "/exercises/"):
        html = client.get(page).content.decode()
        assert "with an override" not in html, page


# --- overrides made before the screens they cover were recorded ----------------------------


def ids_from(note: str) -> list[str]:
    module = "backcare.plans.migrations.0005_tailoring_overridden_screens"
    return importlib.import_module(module).ids_from(note)


def first_screen(**prefs):  # type: ignore[no-untyped-def]
    """The first screen that rules an exercise out: the one an older override was shown."""
    level = prefs.pop("level", "self_care")
    ctx = plan_context(PlanInput(level, preferences=DomainPreferences(minutes_per_day=15, **prefs)))
    for ex in exercises().values():
        found = tailor.screens(ctx, ex)
        if found:
            yield found[0]


@pytest.mark.parametrize(
    "prefs",
    [
        {"pregnant": True},
        {"conditions": frozenset({"recent_surgery"})},
        {"conditions": frozenset({"osteoporosis"})},
        {"conditions": frozenset({"acute_flare"})},
        {"cannot_do": frozenset({PRESS_UP})},
        {"equipment": frozenset()},
        {"level": "soon", "equipment": frozenset(exercises()[PRESS_UP].equipment) | {"chair"}},
    ],
)
def test_an_older_override_covers_the_one_screen_its_note_names(prefs):  # type: ignore[no-untyped-def]
    for screen in first_screen(**prefs):
        assert ids_from(screen.sentence) == sorted(screen.ids)
    assert ids_from("A screen worded some other way.") == []


#: The gentle reasons that existed while overrides were stored without their screens; a
#: reason added later (a clinician's check) can only be in a note recorded with its screens.
REASONS_BEFORE_SCREENS_WERE_RECORDED = ("triage_soon", "acute_flare", "high_pain")


def test_every_gentle_reason_is_read_back():
    for reason in REASONS_BEFORE_SCREENS_WERE_RECORDED:
        phrase = plan_text.GENTLE_PHRASES[reason]
        note = f"The plan is gentle because {phrase}; only gentle, flare-safe exercises fit."
        assert ids_from(note) == [f"gentle:{reason}"]


def test_every_gentle_reason_has_its_few_words_in_the_add_menu():
    from backcare.care.tailor_views import SHORT_SCREENS

    for reason in plan_text.GENTLE_PHRASES:
        assert f"gentle:{reason}" in SHORT_SCREENS, reason
