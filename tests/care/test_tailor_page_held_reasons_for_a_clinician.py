"""The Tailor page gives each held move's reason in the content's clinician wording, not the
person's sentence with its words swapped.

Sam, 16, in Auckland: back pain for 6 weeks, worse bending backwards and with sport, so the
young rule holds back the moves that arch the back. Dr Cy's Tailor page says of the standing
hip-flexor stretch "Back pain worse bending backwards: Held back because it can arch the back
and their back check found ... They are told to ask the doctor or physiotherapist who checks
their back when to start it." A refusal to add it without an override says the same.

Failed before: "Left out for now, because it can arch their back ... Ask the doctor or
physiotherapist who checks their back when to start it.", an instruction to the person with
"your" turned into "their".
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.care.conftest import link
from tests.conftest import make_user
from tests.web.test_services_by_place import full

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 11, 30, tzinfo=UTC)  # 11 March in Auckland
SAM = {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]}
KIT = ["mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"]
OF_THEM = (
    "Back pain worse bending backwards: Held back because it can arch the back and their back "
    "check found back pain of more than 3 weeks that is worse bending backwards or with sport. "
    "They are told to ask the doctor or physiotherapist who checks their back when to start it."
)
SWAPPED = "Left out for now, because it can arch their back"


def text_of(page: str) -> str:
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    return text.replace(" :", ":")  # "<strong>Name</strong>: why"


@pytest.fixture
def sam(cy):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        sam = make_user("sam", year_of_birth=2010, time_zone="Pacific/Auckland")
        Preferences.objects.create(user=sam, equipment=KIT, minutes_per_day=15)
        assess(sam, full(**SAM))
        planning.current_plan(sam)
        link(cy, sam)
        yield sam


def test_the_ruled_out_list_says_why_in_a_clinicians_words(sam, cy_client) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        page = text_of(cy_client.get(reverse("care:tailor_plan", args=[sam.pk])).content.decode())
    ruled = page.split("by a safety screen (")[1]
    assert f"Standing hip-flexor stretch: {OF_THEM}" in ruled
    assert SWAPPED not in page
    assert "Left out for now" not in page


def test_a_refusal_without_an_override_says_the_same(sam, cy_client) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        response = cy_client.post(
            reverse("care:tailor_plan", args=[sam.pk]),
            {"kind": "add", "exercise": "hip-flexor-stretch-standing", "reason": "Try it"},
        )
    assert response.status_code == 422
    page = text_of(response.content.decode())
    assert f"Standing hip-flexor stretch is ruled out for this person. {OF_THEM}" in page
    assert SWAPPED not in page


def test_what_they_read_after_an_override_is_quoted_once(sam, cy_client) -> None:  # type: ignore[no-untyped-def]
    """The person's line after an override ends with Dr Cy's own quoted words; the Tailor page
    labels it rather than wrapping it in a second pair of quotes (which read as ``””``)."""
    page_url = reverse("care:tailor_plan", args=[sam.pk])
    data = {"kind": "add", "exercise": "hip-flexor-stretch-standing", "reason": "Try it"}
    with time_machine.travel(NOW, tick=False):
        added = cy_client.post(page_url, data | {"override": "on", "override_reason": "Fine now"})
        assert added.status_code in (200, 302)
        page = text_of(cy_client.get(page_url).content.decode())
    read = [line for line in page.split("They read:")[1:] if "Try it" in line[:400]]
    assert read, "the person's line about the put-back move is on the Tailor page"
    assert "Dr Cy said: “Try it”" in read[0]
    assert "””" not in page
