"""Safety properties of triage over generated intakes (hypothesis).

- Answering "yes" (or "not sure") to any red-flag question never lowers the urgency.
- A hard flag answered "yes" always gives emergency, whatever else is answered.
- A hard flag answered "not sure" always gives at least urgent.
- The level is exactly the most urgent level among the reasons.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.domain.findings import Finding, finding_catalogue, red_flag_ids, validate_findings
from backcare.domain.triage import level_rank, most_urgent, rules, triage

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
    values = [option.value for option in finding.options]
    if finding.type == "multi":
        return st.lists(st.sampled_from(values), unique=True)
    return st.sampled_from(values)


def _fix_ages(answers: dict[str, object]) -> dict[str, object]:
    age, started = answers.get("age"), answers.get("age_when_started")
    if isinstance(age, int) and isinstance(started, int) and started > age:
        return {**answers, "age_when_started": age}
    return answers


#: A full intake: every red flag answered, any other finding present or not.
INTAKES = st.fixed_dictionaries(
    {fid: value_for(CATALOGUE[fid]) for fid in RED_FLAGS},
    optional={f.id: value_for(f) for f in CATALOGUE.values() if not f.red_flag},
).map(_fix_ages)


def level_of(answers: dict[str, object]) -> int:
    return level_rank(triage(validate_findings(answers, require_red_flags=True)).level)


@SETTINGS
@given(INTAKES, st.sampled_from(RED_FLAGS))
def test_a_yes_on_any_red_flag_never_lowers_urgency(answers, flag):
    before = level_of(answers)
    assert level_of({**answers, flag: "yes"}) <= before


@SETTINGS
@given(INTAKES, st.sampled_from(RED_FLAGS))
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
