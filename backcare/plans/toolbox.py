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
from backcare.plans.library import pinnable
from backcare.plans.models import ToolboxPin
from backcare.plans.planning import refresh_toolbox


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


def pin(user: User, slug: str) -> bool:
    """Pin ``slug`` (already checked with :func:`pinnable`); False if it was already pinned."""
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
