"""A moment as the day it belongs to for the person it is about: ``{{ at|day_of:patient }}``.

A date shown without its time is the person's own day (``User.local_date``): for someone
whose day ends at 06:00, a back check at 03:24 is dated the evening before, beside the
check-ins of that night. ``patient`` is the person, or a report (``exchange.report``),
which carries their time zone and the hour their day ends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django import template

from backcare.accounts.models import person_day

register = template.Library()


@register.filter
def day_of(moment: datetime | None, person: Any) -> date | None:
    if not isinstance(moment, datetime):
        return moment
    if isinstance(person, Mapping):
        return person_day(moment, person["time_zone"], person.get("day_ends_hour", 0))
    found: date = person.local_date(moment)
    return found
