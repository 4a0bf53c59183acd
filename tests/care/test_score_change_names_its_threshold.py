"""Pain NRS and PEG both 4 -> 3 read "not meaningful" and "meaningful improvement" side by side
on the clinician's patient page: each says the threshold it was judged by, and the report's
legend lists the thresholds of the questionnaires in its table."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.questionnaires.responses import record_response
from tests.care.conftest import link

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)
BEFORE = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
NRS_NOTE = (
    "down 1 point (25%), not meaningful "
    "(for this questionnaire, a change of 2 points or 30 % is meaningful)"
)
PEG_NOTE = (
    "down 1 point (25%), meaningful improvement "
    "(for this questionnaire, a change of 1 point is meaningful)"
)


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def text_of(page: bytes) -> str:
    words = html_lib.unescape(re.sub(r"<[^>]+>", " ", page.decode()))
    return re.sub(r"\s+", " ", words.replace("\u00a0", " "))


def four_then_three(user) -> None:  # type: ignore[no-untyped-def]
    for taken_at, value in ((BEFORE, 4), (NOW - timedelta(days=1), 3)):
        record_response(user, "nrs", {"pain": value}, taken_at=taken_at)
        peg = {"pain_average": value, "enjoyment": value, "general_activity": value}
        record_response(user, "peg", peg, taken_at=taken_at)


def test_the_patient_page_says_which_threshold_decided_each_change(cy, cy_client, ana):
    link(cy, ana)
    four_then_three(ana)
    page = text_of(cy_client.get(reverse("care:patient", args=[ana.pk])).content)
    assert NRS_NOTE in page
    assert PEG_NOTE in page


def test_the_reports_legend_lists_the_thresholds_of_its_questionnaires(cy, cy_client, ana):
    link(cy, ana)
    four_then_three(ana)
    page = text_of(cy_client.get(f"/clinician/patients/{ana.pk}/report/").content)
    assert (
        "● meaningful change by the questionnaire's published threshold: NRS 2 points or 30 % "
        "better, PEG 1 point; ○ below it."
    ) in page
