"""Safety properties of triage over generated intakes (hypothesis).

- Answering "yes" (or "not sure") to any red-flag question never lowers the urgency.
- A hard flag answered "yes" always gives emergency, whatever else is answered.
- A hard flag answered "not sure" always gives at least urgent.
- The level is exactly the most urgent level among the reasons.
- The same holds with the standing clinical context: a "yes" (or "not sure") added to the
  context or to a check-in never lowers a check-in's urgency, a context never lowers what
  the check-in's answers alone would give (every standing fact ruled out), and a person
  nobody has asked yet is treated at least as cautiously as one who answered "no".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from backcare.domain.context import ANSWERS, FACT_IDS, ClinicalContext
from backcare.domain.findings import (
    Finding,
    checkin_ids,
    finding_catalogue,
    red_flag_ids,
    required_ids,
    validate_findings,
)
from backcare.domain.triage import level_rank, most_urgent, rules, triage, triage_checkin

CATALOGUE = finding_catalogue()
RED_FLAGS = red_flag_ids()
HARD_FINDINGS = sorted({fid for rule in rules() if rule.hard for fid in rule.finding_ids})
SETTINGS = settings(max_examples=60, deadline=None)


def value_for(finding: Finding) -> st.SearchStrategy[object]:
    if finding.type == "int":
        assert finding.minimum is not None
        assert finding.maximum is not None
        return st.integers(finding.minimum, finding.maximum)
    if finding.type == "bool":
        return st.booleans()
    if finding.type == "date":
        return st.dates(date(2026, 1, 1), date(2028, 12, 31)).map(date.isoformat)
    values = [option.value for option in finding.options]
    if finding.type == "multi":
        return st.lists(st.sampled_from(values), unique=True)
    return st.sampled_from(values)


def _fix_ages(answers: dict[str, object]) -> dict[str, object]:
    age, started = answers.get("age"), answers.get("age_when_started")
    if isinstance(age, int) and isinstance(started, int) and started > age:
        answers = {**answers, "age_when_started": age}
    if answers.get("onset") == "fall_or_accident" and answers.get("injury_mechanism") in (
        None,
        "none",
    ):
        answers = {**answers, "injury_mechanism": "not_sure"}
    if answers.get("pregnant") != "yes":  # a due date goes only with a "yes"
        answers = {k: v for k, v in answers.items() if k != "due_date"}
    return answers


REQUIRED = required_ids()
#: A full intake: every required question answered, any other finding present or not.
INTAKES = st.fixed_dictionaries(
    {fid: value_for(CATALOGUE[fid]) for fid in REQUIRED},
    optional={f.id: value_for(f) for f in CATALOGUE.values() if f.id not in REQUIRED},
).map(_fix_ages)
CHECKIN_IDS = checkin_ids()
#: A check-in: any subset of the "anything new?" questions.
CHECKINS = st.fixed_dictionaries(
    {}, optional={fid: value_for(CATALOGUE[fid]) for fid in CHECKIN_IDS}
)
CONTEXTS = st.builds(
    ClinicalContext,
    age=st.none() | st.integers(16, 100),
    **{fact: st.none() | st.sampled_from(ANSWERS) for fact in FACT_IDS},
)


def level_of(answers: dict[str, object]) -> int:
    # A flag turned from "yes" takes a pregnancy's due date with it (it goes only with a "yes").
    if answers.get("pregnant") != "yes":
        answers = {k: v for k, v in answers.items() if k != "due_date"}
    return level_rank(triage(validate_findings(answers, require_red_flags=True)).level)


@SETTINGS
@given(INTAKES, st.sampled_from(RED_FLAGS))
def test_a_yes_on_any_red_flag_never_lowers_urgency(answers, flag):
    before = level_of(answers)
    assert level_of({**answers, flag: "yes"}) <= before


PREGNANT_WITH_A_DUE_DATE = {
    **dict.fromkeys(RED_FLAGS, "no"), "age": 30, "onset": "gradual", "pregnant": "yes",
    "due_date": "2027-02-15",
}  # fmt: skip


@SETTINGS
@given(INTAKES, st.sampled_from(RED_FLAGS))
@example(PREGNANT_WITH_A_DUE_DATE, "pregnant")
def test_not_sure_sits_between_no_and_yes(answers, flag):
    no = level_of({**answers, flag: "no"})
    unsure = level_of({**answers, flag: "not_sure"})
    yes = level_of({**answers, flag: "yes"})
    assert yes <= unsure <= no


@SETTINGS
@given(INTAKES, st.sampled_from(HARD_FINDINGS))
def test_a_hard_flag_always_gives_emergency(answers, flag):
    assert level_of({**answers, flag: "yes"}) == level_rank("emergency")


@SETTINGS
@given(INTAKES, st.sampled_from(HARD_FINDINGS))
def test_not_sure_on_a_hard_flag_is_at_least_urgent(answers, flag):
    assert level_of({**answers, flag: "not_sure"}) <= level_rank("urgent")


@SETTINGS
@given(INTAKES)
def test_the_level_is_the_most_urgent_reason(answers):
    result = triage(validate_findings(answers, require_red_flags=True))
    assert result.level == most_urgent([reason.level for reason in result.reasons])
    assert (result.level == "self_care") == (not result.reasons)
    assert result.action
    assert result.safety_net


def checkin_level(answers: dict[str, object], context: ClinicalContext | None) -> int:
    return level_rank(triage_checkin(validate_findings(answers), context).level)


@SETTINGS
@given(CHECKINS, CONTEXTS, st.sampled_from(FACT_IDS))
def test_a_yes_in_the_context_never_lowers_a_checkin(answers, context, fact):
    level = {
        value: checkin_level(answers, replace(context, **{fact: value}))
        for value in ("yes", "not_sure", None, "no")
    }
    assert level["yes"] <= level["not_sure"] <= level["no"]
    assert level[None] == level["not_sure"]  # unknown is never read as "no"


@SETTINGS
@given(CHECKINS, CONTEXTS, st.sampled_from(CHECKIN_IDS))
def test_a_yes_on_a_checkin_never_lowers_urgency_with_any_context(answers, context, question):
    before = checkin_level(answers, context)
    assert checkin_level({**answers, question: "yes"}, context) <= before


#: The check-in's answers "alone": every standing fact ruled out, at an age no rule singles
#: out. An empty context is not that: an unknown fact reads as "not sure", so an explicit
#: "no" may rightly lower what an empty context gives.
NO_RISK = ClinicalContext(age=35, **dict.fromkeys(FACT_IDS, "no"))


@SETTINGS
@given(CHECKINS, CONTEXTS)
def test_a_context_never_lowers_what_the_checkin_alone_gives(answers, context):
    assert checkin_level(answers, context) <= checkin_level(answers, NO_RISK)


@SETTINGS
@given(CHECKINS, CONTEXTS)
def test_nothing_known_is_as_cautious_as_any_context_of_noes(answers, context):
    """No intake yet: every fact unknown, read as "not sure"; never less urgent than a
    context whose facts are all "no" or unknown."""
    ruled_out = replace(context, **{f: "no" for f in FACT_IDS if context.answer(f) is not None})
    assert checkin_level(answers, ClinicalContext()) <= checkin_level(answers, ruled_out)


@SETTINGS
@given(CHECKINS)
def test_a_checkin_with_nothing_new_is_never_escalated_by_the_context_alone(answers):
    quiet = dict.fromkeys(answers, "no")
    worried = ClinicalContext(age=80, **dict.fromkeys(FACT_IDS, "yes"))
    assert triage_checkin(validate_findings(quiet), worried).level == "self_care"
