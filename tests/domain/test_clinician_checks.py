"""The rule that lets a clinician's check the person told us about resume a paused plan:
every sign behind the pause covered, by a check dated on or after the day it was raised and
told after it; the newest told decides; thoughts of self-harm are never covered."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from backcare.domain.clinician_checks import (
    FINE,
    OTHER_ADVICE,
    RaisedSigns,
    ToldCheck,
    covering_check,
    raised_signs,
)
from backcare.domain.plan_rules import status_for
from backcare.domain.plans import PlanInput

AT = datetime(2026, 6, 15, 20, tzinfo=UTC)
DAY = date(2026, 6, 16)  # the person's day (Auckland)
SIGN = RaisedSigns(frozenset({"fracture_risk"}), DAY, AT, ("Sudden pain",))


def told(answer: str = FINE, day: date = DAY, later: int = 1, rules=("fracture_risk",)):  # type: ignore[no-untyped-def]
    return ToldCheck(frozenset(rules), day, AT + timedelta(hours=later), answer)


def test_a_fine_check_on_or_after_the_day_covers_it():
    assert covering_check([SIGN], [told()]) == told()
    assert covering_check([SIGN], [told(day=DAY - timedelta(days=1))]) is None
    assert covering_check([SIGN], [told(later=-1)]) is None  # told before it was raised


def test_the_newest_told_decides_and_other_advice_never_covers():
    assert covering_check([SIGN], [told(OTHER_ADVICE)]) is None
    assert covering_check([SIGN], [told(), told(OTHER_ADVICE, later=2)]) is None
    assert covering_check([SIGN], [told(OTHER_ADVICE), told(later=2)]) is not None


def test_every_rule_of_every_reading_must_be_covered():
    new = RaisedSigns(frozenset({"new_weakness"}), DAY + timedelta(days=1), AT + timedelta(days=1))
    assert covering_check([SIGN, new], [told()]) is None
    both = told(day=DAY + timedelta(days=1), later=30, rules=("fracture_risk", "new_weakness"))
    assert covering_check([SIGN, new], [both]) == both


def test_thoughts_of_self_harm_and_unnamed_signs_are_never_covered():
    result = {"reasons": [{"rule_id": "fracture_risk", "level": "urgent", "pathway": "crisis"}]}
    crisis = raised_signs(result, "urgent", AT, DAY)
    assert crisis is not None
    assert crisis.crisis
    assert covering_check([crisis], [told()]) is None
    unnamed = RaisedSigns(frozenset(), DAY, AT)
    assert covering_check([unnamed], [told()]) is None
    assert raised_signs({"reasons": []}, "soon", AT, DAY) is None


def test_the_plan_is_gentle_only_when_covered():
    paused = PlanInput("urgent", triage_rules=frozenset({"fracture_risk"}), raised_signs=(SIGN,))
    assert status_for(paused) == ("care_first", "")
    assert status_for(PlanInput(**{**paused.__dict__, "clinician_checks": (told(),)})) == (
        "gentle",
        "clinician_check",
    )
