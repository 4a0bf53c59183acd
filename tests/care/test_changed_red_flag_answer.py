"""A red-flag answer changed to "no" without a clinician's check is a need of its own.

Mateus (Toronto) answers "not sure" to the bladder question at 19:36 on 7 December and is
told to speak to a clinician today; a minute later he answers it again, "no", and his
result becomes self-care. Each answer is kept as its own back check, so the list and the
page read only the later one. His physiotherapist must read, in "Needs attention":
"New bladder change: not sure at 19:36, changed to no at 19:37 (7 Dec, America/Toronto) —
not checked by a clinician", until they mark it reviewed or Mateus tells us a clinician
checked that sign. Only his own clinicians see it.

At 00:36 UTC it is already 8 December in UTC, still 7 December in Toronto.

Failed before: the list and the page said "Self-care" and nothing else needed attention.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.care.dashboard import patient_rows
from backcare.domain.findings import red_flag_ids
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
NOT_SURE_AT = datetime.fromisoformat("2026-12-08T00:36:10+00:00")  # 19:36 on 7 Dec, Toronto
NO_AT = NOT_SURE_AT + timedelta(minutes=1)
READ_AT = NO_AT + timedelta(minutes=20)
LINE = (
    "New bladder change: not sure at 19:36, changed to no at 19:37 (7 Dec, America/Toronto)"
    " — not checked by a clinician"
)
ANSWERS = {**dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "sudden_movement"}


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOT_SURE_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mateus(cy, frozen):  # type: ignore[no-untyped-def]
    """Shared with cy; "not sure", then "no" a minute later (what answering again stores)."""
    person = make_user("mateus", display_name="Mateus", time_zone="America/Toronto")
    link(cy, person)
    first = assess(person, {**ANSWERS, "bladder_change": "not_sure"})
    assert first.level in ("emergency", "urgent")
    frozen.move_to(NO_AT)
    assert assess(person, ANSWERS).level == "self_care"
    frozen.move_to(READ_AT)
    return person


@pytest.fixture
def cy_client(cy, mateus):  # type: ignore[no-untyped-def]
    """Cy signed in when she reads, after his answers: no idle sign-out in between."""
    return verify_second_factor(Client(), cy)


def page_of(client, person) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("care:patient", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_says_the_answer_changed_unchecked(cy, cy_client, mateus):
    (row,) = patient_rows(cy)
    assert row.level == "self_care"  # the later back check, as it is
    assert "changed_answer" in row.needs
    assert row.changed_answer_lines == [LINE]
    assert row.rank[0] < 3  # ranked with the care the "not sure" advised, not self-care
    listed = cy_client.get(reverse("care:dashboard")).content.decode()
    assert LINE in listed
    assert "Red-flag answer changed to no, not checked by a clinician" in listed


def test_the_patient_page_says_it_under_needs_attention(cy_client, mateus):
    page = page_of(cy_client, mateus)
    assert "Nothing needs attention now" not in page
    assert page.index("Needs attention") < page.index(LINE) < page.index("Back checks (intake)")


def test_it_stays_until_marked_reviewed(cy, mateus, frozen):
    frozen.move_to(READ_AT + timedelta(days=40))  # no time limit: it waits for the clinician
    cy_client = verify_second_factor(Client(), cy)
    assert "changed_answer" in patient_rows(cy)[0].needs
    until = str(int(NO_AT.timestamp()))
    response = cy_client.post(reverse("care:changes_reviewed", args=[mateus.pk]), {"until": until})
    assert response.status_code == 302
    assert "changed_answer" not in patient_rows(cy)[0].needs
    assert LINE not in page_of(cy_client, mateus)


def test_a_change_made_after_the_one_reviewed_stays(cy, cy_client, mateus, frozen):
    shown = str(int(NO_AT.timestamp()))
    cy_client.post(reverse("care:changes_reviewed", args=[mateus.pk]), {"until": shown})
    frozen.move_to(READ_AT + timedelta(hours=1))
    assess(mateus, {**ANSWERS, "bowel_change": "yes"})
    frozen.move_to(READ_AT + timedelta(hours=1, minutes=2))
    assess(mateus, ANSWERS)
    (row,) = patient_rows(cy)
    assert [line.split(":")[0] for line in row.changed_answer_lines] == ["New bowel control change"]


def test_a_told_clinician_check_covering_the_sign_clears_it(cy, mateus):
    first = Assessment.objects.filter(user=mateus).order_by("created_at").first()
    assert first is not None
    rules = [r["rule_id"] for r in first.result["reasons"] if "bladder_change" in r["finding_ids"]]
    ClinicianCheck.objects.create(
        user=mateus,
        assessment=first,
        rule_ids=rules,
        checked_on=date(2026, 12, 7),
        answer="self_care_fine",
    )
    assert "changed_answer" not in patient_rows(cy)[0].needs


def test_only_linked_clinicians_see_it_or_mark_it(mateus):
    other = make_user("cora", role="clinician", display_name="Dr Cora")
    cora = verify_second_factor(Client(), other)
    assert patient_rows(other) == []
    assert cora.get(reverse("care:patient", args=[mateus.pk])).status_code == 404
    until = str(int(NO_AT.timestamp()))
    response = cora.post(reverse("care:changes_reviewed", args=[mateus.pk]), {"until": until})
    assert response.status_code == 404
    assert mateus.care_links.get().changes_seen_at is None


def test_the_report_gives_each_rows_time_and_the_change(cy, frozen):
    """Both rows are of 7 Dec: each says its time, and the "not sure" says it was changed.
    As in Mateus's own: his answers also said it stops his daily life (within days)."""
    person = make_user("mateo", display_name="Mateo", time_zone="America/Toronto")
    link(cy, person)
    more = {**ANSWERS, "stops_daily_activities": "yes"}
    assess(person, {**more, "bladder_change": "not_sure"})
    frozen.move_to(NO_AT)
    assert assess(person, more).level == "soon"
    frozen.move_to(READ_AT)
    cy_client = verify_second_factor(Client(), cy)
    response = cy_client.get(reverse("care:patient_report", args=[person.pk]))
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert '<td data-label="When">7 Dec 2026, 19:36</td>' in page
    assert '<td data-label="When">7 Dec 2026, 19:37</td>' in page
    changed = (
        "Changed: New bladder change: not sure, changed to no at 19:37 in the next back check,"
        " not checked by a clinician."
    )
    assert changed in page
