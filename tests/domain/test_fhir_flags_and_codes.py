"""The FHIR mapping of what a stored response carries besides its answers: the crisis and
incomplete flags, LOINC answer codes, rounded totals, and the diary day a rating is about."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from backcare.domain.fhir import DiaryReading, PatientFacts, TriageAlert, bundle
from backcare.domain.fhir_codes import CODE_SYSTEM, LOINC, resources_of
from backcare.domain.fhir_questionnaires import TakenQuestionnaire
from backcare.domain.instruments import instrument

AT = datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/Lisbon"))
PATIENT = PatientFacts(pseudonym="bc-123456abcdef")
QUIET_BUT_ITEM_9 = {
    "interest": 0, "down": 0, "sleep": 0, "tired": 0, "appetite": 0, "feeling_bad": 0,
    "concentrating": 0, "moving": 0, "thoughts_self_harm": 2, "difficulty": 0,
}  # fmt: skip


def phq9(flags: tuple[str, ...]) -> TakenQuestionnaire:
    return TakenQuestionnaire(
        "response-1", instrument("phq9"), AT, QUIET_BUT_ITEM_9, 2.0,
        band_label="None to minimal", band="none_minimal", flags=flags,
    )  # fmt: skip


def by_loinc(document, code):  # type: ignore[no-untyped-def]
    return next(
        o for o in resources_of(document, "Observation")
        if o["code"]["coding"][0]["code"] == code
    )  # fmt: skip


def test_a_crisis_answer_is_an_active_flag_dated_the_day_it_was_given():
    assert resources_of(bundle(PATIENT, [phq9(())], [], AT), "Flag") == []
    (flag,) = resources_of(bundle(PATIENT, [phq9(("crisis",))], [], AT), "Flag")
    assert flag["status"] == "active"
    assert flag["code"]["coding"][0] == {
        "system": CODE_SYSTEM, "code": "phq9.crisis",
        "display": "PHQ-9: thoughts of self-harm reported",
    }  # fmt: skip
    text = flag["code"]["text"]
    assert text.startswith("PHQ-9 of 2026-03-01: Thoughts of being better off dead or of self-harm")
    assert "(question 9: More than half the days)" in text
    assert "not a diagnosis" in text
    assert flag["period"] == {"start": AT.isoformat()}


def test_a_crisis_answer_is_in_the_interpretation_of_the_total_and_of_question_9():
    document = bundle(PATIENT, [phq9(("crisis",))], [], AT)
    total = by_loinc(document, "44261-6")
    assert total["interpretation"][0] == {"text": "None to minimal"}
    crisis = total["interpretation"][1]
    assert crisis["coding"][0]["code"] == "POS"
    assert crisis["text"].startswith("Thoughts of being better off dead or of self-harm reported")
    assert by_loinc(document, "44260-8")["interpretation"] == [crisis]
    assert "interpretation" not in by_loinc(document, "44250-9")


def test_an_incomplete_response_is_in_progress_and_has_no_total():
    criteria = TakenQuestionnaire(
        "response-2", instrument("asas_ibp"), AT, {"back_pain_over_3_months": 1}, 1.0,
        flags=("incomplete",),
    )  # fmt: skip
    document = bundle(PATIENT, [criteria, phq9(("crisis",))], [], AT)
    statuses = [r["status"] for r in resources_of(document, "QuestionnaireResponse")]
    assert statuses == ["in-progress", "completed"]
    codes = {o["code"]["coding"][0]["code"] for o in resources_of(document, "Observation")}
    assert "asas_ibp.total" not in codes
    assert "44261-6" in codes


def test_frequency_answers_carry_the_loinc_answer_codes():
    answers = {"interest": 0, "down": 1, "sleep": 2, "tired": 3, "difficulty": 1}
    taken = TakenQuestionnaire("response-3", instrument("phq9"), AT, answers, None)
    document = bundle(PATIENT, [taken], [], AT)
    (response,) = resources_of(document, "QuestionnaireResponse")
    codings = {i["linkId"]: i["answer"][0]["valueCoding"] for i in response["item"]}
    assert [codings[item]["code"] for item in ("interest", "down", "sleep", "tired")] == [
        "LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9",
    ]  # fmt: skip
    assert {codings[item]["system"] for item in ("interest", "tired")} == {LOINC}
    assert codings["difficulty"]["system"] == f"{CODE_SYSTEM}:answer"  # another answer list
    sleep = by_loinc(document, "44259-0")["valueCodeableConcept"]
    assert [(c["system"], c["code"]) for c in sleep["coding"]] == [
        (LOINC, "LA6570-1"), (f"{CODE_SYSTEM}:answer", "2"),
    ]  # fmt: skip


def test_the_start_back_risk_group_is_a_loinc_answer_and_not_the_totals_interpretation():
    answers = dict.fromkeys(
        ("leg_pain", "shoulder_neck_pain", "walked_short_distances", "dressed_slowly"), 1
    )
    taken = TakenQuestionnaire(
        "response-4", instrument("startback"), AT, answers, 4.0, {"distress": 0.0},
        band_label="Medium risk", band="medium",
    )  # fmt: skip
    document = bundle(PATIENT, [taken], [], AT)
    risk = by_loinc(document, "91352-5")["valueCodeableConcept"]
    assert risk == {
        "text": "Medium risk",
        "coding": [{"system": LOINC, "code": "LA8982-6", "display": "Medium"}],
    }
    assert "interpretation" not in by_loinc(document, "91351-7")


def test_the_peg_score_is_rounded_to_a_whole_number_with_the_mean_in_a_note():
    answers = {"pain_average": 1, "enjoyment": 1, "general_activity": 2}
    for mean, whole in ((1.33, 1), (6.67, 7)):
        taken = TakenQuestionnaire("response-5", instrument("peg"), AT, answers, mean)
        total = by_loinc(bundle(PATIENT, [taken], [], AT), "91147-9")
        assert total["valueQuantity"]["value"] == whole
        assert total["note"][0]["text"].endswith(f"exact: {mean:g}.")


def test_a_check_in_after_midnight_is_dated_by_its_instant_and_names_its_diary_day():
    pago_pago = ZoneInfo("Pacific/Pago_Pago")
    recorded = datetime(2026, 12, 6, 0, 40, tzinfo=pago_pago)
    reading = DiaryReading("checkin-1", recorded, date(2026, 12, 5), {"pain": 8})
    alert = TriageAlert("checkin-1", "checkin", recorded, "emergency", (), date(2026, 12, 5))
    document = bundle(PATIENT, [], [reading], recorded, alerts=[alert])
    (pain,) = resources_of(document, "Observation")
    assert pain["effectiveDateTime"] == "2026-12-06T00:40:00-11:00"
    assert pain["issued"] == "2026-12-06T00:40:00-11:00"
    assert pain["note"] == [{"text": "Rating for the diary day 2026-12-05."}]
    (risk,) = resources_of(document, "RiskAssessment")
    assert risk["occurrenceDateTime"] == "2026-12-06T00:40:00-11:00"
    assert "diary day 2026-12-05" in risk["note"][0]["text"]


def test_phq4_subscales_and_their_positive_screens_are_exported():
    """A PHQ-4 with a positive anxiety screen: both two-question subscales travel with
    backcare's codes (no LOINC code was verified for them), the anxiety one as positive."""
    answers = {"nervous": 2, "control_worrying": 1, "interest": 0, "down": 1}
    taken = TakenQuestionnaire(
        "response-4", instrument("phq4"), AT, answers, 4.0,
        subscales={"anxiety": 3.0, "depression": 1.0}, flags=("anxiety_screen_positive",),
    )  # fmt: skip
    document = bundle(PATIENT, [taken], [], AT)
    anxiety = by_loinc(document, "phq4.anxiety")
    mood = by_loinc(document, "phq4.depression")
    assert anxiety["code"]["coding"][0]["system"] == CODE_SYSTEM
    assert anxiety["valueQuantity"]["value"] == 3
    [screen] = anxiety["interpretation"]
    assert screen["coding"][0]["code"] == "POS"
    assert screen["text"].startswith("Screen positive (3 or more).")
    assert mood["valueQuantity"]["value"] == 1
    assert "interpretation" not in mood
    panel = next(o for o in resources_of(document, "Observation") if "hasMember" in o)
    members = {m["reference"] for m in panel["hasMember"]}
    assert {f"urn:uuid:{anxiety['id']}", f"urn:uuid:{mood['id']}"} <= members


def test_a_positive_screen_of_an_incomplete_phq4_is_on_its_panel():
    """A form kept incomplete because its mood screen fired has no subscale values: the
    screen travels on the panel Observation instead."""
    answers = {"interest": 3, "down": 3, "control_worrying": 0}
    taken = TakenQuestionnaire(
        "response-5", instrument("phq4"), AT, answers, None,
        flags=("incomplete", "depression_screen_positive"),
    )  # fmt: skip
    document = bundle(PATIENT, [taken], [], AT)
    panel = next(o for o in resources_of(document, "Observation") if "hasMember" in o)
    [screen] = panel["interpretation"]
    assert screen["coding"][0]["code"] == "POS"
    assert "mood" in screen["text"]


def test_criteria_that_do_not_apply_are_a_total_with_the_reason_it_has_none():
    """ASAS criteria for someone whose back pain is recent: a receiving record sees "not
    applied", not a silence it could read as "not met"."""
    from fhir.resources.R4B.bundle import Bundle

    outside = TakenQuestionnaire(
        "response-3", instrument("asas_ibp"), AT, {"back_pain_over_3_months": 0}, None,
        flags=("not_applicable",),
    )  # fmt: skip
    document = bundle(PATIENT, [outside], [], AT)
    (response,) = resources_of(document, "QuestionnaireResponse")
    assert response["status"] == "completed"
    (total,) = [
        o for o in resources_of(document, "Observation")
        if o["code"]["coding"][0]["code"] == "asas_ibp.total"
    ]  # fmt: skip
    assert total["dataAbsentReason"]["coding"][0]["code"] == "not-applicable"
    assert total["dataAbsentReason"]["text"].startswith(
        "Not applied: these criteria are meant for people who have had back pain for more than"
    )
    assert not [name for name in total if name.startswith("value")]
    Bundle.model_validate(document)  # R4B: dataAbsentReason only without a value
