"""A back-check result for someone who is or may be pregnant says first that some options
change and to check them with the midwife, where it sat folded in "What usually happens"."""

from __future__ import annotations

import pytest
import time_machine
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.domain.course import course_book
from tests.web.test_assessment_result import LIFTING, full

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-10 23:30 -0500", tick=False):
        yield


def note() -> str:
    return escape(course_book().notes["pregnancy"])


def top_of(html: str) -> str:
    """The result's first section: the level, its action and what goes with them."""
    return html.split('class="result-level', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("pregnant", ["yes", "not_sure"])
def test_the_note_comes_with_the_level_and_once(ana_client, ana, pregnant):
    assessment = assess(ana, full(**LIFTING, pregnant=pregnant))
    html = ana_client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert note() in top_of(html)
    assert html.count(note()) == 1


def test_not_pregnant_no_note(ana_client, ana):
    assessment = assess(ana, full(**LIFTING, pregnant="no"))
    html = ana_client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert note() not in html


def test_an_urgent_result_is_not_softened_by_it(ana_client, ana):
    """ "Usually not a sign of harm" has no place beside "speak to a clinician today"."""
    assessment = assess(ana, full(pregnant="yes", fever="yes"))
    assert assessment.level == "urgent"
    html = ana_client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert note() not in top_of(html)
