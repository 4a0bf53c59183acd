"""Warning signs that are more urgent for this person than for most, read from the triage
rules themselves.

The plan's "When to stop and get help" is one text for everyone. For someone with a cancer
history, new leg weakness is an emergency, not "speak to a clinician today"; for someone on
long-term steroids, so is a fever. The check-in's triage already knows this, from the person's
clinical context, so the plan asks it: each question a check-in may ask, answered "yes" alone,
is triaged with the person's context and with the context of someone with no risk factors.
So is back pain after a fall. Where the person's reading is more urgent, the rules that made
it so become stop rules of their own, in the rules' own words, with their level and
references.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from backcare.domain.context import FACT_IDS, LATER_FACT_IDS, ClinicalContext
from backcare.domain.findings import Findings, checkin_ids_for, validate_findings
from backcare.domain.phones import as_written
from backcare.domain.plan_model import Advice
from backcare.domain.triage import Reason, level_rank, triage_checkin

#: Someone with no risk factors, of an age no age rule singles out.
NO_RISK_AGE = 35
PREFIX = "Because of what you told us about your health: "


def personal_warnings(context: ClinicalContext) -> tuple[Advice, ...]:
    """Stop rules for the warning signs the person's context makes more urgent, most urgent
    first; empty when it makes none more urgent. Their texts keep the rules' place words
    (``{emergency_help}``), as everyone's stop rules do: ``plans.stop_rules_for`` fills both
    for the person's place, so a known place is never given every country's numbers."""
    return _warnings(replace(_as_told(context), source=""))


@lru_cache(maxsize=1024)
def _warnings(told: ClinicalContext) -> tuple[Advice, ...]:
    """Cached by the facts alone: some twenty triages take milliseconds, and every plan
    page checks its stop rules against them (few people share a context, fewer change it)."""
    baseline = _no_risk(told)
    found: dict[str, Reason] = {}
    for answer in _scenarios():
        mine = triage_checkin(answer, told, as_written())
        usual = triage_checkin(answer, baseline)
        if level_rank(mine.level) >= level_rank(usual.level):
            continue
        for reason in mine.reasons:
            if reason.level == mine.level and not reason.not_sure:
                found.setdefault(reason.rule_id, reason)
    ordered = sorted(found.values(), key=lambda reason: level_rank(reason.level))
    return tuple(
        Advice(PREFIX + reason.advice, reason.level, reason.references)
        for reason in ordered
        if reason.level != "self_care"
    )


def _as_told(context: ClinicalContext) -> ClinicalContext:
    """The facts the person told: "not sure" read as "yes" (screens never read doubt as
    "no"), and a fact never asked as "no", since these rules speak of what they told us."""
    facts = {
        fact: "yes" if context.possible(fact) else "no" for fact in (*FACT_IDS, *LATER_FACT_IDS)
    }
    return replace(context, **facts)  # type: ignore[arg-type]


def _no_risk(context: ClinicalContext) -> ClinicalContext:
    facts = dict.fromkeys((*FACT_IDS, *LATER_FACT_IDS), "no")
    return replace(context, age=NO_RISK_AGE, age_up_to=None, **facts)  # type: ignore[arg-type]


#: Beyond the check-in's questions: back pain after a fall, which is urgent with fragile
#: bones, long-term steroids or old age, where a hard fall is what counts for others.
AFTER_A_FALL = {"onset": "fall_or_accident"}


def _scenarios() -> list[Findings]:
    """Each check-in question answered "yes" alone, then back pain after a fall."""
    raw = [{symptom: "yes"} for symptom in checkin_ids_for((*FACT_IDS, *LATER_FACT_IDS))]
    found = []
    for answers in (*raw, AFTER_A_FALL):
        try:
            found.append(validate_findings(answers))
        except ValueError:  # a question not answered yes or no
            continue
    return found
