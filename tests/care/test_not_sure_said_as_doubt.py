"""A "not sure" answer behind a safety screen is said as the doubt it was, everywhere: to the
person ("you were not sure whether you have reduced feeling in your skin, so backcare treats
it as possible"), and of them to a clinician ("the person was not sure whether they have
...; treated as possible"), on the patient page, the report and the what-about page.

Failed before: Priya answered "Not sure" to reduced feeling in her skin, and her GP's patient
page, her report and her what-about page said she "told backcare about reduced feeling in
their skin", as if she had said yes; only the dashboard card said "(not sure)".
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine

from backcare.assessments.context import for_a_clinician
from backcare.assessments.intake import assess
from backcare.domain.context import ClinicalContext
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.care.conftest import link
from tests.conftest import make_user
from tests.web.test_services_by_place import full

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
# 18:52 on 7 Dec in UTC is already 07:52 on 8 Dec in Auckland.
NOW = datetime(2026, 12, 7, 18, 52, tzinfo=UTC)
UNSURE_FEELING = "was not sure whether they have reduced feeling in their skin; treated as possible"
TOLD_FEELING = "told backcare about reduced feeling in their skin"
EVERY_FACT_UNSURE = ClinicalContext(
    pregnant="not_sure", osteoporosis="not_sure", heart_disease="not_sure",
    blood_pressure="not_sure", numbness_tingling="not_sure", blood_thinners="not_sure",
    reduced_feeling="not_sure",
)  # fmt: skip


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("condition", sorted(EVERY_FACT_UNSURE.safety_conditions()))
def test_every_unsure_reason_is_a_doubt_in_both_voices(condition: str) -> None:
    why = EVERY_FACT_UNSURE.safety_conditions()[condition]
    assert why.startswith("you were not sure whether you "), why
    assert ", so backcare treats it as possible" in why
    said = for_a_clinician(why)
    assert said.startswith("the person was not sure whether they "), said
    assert "; treated as possible" in said
    assert not SECOND_PERSON.findall(said), said
    assert "told" not in said


def test_a_yes_is_said_as_told_and_settles_a_doubt_about_the_same_condition() -> None:
    context = ClinicalContext(reduced_feeling="yes", numbness_tingling="not_sure")
    assert context.safety_conditions()["reduced_sensation"].startswith("you told us about")
    assert context.unsure_conditions() == frozenset()
    assert EVERY_FACT_UNSURE.unsure_conditions() == frozenset(EVERY_FACT_UNSURE.safety_conditions())


@pytest.fixture
def priya(cy):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        person = make_user(
            "priya", display_name="Priya", year_of_birth=1959, sex="female",
            time_zone="Pacific/Auckland",
        )  # fmt: skip
        assess(person, full(age=67, osteoporosis="yes", reduced_feeling="not_sure"))
        planning.rebuild_plan(person)
        link(cy, person)
        yield person


@pytest.mark.django_db
def test_the_clinician_reads_the_doubt_on_the_patient_page(priya, cy_client) -> None:
    with time_machine.travel(NOW, tick=False):
        page = text_of(cy_client.get(f"/clinician/patients/{priya.pk}/").content.decode())
    assert UNSURE_FEELING in page
    assert TOLD_FEELING not in page
    assert "the person told backcare about fragile bones" in page  # her "yes" stays told


@pytest.mark.django_db
def test_the_report_says_the_doubt_to_the_clinician_and_to_the_person(priya) -> None:
    from backcare.exchange.report import build_report

    with time_machine.travel(NOW, tick=False):
        for_them = build_report(priya, priya.local_date(), for_the_person=True)["conditions"]
        for_a_gp = build_report(priya, priya.local_date())["conditions"]
    mine = {row["condition"]: row["why"] for row in for_them}
    theirs = {row["condition"]: row["why"] for row in for_a_gp}
    assert mine["reduced_sensation"].startswith(
        "you were not sure whether you have reduced feeling in your skin, so backcare treats it"
    )
    assert theirs["reduced_sensation"].startswith(f"the person {UNSURE_FEELING}")


@pytest.mark.django_db
def test_the_what_about_page_says_the_doubt_to_the_person(priya, client) -> None:
    client.force_login(priya)
    with time_machine.travel(NOW, tick=False):
        reasons = planning.safety_reasons(priya)
        page = text_of(client.get("/plan/what-about/").content.decode())
    assert (
        "you were not sure whether you have reduced feeling in your skin"
        in (reasons["reduced_sensation"])
    )
    assert "not sure whether you have reduced feeling in your skin" in page
    assert "told us about reduced feeling" not in page


@pytest.mark.django_db
def test_a_later_tick_settles_an_earlier_doubt(priya) -> None:
    with time_machine.travel(NOW, tick=False):
        assess(priya, full(age=67, osteoporosis="not_sure"))
        assert planning.safety_reasons(priya)["osteoporosis"].startswith("you were not sure")
        Preferences.objects.create(user=priya, conditions=["osteoporosis"])
        reasons = planning.safety_reasons(priya)
    assert reasons["osteoporosis"].startswith("you told us about fragile bones")
