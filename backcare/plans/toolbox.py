"""The movement toolbox: what a person has found brings them relief, first in a flare.

A pin names an exercise or a self-care item the plan may offer (never a medicine or
something graded as lacking evidence). Pinning or unpinning refreshes the current plan so
its flare protocol lists the toolbox first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Avg, Count

from backcare.accounts.models import User
from backcare.diary.models import ActivityRating
from backcare.domain.interventions import interventions
from backcare.domain.progression import TOOLBOX_RELIEF
from backcare.plans.library import ForYou, for_you, pinnable
from backcare.plans.models import ToolboxPin
from backcare.plans.planning import refresh_toolbox, safety_reasons


@dataclass(frozen=True)
class Pinned:
    slug: str
    name: str
    kind: str  # exercise | intervention
    pinned_at: datetime

    @property
    def url(self) -> str:
        return f"/exercises/{self.slug}/" if self.kind == "exercise" else ""


def toolbox_of(user: User) -> list[Pinned]:
    """The person's pins in the order they made them; content removed since is skipped."""
    found = []
    for slug, pinned_at in ToolboxPin.objects.filter(user=user).values_list(
        "exercise", "pinned_at"
    ):
        known = pinnable(slug)
        if known is not None:
            found.append(Pinned(slug, known[0], known[1], pinned_at))
    return found


class HeldBack(Exception):
    """The plan holds this item back for the person (an exercise to avoid in pregnancy, say),
    so it may not go first in their flare protocol either."""

    def __init__(self, name: str, verdict: ForYou) -> None:
        self.message = f"{name} cannot go in your toolbox. {verdict.verdict}: {verdict.reason}."
        super().__init__(self.message)


def pin(user: User, slug: str) -> bool:
    """Pin ``slug`` (already checked with :func:`pinnable`); False if it was already pinned.
    Raises :class:`HeldBack` if the person's safety conditions rule it out."""
    mine = for_you(slug, safety_reasons(user))
    if mine.held_back:
        raise HeldBack(item_name(slug), mine)
    with transaction.atomic():
        _, created = ToolboxPin.objects.get_or_create(user=user, exercise=slug)
        if created:
            refresh_toolbox(user)
    return created


def unpin(user: User, slug: str) -> bool:
    """Remove one of the person's own pins; False if they had not pinned it."""
    with transaction.atomic():
        deleted, _ = ToolboxPin.objects.filter(user=user, exercise=slug).delete()
        if deleted:
            refresh_toolbox(user)
    return deleted > 0


#: Mean relief (0-10) at or above which something is offered for the toolbox; it matches
#: the weekly suggestion in progression (TOOLBOX_RELIEF).
HELPS_AT = TOOLBOX_RELIEF
#: Mean relief below which the page says it does not seem to help.
NOT_HELPING_BELOW = 3.0
#: Ratings needed before saying either (the same minimum the insights page uses).
MIN_RATINGS = 5


@dataclass(frozen=True)
class Relief:
    """What the person's own relief ratings say about one item."""

    slug: str
    name: str
    mean: float
    ratings: int
    helps: bool  # False: it does not seem to help
    pinned: bool
    can_pin: bool


def relief_verdicts(user: User) -> list[Relief]:
    """Items the person rated often enough that clearly help or clearly do not, best first."""
    rows = (
        ActivityRating.objects.filter(checkin__user=user, relief__isnull=False)
        .values("item")
        .annotate(mean=Avg("relief"), n=Count("id"))
        .filter(n__gte=MIN_RATINGS)
    )
    mine = {p.slug for p in toolbox_of(user)}
    reasons = safety_reasons(user)
    found = []
    for row in rows:
        mean, slug = float(row["mean"]), str(row["item"])
        if NOT_HELPING_BELOW <= mean < HELPS_AT:
            continue
        name = item_name(slug)
        if name:
            # Not offered when the plan holds it back for them (pregnancy, surgery, ...).
            can_pin = pinnable(slug) is not None and not for_you(slug, reasons).held_back
            found.append(
                Relief(slug, name, mean, row["n"], mean >= HELPS_AT, slug in mine, can_pin)
            )
    return sorted(found, key=lambda r: (-r.mean, r.slug))


def item_name(slug: str) -> str:
    known = pinnable(slug)
    if known is not None:
        return known[0]
    item = interventions().get(slug)
    return item.name if item is not None else ""


def pin_what_helps(user: User) -> list[str]:
    """Pin every pinnable item the person's ratings say helps; the slugs newly pinned."""
    return [r.slug for r in relief_verdicts(user) if r.helps and r.can_pin and pin(user, r.slug)]
