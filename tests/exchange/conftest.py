"""A patient with a bit of everything, written straight to the database at a frozen time."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import IN_CI
from tests.progress_data import log

NOW = datetime(2026, 3, 20, 18, 0, tzinfo=ZoneInfo("UTC"))
TODAY = date(2026, 3, 20)
HERE = Path(__file__).resolve().parent
FHIR_SCHEMA = HERE / "node_modules" / "@medplum" / "definitions" / "dist" / "fhir" / "r4"
NPM_CI = "npm ci --prefix tests/exchange"

PHQ9_MILD = {
    "interest": 1, "down": 1, "sleep": 2, "tired": 1, "appetite": 0, "feeling_bad": 1,
    "concentrating": 1, "moving": 0, "thoughts_self_harm": 0, "difficulty": 1,
}  # fmt: skip
GAD7_MODERATE = {
    "nervous": 2, "control_worrying": 2, "worrying_too_much": 2, "trouble_relaxing": 2,
    "restless": 1, "irritable": 1, "afraid": 1,
}  # fmt: skip

STARTBACK_MEDIUM = {
    "leg_pain": 1, "shoulder_neck_pain": 1, "walked_short_distances": 1, "dressed_slowly": 1,
    "not_safe_active": 0, "worrying_thoughts": 1, "pain_terrible": 0, "not_enjoyed": 0,
    "bothersome": 2,
}  # fmt: skip


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def red_flag_free_intake() -> dict[str, object]:
    from backcare.domain.findings import red_flag_ids

    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 40, "onset": "gradual"}


def seed_patient(user, *, pain_base: int = 6) -> None:  # type: ignore[no-untyped-def]
    """Eight weeks of diary, questionnaires twice, an assessment, a plan, a flare and more."""
    from backcare.assessments.intake import assess
    from backcare.diary.models import Experiment, Measure, SpasmEpisode
    from backcare.plans.models import Preferences, ToolboxPin
    from backcare.plans.planning import rebuild_plan
    from backcare.questionnaires.responses import record_response

    start = TODAY - timedelta(days=55)
    for offset in range(56):
        day = start + timedelta(days=offset)
        pain = max(0, pain_base - offset // 10)
        stiffness = None if offset % 7 == 3 else max(0, pain - 1)
        log(user, day, pain, stiffness=stiffness, stress=offset % 5, ratings={"walking": 6})
    log(user, TODAY - timedelta(days=2), 7, moment="morning", safety_level="urgent",
        safety_result={"level": "urgent", "reasons": [{"title": "New leg weakness"}]})  # fmt: skip
    Preferences.objects.create(user=user, minutes_per_day=15, equipment=["mat"], pregnant=False)
    assess(user, red_flag_free_intake())
    rebuild_plan(user)
    rebuild_plan(user, reason="request")
    ToolboxPin.objects.create(user=user, exercise="cat-cow")
    record_response(user, "phq9", PHQ9_MILD, taken_at=NOW - timedelta(days=50))
    better = {**PHQ9_MILD, "sleep": 0, "tired": 0, "down": 0, "feeling_bad": 0}
    record_response(user, "phq9", better, taken_at=NOW - timedelta(days=3))
    record_response(user, "gad7", GAD7_MODERATE, taken_at=NOW - timedelta(days=3))
    record_response(user, "peg", {"pain_average": 5, "enjoyment": 4, "general_activity": 6},
                    taken_at=NOW - timedelta(days=3))  # fmt: skip
    record_response(user, "startback", STARTBACK_MEDIUM, taken_at=NOW - timedelta(days=40))
    SpasmEpisode.objects.create(
        user=user, started_at=NOW - timedelta(days=20), ended_at=NOW - timedelta(days=19),
        severity=7, trigger="lifting",
    )  # fmt: skip
    Measure.objects.create(user=user, day=TODAY, kind="steps", value=6500, source="fitbit")
    Experiment.objects.create(
        user=user, option_a="heat", option_b="walking", start=TODAY, days=14, seed=7
    )


@pytest.fixture
def fhir_schema() -> dict[str, object]:
    """The official FHIR R4 JSON schema, installed from tests/exchange/package-lock.json."""
    path = FHIR_SCHEMA / "fhir.schema.json"
    if not path.exists():
        if not IN_CI:
            pytest.skip(f"the FHIR JSON schema is not installed: run `{NPM_CI}`")
        pytest.fail(f"CI requires the FHIR JSON schema: `{NPM_CI}` (make test runs it)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def kai(db):  # type: ignore[no-untyped-def]
    """A person in Kiritimati (UTC+14): see tests/exchange/kiritimati_report.py."""
    from tests.conftest import make_user

    return make_user("kai", display_name="Kai", year_of_birth=1980, time_zone="Pacific/Kiritimati")


@pytest.fixture(autouse=True)
def _pending_files_here(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Files waiting on the confirmation page go to this test's own folder."""
    settings.DATA_DIR = tmp_path / "data"


def load_on_the_page(client, name: str, body: bytes, **kwargs):  # type: ignore[no-untyped-def]
    """Choose a file on "Bring your data here", then "Load it" on the confirmation page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    chosen = client.post("/my-data/restore/", {"file": SimpleUploadedFile(name, body)})
    assert chosen.status_code == 302, chosen.content.decode()[-2000:]
    assert chosen["Location"] == "/my-data/restore/confirm/#main"
    token = client.session["restore_pending"]["token"]
    return client.post("/my-data/restore/confirm/", {"token": token}, **kwargs)
