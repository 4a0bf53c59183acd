"""The clinician dashboard: linked patients sorted by need, in a constant number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backcare.assessments.models import Assessment
from backcare.care.dashboard import patient_rows
from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.questionnaires.models import InstrumentResponse
from tests.care.conftest import link
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)
TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def patient(name, clinician):  # type: ignore[no-untyped-def]
    user = make_user(name, display_name=name.title())
    link(clinician, user)
    return user


def daily_pain(user, pains_oldest_first):  # type: ignore[no-untyped-def]
    count = len(pains_oldest_first)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, day=TODAY - timedelta(days=count - 1 - i), pain=pain)
        for i, pain in enumerate(pains_oldest_first)
    )


RED_FLAG_RESULT = {
    "level": "urgent",
    "reasons": [{"rule_id": "fever_with_back_pain", "title": "Fever with back pain"}],
}


def test_patients_are_sorted_by_need_with_what_fired_and_when(cy):
    steady = patient("steady", cy)
    daily_pain(steady, [3] * 14)
    worse = patient("worse", cy)
    daily_pain(worse, [2] * 7 + [5] * 7)
    flagged = patient("flagged", cy)
    daily_pain(flagged, [3] * 14)
    Assessment.objects.create(
        user=flagged,
        findings={},
        level="urgent",
        result=RED_FLAG_RESULT,
        created_at=NOW - timedelta(days=1),
    )
    quiet = patient("quiet", cy)
    CheckIn.objects.create(user=quiet, day=TODAY - timedelta(days=9), pain=3)

    rows = patient_rows(cy)
    assert [row.patient.username for row in rows] == ["flagged", "worse", "quiet", "steady"]
    top = rows[0]
    assert top.level == "urgent"
    assert top.fired == ["Fever with back pain"]
    assert top.level_at == NOW - timedelta(days=1)
    assert rows[1].needs == ["worsening"]
    assert rows[2].needs == ["quiet"]
    assert rows[3].needs == []


def test_a_pain_rise_below_two_points_is_not_worsening(cy):
    user = patient("mild", cy)
    daily_pain(user, [3] * 7 + [4] * 7)
    assert patient_rows(cy)[0].needs == []


def test_a_check_in_red_flag_newer_than_the_intake_is_the_current_level(cy):
    user = patient("ana2", cy)
    Assessment.objects.create(
        user=user,
        findings={},
        level="self_care",
        result={"reasons": []},
        created_at=NOW - timedelta(days=10),
    )
    CheckIn.objects.create(
        user=user,
        day=TODAY,
        pain=6,
        safety_level="emergency",
        safety_result={"reasons": [{"rule_id": "cauda_equina", "title": "Numb saddle area"}]},
    )
    row = patient_rows(cy)[0]
    assert (row.level, row.fired) == ("emergency", ["Numb saddle area"])
    assert "red_flag" in row.needs


def test_a_same_day_red_flag_is_not_hidden_by_a_later_self_care_intake(cy):
    """A morning check-in is dated to the morning even when logged after a calm back check:
    on the same day, the more urgent of the two is the current level."""
    user = patient("ana3", cy)
    CheckIn.objects.create(
        user=user,
        day=TODAY,
        moment="morning",
        recorded_at=NOW - timedelta(hours=4),
        pain=6,
        safety_level="urgent",
        safety_result=RED_FLAG_RESULT,
    )
    Assessment.objects.create(
        user=user, findings={}, level="self_care", result={"reasons": []}, created_at=NOW
    )
    row = patient_rows(cy)[0]
    assert (row.level, row.fired) == ("urgent", ["Fever with back pain"])
    assert "red_flag" in row.needs


def test_a_self_care_intake_on_a_later_day_is_the_current_level(cy):
    user = patient("ana4", cy)
    CheckIn.objects.create(
        user=user,
        day=TODAY - timedelta(days=3),
        recorded_at=NOW - timedelta(days=3),
        pain=6,
        safety_level="urgent",
        safety_result=RED_FLAG_RESULT,
    )
    Assessment.objects.create(
        user=user, findings={}, level="self_care", result={"reasons": []}, created_at=NOW
    )
    assert patient_rows(cy)[0].level == "self_care"


def test_crisis_flags_and_long_or_new_flares_are_needs(cy):
    crisis = patient("crisis", cy)
    InstrumentResponse.objects.create(
        user=crisis, instrument="phq9", answers={}, flags=["crisis"], taken_at=NOW
    )
    long_flare = patient("longflare", cy)
    SpasmEpisode.objects.create(user=long_flare, started_at=NOW - timedelta(days=9))
    old_closed = patient("oldclosed", cy)
    SpasmEpisode.objects.create(
        user=old_closed, started_at=NOW - timedelta(days=20), ended_at=NOW - timedelta(days=19)
    )
    for user in (crisis, long_flare, old_closed):
        daily_pain(user, [3] * 14)
    needs = {row.patient.username: row.needs for row in patient_rows(cy)}
    assert needs == {"crisis": ["crisis"], "longflare": ["flare"], "oldclosed": []}


def test_a_crisis_answer_ranks_with_emergencies_above_any_urgent_back(cy):
    urgent = patient("urgent", cy)
    Assessment.objects.create(
        user=urgent, findings={}, level="urgent", result=RED_FLAG_RESULT, created_at=NOW
    )
    crisis = patient("crisis", cy)
    Assessment.objects.create(
        user=crisis, findings={}, level="self_care", result={}, created_at=NOW
    )
    InstrumentResponse.objects.create(
        user=crisis, instrument="phq9", answers={}, flags=["crisis"], taken_at=NOW
    )
    for user in (urgent, crisis):
        daily_pain(user, [3] * 14)
    assert [row.patient.username for row in patient_rows(cy)] == ["crisis", "urgent"]


def test_filter_and_search(cy):
    daily_pain(patient("alpha", cy), [2] * 7 + [6] * 7)
    daily_pain(patient("beta", cy), [3] * 14)
    assert [r.patient.username for r in patient_rows(cy, need="worsening")] == ["alpha"]
    assert [r.patient.username for r in patient_rows(cy, search="BET")] == ["beta"]


def test_the_page_shows_trend_and_adherence(cy_client, cy):
    user = patient("trendy", cy)
    daily_pain(user, [3, 4, 5, 6, 7, 6, 5])
    page = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "(0 to 10): none, none, none, none, none, none, none, 3, 4, 5, 6, 7, 6, 5" in page
    assert "7 of 14 days" in page


def test_another_clinicians_patients_are_not_listed(cy):
    other = make_user("doc", role="clinician")
    patient("notmine", other)
    assert patient_rows(cy) == []


def queries_for_dashboard(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("care:dashboard")).status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_500_patients(cy_client, cy):
    from backcare.accounts.models import User
    from backcare.care.models import CareLink

    def add_patients(start: int, count: int) -> None:
        users = User.objects.bulk_create(
            User(username=f"p{n}", email=f"p{n}@example.org") for n in range(start, start + count)
        )
        CareLink.objects.bulk_create(
            CareLink(clinician=cy, patient=user, code=f"C{user.pk:09d}", accepted_at=NOW)
            for user in users
        )
        CheckIn.objects.bulk_create(
            CheckIn(user=user, day=TODAY - timedelta(days=d), pain=d % 10)
            for user in users
            for d in range(14)
        )

    add_patients(0, 5)
    few = queries_for_dashboard(cy_client)
    add_patients(5, 495)
    many = queries_for_dashboard(cy_client)
    assert many == few
    # session, user, OTP device, the patients' time zones, links with every figure (once per
    # date those zones are on: one here), every patient's daily mean pain, their latest two
    # scores of each questionnaire, every patient's back checks and the clinician's checks they
    # told (red-flag answers changed to "no"), the page's check-ins, its access log, and the
    # navigation's programme-lead permission (Outcomes)
    assert many <= 13
