"""A due date gives a pregnancy its weeks, counted on the person's own day, and says when to
ask whether the baby has been born (backcare/domain/pregnancy.py, domain/context.py).

Failed before: the back check asked only "pregnant?", so the context had no stage, and the
fact stayed after the birth until a new back check.
"""

from __future__ import annotations

from datetime import date

from backcare.domain.context import context_from_findings, pregnancy_ended
from backcare.domain.pregnancy import birth_question_due, due_date_problem, weeks_pregnant

DUE = date(2027, 2, 15)


def test_weeks_count_back_from_forty_at_the_due_date():
    assert weeks_pregnant(DUE, date(2027, 2, 15)) == 40
    assert weeks_pregnant(DUE, date(2026, 12, 7)) == 30  # 10 weeks before
    assert weeks_pregnant(DUE, date(2026, 12, 6)) == 29  # a day earlier: not yet 30
    assert weeks_pregnant(DUE, date(2026, 1, 1)) == 0  # never below nought


def test_an_impossible_due_date_is_refused_in_words_a_person_can_act_on():
    today = date(2026, 12, 7)
    assert due_date_problem(DUE, today) == ""
    assert "more than 42 weeks away" in due_date_problem(date(2027, 10, 1), today)
    assert "more than two weeks ago" in due_date_problem(date(2026, 11, 1), today)
    assert due_date_problem(date(2026, 11, 23), today) == ""  # 41 weeks: still possible


def test_the_birth_question_waits_a_week_past_the_due_date_and_a_week_after_not_yet():
    assert not birth_question_due(DUE, date(2027, 2, 21))
    assert birth_question_due(DUE, date(2027, 2, 22))
    assert not birth_question_due(DUE, date(2027, 2, 25), not_yet_on=date(2027, 2, 22))
    assert birth_question_due(DUE, date(2027, 3, 1), not_yet_on=date(2027, 2, 22))


def test_the_context_holds_the_due_date_and_weeks_only_with_a_yes():
    told = {"pregnant": "yes", "due_date": "2027-02-15"}
    context = context_from_findings(told, today=date(2026, 12, 7))
    assert (context.due_date, context.weeks_pregnant) == (DUE, 30)
    assert context.pregnancy_stage == "30 weeks, due 15 February 2027"
    assert context.to_dict()["due_date"] == "2027-02-15"
    unsure = context_from_findings({**told, "pregnant": "not_sure"}, today=date(2026, 12, 7))
    assert unsure.due_date is None
    assert unsure.possible("pregnant")


def test_a_birth_ends_the_pregnancy_fact():
    told = {"pregnant": "yes", "due_date": "2027-02-15"}
    ended = pregnancy_ended(context_from_findings(told, today=date(2027, 2, 22)))
    assert not ended.possible("pregnant")
    assert (ended.due_date, ended.weeks_pregnant, ended.pregnancy_stage) == (None, None, "")
    assert "pregnancy" not in ended.safety_conditions()
