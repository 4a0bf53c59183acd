"""When to stop an exercise, in words that fit the person doing it.

Everyone is told to stop an exercise that causes sharp pain or pain shooting into a leg. For
someone whose back check says the pain already spreads into a leg, that rule would stop every
exercise, or be ignored: their rule says what matters for them, leg pain that spreads further
down or gets worse, and that pain moving back towards the back is fine (centralisation: a
good sign, may-aina-2012, may-2018). Who has leg pain is read as the triage's own
``pain_into_leg`` rule reads it: "Leg or foot" among where it is felt, or pain spreading down
a leg answered yes.

The same rule, in the same words, is said on each step of a guided session, on the page that
opens when an exercise hurts, and in the plan's "When to stop and get help" (its page, print
and API, the report, flare help): the plan stores it as an ``Advice`` (``StopRule.advice``),
and a stored plan is brought up to the person's rule whenever it is read
(``planning.with_current_stop_rules``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from backcare.domain.exercises import Dose
from backcare.domain.plan_model import Advice

#: The finding whose "yes" says the pain spreads down a leg (findings.toml).
LEG_PAIN_FINDING = "pain_spreading_down_leg"


@dataclass(frozen=True)
class StopRule:
    """When to stop an exercise, and what to ask when one hurts."""

    text: str
    #: Asked after "This hurts": a "yes" means more than stopping the exercise.
    question: str
    references: tuple[str, ...]
    #: Worded for someone whose pain already spreads into a leg.
    leg_pain: bool = False

    def advice(self) -> Advice:
        """The rule as a line of the plan's stop rules (an "info" line: not a sign to get
        help for)."""
        return Advice(self.text, "info", self.references)


EVERYONE = StopRule(
    text=(
        "Stop any exercise that causes sharp pain, pain shooting into a leg, or pain that keeps "
        "rising, and skip it."
    ),
    question="Is pain spreading into a leg, or is there new numbness or weakness in a leg?",
    references=("nhs-back-pain",),
)

LEG_PAIN = StopRule(
    text=(
        "Stop any exercise that causes sharp pain, or if the leg pain spreads further down or "
        "gets worse; pain moving back towards your back is fine."
    ),
    question=(
        "Is your leg pain spreading further down, or is there new numbness or weakness in a leg?"
    ),
    references=("nice-ng59", "may-aina-2012", "may-2018"),
    leg_pain=True,
)


#: The usual reasons to stop exercising in pregnancy (acog-2020; mottola-2018-sogc-csep),
#: said after the person's rule when they are or could be pregnant. The signs the triage
#: makes an emergency for a pregnant person (bleeding, fluid, tightenings, a bad headache:
#: ``rules.pregnancy_warning_signs``; chest pain: everyone's) are sent to the warning signs,
#: never given a later timeframe here.
IN_PREGNANCY = (
    "In pregnancy, also stop exercising if you have bleeding or fluid leaking from the vagina, "
    "regular painful tightenings, chest pain, dizziness or feeling faint, pain or swelling in a "
    "calf, or a headache. Bleeding, fluid, tightenings, chest pain or a bad headache need help "
    "now, as your warning signs say; for the others, call your midwife or doctor today."
)
PREGNANCY_REFERENCES = ("acog-2020", "mottola-2018-sogc-csep")


def in_pregnancy(rule: StopRule) -> StopRule:
    """``rule`` with the reasons to stop exercising in pregnancy after it, and their sources."""
    return replace(
        rule,
        text=f"{rule.text} {IN_PREGNANCY}",
        references=tuple(dict.fromkeys((*rule.references, *PREGNANCY_REFERENCES))),
    )


def has_leg_pain(findings: Mapping[str, object] | None) -> bool:
    """The back check says the pain spreads into a leg (the ``pain_into_leg`` rule's test)."""
    if not findings:
        return False
    where = findings.get("where")
    felt = where if isinstance(where, (list, tuple, set, frozenset)) else ()
    return findings.get(LEG_PAIN_FINDING) == "yes" or "leg" in felt


def stop_rule_for(findings: Mapping[str, object] | None, *, pregnant: bool = False) -> StopRule:
    """The rule for a person whose latest back check found ``findings`` (None: no check);
    ``pregnant``: their clinical context says they are or could be pregnant."""
    return rule_for_leg_pain(has_leg_pain(findings), pregnant=pregnant)


def rule_for_leg_pain(leg_pain: bool, *, pregnant: bool = False) -> StopRule:
    """The rule for someone whose pain spreads into a leg (``has_leg_pain``), or not, with
    the reasons to stop in pregnancy for someone who is or could be pregnant."""
    rule = LEG_PAIN if leg_pain else EVERYONE
    return in_pregnancy(rule) if pregnant else rule


#: The plan's line on stopping an exercise in the words earlier versions stored it with.
EARLIER_TEXTS = (
    "Stop an exercise that causes sharp pain, pain shooting into a leg, or pain that keeps "
    "rising; next time use the easier version.",
)


def is_exercise_stop(text: object) -> bool:
    """Whether a stored stop rule's text is the line on stopping an exercise, in any of its
    wordings (a plan paused for care leaves it out: it has no exercises)."""
    rules = (EVERYONE, LEG_PAIN)
    return text in {
        *(r.text for r in rules),
        *(in_pregnancy(r).text for r in rules),
        *EARLIER_TEXTS,
    }


def ease_next_time(dose: Dose, easier: str = "") -> str:
    """What to do next time after an exercise hurt: its easier version by name, else less of
    it in the words of what its dose counts (a hold is held for less time)."""
    if easier:
        return f"try {easier}, the easier version"
    return dose.ease_off()


def last_time_hurt(dose: Dose, easier: str = "") -> str:
    """Said on the step of an exercise that hurt the last time it was done."""
    today = f"{dose.ease_off()} today"
    if easier:
        return f"Last time this hurt: {today}, or try {easier}, the easier version, instead."
    return f"Last time this hurt: {today}."
