"""A restored file's safety signals are never softer than its own answers: a PHQ-9 with
question 9 answered keeps its crisis flag, a check-in with a red-flag answer its triage level,
even when the file's stored result was cleared; answers that do not add up are refused."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from backcare.diary.checkins import save_checkin
from backcare.diary.models import CheckIn
from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import ExportFileError, restore
from backcare.questionnaires.models import InstrumentResponse
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user
from tests.exchange.conftest import NOW, PHQ9_MILD, TODAY, red_flag_free_intake

SELF_HARM = {**PHQ9_MILD, "thoughts_self_harm": 2}


def checkin(**safety: str) -> dict[str, object]:
    day = (TODAY - timedelta(days=1)).isoformat()
    return {"day": day, "moment": "evening", "pain": 5, "safety": safety}


def exported(user) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(json.dumps(export_data(user, NOW)))


def rows(document, table: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return document["tables"][table]


def test_a_crisis_answer_keeps_its_flag_when_the_file_cleared_it(ana, frozen):
    record_response(ana, "phq9", SELF_HARM, taken_at=NOW - timedelta(days=2))
    document = exported(ana)
    [row] = rows(document, "questionnaire_responses")
    assert "crisis" in row["flags"]
    row["flags"] = []
    fresh = make_user("ana2")
    restore(fresh, document)
    restored = InstrumentResponse.objects.get(user=fresh)
    assert restored.is_crisis
    assert restored.flags == ["crisis"]


def test_flags_in_the_file_are_kept_too(ana, frozen):
    record_response(ana, "phq9", PHQ9_MILD, taken_at=NOW - timedelta(days=2))
    document = exported(ana)
    rows(document, "questionnaire_responses")[0]["flags"] = ["crisis"]
    fresh = make_user("ana2")
    restore(fresh, document)
    assert InstrumentResponse.objects.get(user=fresh).flags == ["crisis"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"total": 0}, r"questionnaire_responses row 1, column total: must be 9, what the"),
        ({"total": None}, r"column total: must be 9"),
        ({"answers": {**SELF_HARM, "down": 7}}, r"column answers\.down: "),
    ],
)
def test_a_result_that_its_answers_do_not_give_is_refused(ana, frozen, change, message):
    record_response(ana, "phq9", SELF_HARM, taken_at=NOW - timedelta(days=2))
    document = exported(ana)
    rows(document, "questionnaire_responses")[0].update(change)
    fresh = make_user("ana2")
    with pytest.raises(ExportFileError, match=message):
        restore(fresh, document)
    assert not InstrumentResponse.objects.filter(user=fresh).exists()


def test_a_questionnaire_no_longer_offered_is_kept_as_it_was(ana, frozen):
    record_response(ana, "phq9", PHQ9_MILD, taken_at=NOW - timedelta(days=2))
    document = exported(ana)
    rows(document, "questionnaire_responses")[0].update(instrument="retired", answers={"x": 1})
    fresh = make_user("ana2")
    restore(fresh, document)
    assert InstrumentResponse.objects.get(user=fresh).instrument == "retired"


def test_a_red_flag_answer_keeps_its_triage_when_the_file_cleared_it(ana, frozen):
    from backcare.assessments.intake import assess

    assess(ana, red_flag_free_intake())
    save_checkin(ana, checkin(bladder_change="yes"))
    document = exported(ana)
    [row] = rows(document, "checkins")
    assert row["safety_level"] == "emergency"
    row.update(safety_level="", safety_result=None)
    fresh = make_user("ana2")
    restore(fresh, document)
    restored = CheckIn.objects.get(user=fresh)
    assert restored.safety_level == "emergency"
    assert restored.safety_result["level"] == "emergency"


def test_a_more_urgent_level_in_the_file_stays(ana, frozen):
    from backcare.assessments.intake import assess

    assess(ana, red_flag_free_intake())
    save_checkin(ana, checkin(bladder_change="no"))
    document = exported(ana)
    rows(document, "checkins")[0].update(safety_level="urgent")
    fresh = make_user("ana2")
    restore(fresh, document)
    assert CheckIn.objects.get(user=fresh).safety_level == "urgent"


def test_an_older_exports_open_criteria_set_is_restored_without_its_count(ana, frozen):
    """Before questionnaires.0003 a criteria set left open stored its count so far as a
    total; restored, it reads as its answers do: open, with no total."""
    found_first_two = {"back_pain_over_3_months": 1, "onset_before_40": 1}
    record_response(ana, "asas_ibp", found_first_two, taken_at=NOW - timedelta(days=2))
    document = exported(ana)
    [row] = rows(document, "questionnaire_responses")
    assert row["total"] is None
    assert "incomplete" in row["flags"]
    row["total"] = 2  # as an export made before the migration holds it
    fresh = make_user("ana2")
    restore(fresh, document)
    restored = InstrumentResponse.objects.get(user=fresh)
    assert restored.total is None
    assert "incomplete" in restored.flags
