"""A person with an urgent result told us a clinician has checked them: their clinician
sees it honestly. The list keeps the urgent level and notes "checked by a clinician on
<day> (told by the patient)"; the patient page says when it was told, when the check was,
what the clinician said, whether the plan resumed, and the signs it covers; a check told
since the clinician last reviewed one is a need until marked reviewed; the report has it.

Failed before: the list and the page showed only "Clinician today", with no word of the
check, and nothing asked the clinician to look at it.

Siobhán (71, osteoporosis, years of steroids, sudden pain) lives in Auckland: her back check
is on 16 June there, and she tells us on her 17 June that a clinician saw her on 16 June.
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
from backcare.care.reports import clinician_report, report_json
from backcare.diary.models import CheckIn
from backcare.domain.findings import red_flag_ids
from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BACK_CHECK = datetime.fromisoformat("2026-06-15T20:00:00+00:00")  # 16 June in Auckland
TOLD = BACK_CHECK + timedelta(days=1)  # 17 June in Auckland
CHECKED_ON = date(2026, 6, 16)
SENTENCE = "Told us on 17 Jun 2026 that a clinician checked them on 16 Jun 2026: "


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(BACK_CHECK, tick=False) as traveller:
        yield traveller


@pytest.fixture
def siobhan(cy, frozen):  # type: ignore[no-untyped-def]
    """Her urgent back check, shared with cy the same evening."""
    person = make_user(
        "siobhan", display_name="Siobhán", year_of_birth=1955, time_zone="Pacific/Auckland"
    )
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    answers.update(osteoporosis="yes", long_term_steroids="yes")
    assess(person, answers)
    link(cy, person)
    return person


def tell(client, person, frozen, answer: str = "self_care_fine") -> None:  # type: ignore[no-untyped-def]
    """She tells us, a day later, from her own page."""
    frozen.move_to(TOLD)
    client.force_login(person)
    url = reverse("assessments:clinician_check", args=[Assessment.objects.get(user=person).pk])
    response = client.post(url, {"checked_on": CHECKED_ON.isoformat(), "answer": answer})
    assert response.status_code == 302
    assert ClinicianCheck.objects.filter(user=person).exists()


@pytest.fixture
def cy_client(cy):  # type: ignore[no-untyped-def]
    """Cy signed in when she reads, after Siobhán told us: no idle sign-out in between."""

    class Signed:
        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(verify_second_factor(Client(), cy), name)

    return Signed()


def page_of(cy_client, person) -> str:  # type: ignore[no-untyped-def]
    response = cy_client.get(reverse("care:patient", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_keeps_the_level_and_notes_the_told_check(cy, cy_client, client, siobhan, frozen):
    tell(client, siobhan, frozen)
    (row,) = patient_rows(cy)
    assert (row.level, row.level_label) == ("urgent", "Clinician today")  # never softened
    assert row.needs[0] == "red_flag"
    line = "Checked by a clinician on 16 Jun (told by the patient): self-care and exercise fine"
    assert row.told_check_line == line
    listed = cy_client.get(reverse("care:dashboard")).content.decode()
    assert line in listed
    assert "Clinician today" in listed


def test_the_patient_page_says_what_was_told_and_that_the_plan_resumed(
    cy_client, client, siobhan, frozen
):
    tell(client, siobhan, frozen)
    page = page_of(cy_client, siobhan)
    told = SENTENCE + "self-care and exercise are fine for them, and the plan resumed gently."
    assert told in page
    assert "It covers: Sudden pain with a raised risk of fracture." in page
    assert "Clinician today" in page  # the triage beside it, as it was
    assert page.index("Clinician today") < page.index(told)


def test_other_advice_says_the_plan_stays_paused(cy_client, client, siobhan, frozen):
    tell(client, siobhan, frozen, "other_advice")
    page = page_of(cy_client, siobhan)
    said = "they asked them to wait or gave other advice, and the plan stays paused."
    assert SENTENCE + said in page
    assert "resumed gently" not in page


def test_a_told_check_is_a_need_until_marked_reviewed(cy, cy_client, client, siobhan, frozen):
    tell(client, siobhan, frozen)
    (row,) = patient_rows(cy)
    assert "told_check" in row.needs
    page = page_of(cy_client, siobhan)
    assert "Told us a clinician checked them: review" in page
    assert "Mark this check reviewed" in page
    assert [r.patient for r in patient_rows(cy, need="told_check")] == [siobhan]
    check = ClinicianCheck.objects.get(user=siobhan)
    url = reverse("care:check_reviewed", args=[siobhan.pk])
    assert cy_client.post(url, {"check": check.pk}).status_code == 302
    (row,) = patient_rows(cy)
    assert "told_check" not in row.needs
    assert row.told_check_line  # still said beside the level, no longer a need
    assert "Mark this check reviewed" not in page_of(cy_client, siobhan)


def test_a_check_told_after_the_one_reviewed_is_a_need_again(
    cy, cy_client, client, siobhan, frozen
):
    tell(client, siobhan, frozen)
    first = ClinicianCheck.objects.get(user=siobhan)
    cy_client.post(reverse("care:check_reviewed", args=[siobhan.pk]), {"check": first.pk})
    frozen.shift(timedelta(hours=2))
    ClinicianCheck.objects.create(
        user=siobhan,
        assessment=first.assessment,
        rule_ids=first.rule_ids,
        checked_on=CHECKED_ON,
        answer="other_advice",
    )
    (row,) = patient_rows(cy)
    assert "told_check" in row.needs
    assert row.told_check_line.endswith("asked to wait or other advice")


def test_a_check_told_before_sharing_is_no_news(cy, client, frozen):
    person = make_user("tane", display_name="Tāne", year_of_birth=1955, time_zone="UTC")
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    assess(person, {**answers, "osteoporosis": "yes", "long_term_steroids": "yes"})
    tell(client, person, frozen)
    frozen.shift(timedelta(hours=1))
    link(cy, person)
    (row,) = patient_rows(cy)
    assert row.told_check is not None
    assert "told_check" not in row.needs


def test_the_clinicians_report_has_the_told_check(client, siobhan, frozen):
    tell(client, siobhan, frozen)
    told = report_json(clinician_report(siobhan))["clinician_check"]
    assert told["text"].startswith(SENTENCE)
    assert told["text"].endswith("and the plan resumed gently.")
    assert told["signs"] == ["Sudden pain with a raised risk of fracture"]
    assert (told["checked_on"], told["plan_resumed"], told["told_by"]) == (
        CHECKED_ON,
        True,
        "the patient",
    )


def test_a_sign_raised_since_the_check_keeps_the_plan_paused_on_the_page(
    cy_client, client, siobhan, frozen
):
    tell(client, siobhan, frozen)
    frozen.shift(timedelta(days=1))
    reason = {"rule_id": "new_weakness", "title": "New weakness", "level": "urgent"}
    CheckIn.objects.create(
        user=siobhan,
        day=date(2026, 6, 18),
        pain=6,
        safety_level="urgent",
        safety_result={"level": "urgent", "crisis": False, "reasons": [reason]},
    )
    page = page_of(cy_client, siobhan)
    fine = "self-care and exercise are fine for them, but the plan stays paused"
    assert SENTENCE + fine in page
    assert "resumed gently" not in page
