"""The demo person who ticked "I am pregnant" in her plan preferences: her report, as the PDF
lays it out, takes at most two pages on A4 and on US Letter, like everyone else's, and keeps
what pregnancy changes (her versions of the exercises with their steps, the pregnancy
warning signs, the crisis lines). It printed on three pages: her versions and pregnancy
warning signs pushed the references over. Counted from the PDF file itself (pdfinfo)."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import time_machine

from backcare.exchange.pdf import report_pdf
from backcare.exchange.report import build_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a demo of six months, laid out twice

NOW = datetime.datetime(2026, 12, 6, 17, tzinfo=datetime.UTC)
TICKED = datetime.datetime(2026, 9, 3, 18, tzinfo=datetime.UTC)


@pytest.fixture
def pregnant_demo() -> Any:
    """``backcare demo``'s person, who ticked "I am pregnant" in the plan preferences on
    3 Sep, months after her back check (the plan rebuilt around it, as the page does)."""
    from backcare.accounts.models import User
    from backcare.plans import planning
    from backcare.plans.models import Preferences
    from backcare.progress.demo import create_demo

    with time_machine.travel(NOW, tick=False):
        person = User.objects.get(username=create_demo(password="demo-pass-123!").username)
        prefs = planning.screened_preferences(person)
        planning.save_preferences(person, dataclasses.replace(prefs, pregnant=True))
    Preferences.objects.filter(user=person).update(updated_at=TICKED)
    return person


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        (pytest.fail if os.environ.get("CI") else pytest.skip)("poppler-utils is missing")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    pages = text.stdout.decode().split("\f")[:-1]
    assert len(pages) == count
    return pages


def test_her_report_takes_two_pages_on_a4_and_on_us_letter(
    pregnant_demo: Any, tmp_path: Path
) -> None:
    with time_machine.travel(NOW, tick=False):
        report = build_report(pregnant_demo, NOW.date(), identified=True)
    for paper in ("A4", "letter"):
        pages = pages_of(report_pdf(report, paper), tmp_path)
        assert len(pages) <= 2, f"{paper}: {len(pages)} pages"
        kept_what_pregnancy_changes(report, pages)


def kept_what_pregnancy_changes(report: dict[str, Any], pages: list[str]) -> None:
    text = " ".join(" ".join(pages).split())
    assert "pregnancy (plan preferences saved 3 Sep 2026)" in text
    assert "Versions shown in place of the usual exercise" in text
    unbroken = squeezed(text)  # a line may break anywhere in a long sentence
    versions = report["plan"]["versions"]
    assert versions
    for item in versions:
        assert squeezed(item["title"]) in unbroken
        assert squeezed(" ".join(item["steps"])) in unbroken
    for rule in report["plan"]["view"]["stop_rules"]:
        assert squeezed(rule["text"]) in unbroken
    assert "say that you are pregnant" in text  # her warning signs, not only everyone's
    assert "116 123" in text  # the crisis line
    assert len(report["plan"]["references"]) == len(re.findall(r"https?://", text))


def squeezed(text: str) -> str:
    return "".join(text.split())
