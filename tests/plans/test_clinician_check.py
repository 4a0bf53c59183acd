"""A plan paused for warning signs that never change (age, osteoporosis, steroids) resumes,
gentle, once the person tells us a clinician has checked them for those signs and said
self-care is fine; a new sign pauses it again, and the result is never softened.

Siobhán lives in Auckland: at 20:00 UTC on 15 June it is already 16 June there."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.diary.models import CheckIn
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-06-15T20:00:00+00:00")  # 16 June in Auckland
HER_TODAY = date(2026, 6, 16)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def siobhan(db, frozen):  # type: ignore[no-untyped-def]
    person = make_user(
        "siobhan", display_name="Siobhán", year_of_birth=1955, time_zone="Pacific/Auckland"
    )
    answers = {**dict.fromkeys(red_flag_ids(), "no"), "age": 71, "onset": "sudden_movement"}
    answers.update(osteoporosis="yes", long_term_steroids="yes")
    assess(person, answers)
    return person


@pytest.fixture
def her_client(client, siobhan):  # type: ignore[no-untyped-def]
    client.force_login(siobhan)
    return client


def url(person) -> str:  # type: ignore[no-untyped-def]
    return f"/assessments/{Assessment.objects.get(user=person).pk}/clinician-check/"


def tell(client, person, day: date, answer: str = "self_care_fine"):  # type: ignore[no-untyped-def]
    return client.post(url(person), {"checked_on": day.isoformat(), "answer": answer})


def test_her_plan_is_paused_and_offers_the_way_out(her_client, siobhan):
    assert planning.current_plan(siobhan).body["status"] == "care_first"
    assert "A clinician has checked me for this" in her_client.get("/plan/").content.decode()
    result = her_client.get(f"/assessments/{Assessment.objects.get(user=siobhan).pk}/")
    assert "A clinician has checked me for this" in result.content.decode()
    page = her_client.get(url(siobhan)).content.decode()
    assert "Sudden pain with a raised risk of fracture" in page  # her own sign, in words


def test_fine_resumes_her_plan_gentle_and_never_softens_the_result(her_client, siobhan):
    planning.current_plan(siobhan)
    response = tell(her_client, siobhan, HER_TODAY)  # her today, UTC's tomorrow
    assert response.status_code == 302
    body = planning.current_plan(siobhan).body
    assert (body["status"], body["triage_level"]) == ("gentle", "urgent")
    assert body["routine"]  # exercises are back
    assessment = Assessment.objects.get(user=siobhan)
    assert "osteoporosis" in planning.plan_input(siobhan, assessment).preferences.conditions
    check = ClinicianCheck.objects.get(user=siobhan)
    assert check.rule_ids == ["fracture_risk"]
    assert check.checked_on == HER_TODAY
    plan = her_client.get("/plan/").content.decode()
    assert "You told us a clinician checked you on 16 June 2026 and said self-care is fine" in plan
    assert "A clinician has checked me for this" not in plan
    assert assessment.level == "urgent"
    result = her_client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Speak to a clinician today" in result


def test_her_plan_says_why_it_is_gentle_once_with_the_day(her_client, siobhan):
    """The check's note, with its day, is why the plan is gentle: the page does not say
    "because a clinician has checked your warning signs" as well. Paper, without the note,
    keeps the stored sentence."""
    tell(her_client, siobhan, HER_TODAY)
    page = her_client.get("/plan/").content.decode()
    status = page.split('id="status-title"', 1)[1].split("</section>", 1)[0]
    assert status.count("clinician checked") == 1
    assert (
        "You told us a clinician checked you on 16 June 2026 and said self-care is fine" in status
    )
    assert "A gentle plan, because a clinician has checked" not in status
    assert "stop the exercises and speak to a clinician the same day" in status  # kept
    printed = her_client.get("/plan/print/").content.decode()
    assert "A gentle plan, because a clinician has checked your warning signs" in printed


def test_other_advice_keeps_her_plan_paused(her_client, siobhan):
    tell(her_client, siobhan, HER_TODAY, "other_advice")
    assert planning.current_plan(siobhan).body["status"] == "care_first"
    assert "A clinician has checked me for this" in her_client.get("/plan/").content.decode()


def test_a_later_other_advice_pauses_it_again(her_client, siobhan, frozen):
    tell(her_client, siobhan, HER_TODAY)
    frozen.shift(timedelta(hours=1))
    ClinicianCheck.objects.create(
        user=siobhan,
        assessment=Assessment.objects.get(user=siobhan),
        rule_ids=["fracture_risk"],
        checked_on=HER_TODAY,
        answer="other_advice",
    )
    assert planning.current_plan(siobhan).body["status"] == "care_first"


def _urgent_checkin(person, rule: str, day: date) -> None:  # type: ignore[no-untyped-def]
    reason = {"rule_id": rule, "title": rule.replace("_", " "), "level": "urgent"}
    result = {"level": "urgent", "crisis": False, "reasons": [reason]}
    CheckIn.objects.create(
        user=person, day=day, pain=6, safety_level="urgent", safety_result=result
    )


@pytest.mark.parametrize("rule", ["new_weakness", "fracture_risk"])
def test_a_sign_raised_after_the_check_pauses_the_plan_again(her_client, siobhan, frozen, rule):
    tell(her_client, siobhan, HER_TODAY)
    assert planning.current_plan(siobhan).body["status"] == "gentle"
    frozen.shift(timedelta(days=2))
    _urgent_checkin(siobhan, rule, HER_TODAY + timedelta(days=2))
    assert planning.current_plan(siobhan).body["status"] == "care_first"
    assert "A clinician has checked me for this" in her_client.get("/plan/").content.decode()
    tell(her_client, siobhan, HER_TODAY + timedelta(days=2))  # she can tell us again
    assert planning.current_plan(siobhan).body["status"] == "gentle"


def test_a_date_before_the_result_or_in_the_future_is_refused(her_client, siobhan):
    before = tell(her_client, siobhan, HER_TODAY - timedelta(days=1))  # UTC's today
    assert before.status_code == 422  # as every form of the product answers a refusal
    assert "Give a day on or after 16 June 2026" in before.content.decode()
    future = tell(her_client, siobhan, HER_TODAY + timedelta(days=1))
    assert future.status_code == 422
    assert "Give a day that has already come: today is 16 June 2026" in future.content.decode()
    unsaid = her_client.post(url(siobhan), {"checked_on": HER_TODAY.isoformat()})
    assert unsaid.status_code == 422
    assert "Choose what the clinician said." in unsaid.content.decode()
    assert "Not saved yet" in unsaid.content.decode()
    assert her_client.get(url(siobhan)).status_code == 200
    assert not ClinicianCheck.objects.exists()
    assert planning.current_plan(siobhan).body["status"] == "care_first"


def test_another_person_cannot_tell_a_check_for_her(client, siobhan):
    client.force_login(siobhan)
    assert client.get(url(siobhan)).status_code == 200  # the page is hers
    other = make_user("mallory", time_zone="Pacific/Auckland")
    client.force_login(other)
    assert tell(client, siobhan, HER_TODAY).status_code == 404
    assert client.get(url(siobhan)).status_code == 404
    assert not ClinicianCheck.objects.exists()
    assert planning.current_plan(siobhan).body["status"] == "care_first"


def test_the_resumed_plan_does_not_say_it_is_paused_but_keeps_the_same_day_advice(
    her_client, siobhan
):
    tell(her_client, siobhan, HER_TODAY)
    advice = planning.current_plan(siobhan).body["care_advice"]
    assert advice[0]["level"] == "urgent"
    assert "speak to a clinician the same day" in advice[0]["text"]
    plan = her_client.get("/plan/").content.decode()
    assert "The exercise plan is paused" not in plan
    assert "Sudden pain with a raised risk of fracture" in plan  # her own warning sign stays


def test_saving_the_same_check_again_stores_it_once_and_says_it_is_saved(
    her_client, siobhan, frozen
):
    """Pressing Save twice, or going back and saving again, tells us nothing new."""
    for _ in range(3):
        frozen.shift(timedelta(minutes=1))
        response = tell(her_client, siobhan, HER_TODAY, "other_advice")
        assert response.status_code == 302
        page = her_client.get(response["Location"]).content.decode()
        assert "Thank you. Your plan stays paused" in page
    assert ClinicianCheck.objects.filter(user=siobhan).count() == 1
    assert planning.current_plan(siobhan).body["status"] == "care_first"


def test_a_different_day_or_a_changed_answer_is_stored(her_client, siobhan, frozen):
    tell(her_client, siobhan, HER_TODAY, "other_advice")
    frozen.shift(timedelta(days=1))
    tell(her_client, siobhan, HER_TODAY + timedelta(days=1), "other_advice")  # seen again
    assert ClinicianCheck.objects.filter(user=siobhan).count() == 2
    frozen.shift(timedelta(minutes=1))
    tell(her_client, siobhan, HER_TODAY + timedelta(days=1), "self_care_fine")
    assert ClinicianCheck.objects.filter(user=siobhan).count() == 3
    assert planning.current_plan(siobhan).body["status"] == "gentle"
