"""Jean-Marc (66, Montréal, ankylosing spondylitis on a biologic) told the back check a
clinician diagnosed his inflammatory arthritis. Wherever his back check shows, it no longer
sends him to get that diagnosed: his result, his plan, his report, his clinician's page and
the FHIR file have no "see a clinician soon" for it, no blood test and no referral; the result
and the plan say the pattern fits what his team knows and when to contact them. Someone who
is not sure still reads today's advice."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.known_conditions import condition_book
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user
from tests.domain.test_known_inflammatory_pattern import FACT, JEAN_MARC

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 09:00 -0500"  # 9:00 in Montréal, 14:00 UTC
RULE_TITLE = "Features of inflammatory back pain"
KNOWN_TITLE = "Inflammatory arthritis (already diagnosed)"
SEEKING = ("rheumatology referral", "blood test", "referral to a rheumatologist")
CONTACT = next(
    line.text for line in condition_book().sections[FACT].contact if line.level == "soon"
)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def pages(answer: str) -> dict[str, str]:
    """Every place his back check shows, as text."""
    person = make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    assessment = assess(person, {**JEAN_MARC, FACT: answer})
    client = Client()
    client.force_login(person)
    result = reverse("assessments:result", kwargs={"pk": assessment.pk})
    shown = {
        "result": client.get(result).content.decode(),
        "plan": client.get(reverse("plans:plan")).content.decode(),
        "report": client.get(reverse("exchange:report")).content.decode(),
        "fhir": client.get(reverse("exchange:export_fhir")).content.decode(),
    }
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    link(cy, person)
    clinician = verify_second_factor(Client(), cy)
    shown["clinician"] = clinician.get(reverse("care:patient", args=[person.pk])).content.decode()
    shown["clinician report"] = clinician.get(
        reverse("care:patient_report", args=[person.pk])
    ).content.decode()
    return {name: text_of(html) for name, html in shown.items()}


@time_machine.travel(NOW, tick=False)
def test_nowhere_is_he_sent_to_get_his_arthritis_diagnosed() -> None:
    for name, text in pages("yes").items():
        assert not any(words in text for words in SEEKING), name
        assert RULE_TITLE not in text, name  # neither the warning nor the factor's old name


@time_machine.travel(NOW, tick=False)
def test_his_result_and_plan_say_it_fits_what_his_team_knows() -> None:
    shown = pages("yes")
    assert "Self-care with a plan" in shown["result"]
    assert f"{KNOWN_TITLE} may be contributing" in shown["result"]
    for name in ("result", "plan"):
        assert "nothing new to look for" in shown[name], name
        assert CONTACT in shown[name], name
    assert KNOWN_TITLE in shown["report"]
    assert KNOWN_TITLE in shown["clinician report"]


@time_machine.travel(NOW, tick=False)
def test_not_sure_still_reads_todays_advice() -> None:
    shown = pages("not_sure")
    assert "See a clinician in the next few days" in shown["result"]
    assert "referral to a rheumatologist" in shown["result"]
    assert "blood test or a rheumatology referral" in shown["plan"]
    assert RULE_TITLE in shown["fhir"]
    assert KNOWN_TITLE not in shown["result"]
