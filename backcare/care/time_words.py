"""Days and elapsed time in the words the clinician's pages use ("24 Nov, 12 days ago")."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.dateformat import format as format_date


def short_day(day: date, today: date) -> str:
    """ "9 Jun", or "9 Jun 2026" when not the patient's current year."""
    return format_date(day, "j M" if day.year == today.year else "j M Y")


def day_with_age(day: date, today: date) -> str:
    """ "24 Nov, 12 days ago": a bare "24 Nov" reads as recent even when it is a year old, so
    the age is always said, and the year when it is not the patient's current one."""
    shown = short_day(day, today)
    age = (today - day).days
    if age < 0:
        return shown
    return f"{shown}, " + {0: "today", 1: "yesterday"}.get(age, f"{age} days ago")


def age_in_words(then: datetime, now: datetime) -> str:
    """ "3 hours ago", "12 days ago", "6 months ago", "2 years ago": months once past 60
    days, years once past two, so an old reading says it is old at a glance."""
    days = (now - then).days
    if days < 60:
        return time_ago(then, now)
    if days < 730:
        return f"{days * 12 // 365} months ago"
    return f"{days // 365} years ago"


def time_ago(then: datetime, now: datetime) -> str:
    """ "just now", "5 minutes ago", "2 hours ago", "9 days ago": elapsed time, so that it
    reads the same in any time zone."""
    seconds = max(int((now - then).total_seconds()), 0)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"
