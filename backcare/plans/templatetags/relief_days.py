"""The items a person has rated on too few days for a verdict, for the toolbox page
(``{% relief_not_yet as not_yet %}``): it says "not enough days yet (n of N)" wherever the
insights page says an option is not shown yet."""

from __future__ import annotations

from typing import Any

from django import template

from backcare.plans import toolbox

register = template.Library()


@register.simple_tag(takes_context=True)
def relief_not_yet(context: dict[str, Any]) -> list[toolbox.NotYet]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return toolbox.relief_not_yet(user)
