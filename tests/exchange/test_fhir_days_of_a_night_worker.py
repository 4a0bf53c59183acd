"""The FHIR file dates what is a day on the person's own day, and keeps every instant as the
instant, in their offset. Siobhán works nights and her day ends at 06:00: at 03:30 on 17 June
she answers the PHQ-9 (item 9 above 0) and tells us a clinician checked her on her 16 June.
Her 03:30 on 17 June is still her 16 June, in Auckland as in London. The flag's text, the
triage's note and the plan's note say 16 June; the flag's start and the check's ``issued``
stay 03:30 on 17 June with the offset. Before, the days were the calendar's: 17 June."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from backcare.domain.fhir_codes import resources_of
from backcare.domain.findings import red_flag_ids
from backcare.domain.instruments import instrument, score
from backcare.exchange.fhir_export import fhir_bundle
from backcare.questionnaires.models import InstrumentResponse
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
THEIR_DAY = date(2026, 6, 16)


@pytest.fixture(params=["Pacific/Auckland", "Europe/London"])
def zone(request) -> ZoneInfo:  # type: ignore[no-untyped-def]
    return ZoneInfo(request.param)


@pytest.fixture
def document(zone):  # type: ignore[no-untyped-def]
    """Her urgent back check at 20:00 on 15 June; at 03:30 on 17 June, the PHQ-9 and the
    clinician's check she tells; the file made at 03:40."""
    person = make_user(
        "siobhan", year_of_birth=1955, time_zone=zone.key, day_ends_hour=6, display_name="S"
    )
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    answers.update(osteoporosis="yes", long_term_steroids="yes")
    with time_machine.travel(datetime(2026, 6, 15, 20, tzinfo=zone), tick=False):
        assess(person, answers)
    night = datetime(2026, 6, 17, 3, 30, tzinfo=zone)
    items = [item.id for item in instrument("phq9").items]
    given = {**dict.fromkeys(items, 0), items[-1]: 1}
    result = score("phq9", given)
    InstrumentResponse.objects.create(
        user=person,
        instrument="phq9",
        taken_at=night,
        answers=given,
        total=result.total,
        band=result.band or "",
        flags=["crisis"],  # as the questionnaire page stores an answer above 0 to item 9
    )
    client = Client()
    client.force_login(person)
    url = reverse("assessments:clinician_check", args=[Assessment.objects.get(user=person).pk])
    with time_machine.travel(night, tick=False):
        response = client.post(url, {"checked_on": THEIR_DAY.isoformat(), "answer": "other_advice"})
    assert response.status_code == 302, response.content.decode()[:500]
    with time_machine.travel(datetime(2026, 6, 17, 3, 40, tzinfo=zone), tick=False):
        return fhir_bundle(person, datetime(2026, 6, 17, 3, 40, tzinfo=zone))


def _instant(zone: ZoneInfo) -> str:
    return datetime(2026, 6, 17, 3, 30, tzinfo=zone).isoformat()


def test_the_crisis_flag_names_her_day_and_starts_at_the_instant(document, zone):
    (flag,) = (f for f in resources_of(document, "Flag") if f["code"]["text"].startswith("PHQ-9"))
    assert flag["code"]["text"].startswith("PHQ-9 of 2026-06-16: ")
    assert flag["period"]["start"] == _instant(zone)


def test_the_told_check_is_dated_on_her_day_and_issued_at_the_instant(document, zone):
    (risk,) = resources_of(document, "RiskAssessment")
    notes = [note["text"] for note in risk["note"]]
    assert any(
        text.startswith("The person told us on 16 June 2026 that a clinician checked")
        for text in notes
    ), notes
    (check,) = (
        o for o in resources_of(document, "Observation")
        if o["code"]["coding"][0]["code"] == "clinician_check.told"
    )  # fmt: skip
    assert check["issued"] == _instant(zone)
    (plan,) = resources_of(document, "CarePlan")
    said = " ".join(note["text"] for note in plan["note"])
    assert "on 16 June 2026 they told us a clinician" in said
