"""Needing to pee more often is common in pregnancy. Aisha, 30 weeks pregnant, is asked
about urinary symptoms with a plain word beside the question, at her back check and at each
check-in: on its own it is no reason to answer yes; stinging or burning, blood, a fever or
pain in the side still are. Harold, a man, is not told about pregnancy. The rules that read
the answer are unchanged: a yes in pregnancy is still urgent."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.intake import assess
from backcare.domain.context import ClinicalContext
from backcare.domain.findings import finding_catalogue, red_flag_ids, validate_findings
from backcare.domain.triage import triage_checkin
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-06-01 10:00 +0000"
COMMON = "needing to pee more often is common in pregnancy"
STILL_YES = "Answer &#x27;yes&#x27; if it comes with stinging or burning when you pee"


def step_url(step_id: str) -> str:
    return reverse("assessments:step", kwargs={"step": step_id})


def walk_to(client, last: str, **answers: object) -> None:  # type: ignore[no-untyped-def]
    calm = {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual", **answers}
    for step in wizard.steps():
        given = {f.id: calm[f.id] for f in wizard.step_findings(step.id) if f.id in calm}
        response = client.post(step_url(step.id), given)
        assert response.status_code == 302, (step.id, response.content.decode()[:2000])
        if step.id == last:
            return


def test_the_help_speaks_of_pregnancy_only_to_someone_who_may_be_pregnant():
    urinary = finding_catalogue()["urinary_symptoms"]
    assert COMMON in urinary.help_to({"pregnant"})
    assert "fever" in urinary.help_to({"pregnant"})
    assert urinary.help_to(set()) == ""


@time_machine.travel(NOW, tick=False)
def test_aishas_back_check_says_peeing_more_often_is_common_in_pregnancy(client):
    aisha = make_user("aisha", year_of_birth=1995, sex="female", time_zone="America/Toronto")
    client.force_login(aisha)
    walk_to(client, "safety_general", age="31")
    html = client.get(step_url("safety_more")).content.decode()
    assert COMMON in html
    assert STILL_YES in html


@time_machine.travel(NOW, tick=False)
def test_harold_is_not_told_about_pregnancy(client):
    harold = make_user("harold", year_of_birth=1961, sex="male", time_zone="Australia/Sydney")
    client.force_login(harold)
    walk_to(client, "safety_general", age="64")
    html = client.get(step_url("safety_more")).content.decode()
    assert 'name="urinary_symptoms"' in html
    assert COMMON not in html


def test_aishas_check_in_says_it_beside_the_question(ana_client, ana):
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
    assess(ana, {**answers, "pregnant": "yes"})
    page = ana_client.get(reverse("diary:today")).content.decode()
    assert 'name="safety_urinary_symptoms"' in page
    assert COMMON in page


def test_a_yes_in_pregnancy_is_still_urgent_and_names_the_infection_rule():
    pregnant = ClinicalContext(age=31, sex="female", pregnant="yes")
    result = triage_checkin(validate_findings({"urinary_symptoms": "yes"}), pregnant)
    assert result.level == "urgent"
    assert "pregnancy_infection_signs" in {r.rule_id for r in result.reasons}
