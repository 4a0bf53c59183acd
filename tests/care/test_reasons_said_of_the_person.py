"""Every reason a clinician reads about a patient's plan is said of the patient, never to
them: the safety conditions on the patient page (and so the report, PDF and FHIR), and on the
Tailor page the plan's status, each screen's reason for ruling an exercise out and each
held-back move's reason. A sentence written to the person ("you told us you take blood
thinners", "who checks your back", "a clinician has checked your warning signs") read on the
clinician's page reads as about the clinician.

Failed before: "the person told backcare you take blood thinners or have a bleeding
problem"; the Tailor page showed the screens' and the status's sentences as written to the
patient.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine

from backcare.accounts.models import User
from backcare.assessments.context import applied_conditions, for_a_clinician
from backcare.assessments.intake import assess
from backcare.care import tailor_views
from backcare.diary.models import SpasmEpisode
from backcare.domain import plan_text
from backcare.domain.context import _MORE_SCREENS, _SCREENS
from backcare.domain.exercises import exercises
from backcare.domain.plan_model import RULE_CONDITIONS
from backcare.domain.plan_rules import status_sentence
from backcare.domain.tailoring import CONDITION_WORDS
from backcare.plans import planning
from backcare.plans.forms import CONDITION_NAMES
from backcare.plans.models import Preferences
from tests.care.conftest import link
from tests.conftest import make_user
from tests.web.test_services_by_place import full

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
# 16, back pain for 6 weeks worse bending backwards and with sport, with every fact that
# screens the plan told at the back check.
SAM = {
    "age": 16,
    "onset_days_ago": 42,
    "triggers": ["back_arching", "exercise"],
    "osteoporosis": "yes",
    "blood_thinners": "yes",
    "reduced_feeling": "yes",
}


def said_to_them(text: str) -> list[str]:
    return SECOND_PERSON.findall(text)


@pytest.mark.parametrize(
    "why", [why for _facts, why in _SCREENS.values()] + [why for _, why in _MORE_SCREENS.values()]
)
def test_every_reason_the_context_gives_reads_right_in_both_voices(why: str) -> None:
    assert why.startswith("you told us ")  # to the person, on their own pages
    assert not said_to_them(for_a_clinician(why)), for_a_clinician(why)


def test_the_bleeding_reason_reads_right_in_both_voices() -> None:
    why = _SCREENS["bleeding_risk"][1]
    assert why == "you told us about blood thinners or a bleeding problem"
    assert (
        for_a_clinician(why)
        == "the person told backcare about blood thinners or a bleeding problem"
    )


@pytest.mark.parametrize("gentle", sorted(plan_text.GENTLE_PHRASES))
def test_every_plan_status_reads_right_for_a_clinician(gentle: str) -> None:
    for status, reason in (("gentle", gentle), ("full", ""), ("care_first", "")):
        said = for_a_clinician(status_sentence(status, reason))  # type: ignore[arg-type]
        assert not said_to_them(said), said


def held_back_reasons() -> list[str]:
    """Every sentence a screen rules an exercise out with (``tailoring._condition_screen``)."""
    found = []
    for ex in exercises().values():
        for caution in ex.cautions:
            if caution.action == "avoid" and caution.condition in CONDITION_WORDS:
                found.append(f"{CONDITION_WORDS[caution.condition].capitalize()}: {caution.note}")
    return sorted(set(found))


def test_every_held_back_reason_reads_right_for_a_clinician() -> None:
    reasons = held_back_reasons()
    assert any("who checks your back" in why for why in reasons)  # written to the person
    for why in reasons:
        assert not said_to_them(for_a_clinician(why)), why


@pytest.fixture
def sam(cy):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        someone: User = make_user("sam", year_of_birth=2010, time_zone="Europe/Dublin")
        assess(someone, full(**SAM))
        Preferences.objects.create(
            user=someone, conditions=list(CONDITION_NAMES), equipment=["mat", "foam_roller"]
        )
        SpasmEpisode.objects.create(user=someone, started_at=NOW)
        planning.rebuild_plan(someone)
        link(cy, someone)
        yield someone


@pytest.mark.django_db
def test_every_condition_the_plan_applies_reads_right_for_a_clinician(sam) -> None:
    with time_machine.travel(NOW, tick=False):
        reasons = planning.safety_reasons(sam)
    assert {"bleeding_risk", "reduced_sensation", "acute_flare", "osteoporosis"} <= set(reasons)
    assert set(RULE_CONDITIONS.values()) & set(reasons)  # a rule's hold: "your back check found"
    assert any(why.startswith("you ticked") for why in reasons.values())
    for row in applied_conditions(reasons):
        assert not said_to_them(row["why"]), row["why"]


@pytest.mark.django_db
def test_the_tailor_page_says_the_status_and_every_screen_of_the_patient(sam, cy, cy_client):
    with time_machine.travel(NOW, tick=False):
        context = tailor_views.page_context(sam, cy)
        page = html.unescape(cy_client.get(f"/clinician/patients/{sam.pk}/plan/").content.decode())
    ruled = [row["reason"] for row in context["ruled_out"]]
    assert any("Back pain worse bending backwards" in why for why in ruled)
    for why in ruled:
        assert not said_to_them(why), why
    assert not said_to_them(context["status_said"]), context["status_said"]
    assert "who checks their back" in page
    assert "who checks your back" not in page
    assert "because they are in a flare" in page or "because their answers" in page
