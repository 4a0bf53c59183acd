"""The way out of a paused plan: the link to "A clinician has checked me for this", and
the plan's note once a check the person told us about has resumed it."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from backcare.assessments import clinician_cover
from backcare.assessments.models import Assessment
from backcare.domain.clinician_checks import uncovered

register = template.Library()
LINK_TEXT = "A clinician has checked me for this"


def _latest(user: Any) -> Assessment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Assessment.objects.filter(user=user).order_by("-created_at", "-pk").first()


@register.simple_tag(takes_context=True)
def clinician_check_link(context: dict[str, Any], assessment: Assessment | None = None) -> str:
    """The link, when the person's latest back check (``assessment``, if given, must be it)
    and the check-ins since raised signs no told check covers yet; "" otherwise."""
    user = context["request"].user
    latest = _latest(user)
    if latest is None or (assessment is not None and assessment.pk != latest.pk):
        return ""
    signs = [s for _, _, s in clinician_cover.readings(user, latest)]
    if not signs or any(s.crisis or not s.rules for s in signs):
        return ""
    if not uncovered(signs, clinician_cover.told_checks(user)):
        return ""
    url = reverse("assessments:clinician_check", args=[latest.pk])
    return format_html(
        '<p class="clinician-check-link"><a class="button secondary" href="{}">{}</a></p>',
        url,
        LINK_TEXT,
    )


@register.simple_tag(takes_context=True)
def clinician_check_note(context: dict[str, Any]) -> str:
    """ "You told us a clinician checked you on <date> and said self-care is fine", on a plan
    a told check resumed; "" otherwise."""
    user = context["request"].user
    cover = clinician_cover.current_cover(user, _latest(user))
    if cover is None:
        return ""
    day = cover.checked_on
    return format_html(
        '<p class="clinician-check-note">You told us a clinician checked you on {} and said '
        "self-care is fine.</p>",
        f"{day.day} {day:%B %Y}",
    )
