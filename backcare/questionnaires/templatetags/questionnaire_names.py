"""``{{ instrument|plain_name }}``: "Anxiety check (GAD-7)" rather than "GAD-7"."""

from __future__ import annotations

from django import template

from backcare.domain.instruments import Instrument
from backcare.questionnaires.presenting import plain_name as name_of

register = template.Library()


@register.filter
def plain_name(found: Instrument) -> str:
    return name_of(found)
