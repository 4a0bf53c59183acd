"""The movement toolbox: what a person has found brings them relief, first in a flare.

A pin names an exercise or a self-care item the plan may offer (never a medicine or
something graded as lacking evidence). Pinning or unpinning refreshes the current plan so
its flare protocol lists the toolbox first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from backcare.accounts.models import User
from backcare.domain.insights import days_rated, effects_from_ratings
from backcare.domain.interventions import interventions
from backcare.plans.library import ForYou, for_you, pinnable
from backcare.plans.models import ToolboxPin
from backcare.plans.planning import refresh_toolbox, safety_reasons
from backcare.plans.tailoring import overrides_in_force
from backcare.progress.insights import HELPS_A_LITTLE_AT, KEEP_READY_AT
from backcare.progress.insights import MIN_DAYS as INSIGHTS_MIN_DAYS
from backcare.progress.records import load_relief_ratings


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
    mine = for_you(slug, safety_reasons(user), overrides_in_force(user))
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


#: Mean relief (0-10) at or above which something is offered for the toolbox, and below which
#: it does not seem to help: the insights page's own cut-offs.
HELPS_AT = KEEP_READY_AT
NOT_HELPING_BELOW = HELPS_A_LITTLE_AT
#: Days an option must be rated on before saying either: the insights page's own minimum,
#: so the toolbox never gives a verdict the insights page would not.
MIN_DAYS = INSIGHTS_MIN_DAYS


@dataclass(frozen=True)
class Relief:
    """What the person's own relief ratings say about one item: the insights page's figures
    (``relief_effect``: the day is the unit, each day's ratings averaged)."""

    slug: str
    name: str
    mean: float  # the mean of the daily means, as the insights page shows it
    days: int  # days rated: what the minimum counts
    ratings: int  # every rating, several on one day included
    helps: bool  # False: it does not seem to help
    pinned: bool
    can_pin: bool


@dataclass(frozen=True)
class NotYet:
    """An item rated on fewer than ``MIN_DAYS`` days: no verdict yet, as on the insights page."""

    slug: str
    name: str
    days: int  # days rated so far
    min_days: int = MIN_DAYS

    @property
    def wording(self) -> str:
        return f"not enough days yet ({self.days} of {self.min_days})"


def relief_verdicts(user: User) -> list[Relief]:
    """Items rated on enough days that clearly help or clearly do not, best first; the same
    figures, minimum and thresholds as the insights page (``effects_from_ratings``)."""
    effects = effects_from_ratings(load_relief_ratings(user.pk), min_days=MIN_DAYS)
    mine = {p.slug for p in toolbox_of(user)}
    reasons, overrides = safety_reasons(user), overrides_in_force(user)
    found = []
    for effect in effects:
        if NOT_HELPING_BELOW <= effect.mean < HELPS_AT:
            continue
        name = item_name(effect.slug)
        if name:
            # Not offered when the plan holds it back for them (pregnancy, surgery, ...).
            slug = effect.slug
            held = for_you(slug, reasons, overrides).held_back
            can_pin = pinnable(slug) is not None and not held
            helps = effect.mean >= HELPS_AT
            found.append(
                Relief(
                    slug, name, effect.mean, effect.n, effect.ratings, helps, slug in mine, can_pin
                )
            )
    return sorted(found, key=lambda r: (-r.mean, r.slug))


def relief_not_yet(user: User) -> list[NotYet]:
    """Items rated, but on fewer than ``MIN_DAYS`` days: those the insights page lists as
    not shown yet, fewest days still needed first."""
    waiting = [
        NotYet(slug, name, days)
        for slug, by_day in load_relief_ratings(user.pk).items()
        if 0 < (days := days_rated(by_day)) < MIN_DAYS and (name := item_name(slug))
    ]
    return sorted(waiting, key=lambda item: (-item.days, item.name))


def item_name(slug: str) -> str:
    known = pinnable(slug)
    if known is not None:
        return known[0]
    item = interventions().get(slug)
    return item.name if item is not None else ""


def pin_what_helps(user: User) -> list[str]:
    """Pin every pinnable item the person's ratings say helps; the slugs newly pinned."""
    return [r.slug for r in relief_verdicts(user) if r.helps and r.can_pin and pin(user, r.slug)]
