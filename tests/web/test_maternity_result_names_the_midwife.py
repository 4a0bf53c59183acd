"""An urgent back check whose main reason takes the maternity pathway says, in its first
line, to contact the midwife or maternity unit today, in the words of the person's place:
Aisha in Toronto is sent to her midwife or doctor or the labour and delivery unit; Ana in
Lisbon, whose place has no words of its own, to her midwife or maternity unit. The family
doctor and the urgent line stay as the way on if they cannot be reached. Someone not
pregnant with the same signs keeps the level's words, and so does the urgent level's label."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CALM = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}


def _lead(client, assessment) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    return html.decode().split('<p class="result-action">', 1)[1].split("</p>", 1)[0]


def test_aisha_in_toronto_is_sent_to_her_midwife_first(client):
    aisha = make_user("aisha", year_of_birth=1995, sex="female", time_zone="America/Toronto")
    client.force_login(aisha)
    checked = assess(aisha, {**CALM, "pregnant": "yes", "urinary_symptoms": "yes"})
    assert checked.level == "urgent"
    lead = _lead(client, checked)
    assert lead == (
        "Contact your midwife or doctor, or the labour and delivery (birthing) unit of your "
        "hospital today."
    )
    page = client.get(reverse("assessments:result", kwargs={"pk": checked.pk})).content.decode()
    assert "Urgent: speak to a clinician today" in page
    assert "If you cannot reach them, ask your doctor for an urgent same-day appointment" in page


def test_where_the_place_has_no_words_of_its_own_the_midwife_or_maternity_unit(ana_client, ana):
    checked = assess(ana, {**CALM, "pregnant": "yes", "fever": "yes"})
    assert _lead(ana_client, checked).startswith("Contact your midwife or maternity unit")


def test_someone_not_pregnant_keeps_the_levels_words(ana_client, ana):
    checked = assess(ana, {**CALM, "pregnant": "no", "urinary_symptoms": "yes"})
    assert checked.level == "urgent"
    assert "midwife" not in _lead(ana_client, checked)
