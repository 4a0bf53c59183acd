"""FHIR dates are the instants the person recorded, in their own offset (with the diary day
beside them when the two differ), and resource ids are stable across exports without
revealing database ids."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from backcare.domain import fhir_codes
from backcare.domain.fhir_codes import resources_of
from backcare.exchange.fhir_export import fhir_bundle
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db

LATER = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)


def checkin(user, day: str, moment: str, recorded_at: str, **safety: str):  # type: ignore[no-untyped-def]
    """A check-in with a red-flag answer, recorded at a given time."""
    from backcare.diary.checkins import save_checkin

    data = {"day": day, "moment": moment, "pain": 7, "recorded_at": recorded_at, "safety": safety}
    return save_checkin(user, data)


def pain_and_risk(user):  # type: ignore[no-untyped-def]
    document = fhir_bundle(user, LATER)
    observations = resources_of(document, "Observation")
    pain = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    return pain, resources_of(document, "RiskAssessment")


@pytest.mark.parametrize(
    ("zone", "day", "moment", "recorded_at"),
    [
        # 08:30 on 6 December in Auckland is still 5 December in UTC
        ("Pacific/Auckland", "2026-12-06", "morning", "2026-12-06T08:30:00+13:00"),
        # an evening entry filled in 40 minutes after local midnight
        ("Pacific/Pago_Pago", "2026-12-05", "evening", "2026-12-06T00:40:00-11:00"),
        ("Europe/Lisbon", "2026-12-05", "evening", "2026-12-06T00:40:00+00:00"),
    ],
)
def test_check_ins_are_dated_by_the_instant_and_keep_their_diary_day(
    zone, day, moment, recorded_at
):
    person = make_user("kiri", time_zone=zone)
    with time_machine.travel(LATER, tick=False):
        checkin(person, day, moment, recorded_at, bladder_change="yes")
        (pain,), (risk,) = pain_and_risk(person)
    assert pain["effectiveDateTime"] == recorded_at  # the instant, in the person's own offset
    assert pain["issued"] == recorded_at
    assert risk["occurrenceDateTime"] == recorded_at
    assert f"diary day {day}" in risk["note"][0]["text"]
    after_midnight = recorded_at[:10] != day
    assert ("note" in pain) == after_midnight
    if after_midnight:
        assert pain["note"][0]["text"] == f"Rating for the diary day {day}."


def test_a_check_in_alert_keeps_its_id_when_an_older_one_is_added():
    person = make_user("kiri", time_zone="Europe/Lisbon")
    with time_machine.travel(LATER, tick=False):
        checkin(person, "2026-12-04", "evening", "2026-12-04T20:00:00+00:00", bladder_change="yes")
        (first,) = resources_of(fhir_bundle(person, LATER), "RiskAssessment")
        checkin(person, "2026-12-02", "evening", "2026-12-02T20:00:00+00:00", chest_pain="yes")
        older, again = resources_of(
            fhir_bundle(person, LATER + timedelta(hours=1)), "RiskAssessment"
        )
    assert older["occurrenceDateTime"] == "2026-12-02T20:00:00+00:00"
    assert again["occurrenceDateTime"] == "2026-12-04T20:00:00+00:00"
    assert again["id"] == first["id"]


def test_ids_do_not_reveal_database_ids_and_stay_the_same_across_exports(ana):
    from backcare.diary.models import CheckIn
    from backcare.questionnaires.models import InstrumentResponse

    def ids(when: datetime) -> set[str]:
        # A Questionnaire is the same form in every bundle: its id is the form's, not a row's.
        return {
            entry["resource"]["id"]
            for entry in fhir_bundle(ana, when)["entry"]
            if entry["resource"]["resourceType"] != "Questionnaire"
        }

    with time_machine.travel(NOW, tick=False):
        seed_patient(ana)
        first = ids(NOW)
        assert ids(NOW + timedelta(days=1)) == first
        with override_settings(SECRET_KEY="another-installation"):
            assert not first & ids(NOW)  # keyed by the server's secret
    guessable = {
        str(uuid.uuid5(fhir_codes._NAMESPACE, key))
        for key in [
            *(f"checkin-{pk}-pain" for pk in CheckIn.objects.values_list("pk", flat=True)),
            *(f"response-{pk}" for pk in InstrumentResponse.objects.values_list("pk", flat=True)),
        ]
    }
    assert not first & guessable


def test_a_questionnaire_after_local_midnight_has_its_local_date():
    from backcare.questionnaires.responses import record_response

    person = make_user("kiri", time_zone="Pacific/Auckland")
    taken = datetime(2026, 12, 5, 11, 20, tzinfo=UTC)  # 00:20 on 6 December in Auckland
    with time_machine.travel(LATER, tick=False):
        record_response(person, "nrs", {"pain": 4}, taken_at=taken)
        (response,) = resources_of(fhir_bundle(person, LATER), "QuestionnaireResponse")
    assert response["authored"] == "2026-12-06T00:20:00+13:00"
