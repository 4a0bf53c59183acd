"""The pure FHIR mapping: same input, same resources; codes and values in the right slots."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from backcare.domain.fhir import DiaryReading, PatientFacts, bundle
from backcare.domain.fhir_codes import CODE_SYSTEM, LOINC, resources_of, score_quantity
from backcare.domain.fhir_questionnaires import TakenQuestionnaire
from backcare.domain.instruments import instrument

AT = datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("Europe/Lisbon"))
PATIENT = PatientFacts(pseudonym="bc-123456abcdef", gender="female")


def test_the_same_input_gives_the_same_bundle():
    reading = DiaryReading("checkin-1", AT, date(2026, 3, 1), {"pain": 4, "stiffness": None})
    first = bundle(PATIENT, [], [reading], AT)
    assert first == bundle(PATIENT, [], [reading], AT)
    observations = resources_of(first, "Observation")
    assert len(observations) == 1  # stiffness not recorded: no observation
    # the instant it was recorded, so that two ratings of one day stay apart
    assert observations[0]["effectiveDateTime"] == "2026-03-01T09:30:00+00:00"
    assert observations[0]["issued"] == "2026-03-01T09:30:00+00:00"
    assert "note" not in observations[0]  # recorded on its diary day


def test_scale_answers_are_integers_and_choices_are_codings():
    peg = TakenQuestionnaire(
        "response-1", instrument("peg"), AT,
        {"pain_average": 5, "enjoyment": 4, "general_activity": 6}, 5.0,
    )  # fmt: skip
    phq9 = TakenQuestionnaire("response-2", instrument("phq9"), AT, {"interest": 2}, None)
    document = bundle(PATIENT, [peg, phq9], [], AT)
    peg_qr, phq_qr = resources_of(document, "QuestionnaireResponse")
    assert peg_qr["item"][0]["answer"] == [{"valueInteger": 5}]
    coding = phq_qr["item"][0]["answer"][0]["valueCoding"]
    assert coding == {"system": LOINC, "code": "LA6570-1", "display": "More than half the days"}


def test_an_incomplete_questionnaire_has_no_total_observation():
    phq9 = TakenQuestionnaire("response-2", instrument("phq9"), AT, {"interest": 2}, None)
    observations = resources_of(bundle(PATIENT, [phq9], [], AT), "Observation")
    codes = [o["code"]["coding"][0]["code"] for o in observations]
    assert "44261-6" not in codes
    assert codes == ["44249-1", "44250-9"]  # the panel and its one answered item


def test_instruments_without_loinc_use_backcare_codes():
    rmdq = TakenQuestionnaire("response-3", instrument("rmdq"), AT, {"stay_home": 1}, 1.0)
    observations = resources_of(bundle(PATIENT, [rmdq], [], AT), "Observation")
    assert {o["code"]["coding"][0]["system"] for o in observations} == {CODE_SYSTEM}
    assert {o["code"]["coding"][0]["code"] for o in observations} == {
        "rmdq.panel", "rmdq.stay_home", "rmdq.total",
    }  # fmt: skip


def test_scores_keep_decimals_only_when_they_have_them():
    assert score_quantity(7.0)["value"] == 7
    assert score_quantity(3.67)["value"] == 3.67
