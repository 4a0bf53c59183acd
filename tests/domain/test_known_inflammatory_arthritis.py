"""A clinician's diagnosis of an inflammatory arthritis (axial spondyloarthritis, psoriatic
arthritis, ...) is a standing fact of the clinical context, not a warning sign: it is carried
from the back check's answers, "not sure" counts as possible, and it changes no triage."""

from __future__ import annotations

from dataclasses import replace

from backcare.domain.context import FACT_IDS, LATER_FACT_IDS, ClinicalContext, context_from_findings
from backcare.domain.findings import finding_catalogue, red_flag_ids, validate_findings
from backcare.domain.personal_warnings import personal_warnings
from backcare.domain.triage import triage

FACT = "known_inflammatory_arthritis"


def test_it_is_asked_with_the_history_and_is_no_red_flag() -> None:
    finding = finding_catalogue()[FACT]
    assert finding.type == "tristate"
    assert finding.step == "back_history"
    assert not finding.red_flag
    assert not finding.checkin
    assert "axial spondyloarthritis" in finding.question
    assert "psoriatic arthritis" in finding.question


def test_the_context_carries_it_and_unknown_is_never_no() -> None:
    assert FACT in FACT_IDS
    told = context_from_findings({FACT: "yes"})
    assert told.answer(FACT) == "yes"
    assert FACT in told.possible_facts()
    assert told.as_findings()[FACT] == "yes"
    unsure = context_from_findings({FACT: "not_sure"})
    assert FACT in unsure.possible_facts()
    assert FACT in context_from_findings({}).unknown()


def test_it_changes_no_triage_and_adds_no_warning() -> None:
    calm = {**dict.fromkeys(red_flag_ids(), "no"), "age": 38, "onset": "gradual"}
    without = triage(validate_findings(calm))
    with_it = triage(validate_findings({**calm, FACT: "yes"}))
    assert (with_it.level, [r.rule_id for r in with_it.reasons]) == (
        without.level,
        [r.rule_id for r in without.reasons],
    )
    no_risk = replace(ClinicalContext(age=35), **dict.fromkeys((*FACT_IDS, *LATER_FACT_IDS), "no"))
    assert personal_warnings(replace(no_risk, **{FACT: "yes"})) == ()
