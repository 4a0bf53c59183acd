"""When the person's plan has its first weekly review, for the page that updates the plan
(``{% first_review_at as first_review %}``): the page says so rather than "already updated
this week" while the plan is in its first week, and whether a restart after a break put it a
week after the restart (``{% first_review_after_break as after_break %}``)."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from backcare.plans import planning

register = template.Library()


@register.simple_tag(takes_context=True)
def first_review_at(context: dict[str, Any]) -> datetime.datetime | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return planning.first_review_at(user)


@register.simple_tag(takes_context=True)
def first_review_after_break(context: dict[str, Any]) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return planning.first_review_after_break(user)
