"""Jean-Marc has ankylosing spondylitis: the back check lets him say so, and his report and
his clinician's page list it among the standing facts, as a history of cancer is."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments import wizard
from backcare.assessments.intake import assess
from backcare.domain.findings import finding_catalogue, red_flag_ids
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 09:00 -0500"
FACT = "known_inflammatory_arthritis"
NAME = "inflammatory arthritis diagnosed by a clinician"


def calm(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 66, "onset": "gradual", **answers}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def jean_marc(db):  # type: ignore[no-untyped-def]
    return make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")


def test_the_back_check_asks_it_with_the_history(client, jean_marc):
    client.force_login(jean_marc)
    step = finding_catalogue()[FACT].step
    html = client.get(reverse("assessments:step", kwargs={"step": step})).content.decode()
    assert f'name="{FACT}"' in html
    assert "ankylosing spondylitis" in html
    assert FACT in {f.id for f in wizard.step_findings(step)}


@time_machine.travel(NOW, tick=False)
def test_the_report_lists_it_as_a_standing_fact(client, jean_marc):
    assess(jean_marc, calm(**{FACT: "yes"}))
    client.force_login(jean_marc)
    client.get(reverse("plans:plan"))
    report = text_of(client.get(reverse("exchange:report")).content.decode())
    facts = report.split("Standing facts that change what is safe", 1)[1][:400]
    assert NAME in facts


@time_machine.travel(NOW, tick=False)
def test_the_clinicians_page_lists_it(jean_marc):
    cy = make_user("cy", role="clinician", display_name="Dr Cy")
    link(cy, jean_marc)
    assess(jean_marc, calm(**{FACT: "not_sure"}))
    html = verify_second_factor(Client(), cy).get(reverse("care:patient", args=[jean_marc.pk]))
    facts = html.content.decode().split("Standing facts that change what is safe")[1]
    assert f"{NAME} (not sure)" in facts.split("</p>")[0]
