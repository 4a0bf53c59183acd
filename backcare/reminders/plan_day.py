"""The weekly check's day: for a person with a plan, the day their plan updates (as its
update page says it), in their zone; without one, the day they chose. Read only: finding it
never builds, progresses or saves the plan."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from backcare.accounts.models import User
from backcare.domain.reminders import Schedule
from backcare.plans import planning


def plan_update_day(user: User) -> int | None:
    """The weekday (0 = Monday, in the person's zone) of their plan's weekly update, as its
    update page says it (``planning.next_progress_at``); while an update is due and waits
    for the plan to be opened, the day it fell due. None without a plan. Read only."""
    upcoming = planning.next_progress_at(user)
    if upcoming is None:
        latest = planning.latest_plan(user)
        if latest is None:
            return None
        upcoming = planning._week_started(latest) + planning.WEEK
    return upcoming.astimezone(ZoneInfo(user.time_zone)).weekday()


def on_plan_day(schedule: Schedule, day: int | None) -> Schedule:
    """The weekly check's ``schedule`` on the plan's update ``day``, when it has one."""
    return schedule if day is None else replace(schedule, weekdays=frozenset({day}))
