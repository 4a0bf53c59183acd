"""A report as the clinician reads it, at a frozen moment in Kiritimati (UTC+14, where UTC
is still on the day before until 14:00); the person is the ``kai`` fixture (conftest.py)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.template.loader import render_to_string

from backcare.exchange.report import build_report

KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: before 14:00 there, UTC is a day behind
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=KIRITIMATI)
TODAY = date(2026, 3, 20)  # the report's period starts on 20 Dec 2025


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rendered_report(person) -> tuple[dict[str, Any], str]:  # type: ignore[no-untyped-def]
    """The report at ``NOW``, and the text of its page."""
    with time_machine.travel(NOW, tick=False):
        report = build_report(person, TODAY, identified=True)
        html = render_to_string("exchange/report.html", {"report": report})
    return report, text_of(html)
