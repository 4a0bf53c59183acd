"""A patient who never gave a name (an older account) is "this patient" in a clinician's
sentences ("Tailor this patient's plan"), not "Tailor No name given (bc-…)'s plan"; the code
still identifies them where a name would."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.plans import planning
from backcare.plans.models import Preferences
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def nameless(cy):  # type: ignore[no-untyped-def]
    person = make_user("quiet", display_name="")
    link(cy, person)
    Preferences.objects.create(user=person, equipment=[], minutes_per_day=15)
    Assessment.objects.create(user=person, findings={}, level="self_care", result={}, factors=[])
    planning.rebuild_plan(person)
    return person


def awkward(html: str) -> list[str]:
    """Sentences that put the code where a name goes: "No name given (bc-…)'s", "for No name"."""
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.findall(r"No name given \(bc-\w+\)'s|(?:for|to|with|Tailor) No name given", text)


def test_the_tailoring_page_says_this_patient(cy_client, nameless):
    url = reverse("care:tailor_plan", args=[nameless.pk])
    html = unescape(cy_client.get(url).content.decode())
    assert awkward(html) == []
    assert "<h1>Tailor this patient's plan</h1>" in html
    assert nameless.pseudonym in html  # still identified
    assert "This patient sees every change" in html
    response = cy_client.post(url, {"kind": "note", "reason": "Keep going"}, follow=True)
    assert "Saved: Left a note for this patient. This patient sees it on their plan." in (
        unescape(response.content.decode())
    )


def test_the_patient_page_and_report_say_the_patients(cy_client, nameless):
    page = unescape(cy_client.get(reverse("care:patient", args=[nameless.pk])).content.decode())
    assert awkward(page) == []
    assert "written to this patient's access log" in page
    report = unescape(
        cy_client.get(reverse("care:patient_report", args=[nameless.pk])).content.decode()
    )
    assert "Back to this patient's record" in report
