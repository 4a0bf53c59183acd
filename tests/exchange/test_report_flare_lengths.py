"""A flare's length reads as a GP reads it, the same on the page and on paper: "4 days 12 h",
not "108 h" to divide by 24."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string

from backcare.diary.models import SpasmEpisode
from backcare.exchange.report import build_report
from tests.exchange.conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_flare_of_108_hours_reads_in_days_and_hours_on_screen_and_paper(ana, frozen):
    started = NOW - timedelta(days=10)
    SpasmEpisode.objects.create(
        user=ana, started_at=started, ended_at=started + timedelta(hours=108), severity=7
    )
    report = build_report(ana, TODAY, identified=False)
    for pdf in (False, True):
        text = text_of(render_to_string("exchange/report.html", {"report": report, "pdf": pdf}))
        assert "4 days 12 h 7/10" in text
        assert "108 h" not in text
