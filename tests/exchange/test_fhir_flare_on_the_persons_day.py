"""The FHIR CarePlan says a running flare was logged on the person's own day, by the one day
rule (``User.local_date``), while ``progress.time`` keeps the instant with its offset. Kiri
works nights in Auckland and her day ends at 06:00: a flare she logs at 03:30 on 20 March
(19 March, 14:30 in UTC) belongs to her 19 March. Ana in Auckland, whose day ends at
midnight, logs one at 00:30 on 20 March (still 19 March in UTC): her 20 March.

Failed before: the note and each flare item said the calendar date in Auckland, "20 March"
for Kiri, a day her Progress page and weekly update do not file the flare on."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import jsonschema_rs
import pytest
from fhir.resources.R4B.careplan import CarePlan

from backcare.diary.episodes import start_episode
from backcare.exchange.fhir_export import fhir_bundle
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_fhir_care_plan import care_plan_of
from tests.exchange.test_fhir_export import r4_definitions
from tests.exchange.test_fhir_flare_plan import flare_activities

pytestmark = pytest.mark.django_db
AUCKLAND = ZoneInfo("Pacific/Auckland")


def running_flare_said(user, started: datetime, fhir_schema) -> str:  # type: ignore[no-untyped-def]
    """The flare's line, checked to be the same in the note and each flare item, with the
    instant kept; the CarePlan valid against R4B and the official R4 JSON schema."""
    seed_patient(user)
    start_episode(user, severity=7, started_at=started)
    plan = care_plan_of(fhir_bundle(user, NOW))
    (said,) = [n["text"] for n in plan["note"] if n["text"].startswith("A flare logged on")]
    line = said.removesuffix(": the plan stays gentle until it is over.")
    activities = flare_activities(plan)
    assert activities
    for activity in activities:
        (progress,) = activity["progress"]
        assert progress["text"] == f"{line}."
        assert datetime.fromisoformat(progress["time"]) == started
        assert progress["time"].endswith("+13:00")  # the instant, in the person's offset
    CarePlan.model_validate(plan)
    validator = jsonschema_rs.Draft6Validator(
        {"$ref": "#/definitions/CarePlan", "definitions": r4_definitions(fhir_schema)}
    )
    assert not [e.message for e in validator.iter_errors(plan)]
    return line


def test_a_night_workers_flare_is_said_on_her_day(ana, frozen, fhir_schema):
    ana.time_zone, ana.day_ends_hour = AUCKLAND.key, 6
    ana.save(update_fields=["time_zone", "day_ends_hour"])
    started = datetime(2026, 3, 20, 3, 30, tzinfo=AUCKLAND)
    line = running_flare_said(ana, started, fhir_schema)
    assert line == "A flare logged on 19 March 2026 is running (not yet marked as over)"
    assert ana.local_date(started).isoformat() == "2026-03-19"


def test_a_flare_just_after_midnight_is_said_on_her_date_not_utcs(ana, frozen, fhir_schema):
    ana.time_zone = AUCKLAND.key
    ana.save(update_fields=["time_zone"])
    started = datetime(2026, 3, 20, 0, 30, tzinfo=AUCKLAND)  # 19 March, 11:30 in UTC
    line = running_flare_said(ana, started, fhir_schema)
    assert line == "A flare logged on 20 March 2026 is running (not yet marked as over)"
