"""One person's standing clinical context: the stable facts that change what is safe.

Age, sex, pregnancy, cancer history, a weakened immune system, injecting drug use, a recent
infection or spinal procedure, osteoporosis, long-term steroids, an inflammatory arthritis a
clinician has diagnosed, and heart disease or high blood pressure where asked. The context
is built from the latest intake, the profile and later answers, and every decision takes
it: check-in triage, plan building and its safety
screens, flare advice, reports.

A fact nobody has asked about is ``None`` (unknown), never "no": only an explicit "no"
rules a fact out, and "not sure" counts as possible wherever safety depends on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Literal, cast

from backcare.domain.findings import FindingValue
from backcare.domain.pregnancy import parse_due_date, stage_in_words, weeks_pregnant

Answer = Literal["yes", "no", "not_sure"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "not_sure")
#: Standing facts asked by the intake, named by their finding ids.
FACT_IDS: tuple[str, ...] = (
    "pregnant", "cancer_history", "weak_immune_system", "iv_drug_use",
    "recent_infection_or_procedure", "osteoporosis", "long_term_steroids",
    "known_inflammatory_arthritis",
)  # fmt: skip
#: Facts only later answers give (the plan's safety screens ask them).
LATER_FACT_IDS: tuple[str, ...] = ("heart_disease", "blood_pressure")

#: Facts the back check asks only to screen the plan, as the plan preferences' boxes do: not
#: warning signs, so triage never reads them and they are never counted as unknown.
SCREEN_IDS: tuple[str, ...] = ("blood_thinners", "reduced_feeling")

#: Safety-screen condition -> (facts that make it possible, why it is applied).
_SCREENS: Mapping[str, tuple[tuple[str, ...], str]] = {
    "pregnancy": (("pregnant",), "you told us you are or could be pregnant"),
    "osteoporosis": (
        ("osteoporosis", "long_term_steroids"),
        "you told us about fragile bones or long-term steroid tablets, which can thin bones",
    ),
    "heart_disease": (("heart_disease",), "you told us about a heart condition"),
    "blood_pressure": (("blood_pressure",), "you told us about high blood pressure"),
    "reduced_sensation": (
        ("numbness_tingling",),
        "you told us about new numbness or tingling in a leg or foot, and warmth can burn "
        "skin that does not feel it",
    ),
    "bleeding_risk": (
        ("blood_thinners",),
        "you told us about blood thinners or a bleeding problem",
    ),
}
#: A condition a second fact also calls for, with its own reason (the first fact's is said
#: when both are possible).
_MORE_SCREENS: Mapping[str, tuple[str, str]] = {
    "reduced_sensation": (
        "reduced_feeling",
        "you told us about reduced feeling in your skin, and warmth or cold can burn skin that "
        "does not feel it",
    ),
}

#: The same conditions when every fact that calls for them was answered "not sure": the
#: person's doubt said back to them, and why it still counts (``UNSURE`` joins them). A
#: clinician reads it said of the person ("was not sure whether ...; treated as possible").
_UNSURE_SCREENS: Mapping[str, tuple[str, str]] = {
    "pregnancy": ("you were not sure whether you are pregnant", ""),
    "osteoporosis": (
        "you were not sure whether you have fragile bones or take long-term steroid tablets",
        "steroid tablets can thin bones",
    ),
    "heart_disease": ("you were not sure whether you have a heart condition", ""),
    "blood_pressure": ("you were not sure whether you have high blood pressure", ""),
    "reduced_sensation": (
        "you were not sure whether you have new numbness or tingling in a leg or foot",
        "warmth can burn skin that does not feel it",
    ),
    "bleeding_risk": (
        "you were not sure whether you take blood thinners or have a bleeding problem",
        "",
    ),
}
_MORE_UNSURE_SCREENS: Mapping[str, tuple[str, str]] = {
    "reduced_sensation": (
        "you were not sure whether you have reduced feeling in your skin",
        "warmth or cold can burn skin that does not feel it",
    ),
}
#: Said after a "not sure": doubt counts as possible wherever safety depends on it.
UNSURE = ", so backcare treats it as possible"


def _unsure(doubt: str, why: str) -> str:
    return doubt + UNSURE + (f", since {why}" if why else "")


def _screens() -> list[tuple[str, tuple[str, ...], str, tuple[str, str]]]:
    """(condition, facts, reason for a "yes", doubt for a "not sure"), the first fact's first."""
    return [
        *((c, facts, why, _UNSURE_SCREENS[c]) for c, (facts, why) in _SCREENS.items()),
        *((c, (fact,), why, _MORE_UNSURE_SCREENS[c]) for c, (fact, why) in _MORE_SCREENS.items()),
    ]


@dataclass(frozen=True)
class ClinicalContext:
    """The stable facts about one person; ``None`` means nobody has asked yet."""

    age: int | None = None  # the youngest the person may be
    # Known only to within a year (a year of birth, or an age told a while ago): the oldest
    # they may be. A threshold on age holds if it holds for any age from ``age`` to this.
    age_up_to: int | None = None
    sex: str | None = None
    pregnant: Answer | None = None
    cancer_history: Answer | None = None
    weak_immune_system: Answer | None = None
    iv_drug_use: Answer | None = None
    recent_infection_or_procedure: Answer | None = None
    osteoporosis: Answer | None = None
    long_term_steroids: Answer | None = None
    # Axial spondyloarthritis, psoriatic or another inflammatory arthritis a clinician has
    # diagnosed: not a warning sign, but flares are for their rheumatology team to know of.
    known_inflammatory_arthritis: Answer | None = None
    heart_disease: Answer | None = None
    blood_pressure: Answer | None = None
    # A symptom, not a standing fact: triage reads it from each check-in, so it is neither
    # passed on as a finding nor counted as unknown; it only screens heat (reduced feeling).
    numbness_tingling: Answer | None = None
    # Told at the back check to screen the plan only (``SCREEN_IDS``), like the symptom above.
    blood_thinners: Answer | None = None
    reduced_feeling: Answer | None = None
    # The due date told with a "yes" to pregnancy at the back check, and the completed weeks
    # on the person's own day the context was built for (None when not told). Content that
    # says "from mid-pregnancy" still applies from the first week: see docs/exercises.md.
    due_date: date | None = None
    weeks_pregnant: int | None = None
    pregnancy_stage: str = ""  # "30 weeks, due 15 February 2027", or "" when not told
    source: str = ""  # where the facts come from, e.g. "your assessment on 3 March 2026"

    def answer(self, fact: str) -> Answer | None:
        return cast("Answer | None", getattr(self, fact))

    def possible(self, fact: str) -> bool:
        """True for "yes" and "not sure": safety screens never treat doubt as "no"."""
        return self.answer(fact) in ("yes", "not_sure")

    def possible_ages(self) -> tuple[int, ...]:
        """Every age the person may be, youngest first; empty when nobody has said."""
        if self.age is None:
            return ()
        return tuple(range(self.age, max(self.age, self.age_up_to or self.age) + 1))

    def ages_in_words(self) -> str:
        """The possible ages as a person says them ("46 or 47"), or "" when nobody has said:
        every page that shows the age shows the same doubt that triage weighs."""
        return ages_in_words(self.possible_ages())

    def possible_facts(self) -> frozenset[str]:
        """The standing facts that are "yes" or "not sure" (extra check-in questions go by
        them, e.g. pregnancy warning signs)."""
        return frozenset(f for f in (*FACT_IDS, *LATER_FACT_IDS) if self.possible(f))

    def unknown(self) -> tuple[str, ...]:
        """Standing facts nobody has answered yet (age included)."""
        missing = [name for name in (*FACT_IDS, *LATER_FACT_IDS) if self.answer(name) is None]
        return (("age",) if self.age is None else ()) + tuple(missing)

    def as_findings(self) -> dict[str, FindingValue]:
        """The known facts as intake answers (finding id -> value), for triage."""
        known: dict[str, FindingValue] = {}
        if self.age is not None:
            known["age"] = self.age
        for fact in FACT_IDS:
            value = self.answer(fact)
            if value is not None:
                known[fact] = value
        return known

    def safety_conditions(self) -> dict[str, str]:
        """Plan safety-screen conditions the facts call for, each with the reason why: a
        "yes" said as told (the first fact's when two are), a condition that only "not sure"
        answers call for said as that doubt."""
        needed: dict[str, str] = {}
        for condition, facts, reason, _doubt in _screens():
            if any(self.answer(fact) == "yes" for fact in facts):
                needed[condition] = reason
        for condition, facts, _reason, doubt in _screens():
            if condition not in needed and any(self.possible(fact) for fact in facts):
                needed[condition] = _unsure(*doubt)
        order = list(_SCREENS)
        return dict(sorted(needed.items(), key=lambda item: order.index(item[0])))

    def unsure_conditions(self) -> frozenset[str]:
        """The safety conditions that only "not sure" answers call for (no "yes" behind
        them): applied all the same, and said as a doubt wherever they are shown."""
        return frozenset(
            condition for condition, reason in self.safety_conditions().items() if UNSURE in reason
        )

    def to_dict(self) -> dict[str, object]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["due_date"] = self.due_date.isoformat() if self.due_date else None
        data["unknown"] = list(self.unknown())
        return data


def ages_in_words(ages: Sequence[int]) -> str:
    """ "47" for one age, "46 or 47" for two, "46 to 48" for more; "" for none."""
    if len(ages) < 2:
        return "".join(map(str, ages))
    return f"{ages[0]} {'or' if len(ages) == 2 else 'to'} {ages[-1]}"


def _answer(value: object) -> Answer | None:
    return cast(Answer, value) if value in ANSWERS else None


def context_from_findings(
    findings: Mapping[str, object],
    *,
    age: int | None = None,
    sex: str | None = None,
    today: date | None = None,
) -> ClinicalContext:
    """The context an intake's answers give; ``age`` (e.g. from the profile) fills a gap.
    ``today``: the person's own date, which the weeks of a pregnancy are counted to."""
    answered_age = findings.get("age")
    known_age = answered_age if isinstance(answered_age, int) else age
    asked = (*FACT_IDS, "numbness_tingling", *SCREEN_IDS)
    facts = {fact: _answer(findings.get(fact)) for fact in asked}
    context = replace(ClinicalContext(age=known_age, sex=sex or None), **facts)  # type: ignore[arg-type]
    due = parse_due_date(findings.get("due_date")) if context.pregnant == "yes" else None
    return context if due is None else with_due_date(context, due, today)


def with_due_date(context: ClinicalContext, due: date, today: date | None) -> ClinicalContext:
    """The context with a pregnancy's due date, and its weeks on ``today`` (the person's own
    date) when given."""
    if today is None:
        return replace(context, due_date=due)
    stage = stage_in_words(due, today)
    return replace(
        context, due_date=due, weeks_pregnant=weeks_pregnant(due, today), pregnancy_stage=stage
    )


def pregnancy_ended(context: ClinicalContext) -> ClinicalContext:
    """The context once the person has told us the baby has been born: no longer pregnant
    (backcare has no notion of the weeks after a birth, so nothing takes its place)."""
    return replace(context, pregnant="no", due_date=None, weeks_pregnant=None, pregnancy_stage="")


def with_later_answers(context: ClinicalContext, **answers: Answer | None) -> ClinicalContext:
    """Add facts told later (e.g. on the plan's safety screen). A later "yes" or "not sure"
    is kept, a later "yes" settles an earlier "not sure"; a later silence never erases an
    earlier answer."""
    changes = {
        fact: value
        for fact, value in answers.items()
        if value is not None
        and (not context.possible(fact) or (value == "yes" and context.answer(fact) != "yes"))
    }
    return replace(context, **changes)  # type: ignore[arg-type]
