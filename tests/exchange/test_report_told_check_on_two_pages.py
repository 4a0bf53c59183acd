"""The pregnant demo person's report, the longest demo one, still takes at most two pages on
A4 and on US Letter with a clinician's check she told us about under the triage, and keeps
it whole: the sentence, the signs it covers and that backcare has not seen the record."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine

from backcare.assessments.models import Assessment, ClinicianCheck
from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report
from tests.exchange.test_report_pregnant_demo_on_two_pages import (  # noqa: F401 (a fixture)
    NOW,
    pages_of,
    pregnant_demo,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a demo of six months, laid out twice

RULES = ["ces_bladder", "ces_saddle_numbness", "leg_weakness_one_side"]


def test_her_report_with_a_told_check_takes_two_pages(
    pregnant_demo: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    latest = Assessment.objects.filter(user=pregnant_demo).order_by("-created_at").first()
    assert latest is not None
    ClinicianCheck.objects.create(
        user=pregnant_demo,
        assessment=latest,
        rule_ids=RULES,
        checked_on=datetime.date(2026, 12, 4),
        answer="other_advice",
        created_at=NOW - datetime.timedelta(days=1),
    )
    with time_machine.travel(NOW, tick=False):
        report = build_report(pregnant_demo, NOW.date(), identified=True)
    assert report["told_check"] is not None
    assert len(report["told_check"]["signs"]) == len(RULES)
    for paper in ("A4", "letter"):
        pages = pages_of(report_pdf(report, paper), tmp_path)
        assert len(pages) <= 2, f"{paper}: {len(pages)} pages"
        text = squeezed(" ".join(pages).replace("\u2019", "'"))  # lines break anywhere
        assert squeezed("Clinician's check, told by the person:") in text
        assert squeezed(f"It covers: {'; '.join(report['told_check']['signs'])}.") in text
        assert squeezed("backcare has not seen the clinician's own record.") in text


def squeezed(text: str) -> str:
    return re.sub(r"[\s-]", "", text)
