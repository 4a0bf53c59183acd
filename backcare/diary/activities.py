"""What a person can log as "done today": exercises and self-care items, their own first.

The catalogue comes from the domain (exercises, interventions). Today's routine, what the
person logged before (latest first), their toolbox pins and the rest of their current plan
(before a back check, the general starting plan the plan page shows them) are their own
items, in that order; the check-in page keeps a few of them in view and groups
the rest under "More" (``forms.CheckInForm.activity_lists``). Medicines and items
guidelines advise against are not offered as ticks (they can still be sent through the API,
as a record of fact); items graded "insufficient" are not offered from the catalogue, nor
anything their plan's state rules out (every exercise while it puts care first, all but
gentle ones while it is gentle), unless the person logged them before or this check-in
holds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from backcare.domain.content import ContentError, content_dir
from backcare.domain.exercises import exercises
from backcare.domain.levels import CARE_NOW
from backcare.plans.models import Plan, ToolboxPin

if TYPE_CHECKING:
    from backcare.accounts.models import User

Kind = Literal["exercise", "intervention"]
Group = Literal["routine", "logged", "toolbox", "plan", "other"]
#: Plan sections a person may have done, in the order the plan shows them.
PLAN_SECTIONS: tuple[str, ...] = (
    "routine", "keep_moving", "walking", "relaxation", "sleep", "heat", "daily_habits",
    "flare_protocol", "also_consider",
)  # fmt: skip
_NOT_OFFERED_KINDS = frozenset({"medicine_info"})
#: The headings of "More", in order: an exercise's category or an intervention's kind.
HEADINGS: dict[str, str] = {
    "mobility": "Mobility", "stretching": "Stretches", "strengthening": "Strengthening",
    "walking": "Walking and moving", "movement": "Walking and moving",
    "relaxation": "Relaxation and stress", "stress": "Relaxation and stress",
    "sleep": "Sleep", "heat": "Warmth and cold", "cold": "Warmth and cold",
    "massage": "Massage",
}  # fmt: skip
OTHER_HEADING = "Other self-care"


@dataclass(frozen=True)
class Activity:
    slug: str
    name: str
    kind: Kind
    group: Group = "other"
    #: An exercise's category or an intervention's kind ("mobility", "sleep", ...).
    category: str = ""
    grade: str = ""
    #: An exercise a gentle plan may hold (level 1, flare-safe); self-care items pass.
    gentle: bool = True

    @property
    def heading(self) -> str:
        return HEADINGS.get(self.category, OTHER_HEADING)

    @property
    def is_exercise(self) -> bool:
        """An exercise, or self-care that is exercise by another name (walking)."""
        return self.kind == "exercise" or self.category == "walking"

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


def activity_choices(conditions: Iterable[str] = ()) -> tuple[Activity, ...]:
    """Every exercise and offered self-care item, sorted by name: each exercise by the name
    of the version someone with ``conditions`` is shown (``Exercise.name_for``: a pregnancy
    version's own, as her plan, sessions and the library name it)."""
    found = [
        Activity(
            slug, ex.name_for(conditions), "exercise", category=ex.category,
            grade=ex.evidence.grade,
            gentle=ex.level == 1 and ex.flare_safe,
        )
        for slug, ex in exercises().items()
    ]  # fmt: skip
    found += [
        Activity(slug, item.name, "intervention", category=item.kind, grade=item.evidence.grade)
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
    """(slug, title) of every item in a plan body, stored (lists) or built and not stored
    (tuples: the general plan); tolerant of older shapes."""
    if not isinstance(body, Mapping):
        return
    for section in PLAN_SECTIONS:
        value = body.get(section)
        if isinstance(value, Mapping):  # walking target and flare protocol wrap their items
            value = value.get("items", [value.get("item")])
        for item in value if isinstance(value, (list, tuple)) else ():
            if isinstance(item, Mapping) and isinstance(item.get("slug"), str):
                yield item["slug"], str(item.get("title") or item["slug"])


def logged_slugs(user: User) -> list[str]:
    """What the person has logged as done at any check-in, most recently logged first."""
    from django.db.models import Max

    from backcare.diary.models import ActivityRating

    rows = (
        ActivityRating.objects.filter(checkin__user=user)
        .values("item")
        .annotate(last=Max("checkin__recorded_at"))
        .order_by("-last", "item")
    )
    return [row["item"] for row in rows]


def _plan_allows(activity: Activity, status: str) -> bool:
    """What the plan's state offers: no exercise (walking too) while it puts care first,
    only gentle exercises while it is gentle (as the plan itself and the options do)."""
    if status == "care_first":
        return not activity.is_exercise
    return status != "gentle" or activity.gentle


def _followed_plan(user: User) -> tuple[Mapping[str, Any], str]:
    """The body of the plan the person follows now and its state, as the plan page has it
    (a check-in that advised care since pauses it too); without a plan (no back check yet),
    the general starting plan the plan page shows them, and "care_first" while a check-in's
    advice of care now or today stands, as the general plan says."""
    from backcare.diary.standing import standing_for
    from backcare.plans.planning import current_plan as followed
    from backcare.plans.planning import general_plan

    plan = followed(user)
    if plan is not None:
        return plan.body, plan.status
    standing = standing_for(user, None)
    care = standing is not None and standing.level in CARE_NOW
    return general_plan(user).to_dict(), "care_first" if care else ""


def activities_for(user: User, keep: Iterable[str] = ()) -> tuple[Activity, ...]:
    """The person's own items first (today's routine, what they logged before, latest first,
    their toolbox, the rest of their plan), then the catalogue by name, each exercise named
    as the person is shown it (a pregnancy version's own name). Not offered: an item
    their own screen holds back (pregnancy, a running flare: as the plan and the library do)
    or their plan's state rules out, and, from the catalogue, an item graded "insufficient".
    What ``keep`` names (already ticked or rated) is always offered, so that changing a
    check-in never drops what it holds."""
    from backcare.plans.library import for_you
    from backcare.plans.planning import safety_reasons

    reasons = safety_reasons(user)
    kept = set(keep)
    body, status = _followed_plan(user)
    catalogue = {
        a.slug: a
        for a in activity_choices(reasons)
        if a.slug in kept
        or (_plan_allows(a, status) and not (reasons and for_you(a.slug, reasons).held_back))
    }
    pinned = toolbox_slugs(user)
    planned = [slug for slug, _title in plan_items(body)]
    routine = [slug for slug, _title in plan_items({"routine": _section(body, "routine")})]

    def tag(slug: str) -> Group:  # what an item logged before also is, to say so beside it
        return "toolbox" if slug in pinned else "plan" if slug in planned else "logged"

    own: list[tuple[str, Group]] = [
        *((slug, "routine") for slug in routine),
        *((slug, tag(slug)) for slug in logged_slugs(user)),  # the latest first
        *((slug, "toolbox") for slug in pinned),
        *((slug, "plan") for slug in planned),
    ]
    mine: dict[str, Activity] = {}
    for slug, group in own:
        if slug in catalogue and slug not in mine:
            mine[slug] = replace(catalogue[slug], group=group)
    rest = tuple(
        a
        for slug, a in catalogue.items()
        if slug not in mine and (a.grade != "insufficient" or slug in kept)
    )
    return (*mine.values(), *_one_per_movement(rest, mine, kept, reasons))


def _one_per_movement(
    rest: tuple[Activity, ...], own: Iterable[str], kept: set[str], conditions: Iterable[str]
) -> tuple[Activity, ...]:
    """The catalogue without a second item of one movement: a version that is another
    exercise (dead bug's pregnancy version is the bird dog, ``Exercise.done_as``) is offered
    once, as the person's own item if it is one, else as the library's own exercise. What
    the check-in holds (``kept``) is always offered."""
    catalogue = exercises()
    conditions = list(conditions)

    def movement(slug: str) -> str:
        ex = catalogue.get(slug)
        return ex.done_as(conditions) if ex is not None else slug

    taken = {movement(slug) for slug in own}
    found: list[Activity] = []
    for activity in sorted(rest, key=lambda a: movement(a.slug) != a.slug):  # own exercise first
        if activity.slug in kept or movement(activity.slug) not in taken:
            taken.add(movement(activity.slug))
            found.append(activity)
    order = {a.slug: n for n, a in enumerate(rest)}
    return tuple(sorted(found, key=lambda a: order[a.slug]))


def _section(body: object, name: str) -> object:
    return body.get(name) if isinstance(body, Mapping) else None
