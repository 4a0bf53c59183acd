"""The "A few more checks" step's lead speaks only of what the person is asked: Harold (a
man of 58) is not asked the pregnancy questions, so the lead does not mention pregnancy."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments import wizard
from backcare.domain.findings import finding_catalogue, finding_schema, red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 10:00 +0000"
PREGNANT = finding_catalogue()["pregnant"].question


def walk_to(client, last: str, **answers: object) -> None:  # type: ignore[no-untyped-def]
    calm = {**dict.fromkeys(red_flag_ids(), "no"), "onset": "gradual", **answers}
    for step in wizard.steps():
        given = {f.id: calm[f.id] for f in wizard.step_findings(step.id) if f.id in calm}
        assert client.post(reverse("assessments:step", args=[step.id]), given).status_code == 302
        if step.id == last:
            return


def lead_of(html: str) -> str:
    start = html.index('<p class="lead">') + len('<p class="lead">')
    return html[start : html.index("</p>", start)]


@time_machine.travel(NOW, tick=False)
def test_harold_is_not_told_about_pregnancy(client):
    harold = make_user("harold", year_of_birth=1968, sex="male", time_zone="Europe/London")
    client.force_login(harold)
    walk_to(client, "safety_general", age="58", sex="male")
    html = client.get(reverse("assessments:step", args=["safety_more"])).content.decode()
    assert PREGNANT not in html
    assert "pregnan" not in lead_of(html).lower()
    assert lead_of(html) == finding_schema().leads["safety_more"]


def test_the_lead_names_only_what_everyone_is_asked():
    """The lead is one text for all: with the pregnancy questions left out for some, it
    names none of them."""
    lead = finding_schema().leads["safety_more"].lower()
    assert "pregnan" not in lead
    for word in ("belly", "kidneys", "eye"):
        assert word in lead
