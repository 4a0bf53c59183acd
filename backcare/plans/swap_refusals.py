"""What "Swap this exercise" says when it swaps nothing: the exercise was already swapped (a
second tap of the button, or the page sent twice), swapping it would leave no exercise at
all, no other exercise of its kind fits (it stays, and what to do instead is said), or there
is nothing to swap it in."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from backcare.accounts.models import User
from backcare.domain import swaps
from backcare.domain.exercises import exercises
from backcare.plans import planning, session_stops
from backcare.plans.models import Plan

#: How many of the latest versions are read for the swap that took an exercise out.
RECENT_VERSIONS = 10


def refused(user: User, slug: str, why: str, error: LookupError) -> tuple[int, str]:
    """The message level and words for a swap of ``slug`` that did not happen."""
    if isinstance(error, planning.NothingToSwap):
        said = swaps.nothing_to_swap(error.ruled_out, why, session_stops.stop_rule(user).text)
        before, after = swaps.NOTHING_TO_SWAP_CHOICE
        link = reverse("plans:preferences")
        return messages.ERROR, format_html(
            '{} {} <a href="{}">in your preferences</a>{}', said, before, link, after
        )
    if isinstance(error, swaps.LastExercise):
        return messages.ERROR, with_preferences_link(error.sentence(why))
    bodies = Plan.objects.filter(user=user).order_by("-created_at", "-pk")[:RECENT_VERSIONS]
    records = (body.get(planning.SWAP_KEY) for body in bodies.values_list("body", flat=True))
    already = swaps.already_swapped(slug, records, exercises())
    if already:
        return messages.INFO, already
    return messages.ERROR, f"Nothing was swapped: {error}."


def with_preferences_link(sentence: str) -> SafeString:
    """``sentence``, then where exercises come back from, linked."""
    return format_html(
        '{} {} <a href="{}">{}</a>.',
        sentence,
        swaps.GET_MORE,
        reverse("plans:preferences"),
        "in your preferences",
    )
