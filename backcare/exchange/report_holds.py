"""What the plan holds back for safety and what a clinician put back, for the clinician's copy
of the report: one short line per hold and per move put back, so that the report still prints
on two pages.

The holds are the plan page's "Held back for your safety" list, grouped by the condition or
triage rule holding them and said of the person, as the FHIR CarePlan says them
(``fhir_plan.plan_holds``), each with what lifts the hold. A move a clinician's override keeps
in the plan now (``tailoring.overrides_in_force``) is not held: it is listed with who put it
back and on which of the person's days (``User.local_date``). The person's own copy lists
neither: their plan page says what is held back, and their care team's changes who put a
move back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backcare.accounts.models import User
from backcare.domain.exercises import exercises
from backcare.exchange.fhir_plan import plan_holds
from backcare.plans.models import Tailoring
from backcare.plans.tailoring import overrides_in_force

#: What lifts a hold a standing triage rule puts on moves (``fhir_careplan.RULE_HOLD_LIFTS``,
#: said short for paper).
RULE_LIFTS = (
    "a linked clinician's override puts one move back (Tailor the plan); all come back once a "
    "back check no longer finds this. A check the person tells backcare about does not lift it."
)
#: What lifts a hold whose condition the content no longer names (a note stored with the plan).
SCREEN_LIFTS = (
    "a linked clinician's override puts one move back (Tailor the plan); all come back once "
    "the person's answers no longer call for it."
)


def holds_and_put_back(
    user: User, view: Mapping[str, Any], reasons: Mapping[str, str]
) -> dict[str, Any]:
    """``holds``: each hold's moves (by the names the person is shown), why it applies, the
    triage rule holding it and what lifts it; ``put_back``: each move an override keeps in
    the plan now, by whom and on the person's day they did it, in the plan's order."""
    planned = [str(item["slug"]) for item in view["routine"]]
    holds = [
        {
            "items": hold.items,
            "name": hold.name,
            "why": hold.why,
            "rule": hold.rule,
            "rule_title": hold.rule_title,
            "lifts": RULE_LIFTS if hold.rule else SCREEN_LIFTS,
        }
        for hold in plan_holds(view["held_back"], reasons, set(planned))
    ]
    return {"holds": holds, "put_back": _put_back(user, planned, reasons)}


def _put_back(user: User, planned: list[str], reasons: Mapping[str, str]) -> list[dict[str, Any]]:
    in_force = overrides_in_force(user)
    if not in_force:
        return []
    rows = Tailoring.objects.active().filter(
        user=user, kind="add", override=True, exercise__in=list(in_force)
    )
    latest = {row.exercise: row for row in rows.order_by("created_at", "pk")}
    found = []
    for slug in sorted(latest, key=lambda s: planned.index(s) if s in planned else len(planned)):
        row = latest[slug]
        ex = exercises().get(slug)
        found.append(
            {
                "slug": slug,
                "name": ex.name_for(reasons) if ex is not None else slug,
                "by": row.clinician_name,
                "day": user.local_date(row.created_at),  # the person's day, as on their plan
            }
        )
    return found
