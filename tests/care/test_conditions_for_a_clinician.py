"""Safety conditions reach clinicians (report, patient page, FHIR) said of the person, not
to them: "the person told backcare ...", never "you told us ..."."""

from __future__ import annotations

import re

import pytest

from backcare.assessments.context import applied_conditions, for_a_clinician
from backcare.domain.context import _SCREENS
from backcare.plans.models import Preferences
from backcare.plans.planning import safety_reasons
from tests.intake_data import intake

SECOND_PERSON = re.compile(r"\b(you|your)\b", re.IGNORECASE)


@pytest.mark.parametrize("why", [why for _facts, why in _SCREENS.values()])
def test_every_screen_reason_reads_in_the_third_person(why: str) -> None:
    assert SECOND_PERSON.search(why)  # written to the person
    said = for_a_clinician(why)
    assert not SECOND_PERSON.search(said), said
    assert said.startswith("the person told backcare")


def test_a_ticked_condition_and_the_report_rows_speak_of_the_person(ana) -> None:
    intake(ana, pregnant="yes")
    Preferences.objects.create(user=ana, conditions=["bleeding_risk"])
    rows = {row["condition"]: row["why"] for row in applied_conditions(safety_reasons(ana))}
    assert rows["pregnancy"] == "the person told backcare they are or could be pregnant"
    assert rows["bleeding_risk"].startswith("the person ticked")
    assert "their plan preferences" in rows["bleeding_risk"]
    assert not any(SECOND_PERSON.search(why) for why in rows.values())
