"""A questionnaire that got meaningfully worse needs the clinician's attention, said as a fact
with the questionnaire's own threshold, on the list, the patient page and the API; a crisis
answer is listed once, as a crisis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from backcare.care.dashboard import patient_rows
from backcare.questionnaires.responses import record_response
from tests.care.conftest import link

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)
BEFORE = datetime(2026, 1, 14, 10, 0, tzinfo=UTC)
PEG_TEXT = "PEG: worse by 2.33 since 14 January 2026 (meaningful change is 1)"


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def peg(user, pain, taken_at):  # type: ignore[no-untyped-def]
    answers = {"pain_average": pain[0], "enjoyment": pain[1], "general_activity": pain[2]}
    return record_response(user, "peg", answers, taken_at=taken_at)


def phq9(user, each, self_harm, taken_at):  # type: ignore[no-untyped-def]
    items = ("interest", "down", "sleep", "tired", "appetite", "feeling_bad", "concentrating")
    answers = dict.fromkeys(items, each) | {"moving": each, "thoughts_self_harm": self_harm}
    return record_response(user, "phq9", answers, taken_at=taken_at)


def attention(page: str) -> str:
    return page.split('aria-labelledby="attention-h"')[1].split("</section>")[0]


def test_a_meaningfully_worse_peg_needs_attention_on_the_list_and_the_page(cy, cy_client, ana):
    link(cy, ana)
    peg(ana, (3, 3, 3), BEFORE)
    peg(ana, (5, 6, 5), NOW - timedelta(days=1))  # 5.33: up 2.33, the threshold is 1

    row = patient_rows(cy)[0]
    assert row.needs == ["questionnaire"]  # linked just now: no check-in yet is not "quiet"
    assert row.worse_score_texts == [PEG_TEXT]

    listing = cy_client.get(reverse("care:dashboard")).content.decode()
    assert "Questionnaire worse" in listing
    assert PEG_TEXT in listing

    page = attention(cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode())
    assert "Nothing needs attention now" not in page
    assert "Questionnaire worse" in page
    assert PEG_TEXT in page

    [summary] = cy_client.get("/api/clinician/patients").json()
    assert "questionnaire" in summary["needs"]
    [worse] = summary["questionnaires_worse"]
    assert (worse["instrument"], worse["before"], worse["worse_by"], worse["threshold"]) == (
        "peg",
        3.0,
        2.33,
        1.0,
    )
    assert worse["text"] == PEG_TEXT


@pytest.mark.parametrize(
    ("first", "latest"),
    [((5, 6, 5), (3, 3, 3)), ((3, 3, 3), (3, 4, 3))],  # better; worse by less than 1
    ids=["better", "less-than-meaningful"],
)
def test_a_better_or_slightly_worse_score_needs_nothing(cy, ana, first, latest):
    link(cy, ana)
    peg(ana, first, BEFORE)
    peg(ana, latest, NOW - timedelta(days=1))
    row = patient_rows(cy)[0]
    assert "questionnaire" not in row.needs
    assert row.worse_scores == []


def test_only_the_latest_two_scores_are_compared(cy, ana):
    link(cy, ana)
    peg(ana, (1, 1, 1), BEFORE - timedelta(days=30))
    peg(ana, (6, 6, 6), BEFORE)
    peg(ana, (6, 6, 6), NOW - timedelta(days=1))  # worse than two times ago, not than last time
    assert "questionnaire" not in patient_rows(cy)[0].needs


def test_a_crisis_answer_is_listed_once_as_a_crisis(cy, cy_client, ana):
    link(cy, ana)
    phq9(ana, 0, 0, BEFORE)
    phq9(ana, 1, 1, NOW - timedelta(days=1))  # 9 points worse, and question 9 above 0
    row = patient_rows(cy)[0]
    assert "crisis" in row.needs
    assert "questionnaire" not in row.needs
    assert row.worse_scores == []
    page = attention(cy_client.get(reverse("care:patient", args=[ana.pk])).content.decode())
    assert "PHQ-9: worse by" not in page


def test_a_worse_phq9_without_a_crisis_answer_is_listed(cy, ana):
    link(cy, ana)
    phq9(ana, 0, 0, BEFORE)
    phq9(ana, 1, 0, NOW - timedelta(days=1))  # 8 points worse; the threshold is 5
    row = patient_rows(cy)[0]
    assert row.needs[0] == "questionnaire"
    assert row.worse_score_texts == [
        "PHQ-9: worse by 8 since 14 January 2026 (meaningful change is 5)"
    ]


def test_the_filter_finds_patients_with_a_worse_questionnaire(cy, ana, bo):
    link(cy, ana)
    link(cy, bo)
    peg(ana, (3, 3, 3), BEFORE)
    peg(ana, (5, 6, 5), NOW - timedelta(days=1))
    assert [row.patient for row in patient_rows(cy, need="questionnaire")] == [ana]
