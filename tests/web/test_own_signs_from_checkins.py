"""What a daily check-in raised after the back check is among "Your own warning signs", on
the result and on the plan alike: at its own level, with the day it was said. The more
urgent timeframe for a sign always wins: a check-in never leaves a calmer line of the back
check beside it."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.assessments.models import Assessment
from tests.intake_data import calm_answers

TODAY_URL = reverse("diary:today")
#: "Today" for Ana in Lisbon, where no urgent line of its own is listed: the words for anywhere.
URGENT_LISBON = "Speak to a clinician today, or call your local urgent care or advice line."


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel("2026-03-10 09:00 +0000", tick=False) as traveller:
        yield traveller


def own_signs(html: str) -> str:
    """The "Your own warning signs" list of a page."""
    assert "Your own warning signs" in html
    return html.split("Your own warning signs", 1)[1].split("Any other sign", 1)[0]


def result_page(client, assessment: Assessment) -> str:  # type: ignore[no-untyped-def]
    url = reverse("assessments:result", kwargs={"pk": assessment.pk})
    return client.get(url).content.decode()


def plan_page(client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("plans:plan")).content.decode()


def check_in(client, **safety: str) -> None:  # type: ignore[no-untyped-def]
    posted = {"moment": "morning", "pain": "5"} | {f"safety_{k}": v for k, v in safety.items()}
    assert client.post(TODAY_URL, posted).status_code == 200  # the escalation is shown


def test_a_fever_reported_two_days_after_a_calm_check_is_her_own_sign_on_both_pages(
    ana_client, ana, clock
):
    assessment = assess(ana, calm_answers())
    assert assessment.level == "self_care"
    assert "Your own warning signs" not in result_page(ana_client, assessment)
    clock.shift(60 * 60 * 24 * 2)
    check_in(ana_client, fever="yes")
    said = (
        f"Back pain with a fever:</strong> {URGENT_LISBON} "
        '<span class="said-on">From your check-in on 12 March.</span>'
    )
    for html in (result_page(ana_client, assessment), plan_page(ana_client)):
        own = own_signs(html)
        assert said in own
        assert 'class="stop-rule stop-urgent"><strong>Back pain with a fever' in own


def test_a_check_in_that_raises_a_not_sure_sign_replaces_its_calmer_timeframe(
    ana_client, ana, clock
):
    assessment = assess(ana, calm_answers(age=45, fever="not_sure"))
    assert assessment.level == "soon"
    before = own_signs(result_page(ana_client, assessment))
    assert "See a clinician in the next few days." in before
    clock.shift(60 * 60 * 24 * 4)
    check_in(ana_client, fever="yes")
    for html in (result_page(ana_client, assessment), plan_page(ana_client)):
        own = own_signs(html)
        assert (
            f"Back pain with a fever:</strong> {URGENT_LISBON} "
            '<span class="said-on">From your check-in on 14 March.</span>'
        ) in own
        assert "See a clinician in the next few days" not in own  # the higher level wins


def test_a_check_in_after_the_next_back_check_belongs_to_that_one(ana_client, ana, clock):
    older = assess(ana, calm_answers())
    clock.shift(60 * 60 * 24)
    newer = assess(ana, calm_answers())
    clock.shift(60 * 60 * 24)
    check_in(ana_client, fever="yes")
    assert "Back pain with a fever" in own_signs(result_page(ana_client, newer))
    assert "Your own warning signs" not in result_page(ana_client, older)
