"""What a clinician reads of a patient's plan beside its routine, on the patient page and the
Tailor page: the moves a standing triage rule holds back until a clinician has checked the
back (``plan_model.RULE_CONDITIONS``), and how the clinician lifts that hold; and the plan's
section for a condition a clinician diagnosed (``known_conditions.toml``).

A clinician's check the patient tells backcare about ("self-care and exercise are fine")
answers the warning signs that paused a plan; it does not say that moves which arch the back
are safe for a young back worse bending backwards, or for legs that tire on walking. Only the
clinician's own override on the Tailor page, with a reason the patient reads, puts one back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from backcare.assessments.context import FACT_NAMES
from backcare.care.told_checks import ToldClinicianCheck, sign_titles
from backcare.domain import tailoring as screens
from backcare.domain.clinician_checks import FINE
from backcare.domain.factors import factor_book
from backcare.domain.plan_model import RULE_CONDITIONS
from backcare.plans.condition_notes import condition_notes
from backcare.plans.tailoring import Current


def rule_holds(now: Current, ruled: Iterable[Mapping[str, str]]) -> list[dict[str, Any]]:
    """Each triage rule that holds moves back now, in the rule book's words, with the names
    of the moves it holds back (``ruled``: the Tailor page's ruled-out rows)."""
    if now.ctx is None:
        return []
    rows = list(ruled)
    holds = []
    for rule, condition in sorted(RULE_CONDITIONS.items()):
        if condition not in now.ctx.exercise_conditions:
            continue
        held = [
            row["name"]
            for row in rows
            if f"condition:{condition}" in screens.screen_ids(now.ctx, row["exercise"])
        ]
        if held:
            (title,) = sign_titles((rule,))
            holds.append({"rule": rule, "condition": condition, "title": title, "names": held})
    return holds


def held_despite_check(
    conditions: Iterable[Mapping[str, str]], check: ToldClinicianCheck | None
) -> list[str]:
    """The conditions a triage rule holds back (``applied_conditions`` rows) while the
    patient has told a clinician said self-care and exercise are fine: what the patient page
    says stays held back after that check, and how to lift it."""
    if check is None or check.answer != FINE:
        return []
    held = set(RULE_CONDITIONS.values())
    return [row["name"] for row in conditions if row["condition"] in held]


def known_condition_notes(patient: Any) -> list[dict[str, Any]]:
    """The plan's sections for a condition a clinician diagnosed, or a fact with a
    contributor of the latest back check (pelvic girdle pain in pregnancy), as the plan page
    shows them: each named for a clinician, with why the plan shows it."""
    return [{**note, **_named(note)} for note in condition_notes(patient)]


def _named(note: Mapping[str, Any]) -> dict[str, str]:
    fact = FACT_NAMES.get(note["fact"], note["fact"])
    if not note["factor"]:
        return {"fact_name": fact, "shown_because": "they told backcare a clinician diagnosed it"}
    factor = next(rule.title for rule in factor_book().factors if rule.id == note["factor"])
    return {
        "fact_name": factor[:1].lower() + factor[1:],
        "shown_because": f"they told backcare of {fact} and their latest back check suggested "
        f"\u201c{factor}\u201d as a possible contributor",
    }
