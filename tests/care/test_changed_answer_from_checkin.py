"""A check-in's "not sure" to a warning-sign question, answered "no" by a later back check,
needs attention as a back check's does.

Mateus (Toronto) answers "not sure" to the bladder question in his evening check-in at
19:30 on 7 December; his check-in advises care. At 19:40, or the next evening, he takes the
back check and answers it "no". The back check is what the list reads once a day has
passed, so his physiotherapist would no longer see the "not sure"; she must read, under
"Needs attention": "New bladder change: not sure in a check-in at 19:30, changed to no in a
back check at 19:40 (7 Dec, America/Toronto) — not checked by a clinician". A later
check-in's "no" changes nothing: it answers "Since your last check-in, anything new?".

At 00:30 UTC it is already 8 December in UTC, still 7 December in Toronto.

Failed before: no line, no need; the next evening the list said "Self-care" and nothing else.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.care.dashboard import patient_rows
from backcare.diary.checkins import save_checkin
from backcare.domain.findings import red_flag_ids
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
NOT_SURE_AT = datetime.fromisoformat("2026-12-08T00:30:00+00:00")  # 19:30 on 7 Dec, Toronto
SAME_EVENING = NOT_SURE_AT + timedelta(minutes=10)
NEXT_EVENING = NOT_SURE_AT + timedelta(days=1, minutes=10)  # 19:40 on 8 Dec, Toronto
LINE = (
    "New bladder change: not sure in a check-in at 19:30, changed to no in a back check at"
    " 19:40 (7 Dec, America/Toronto) — not checked by a clinician"
)
LINE_NEXT_DAY = (
    "New bladder change: not sure in a check-in at 19:30 on 7 Dec, changed to no in a back"
    " check at 19:40 on 8 Dec (America/Toronto) — not checked by a clinician"
)
ANSWERS = {**dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "sudden_movement"}


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOT_SURE_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mateus(cy, frozen):  # type: ignore[no-untyped-def]
    """Shared with cy; his evening check-in answers the bladder question "not sure"."""
    person = make_user("mateus", display_name="Mateus", time_zone="America/Toronto")
    link(cy, person)
    checkin = save_checkin(
        person,
        {
            "day": "2026-12-07",
            "moment": "evening",
            "pain": 5,
            "safety": {"bladder_change": "not_sure"},
        },
    )
    assert checkin.safety_level in ("emergency", "urgent")
    return person


def back_check_no(person, frozen, at):  # type: ignore[no-untyped-def]
    frozen.move_to(at)
    assert assess(person, ANSWERS).level == "self_care"
    frozen.move_to(at + timedelta(minutes=20))


def test_a_back_check_the_same_evening_shows_the_change(cy, mateus, frozen):
    back_check_no(mateus, frozen, SAME_EVENING)
    (row,) = patient_rows(cy)
    assert row.changed_answer_lines == [LINE]
    assert "changed_answer" in row.needs
    assert "red_flag" in row.needs  # the check-in of the back check's own day still stands


def test_a_back_check_the_next_evening_shows_it_when_nothing_else_does(cy, mateus, frozen):
    back_check_no(mateus, frozen, NEXT_EVENING)
    (row,) = patient_rows(cy)
    assert row.level == "self_care"  # the back check of a later day is what stands
    assert row.needs == ["changed_answer"]
    assert row.changed_answer_lines == [LINE_NEXT_DAY]
    assert row.rank[0] < 3  # ranked with the care the check-in advised
    client = verify_second_factor(Client(), cy)
    page = client.get(reverse("care:patient", args=[mateus.pk])).content.decode()
    assert page.index("Needs attention") < page.index(LINE_NEXT_DAY)
    assert "An earlier check-in's answer is under “Check-ins that advised care”" in page


def test_marking_it_reviewed_clears_it(cy, mateus, frozen):
    back_check_no(mateus, frozen, NEXT_EVENING)
    client = verify_second_factor(Client(), cy)
    until = str(int(NEXT_EVENING.timestamp()))
    client.post(reverse("care:changes_reviewed", args=[mateus.pk]), {"until": until})
    assert patient_rows(cy)[0].needs == []


def test_a_later_check_in_saying_nothing_new_is_no_change(cy, mateus, frozen):
    frozen.move_to(SAME_EVENING)
    save_checkin(
        mateus,
        {"day": "2026-12-07", "moment": "other", "pain": 4, "safety": {"bladder_change": "no"}},
    )
    (row,) = patient_rows(cy)
    assert row.changed_answers == []
    assert "red_flag" in row.needs  # the check-in's "not sure" still stands


def test_a_back_check_after_a_check_in_saying_nothing_new_still_shows_it(cy, mateus, frozen):
    """The "no" of a check-in between them leaves the "not sure" standing."""
    frozen.move_to(NOT_SURE_AT + timedelta(minutes=5))
    save_checkin(
        mateus,
        {"day": "2026-12-07", "moment": "other", "pain": 4, "safety": {"bladder_change": "no"}},
    )
    back_check_no(mateus, frozen, SAME_EVENING)
    assert patient_rows(cy)[0].changed_answer_lines == [LINE]


def test_the_report_and_its_json_say_the_check_ins_answer_was_changed(cy, mateus, frozen):
    back_check_no(mateus, frozen, NEXT_EVENING)
    client = verify_second_factor(Client(), cy)
    words = (
        "New bladder change: not sure, changed to no at 19:40 on 8 Dec 2026 in the next back"
        " check, not checked by a clinician"
    )
    page = client.get(reverse("care:patient_report", args=[mateus.pk])).content.decode()
    assert f"Changed: {words}." in " ".join(page.split())
    report = client.get(f"/api/clinician/patients/{mateus.pk}/report").json()
    (checkin,) = [a for a in report["red_flag_history"] if a["source"] == "Check-in"]
    assert checkin["changed"] == [words]


def test_a_back_check_in_the_check_ins_minute_is_not_taken_as_after_it(cy):  # type: ignore[no-untyped-def]
    """A check-in keeps the clock its form showed (19:30, no seconds): a back check at
    19:30:40 may have come before it, so its "no" is not read as changing the check-in's
    answer, and the check-in's "not sure" still stands beside it. Before: "changed to no"."""
    person = make_user("mateus", display_name="Mateus", time_zone="America/Toronto")
    link(cy, person)
    with time_machine.travel(NOT_SURE_AT + timedelta(seconds=40), tick=False):
        assert assess(person, ANSWERS).level == "self_care"
        save_checkin(
            person,
            {
                "day": "2026-12-07",
                "moment": "evening",
                "recorded_at": "2026-12-07T19:30:00-05:00",
                "pain": 5,
                "safety": {"bladder_change": "not_sure"},
            },
        )
        (row,) = patient_rows(cy)
    assert row.changed_answers == []
    assert "red_flag" in row.needs
