"""When to contact the person's own team, said once on the plan page
(``{{ advice|contact_said_below:plan.conditions }}``): the back check's words for a condition a
clinician has diagnosed end with that condition's "soon" contact line(s) (``factors.Known``),
which the condition's own section on the page says under "When to contact your team". The
page leaves them off the advice; paper, which has no condition section, keeps them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def contact_said_below(advice: Mapping[str, Any], conditions: Iterable[Mapping[str, Any]]) -> str:
    text = str(advice.get("text", ""))
    for note in conditions or ():
        soon = " ".join(str(c["text"]) for c in note.get("contact", ()) if c.get("level") == "soon")
        if soon and text.endswith(" " + soon):
            return text.removesuffix(soon).rstrip()
    return text
