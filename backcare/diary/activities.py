"""What a person can log as "done today": exercises and self-care items, their own first.

The catalogue comes from the domain (exercises, interventions). The person's toolbox pins
and current plan put their own items first. Medicines and items guidelines advise against
are not offered as ticks (they can still be sent through the API, as a record of fact).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from backcare.domain.content import ContentError, content_dir
from backcare.domain.exercises import exercises
from backcare.plans.models import Plan, ToolboxPin

if TYPE_CHECKING:
    from backcare.accounts.models import User

Kind = Literal["exercise", "intervention"]
Group = Literal["toolbox", "plan", "other"]
#: Plan sections a person may have done, in the order the plan shows them.
PLAN_SECTIONS: tuple[str, ...] = (
    "routine", "keep_moving", "walking", "relaxation", "sleep", "heat", "daily_habits",
    "flare_protocol", "also_consider",
)  # fmt: skip
_NOT_OFFERED_KINDS = frozenset({"medicine_info"})


@dataclass(frozen=True)
class Activity:
    slug: str
    name: str
    kind: Kind
    group: Group = "other"

    @property
    def href(self) -> str:
        """The exercise page, for exercises; interventions have no page of their own here."""
        return f"/exercises/{self.slug}/" if self.kind == "exercise" else ""


def _interventions() -> Mapping[str, Any]:
    """The intervention catalogue, or nothing while it is unavailable (check-ins still work)."""
    try:
        from backcare.domain.interventions import interventions
    except ImportError:
        return {}
    try:
        return interventions()
    except ContentError:
        return {}


def _offered(item: Any) -> bool:
    return item.kind not in _NOT_OFFERED_KINDS and item.evidence.grade != "against"


def activity_choices() -> tuple[Activity, ...]:
    """Every exercise and offered self-care item, sorted by name."""
    found = [Activity(slug, ex.name, "exercise") for slug, ex in exercises().items()]
    found += [
        Activity(slug, item.name, "intervention")
        for slug, item in _interventions().items()
        if _offered(item)
    ]
    return tuple(sorted(found, key=lambda a: a.name.lower()))


def known_activity_slugs() -> frozenset[str]:
    """Slugs a rating may name: every exercise and intervention, offered or not."""
    return _known_slugs(content_dir())


@cache
def _known_slugs(root: Path) -> frozenset[str]:
    # Keyed on the content folder, like the domain catalogues; on the write path of every check-in.
    return frozenset(exercises()) | frozenset(_interventions())


def toolbox_slugs(user: User) -> list[str]:
    return list(ToolboxPin.objects.filter(user=user).values_list("exercise", flat=True))


def current_plan(user: User) -> Plan | None:
    return Plan.objects.filter(user=user).order_by("-created_at").first()


def plan_items(body: object) -> Iterator[tuple[str, str]]:
    """(slug, title) of every item in a stored plan body; tolerant of older shapes."""
    if not isinstance(body, Mapping):
        return
    for section in PLAN_SECTIONS:
        value = body.get(section)
        if isinstance(value, Mapping):  # walking target and flare protocol wrap their items
            value = value.get("items", [value.get("item")])
        for item in value if isinstance(value, list) else ():
            if isinstance(item, Mapping) and isinstance(item.get("slug"), str):
                yield item["slug"], str(item.get("title") or item["slug"])


def activities_for(user: User, keep: Iterable[str] = ()) -> tuple[Activity, ...]:
    """The person's toolbox first, then their plan, then everything else by name. An item
    their own screen holds back (pregnancy, a running flare: as the plan and the library
    do) is not offered, unless it is in ``keep``: already ticked or rated, so that changing
    a check-in never drops what it holds."""
    from backcare.plans.library import for_you
    from backcare.plans.planning import safety_reasons

    reasons = safety_reasons(user)
    kept = set(keep)
    catalogue = {
        a.slug: a
        for a in activity_choices()
        if a.slug in kept or not (reasons and for_you(a.slug, reasons).held_back)
    }
    mine: dict[str, Activity] = {}
    for slug in toolbox_slugs(user):
        if slug in catalogue:
            mine[slug] = replace(catalogue[slug], group="toolbox")
    plan = current_plan(user)
    for slug, _title in plan_items(plan.body if plan else None):
        if slug in catalogue and slug not in mine:
            mine[slug] = replace(catalogue[slug], group="plan")
    rest = tuple(a for slug, a in catalogue.items() if slug not in mine)
    return (*mine.values(), *rest)
