"""The patient page speaks of the patient in plain words: a flare's trigger as the person
picked it on the flare form, questionnaires by their names, and what a questionnaire
measures said of the patient, never to "you"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.diary.episodes import TRIGGERS
from backcare.diary.models import SpasmEpisode
from backcare.domain.instruments import instruments
from backcare.questionnaires.responses import record_response
from tests.care.conftest import link

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def patient_page(client, patient) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("care:patient", args=[patient.pk])).content.decode()


def test_flare_triggers_read_as_the_person_picked_them(cy, cy_client, ana):
    link(cy, ana)
    for days, (code, _label) in enumerate(TRIGGERS, 1):
        SpasmEpisode.objects.create(
            user=ana, started_at=NOW - timedelta(days=days), severity=5, trigger=code
        )
    episodes = patient_page(cy_client, ana).split('id="episodes-h"')[1].split("</section>")[0]
    for _code, label in TRIGGERS:
        assert f"“{label}”" in episodes
    for code in ("out_of_the_blue", "sudden_movement", "long_sitting", "trigger: sleep"):
        assert code not in episodes


GAD7 = {
    "nervous": 2,
    "control_worrying": 2,
    "worrying_too_much": 2,
    "trouble_relaxing": 1,
    "restless": 1,
    "irritable": 1,
    "afraid": 1,
}


def test_what_a_questionnaire_measures_is_said_of_the_patient(cy, cy_client, ana):
    link(cy, ana)
    record_response(ana, "gad7", GAD7, taken_at=NOW - timedelta(days=1))
    page = patient_page(cy_client, ana)
    scores = page.split('id="q-h"')[1].split("</section>")[0]
    card = scores.split("<h3>GAD-7 anxiety questionnaire</h3>")[1].split("</li>")[0]
    assert "may be weighing on the patient" in card
    assert not SECOND_PERSON.search(card)
    history = scores.split("<tbody>")[1]
    assert "<td>GAD-7</td>" in history
    assert "GAD7" not in history


@pytest.mark.parametrize("slug", sorted(instruments()))
def test_every_questionnaire_says_what_it_measures_for_a_clinician(slug):
    """The patient's pages speak to "you"; the clinician's page needs its own wording."""
    found = instruments()[slug]
    assert found.purpose_for_clinician
    assert not SECOND_PERSON.search(found.purpose_for_clinician)
